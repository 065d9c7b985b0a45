"""The schedule and the sensor, evaluated without waiting for a real quarter."""

import shutil
from datetime import UTC, datetime

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
