"""When refreshes happen on their own: a quarterly schedule and a submission sensor.
Both request the one `refresh_quarter` job for a quarter's partition."""

import json
from datetime import datetime
from pathlib import Path

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    schedule,
    sensor,
)

from orchestration.defs import jobs
from orchestration.submissions.folders import discover_quarters, fingerprint, is_complete
from orchestration.submissions.periods import last_closed_quarter
from orchestration.warehouse.paths import Paths


def submission_changes(submissions: Path, seen: dict[str, str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(quarter, fingerprint) of every complete folder that is new or changed since `seen`."""
    quarters, _ = discover_quarters(submissions)
    changed, now = [], dict(seen)
    for q in quarters:
        folder = submissions / q
        if not is_complete(folder):
            continue
        fp = fingerprint(folder)
        if seen.get(q) != fp:
            changed.append((q, fp))
        now[q] = fp
    return changed, now


def run_request(quarter: str, fp: str, reason: str) -> RunRequest:
    return RunRequest(
        run_key=f"{quarter}:{fp[:16]}",
        partition_key=quarter,
        tags={"kinerja/trigger": reason, "kinerja/submission_sha256": fp},
    )


@sensor(
    job=jobs.refresh_quarter,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description="Refreshes a quarter when its submission folder appears or its files' content changes.",
)
def submission_sensor(context: SensorEvaluationContext):
    seen = json.loads(context.cursor) if context.cursor else {}
    changed, now = submission_changes(Paths.from_env().submissions, seen)
    if not changed:
        return SkipReason("no new or changed submission")
    return SensorResult(
        run_requests=[run_request(q, fp, "sensor") for q, fp in changed], cursor=json.dumps(now, sort_keys=True)
    )


@schedule(
    job=jobs.refresh_quarter,
    cron_schedule="0 6 * 1,4,7,10 *",
    execution_timezone="Asia/Jakarta",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Every morning of a quarter's first month: refresh the quarter that has just closed, once its submission is there.",
)
def quarterly_schedule(context: ScheduleEvaluationContext):
    when: datetime = context.scheduled_execution_time
    quarter = last_closed_quarter(when.date()).key
    folder = Paths.from_env().submissions / quarter
    if not folder.is_dir() or not is_complete(folder):
        return SkipReason(f"the submission for {quarter} is not complete yet in {folder}")
    return run_request(quarter, fingerprint(folder), "schedule")
