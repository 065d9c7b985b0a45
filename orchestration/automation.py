"""When refreshes happen on their own: a quarterly schedule and a submission sensor.
Both request the one `refresh_quarter` job for a quarter's partition."""

import hashlib
import json
from datetime import datetime
from pathlib import Path

from dagster import (
    DefaultScheduleStatus, DefaultSensorStatus, RunRequest, ScheduleEvaluationContext, SensorEvaluationContext,
    SensorResult, SkipReason, schedule, sensor,
)

from orchestration.datasets import DATASETS
from orchestration.jobs import refresh_quarter
from orchestration.periods import last_closed_quarter
from orchestration.runner import discover_quarters
from orchestration.warehouse import Paths

SUBMISSION_SUFFIXES = {".csv", ".xlsx"}


def fingerprint(folder: Path) -> str:
    """The content of a submission folder (names and bytes of its data files), not timestamps."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.is_symlink() and p.suffix.lower() in SUBMISSION_SUFFIXES and not p.name.startswith("~$"):
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def is_complete(folder: Path) -> bool:
    """Every dataset is there as a CSV, or there is a workbook (whose sheets the job checks)."""
    names = {p.name for p in folder.iterdir()}
    return any(n.lower().endswith(".xlsx") for n in names) or all(f"{d}.csv" in names for d in DATASETS)


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
    return RunRequest(run_key=f"{quarter}:{fp[:16]}", partition_key=quarter,
                      tags={"kinerja/trigger": reason, "kinerja/submission_sha256": fp})


@sensor(job=refresh_quarter, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING,
        description="Refreshes a quarter when its submission folder appears or its files' content changes.")
def submission_sensor(context: SensorEvaluationContext):
    seen = json.loads(context.cursor) if context.cursor else {}
    changed, now = submission_changes(Paths.from_env().submissions, seen)
    if not changed:
        return SkipReason("no new or changed submission")
    return SensorResult(run_requests=[run_request(q, fp, "sensor") for q, fp in changed], cursor=json.dumps(now, sort_keys=True))


@schedule(job=refresh_quarter, cron_schedule="0 6 * 1,4,7,10 *", execution_timezone="Asia/Jakarta",
          default_status=DefaultScheduleStatus.RUNNING,
          description="Every morning of a quarter's first month: refresh the quarter that has just closed, once its submission is there.")
def quarterly_schedule(context: ScheduleEvaluationContext):
    when: datetime = context.scheduled_execution_time
    quarter = last_closed_quarter(when.date()).key
    folder = Paths.from_env().submissions / quarter
    if not folder.is_dir() or not is_complete(folder):
        return SkipReason(f"the submission for {quarter} is not complete yet in {folder}")
    return run_request(quarter, fingerprint(folder), "schedule")
