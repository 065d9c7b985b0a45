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
