"""The schedule and the sensor, evaluated without waiting for a real quarter."""

import shutil
from datetime import UTC, datetime

import pytest
from conftest import SHIPPED, edit_csv
from dagster import DagsterInstance, SkipReason, build_schedule_context, build_sensor_context

from orchestration.defs.automation import quarterly_schedule, submission_sensor
from orchestration.runtime.runner import definitions
from orchestration.submissions.periods import Period, last_closed_quarter


def test_last_closed_quarter():
    assert last_closed_quarter(datetime(2024, 7, 1).date()) == Period(2024, 2)
    assert last_closed_quarter(datetime(2025, 1, 15).date()) == Period(2024, 4)


def evaluate_schedule(when):
    with DagsterInstance.ephemeral() as instance:
        return quarterly_schedule(build_schedule_context(instance=instance, scheduled_execution_time=when))


def test_schedule_waits_for_the_submission_then_refreshes_the_closed_quarter(workspace):
    july = datetime(2024, 7, 3, 6, tzinfo=UTC)
    assert isinstance(evaluate_schedule(july), SkipReason)
    shutil.copytree(SHIPPED / "2024-Q2", workspace / "submissions" / "2024-Q2")
    request = evaluate_schedule(july)
    assert request.partition_key == "2024-Q2"
    assert request.tags["kinerja/trigger"] == "schedule"


def sensor_tick(cursor=None):
    with DagsterInstance.ephemeral() as instance:
        return submission_sensor(build_sensor_context(instance=instance, cursor=cursor, definitions=definitions()))


def test_sensor_sees_new_and_changed_content_not_timestamps(workspace):
    assert isinstance(sensor_tick(), SkipReason)
    folder = workspace / "submissions" / "2024-Q2"
    shutil.copytree(SHIPPED / "2024-Q2", folder)
    (workspace / "submissions" / "notes").mkdir()  # not a quarter: ignored
    first = sensor_tick()
    assert [r.partition_key for r in first.run_requests] == ["2024-Q2"]

    # Touching files (a copy with new timestamps) is not a change.
    for p in folder.iterdir():
        p.write_bytes(p.read_bytes())
    assert isinstance(sensor_tick(first.cursor), SkipReason)

    edit_csv(folder / "perkara.csv", 2, "jumlah_perkara", "48")
    second = sensor_tick(first.cursor)
    assert [r.partition_key for r in second.run_requests] == ["2024-Q2"]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key


def test_sensor_waits_for_a_complete_folder(workspace):
    folder = workspace / "submissions" / "2024-Q3"
    folder.mkdir()
    shutil.copy(SHIPPED / "2024-Q2" / "sampling.csv", folder / "sampling.csv")
    assert isinstance(sensor_tick(), SkipReason)


def test_schedule_and_sensor_target_the_refresh_job():
    assert definitions().resolve_schedule_def("quarterly_schedule").job_name == "refresh_quarter"
    assert definitions().resolve_sensor_def("submission_sensor").job_name == "refresh_quarter"


def test_sensor_runs_again_when_a_file_is_reverted(workspace):
    folder = workspace / "submissions" / "2024-Q2"
    shutil.copytree(SHIPPED / "2024-Q2", folder)
    a = sensor_tick()
    original = (folder / "perkara.csv").read_bytes()
    edit_csv(folder / "perkara.csv", 2, "jumlah_perkara", "48")
    b = sensor_tick(a.cursor)
    (folder / "perkara.csv").write_bytes(original)  # back to content A
    again = sensor_tick(b.cursor)
    assert [r.partition_key for r in again.run_requests] == ["2024-Q2"]
    keys = [r.run_requests[0].run_key for r in (a, b, again)]
    assert len(set(keys)) == 3, "Dagster never reuses a run key: a revert needs a new one"


def test_first_tick_skips_what_the_publication_already_holds(workspace):
    import duckdb

    from orchestration.submissions.folders import file_digests

    folder = workspace / "submissions" / "2024-Q2"
    shutil.copytree(SHIPPED / "2024-Q2", folder)
    served = workspace / "data" / "warehouse.duckdb"
    con = duckdb.connect(str(served))
    con.execute("CREATE SCHEMA meta")
    con.execute("CREATE TABLE meta.publication_sources (period VARCHAR, source_file VARCHAR, sha256 VARCHAR)")
    for name, sha in file_digests(folder).items():
        con.execute("INSERT INTO meta.publication_sources VALUES ('2024-Q2', ?, ?)", [name, sha])
    con.close()
    assert isinstance(sensor_tick(), SkipReason)
    edit_csv(folder / "perkara.csv", 2, "jumlah_perkara", "48")
    assert [r.partition_key for r in sensor_tick().run_requests] == ["2024-Q2"]


def test_a_changed_figure_dataset_refreshes_only_its_lineage(workspace):
    folder = workspace / "submissions" / "2024-Q2"
    shutil.copytree(SHIPPED / "2024-Q2", folder)
    first = sensor_tick()
    assert first.run_requests[0].asset_selection is None  # a new quarter: everything
    edit_csv(folder / "staff.csv", 2, "value", "5.376")
    request = sensor_tick(first.cursor).run_requests[0]
    keys = {k.to_user_string() for k in request.asset_selection}
    assert "raw/staff" in keys and "marts/mart_book_figures" in keys
    assert "raw/sampling" not in keys and "raw/registrations" not in keys
    edit_csv(folder / "sampling.csv", 2, "jumlah_sampling", "1.801")
    assert sensor_tick(first.cursor).run_requests[0].asset_selection is None  # a core table: whole quarter


def test_sensor_leaves_a_quarter_before_the_partitions_alone(workspace):
    for quarter in ("2023-Q4", "2024-Q2"):
        shutil.copytree(SHIPPED / "2024-Q2", workspace / "submissions" / quarter)
    result = sensor_tick()
    assert [r.partition_key for r in result.run_requests] == ["2024-Q2"]
    assert "2023-Q4" not in result.cursor  # picked up once covered (KINERJA_FIRST_QUARTER)


@pytest.mark.slow
def test_after_a_failed_refresh_the_failure_sensor_records_what_is_served(workspace):
    from dagster import AssetCheckKey, DagsterEventType, build_run_status_sensor_context

    from orchestration.defs.automation import served_after_failure
    from orchestration.defs.publish import SERVED_KEY, SERVING_CHECK

    assert definitions().resolve_sensor_def("served_after_failure").default_status.value == "RUNNING"
    with DagsterInstance.ephemeral() as instance:
        job = definitions().resolve_job_def("refresh_quarter")
        result = job.execute_in_process(instance=instance, partition_key="2024-Q2", raise_on_error=False)
        assert not result.success  # no submission for 2024-Q2 in this workspace
        failure = next(e for e in result.all_events if e.event_type == DagsterEventType.RUN_FAILURE)
        context = build_run_status_sensor_context(
            sensor_name="served_after_failure",
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        ).for_run_failure()
        served_after_failure(context)
        [record] = instance.event_log_storage.get_asset_check_execution_history(
            AssetCheckKey(SERVED_KEY, SERVING_CHECK), limit=1
        )
    evaluation = record.event.dagster_event.event_specific_data
    assert not evaluation.passed and evaluation.description.startswith("No publication is served")
