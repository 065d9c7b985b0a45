"""When refreshes happen on their own: a quarterly schedule and a submission sensor.
Both request the one `refresh_quarter` job for a quarter's partition."""

import json
from datetime import datetime
from pathlib import Path

import duckdb
from dagster import (
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    run_failure_sensor,
    schedule,
    sensor,
)

from orchestration.defs import jobs
from orchestration.defs.ingest import QUARTERS
from orchestration.defs.names import BOOK_GROUP
from orchestration.defs.publish import report_serving
from orchestration.submissions.folders import discover_quarters, file_digests, fingerprint, is_complete
from orchestration.submissions.periods import FIRST_QUARTER_ENV, last_closed_quarter
from orchestration.submissions.specs import DATASETS
from orchestration.warehouse.family_marts import affected_families, families, mart_name
from orchestration.warehouse.paths import Paths


def published_digests(served_db: Path) -> dict[str, dict[str, str]]:
    """{quarter: {file name: sha256}} of what the served publication was built from, so that the
    sensor's first tick does not refresh what the warehouse already holds."""
    if not served_db.exists():
        return {}
    try:
        con = duckdb.connect(str(served_db), read_only=True)
    except duckdb.Error:
        return {}
    try:
        rows = con.execute("SELECT period, source_file, sha256 FROM meta.publication_sources").fetchall()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    out: dict[str, dict[str, str]] = {}
    for period, source_file, sha in rows:
        out.setdefault(period, {})[source_file.split("[", 1)[0]] = sha
    return out


def changed_datasets(before: dict[str, str], now: dict[str, str]) -> set[str] | None:
    """Datasets whose file changed, appeared or went; None when a core dataset or a workbook
    changed (the whole quarter is refreshed then)."""
    changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
    datasets = set()
    for name in changed:
        stem, _, suffix = name.rpartition(".")
        if suffix.lower() != "csv" or stem in DATASETS:
            return None
        datasets.add(stem)
    return datasets


def submission_changes(
    submissions: Path, seen: dict, covered: set[str] | None = None
) -> tuple[list[tuple[str, str, set[str] | None]], dict]:
    """(quarter, fingerprint, changed datasets or None for all) of every complete folder whose
    content differs from `seen`, and the new cursor state. A folder of a quarter outside
    `covered` (the partitions) is left out, and left out of the cursor, until it is covered."""
    quarters, _ = discover_quarters(submissions)
    changes, now = [], dict(seen)
    for q in quarters:
        if covered is not None and q not in covered:
            continue
        folder = submissions / q
        if not is_complete(folder):
            continue
        digests = file_digests(folder)
        before = seen.get(q)
        if before == digests:
            continue
        datasets = None if before is None else changed_datasets(before, digests)
        changes.append((q, fingerprint(folder), datasets))
        now[q] = digests
    return changes, now


def lineage(graph, datasets: set[str]) -> list[AssetKey]:
    """What refreshing the datasets rebuilds: their raw assets and everything downstream, except
    the book (rendered by its own job) and the family marts of families they cannot change (all
    family marts read one shared model, but each keeps only its own family's rows)."""
    unchanged = {AssetKey(["marts", mart_name(f)]) for f in families()} - {
        AssetKey(["marts", mart_name(f)]) for f in affected_families(datasets)
    }
    selection = (
        AssetSelection.assets(*(AssetKey(["raw", d]) for d in sorted(datasets))).downstream()
        - AssetSelection.groups(BOOK_GROUP)
        - AssetSelection.assets(*unchanged)
    )
    return sorted(selection.resolve(graph), key=lambda k: k.to_user_string())


def run_request(quarter: str, fp: str, reason: str, seq: int = 0, asset_selection=None) -> RunRequest:
    # The sequence number makes every detected change a new run, a revert to earlier content too.
    return RunRequest(
        run_key=f"{quarter}:{seq}:{fp[:16]}",
        partition_key=quarter,
        asset_selection=asset_selection,
        tags={"kinerja/trigger": reason, "kinerja/submission_sha256": fp},
    )


@sensor(
    job=jobs.refresh_quarter,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description="Refreshes a quarter when its folder appears or a file's content changes: only the changed "
    "figure datasets' lineage when only they changed, the whole quarter otherwise.",
)
def submission_sensor(context: SensorEvaluationContext):
    paths = Paths.from_env()
    state = json.loads(context.cursor) if context.cursor else {}
    if "quarters" not in state:  # first tick: start from what the publication was built from
        state = {"quarters": published_digests(paths.served_db), "seq": 0}
    covered = set(QUARTERS.get_partition_keys())
    outside = [q for q in discover_quarters(paths.submissions)[0] if q not in covered]
    if outside:
        context.log.warning(
            f"not refreshed, outside the quarters the warehouse covers ({min(covered)} to {max(covered)}): "
            f"{', '.join(outside)} (set {FIRST_QUARTER_ENV} to cover earlier quarters)"
        )
    changes, now = submission_changes(paths.submissions, state["quarters"], covered)
    if not changes:
        return SkipReason("no new or changed submission")
    seq = state["seq"]
    requests = []
    for quarter, fp, datasets in changes:
        seq += 1
        selection = lineage(context.repository_def.asset_graph, datasets) if datasets else None
        requests.append(run_request(quarter, fp, "sensor", seq, selection))
    return SensorResult(run_requests=requests, cursor=json.dumps({"quarters": now, "seq": seq}, sort_keys=True))


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
    return run_request(quarter, fingerprint(folder), "schedule", int(when.timestamp()))


@run_failure_sensor(
    monitored_jobs=[jobs.refresh_quarter],
    default_status=DefaultSensorStatus.RUNNING,
    description="After a failed refresh, records on served/warehouse (check `serving`) which publication is still "
    "served: the failed run left the file exactly as it was.",
)
def served_after_failure(context: RunFailureSensorContext):
    report_serving(context.instance, Paths.from_env().served_db, context.dagster_run.run_id)
