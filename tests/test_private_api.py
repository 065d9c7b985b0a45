"""Each private Dagster/dagster-dbt API that orchestration/private_api.py overrides is
still defined and still called by the pinned libraries: an upgrade that drops one fails here
instead of silently losing a speed-up or breaking a refresh."""

import functools
import inspect
from pathlib import Path

import dagster._core.storage.tags as dagster_tags
import pytest
from dagster._core.storage.event_log.sqlite import sqlite_event_log
from dagster_dbt import DbtCliResource

from orchestration import private_api


def test_the_sqlite_event_log_still_connects_through_connect_per_shard():
    base = sqlite_event_log.SqliteEventLogStorage
    assert list(inspect.signature(base._connect).parameters) == ["self", "shard"]
    assert "self._connect(" in inspect.getsource(base), "the stock storage no longer opens connections via _connect"
    for used in ("_db_lock", "_initialized_dbs", "_initdb", "conn_string_for_shard"):
        assert used in inspect.getsource(base), f"SqliteEventLogStorage no longer has {used}"
    assert private_api.FastSqliteEventLogStorage._connect is not base._connect


def test_dagster_dbt_still_asks_for_the_cli_version_and_the_adapter_where_we_override_them():
    source = inspect.getsource(DbtCliResource)
    assert isinstance(inspect.getattr_static(DbtCliResource, "_cli_version"), (property, functools.cached_property))
    assert "self._cli_version" in source, "DbtCliResource no longer reads _cli_version"
    assert "_initialize_dbt_core_adapter(" in source, "DbtCliResource no longer opens the adapter there"
    params = list(inspect.signature(DbtCliResource._initialize_dbt_core_adapter).parameters)
    assert params == ["self", "args"]
    # the target folder of a dbt invocation, which the process started ahead has parsed into
    assert "self._get_unique_target_path(context=context)" in source
    assert list(inspect.signature(DbtCliResource._get_unique_target_path).parameters) == ["self", "context"]


def test_the_overrides_take_effect():
    import importlib.metadata

    from orchestration.warehouse.dbt_project import dbt_executable

    resource = private_api.FastDbtCliResource(
        project_dir=str(Path(__file__).resolve().parent.parent), dbt_executable=dbt_executable()
    )
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_partition_range_tags_are_the_ones_dagster_reads():
    tags = private_api.partition_range_tags("2024-Q1", "2024-Q3")
    assert tags == {
        dagster_tags.ASSET_PARTITION_RANGE_START_TAG: "2024-Q1",
        dagster_tags.ASSET_PARTITION_RANGE_END_TAG: "2024-Q3",
    }
    assert private_api.partition_range_tags("2024-Q2", "2024-Q2") == {}
    assert dagster_tags.ASSET_PARTITION_RANGE_START_TAG == "dagster/asset_partition_range_start"


def test_dagster_dbt_still_builds_column_lineage_and_keeps_the_project_where_we_use_them():
    from dagster_dbt import dagster_dbt_translator
    from dagster_dbt.core import dbt_cli_event

    params = list(inspect.signature(dbt_cli_event._build_column_lineage_metadata).parameters)
    assert params == [
        "event_history_metadata",
        "dbt_resource_props",
        "manifest",
        "dagster_dbt_translator",
        "target_path",
        "project",
    ]
    assert dbt_cli_event.EventHistoryMetadata._fields == ("columns", "parents")
    assert private_api.DBT_PROJECT_METADATA_KEY == "dagster_dbt/project"
    assert "DAGSTER_DBT_PROJECT_METADATA_KEY: project" in inspect.getsource(dagster_dbt_translator)


def test_the_event_log_remembers_a_table_it_has_seen_and_still_asks_about_one_it_has_not(tmp_path, monkeypatch):
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    storage = private_api.FastSqliteEventLogStorage(str(tmp_path))
    asked = []
    stock = SqliteEventLogStorage.has_table
    monkeypatch.setattr(SqliteEventLogStorage, "has_table", lambda self, name: asked.append(name) or stock(self, name))
    assert storage.has_table("asset_check_executions") and storage.has_table("asset_check_executions")
    assert not storage.has_table("no_such_table") and not storage.has_table("no_such_table")
    assert asked == ["asset_check_executions", "no_such_table", "no_such_table"]
    assert storage.supports_asset_checks


def test_dagster_dbt_still_keeps_a_nodes_logged_json_on_its_result_event():
    from dagster_dbt.core import dbt_cli_event, dbt_cli_invocation

    source = inspect.getsource(dbt_cli_invocation.DbtCliInvocation.stream_raw_events)
    assert '"JinjaLogInfo"' in source and "event_history_metadata=" in source
    event = dbt_cli_event.DbtCoreCliEventMessage(raw_event={"info": {}, "data": {}}, event_history_metadata={"x": 1})
    assert private_api.dbt_logged_metadata(event) == {"x": 1}


def test_a_batch_of_planned_events_is_stored_whole_in_one_go_and_a_failed_one_leaves_nothing(tmp_path, monkeypatch):
    from dagster import AssetCheckResult, DagsterEventType, asset, asset_check, materialize
    from dagster._core.test_utils import instance_for_test

    @asset
    def first():
        return 1

    @asset
    def second(first):
        return first + 1

    @asset_check(asset=second)
    def positive(second):
        return AssetCheckResult(passed=second > 0)

    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    storage = {"module": "orchestration.private_api", "class": "FastSqliteEventLogStorage"}
    with instance_for_test(
        overrides={"event_log_storage": {**storage, "config": {"base_dir": str(tmp_path / "events")}}},
        temp_dir=str(tmp_path),
    ) as instance:
        batches = []
        original = private_api.FastSqliteEventLogStorage.store_event_batch
        monkeypatch.setattr(
            private_api.FastSqliteEventLogStorage,
            "store_event_batch",
            lambda self, events: batches.append(len(events)) or original(self, events),
        )
        result = materialize([first, second, positive], instance=instance)
        assert result.success and batches == [3]  # two assets and a check planned together
        planned = instance.get_records_for_run(
            result.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION_PLANNED
        ).records
        assert len(planned) == 2
        check = instance.event_log_storage.get_asset_check_execution_history(positive.check_key, limit=5)
        assert [c.status.value for c in check] == ["SUCCEEDED"]

        event_log = instance.event_log_storage
        entries = [r.event_log_entry for r in planned]
        before = len(instance.all_logs(result.run_id))

        stock = private_api.FastSqliteEventLogStorage.store_event
        stored = []

        def second_fails(self, event):
            if stored:
                raise RuntimeError("disk full")
            stored.append(event)
            stock(self, event)

        monkeypatch.setattr(private_api.FastSqliteEventLogStorage, "store_event", second_fails)
        with pytest.raises(RuntimeError, match="disk full"):
            event_log.store_event_batch(entries)
        monkeypatch.undo()
        assert len(stored) == 1 and len(instance.all_logs(result.run_id)) == before  # the first was rolled back


@pytest.mark.slow  # two processes load the definitions
def test_the_orchestrating_process_loads_the_definitions_without_dbt_core_and_selects_every_node():
    """dagster-dbt runs here as it does for dbt Fusion (orchestration/__init__.py): loading the
    definitions imports no dbt-core, the dbt assets still hold every node dbt-core's own selector
    selects, and `import dbt` works afterwards."""
    import json
    import subprocess
    import sys

    from orchestration.warehouse.paths import REPO_ROOT

    probe = (
        "import json, sys\n"
        "from orchestration.runtime.runner import refresh_job\n"
        "job = refresh_job()\n"
        "from dagster_dbt import compat\n"
        "loaded = 'dbt' in sys.modules\n"
        "from orchestration.defs.transform import build_dbt_assets, dbt_project\n"
        "dbt_assets = build_dbt_assets(dbt_project())\n"
        "import dbt.version\n"
        "print(json.dumps({'loaded': loaded, 'version': str(compat.DBT_PYTHON_VERSION), 'after': dbt.version.__version__,"
        " 'assets': len(dbt_assets.keys), 'checks': len(dbt_assets.check_keys)}))\n"
    )
    # dbt-core's own graph selector, in a process where dbt was imported first
    stock = (
        "import dbt.version, json\n"
        "from dagster_dbt.utils import select_unique_ids\n"
        "manifest = json.load(open('target/manifest.json'))\n"
        "ids = select_unique_ids('fqn:*', '', '', None, manifest)\n"
        "print(json.dumps({'models': sum(i.split('.')[0] in ('model', 'seed') for i in ids),"
        " 'tests': sum(i.startswith('test.') for i in ids)}))\n"
    )
    run = [
        subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        for code in (probe, stock)
    ]
    for r in run:
        assert r.returncode == 0, r.stderr[-3000:]
    ours, dbts = (json.loads(r.stdout.strip().splitlines()[-1]) for r in run)
    assert ours["loaded"] is False and ours["version"] == "None", ours
    assert ours["after"], ours
    assert ours["assets"] == dbts["models"] > 40 and ours["checks"] == dbts["tests"] > 250, (ours, dbts)
