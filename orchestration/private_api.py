"""Every place this project leans on a private Dagster or dagster-dbt API, in one module.

Each override buys measured seconds per refresh; `tests/test_private_api.py` fails if the
pinned libraries stop defining or calling what is overridden here, so an upgrade cannot
silently drop a speed-up or break a refresh.

- `FastSqliteEventLogStorage`: Dagster's SQLite event log opens (and closes) a new
  connection and fsyncs the WAL for every event; a refresh records about 900 events, which
  costs seconds. This one keeps a connection open and, in WAL mode, commits with
  `synchronous=NORMAL`: a power cut may lose the last events of a run's history, never data.
  A batch of events (Dagster batches the ~430 it plans when it creates a run, with
  DAGSTER_EVENT_BATCH_SIZE set) is written in one transaction per shard. It also remembers
  which tables exist: the stock `has_table` opens a new SQLite connection
  for every asset check event and every asset event's tags (about 0,7 s a refresh).
- `FastDbtCliResource`: dagster-dbt asks the dbt executable for its version and opens a dbt
  adapter in this process on every run (about 2 s each); dbt-core is installed beside us, so
  its version is known, and the column metadata the adapter would fetch comes from each
  node's post-hook instead. It takes the dbt process `kinerja refresh` started ahead, or
  starts one when the run starts (`warehouse/dbt_warm.py`), which imports dbt and parses the
  project meanwhile; dbt's target folder is the one that process parsed into
  (`_get_unique_target_path`), and it is handed the command line dagster-dbt would start dbt
  with (`subprocess.Popen`, replaced for that one call); if that process is gone, dbt is
  started as usual.
- `orchestration/__init__.py` keeps dbt-core out of sight while dagster-dbt is first imported,
  so that dagster-dbt takes its dbt Fusion path (no dbt-core in this process); the test checks
  that this path still selects every node dbt-core's selector selects.
- `partition_range_tags`: the run tags Dagster reads a partition range from.
- `DBT_PROJECT_METADATA_KEY`: where dagster-dbt keeps the DbtProject object on each dbt asset
  (the translator drops it: the UI shows it as "[DbtProject] (unserializable)").
- `dbt_logged_metadata`: the JSON that a node's post-hook logged, which dagster-dbt keeps on the
  node's result event (its "event history metadata"); `defs/dbt_metadata.py` describes the
  materialization from it.
- `dbt_column_lineage`: dagster-dbt's column lineage of a dbt model (sqlglot over the compiled
  SQL and its parents' column types), which its public `fetch_column_metadata()` only computes
  through a dbt adapter in this process, for every event including the ~270 test results, at
  about 1 s a model; we call it for the models alone, with the types we read ourselves, and cache it.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import threading
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from dagster_dbt import DbtCliResource
from dagster_dbt.asset_utils import DAGSTER_DBT_PROJECT_METADATA_KEY
from dagster_dbt.core.dbt_cli_event import EventHistoryMetadata, _build_column_lineage_metadata
from packaging import version
from pydantic import PrivateAttr
from sqlalchemy import create_engine, event
from sqlalchemy.pool import QueuePool

from orchestration.warehouse import dbt_warm

SQLITE_BUSY_TIMEOUT_SECONDS = 30
# The metadata key under which dagster-dbt keeps the DbtProject on every dbt asset.
DBT_PROJECT_METADATA_KEY = DAGSTER_DBT_PROJECT_METADATA_KEY


def _relaxed(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class FastSqliteEventLogStorage(SqliteEventLogStorage):
    def _engine(self, shard: str):
        engines = self.__dict__.setdefault("_kinerja_engines", {})
        engine = engines.get(shard)
        if engine is None:
            # A kept-open connection: closing the last one makes SQLite checkpoint the WAL.
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=4,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            event.listen(engine, "connect", _relaxed)
            engines[shard] = engine
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str):
        batch = self.__dict__.get("_kinerja_batch")
        if batch is not None and batch["thread"] == threading.get_ident() and shard in batch["connections"]:
            yield batch["connections"][shard]
            return
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def store_event_batch(self, events) -> None:
        """A batch (the events Dagster plans when it creates a run) in one transaction per shard.
        Both connections are opened before anything is written, so the batch never waits for
        the lock other threads hold while they wait for SQLite."""
        if len(events) < 2 or self.__dict__.get("_kinerja_batch") is not None:
            return super().store_event_batch(events)
        connections = {}
        with self._db_lock:
            for shard in dict.fromkeys([events[0].run_id, INDEX_SHARD_NAME]):
                connections[shard] = self._engine(shard).connect()
                connections[shard].begin()
        self.__dict__["_kinerja_batch"] = {"thread": threading.get_ident(), "connections": connections}
        try:
            for entry in events:
                self.store_event(entry)
            for conn in connections.values():
                conn.commit()
        except BaseException:
            for conn in connections.values():
                conn.rollback()
            raise
        finally:
            self.__dict__["_kinerja_batch"] = None
            for conn in connections.values():
                conn.close()

    def has_table(self, table_name: str) -> bool:
        # Dagster's migrations add tables and never drop them: a table once seen stays.
        known = self.__dict__.setdefault("_kinerja_tables", set())
        if table_name in known:
            return True
        found = super().has_table(table_name)
        if found:
            known.add(table_name)
        return found

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)


class FastDbtCliResource(DbtCliResource):
    _warm: dbt_warm.Started | None = PrivateAttr(default=None)

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None

    def setup_for_execution(self, context) -> None:
        super().setup_for_execution(context)
        # the run needs dbt: the process `kinerja refresh` started ahead, or one started now,
        # imports dbt and parses the project while the raw steps run
        self._warm = dbt_warm.take_ahead() or dbt_warm.start(self.project_dir, self.profiles_dir)

    def teardown_after_execution(self, context) -> None:
        warm, self._warm = self._warm, None
        if warm is not None and warm.process.poll() is None:
            warm.process.kill()
            warm.process.wait()
        super().teardown_after_execution(context)

    def _get_unique_target_path(self, *, context):
        # the folder the started process parsed into
        if self._warm is not None:
            return self._warm.target_path
        return super()._get_unique_target_path(context=context)

    def cli(self, args, **kwargs):
        started = self._warm
        if started is None or started.process.poll() is not None:
            self._warm = None
            return super().cli(args, **kwargs)
        warm = started.process
        stock = subprocess.Popen

        def hand_over(*positional, **options):
            command = list(options.get("args", positional[0] if positional else []))
            if not command or command[0] != self.dbt_executable:
                return stock(*positional, **options)
            env, cwd = options.get("env") or os.environ, options.get("cwd") or os.getcwd()
            job = {"kind": "build", "args": command[1:], "env": dict(env), "cwd": str(cwd)}
            try:
                warm.stdin.write((json.dumps(job) + "\n").encode())
                warm.stdin.close()
            except OSError:  # it died meanwhile: start dbt as dagster-dbt would
                return stock(*positional, **options)
            return warm

        subprocess.Popen = hand_over
        try:  # _get_unique_target_path names the folder it parsed into; it is used once
            return super().cli(args, **kwargs)
        finally:
            subprocess.Popen = stock
            self._warm = None


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover the partitions first..last; none for a single partition."""
    if first == last:
        return {}
    return {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}


def dbt_logged_metadata(dbt_event) -> dict:
    """What the node's post-hook logged as JSON, on a dbt result event; {} when nothing was."""
    return getattr(dbt_event, "_event_history_metadata", None) or {}


def dbt_column_lineage(
    node: dict,
    columns: dict[str, str],
    parents: dict[str, dict[str, str]],
    manifest: dict,
    translator,
    target_path,
    project,
) -> dict:
    """{"dagster/column_lineage": TableColumnLineage} of a built dbt model, from its compiled SQL
    under `target_path`, its `columns` ({name: type}) and its parents' ({relation_name: {name: type}})."""
    typed = lambda cols: {name: {"data_type": data_type} for name, data_type in cols.items()}
    return _build_column_lineage_metadata(
        event_history_metadata=EventHistoryMetadata(
            columns=typed(columns), parents={rel: typed(cols) for rel, cols in parents.items()}
        ),
        dbt_resource_props=node,
        manifest=manifest,
        dagster_dbt_translator=translator,
        target_path=target_path,
        project=project,
    )
