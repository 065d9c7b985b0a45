"""Run the refresh job in this process, the same job the UI, the schedule and the sensor run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.periods import all_period_keys, is_period


def discover_quarters(submissions_dir: Path) -> tuple[list[str], list[str]]:
    """(quarters, ignored folder names) found under the submissions directory."""
    if not submissions_dir.is_dir():
        return [], []
    quarters, ignored = [], []
    for p in sorted(submissions_dir.iterdir()):
        if p.is_dir() and not p.name.startswith("."):
            (quarters if is_period(p.name) else ignored).append(p.name)
    return quarters, ignored


def contiguous_ranges(quarters: list[str], universe: list[str] | None = None) -> list[tuple[str, str]]:
    """Group quarters into runs of consecutive partitions: each becomes one run."""
    universe = universe or all_period_keys()
    index = {k: i for i, k in enumerate(universe)}
    unknown = [q for q in quarters if q not in index]
    if unknown:
        raise ValueError(f"not a quarter the warehouse covers ({universe[0]} to {universe[-1]}): {', '.join(unknown)}")
    ordered = sorted(set(quarters), key=index.__getitem__)
    ranges: list[tuple[str, str]] = []
    for q in ordered:
        if ranges and index[q] == index[ranges[-1][1]] + 1:
            ranges[-1] = (ranges[-1][0], q)
        else:
            ranges.append((q, q))
    return ranges


def run_tags(first: str, last: str) -> dict[str, str]:
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    if first == last:
        return {}
    return {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}


@dataclass
class RunOutcome:
    first: str
    last: str
    run_id: str
    success: bool


def refresh(quarters: list[str], instance=None, quiet: bool = False, resources: dict | None = None) -> list[RunOutcome]:
    from orchestration.assets.dbt import QUIET_TAG
    from orchestration.definitions import defs

    job = defs.resolve_job_def("refresh_quarter")
    if instance is None:
        from orchestration.instance import get_instance

        instance = get_instance()
    run_config = {} if quiet else {"loggers": {"progress": {}}}
    outcomes = []
    for first, last in contiguous_ranges(quarters):
        result = job.execute_in_process(
            run_config=run_config,
            instance=instance,
            partition_key=first if first == last else None,
            tags={**run_tags(first, last), **({} if quiet else {QUIET_TAG: "true"})},
            raise_on_error=False,
            resources=resources,
        )
        outcomes.append(RunOutcome(first, last, result.run_id, result.success))
        if not result.success:
            break
    return outcomes
