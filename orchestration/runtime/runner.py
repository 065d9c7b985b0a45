"""Run the refresh job in this process, the same job the UI, the schedule and the sensor run."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from orchestration.submissions.periods import quarters_until
from orchestration.warehouse.paths import Paths


def contiguous_ranges(quarters: list[str], universe: list[str] | None = None) -> list[tuple[str, str]]:
    """Group quarters into runs of consecutive partitions: each becomes one run."""
    universe = universe or quarters_until()
    index = {k: i for i, k in enumerate(universe)}
    unknown = [q for q in quarters if q not in index]
    if unknown:
        from orchestration.submissions.periods import FIRST_QUARTER_ENV

        earlier = [q for q in unknown if q < universe[0]]
        hint = f" (set {FIRST_QUARTER_ENV}={earlier[0]} to load earlier quarters)" if earlier else ""
        raise ValueError(
            f"not a quarter the warehouse covers ({universe[0]} to {universe[-1]}): {', '.join(unknown)}{hint}"
        )
    ordered = sorted(set(quarters), key=index.__getitem__)
    ranges: list[tuple[str, str]] = []
    for q in ordered:
        if ranges and index[q] == index[ranges[-1][1]] + 1:
            ranges[-1] = (ranges[-1][0], q)
        else:
            ranges.append((q, q))
    return ranges


@functools.cache
def definitions():
    """The project's Definitions (the `defs/` folder), loaded once per process."""
    from orchestration.definitions import defs

    return defs()


def refresh_job():
    """The refresh_quarter job exactly as the UI loads it (a reconstructable target)."""
    return definitions().resolve_job_def("refresh_quarter")


@dataclass
class RunOutcome:
    first: str
    last: str
    run_id: str
    success: bool


def dataset_lineage(datasets: list[str]) -> list:
    """The asset keys a re-submitted dataset touches: its raw asset and everything downstream."""
    from orchestration.defs.automation import lineage

    graph = definitions().resolve_asset_graph()
    known = {k.path[1] for k in graph.get_all_asset_keys() if k.path[0] == "raw"}
    unknown = [d for d in datasets if d not in known]
    if unknown:
        raise ValueError(f"not a dataset: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return lineage(graph, set(datasets))


def refresh(
    quarters: list[str],
    instance=None,
    quiet: bool = False,
    datasets: list[str] | None = None,
) -> list[RunOutcome]:
    """Run the refresh job for the quarters (consecutive ones in one run); with `datasets`, only
    those datasets' lineage: their raw assets and everything downstream of them. The job runs in
    this process as the code location defines it, so the UI shows these runs with the job's own
    snapshot and can re-execute them."""
    from dagster import execute_job, reconstructable
    from dagster._core.storage.tags import PARTITION_NAME_TAG

    from orchestration.defs.names import QUIET_TAG
    from orchestration.private_api import partition_range_tags

    selection = dataset_lineage(datasets) if datasets else None
    if instance is None:
        from orchestration.runtime.instance import get_instance

        instance = get_instance()
    run_config = {} if quiet else {"loggers": {"progress": {}}}
    outcomes = []
    for first, last in contiguous_ranges(quarters):
        partition = {PARTITION_NAME_TAG: first} if first == last else partition_range_tags(first, last)
        # not entered as a context manager: that would set up the run's resources once more
        # (the writer lock, a dbt process) only to read outputs, which nothing here reads
        result = execute_job(
            reconstructable(refresh_job),
            instance=instance,
            run_config=run_config,
            tags={**partition, **({} if quiet else {QUIET_TAG: "true"})},
            raise_on_error=False,
            asset_selection=selection,
        )
        outcomes.append(RunOutcome(first, last, result.run_id, result.success))
        if not result.success:
            # what the UI's run-failure sensor does for runs it launches: say what is still served
            from orchestration.defs.publish import report_serving

            report_serving(instance, Paths.from_env().served_db, result.run_id)
            break
    return outcomes
