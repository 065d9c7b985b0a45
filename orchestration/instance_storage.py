"""Dagster's SQLite event log with commits that do not wait for the disk.

The stock storage opens (and closes) a new SQLite connection and fsyncs the WAL for every
event; a refresh
records about 900 events (one per dbt model and test, planned and done), which costs
seconds. In WAL mode `synchronous=NORMAL` keeps the database consistent; a power cut may
lose the last few events of a run's history, never the warehouse's data."""

from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy import create_engine, event
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def _relaxed(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class FastSqliteEventLogStorage(SqliteEventLogStorage):
    @contextmanager
    def _connect(self, shard: str):
        with self._db_lock:
            engines = self.__dict__.setdefault("_kinerja_engines", {})
            engine = engines.get(shard)
            if engine is None:
                # A kept-open connection: closing the last one makes SQLite checkpoint the WAL.
                engine = create_engine(self.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1,
                                       max_overflow=4, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                                                     "check_same_thread": False})
                event.listen(engine, "connect", _relaxed)
                engines[shard] = engine
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)
