"""The Dagster instance the command line and UI share, and the dbt resource's shortcuts."""

import importlib.metadata
import subprocess

from dagster import DagsterInstance

from orchestration.private_api import FastSqliteEventLogStorage
from orchestration.runtime.instance import prepare_instance


def test_instance_uses_the_fast_event_log_and_keeps_history(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    config = prepare_instance(home)
    assert "FastSqliteEventLogStorage" in config.read_text()
    with DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, FastSqliteEventLogStorage)
        from dagster import asset, materialize

        @asset
        def probe():
            return 1

        result = materialize([probe], instance=instance)
        assert result.success
        run_id = result.run_id
    # A new instance (another process, in real life) reads the same history back.
    with DagsterInstance.get() as again:
        assert again.get_run_by_id(run_id) is not None
        assert any(
            e.dagster_event and e.dagster_event.event_type_value == "ASSET_MATERIALIZATION"
            for e in again.all_logs(run_id)
        )


def test_prepare_instance_keeps_a_users_own_config(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    prepare_instance(home)
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"


def test_dbt_resource_knows_its_version_without_running_dbt(monkeypatch):
    from orchestration.runtime.runner import definitions

    def no_subprocess(*a, **k):
        raise AssertionError("dbt --version was run")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    resource = definitions().resources["dbt"]
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_instance_on_postgres_keeps_runs_events_and_schedules_there(tmp_path, monkeypatch, postgres_server):
    """The multi-user deployment: dagster.yaml points at Postgres through an environment variable
    (no password in the file), and a second instance reads the first one's history back."""
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    from orchestration.runtime.instance import POSTGRES_URL_VAR

    postgres_server.sql("CREATE DATABASE dagster_storage")
    url = postgres_server.url(dbname="dagster_storage")
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv(POSTGRES_URL_VAR, url)
    config = prepare_instance(home)
    assert postgres_server.superuser_password not in config.read_text()
    with DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        from dagster import asset, materialize

        @asset
        def probe():
            return 1

        result = materialize([probe], instance=instance)
        assert result.success
    with DagsterInstance.get() as again:
        assert again.get_run_by_id(result.run_id) is not None
        assert again.get_latest_materialization_event(probe.key) is not None
    import psycopg2

    con = psycopg2.connect(url)
    with con.cursor() as cur:
        cur.execute("SELECT count(*) FROM runs WHERE run_id = %s", [result.run_id])
        assert cur.fetchone()[0] == 1
    con.close()
    # without the variable, the next start goes back to the local files
    monkeypatch.delenv(POSTGRES_URL_VAR)
    assert "FastSqliteEventLogStorage" in prepare_instance(home).read_text()
