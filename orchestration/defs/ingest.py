"""Ingestion assets: one per dataset, partitioned by quarter, guarded by pandera."""

import hashlib
from dataclasses import replace
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    BackfillPolicy,
    Definitions,
    Failure,
    MaterializeResult,
    MetadataValue,
    StaticPartitionsDefinition,
    TableColumn,
    TableSchema,
    asset,
    definitions,
    multi_asset,
)

from orchestration.defs.names import INGEST_GROUP
from orchestration.defs.resources import WarehouseResource
from orchestration.submissions.catalog import FigureDataset, figure_datasets
from orchestration.submissions.periods import quarters_until
from orchestration.submissions.problems import SubmissionError, markdown_table
from orchestration.submissions.specs import DATASETS, Dataset
from orchestration.warehouse.database import DatabaseInUse
from orchestration.warehouse.figures import (
    FIGURE_COLUMNS,
    REFUSED,
    dataset_status,
    evaluate_quarters,
    load_figure_datasets,
)
from orchestration.warehouse.loading import QuarterIncomplete, load_dataset
from orchestration.warehouse.paths import REPO_ROOT

QUARTERS = StaticPartitionsDefinition(quarters_until())
CHECK_NAME = "pandera_schema"


def refused_files(problems, periods: list[str]) -> str:
    """The files the problems are in, with their quarter folder: `2024-Q2/sampling.csv`."""
    files = sorted({p.file for p in problems})
    where = f"{periods[0]}/" if len(periods) == 1 else ""
    named = ", ".join(f"{where}{f}" for f in files) or "a file"
    return named if len(periods) == 1 else f"{named} (of {periods[0]} to {periods[-1]})"


def in_folder(problem, period: str):
    """The problem with its file named in its quarter folder (`2024-Q2/perkara.csv`), so a clerk
    knows which folder to open."""
    return problem if "/" in problem.file else replace(problem, file=f"{period}/{problem.file}")


def failure_table(problems, periods: list[str]):
    """The problems as a table for the UI, each file in its quarter folder when the run covers
    one quarter."""
    if len(periods) == 1:
        problems = [in_folder(p, periods[0]) for p in problems]
    return MetadataValue.md(markdown_table(problems))


def raw_key(dataset: Dataset) -> AssetKey:
    return AssetKey(["raw", dataset.name])


def column_schema(dataset: Dataset) -> TableSchema:
    described = {}
    for col in dataset.columns:
        for name, sql_type in col.outputs:
            described[name] = (sql_type, col.description)
    meta = {
        "period": "Quarter, e.g. 2024-Q2",
        "year": "Year of the period",
        "quarter": "Quarter number 1-4",
        "source_file": "File (and sheet) the row came from",
        "source_row": "Row number as seen in the file (header = 1)",
    }
    return TableSchema(
        columns=[
            TableColumn(name, sql_type, description=meta.get(name) or described[name][1])
            for name, sql_type in dataset.raw_columns
        ]
    )


def code_version(*files: Path) -> str:
    """The version of the code that reads and checks a dataset: a digest of its files, so the UI
    marks a raw asset changed when its spec or its reading rules change."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.read_bytes())
    return digest.hexdigest()[:12]


_SUBMISSIONS_CODE = REPO_ROOT / "orchestration" / "submissions"
CORE_CODE = [_SUBMISSIONS_CODE / n for n in ("specs.py", "validation.py", "check.py", "files.py", "numerals.py")]
FIGURE_CODE = [_SUBMISSIONS_CODE / n for n in ("catalog.py", "figures.py", "files.py", "numerals.py")]


def build_raw_asset(dataset: Dataset) -> AssetsDefinition:
    key = raw_key(dataset)

    @asset(
        key=key,
        group_name=INGEST_GROUP,
        partitions_def=QUARTERS,
        backfill_policy=BackfillPolicy.single_run(),
        description=f"{dataset.description} Source: {dataset.book_source}. Loaded from `{dataset.name}.csv` or the `{dataset.name}` sheet of the quarter's workbook.",
        metadata={"dagster/column_schema": column_schema(dataset), "dagster/table_name": f"raw.{dataset.name}"},
        kinds={"duckdb", "pandas"},
        code_version=code_version(*CORE_CODE),
        check_specs=[
            AssetCheckSpec(
                CHECK_NAME,
                asset=key,
                blocking=True,
                description="pandera: types, non-negative counts, known categories and the book's arithmetic",
            )
        ],
    )
    def _raw_asset(context: AssetExecutionContext, warehouse: WarehouseResource):
        periods = sorted(context.partition_keys)
        context.log.info(f"Loading {dataset.name} for {', '.join(periods)}")
        try:
            report = load_dataset(warehouse.paths.submissions, warehouse.paths.working_db, dataset, periods)
        except DatabaseInUse as exc:
            raise Failure(description=str(exc)) from None
        except QuarterIncomplete as exc:
            yield AssetCheckResult(
                check_name=CHECK_NAME,
                passed=True,
                metadata={"note": "this file passes; another file of the quarter does not"},
            )
            # named first: the run's headline is the first failed step's, often another file's
            raise Failure(
                description=f"{refused_files(exc.problems, periods)} refused, so {dataset.name} (which passes) is not "
                f"loaded either: a quarter is loaded only when all its files pass. {exc}",
                metadata={"failures": failure_table(exc.problems, periods)},
            ) from None
        except SubmissionError as exc:
            yield AssetCheckResult(
                check_name=CHECK_NAME,
                passed=False,
                severity=AssetCheckSeverity.ERROR,
                metadata={"problems": len(exc.problems), "failures": failure_table(exc.problems, periods)},
            )
            raise Failure(
                description=f"{refused_files(exc.problems, periods)} refused: {exc}",
                metadata={"failures": failure_table(exc.problems, periods)},
            ) from None
        sources = {
            str(c.period): {
                "file": c.table.file,
                "sha256": c.table.sha256,
                "rows": len(c.result.frame),
                "notes": ", ".join(c.table.notes),
            }
            for c in report.loaded
        }
        first = report.loaded[0]
        yield MaterializeResult(
            metadata={
                "dagster/row_count": report.row_count,
                "source_file": first.table.file if len(report.loaded) == 1 else f"{len(report.loaded)} quarters",
                "sha256": first.table.sha256 if len(report.loaded) == 1 else "see sources",
                "sources": MetadataValue.json(sources),
                "dagster/column_schema": column_schema(dataset),
            }
        )
        # after the materialization, so the check result belongs to it (and to its partition)
        yield AssetCheckResult(check_name=CHECK_NAME, passed=True, metadata={"rows_checked": report.row_count})

    return _raw_asset


raw_assets = [build_raw_asset(d) for d in DATASETS.values()]


FIGURES_STEP = "raw_figure_datasets"


def figure_spec(spec: FigureDataset) -> AssetSpec:
    return AssetSpec(
        AssetKey(["raw", spec.name]),
        group_name=INGEST_GROUP,
        description=f"{spec.description} Source: {spec.book_source}. Loaded from `{spec.name}.csv` or the "
        f"`{spec.name}` sheet of the quarter's workbook: rows of figure, breakdown, value. Spec: "
        f"`{spec.spec_file.relative_to(REPO_ROOT)}`.",
        metadata={
            "dagster/column_schema": TableSchema(columns=[TableColumn(n, t) for n, t in FIGURE_COLUMNS]),
            "dagster/table_name": f"raw.{spec.name}",
            "section": spec.section,
            "family": spec.family,
        },
        kinds={"duckdb", "pandas"},
        skippable=True,
        code_version=code_version(spec.spec_file, *FIGURE_CODE),
    )


def build_figure_assets(specs: dict[str, FigureDataset]) -> AssetsDefinition:
    """The figure datasets' raw assets, one asset each, run as one step (a step costs Dagster a
    fixed overhead, and 37 of them cost seconds). Each dataset loads on its own, so one late or
    refused dataset never holds back the others; its check says whether the file was refused.
    The step can run any subset: `kinerja refresh --dataset NAME` runs just that one."""
    by_key = {AssetKey(["raw", s.name]): s for s in specs.values()}

    @multi_asset(
        name=FIGURES_STEP,
        specs=[figure_spec(s) for s in specs.values()],
        check_specs=[
            AssetCheckSpec(
                CHECK_NAME,
                asset=key,
                blocking=False,
                description="pandera and the dataset's declared rules: known figures and breakdowns, values of the "
                "declared kind, no negative counts, one row per figure and breakdown, no part above its whole",
            )
            for key in by_key
        ],
        partitions_def=QUARTERS,
        backfill_policy=BackfillPolicy.single_run(),
        can_subset=True,
    )
    def raw_figure_datasets(context: AssetExecutionContext, warehouse: WarehouseResource):
        periods = sorted(context.partition_keys)
        selected = sorted(context.selected_asset_keys, key=lambda k: k.to_user_string())
        try:
            loaded = load_figure_datasets(
                warehouse.paths.submissions, warehouse.paths.working_db, [by_key[k] for k in selected], periods
            )
        except DatabaseInUse as exc:
            raise Failure(description=str(exc)) from None
        for key in selected:
            spec = by_key[key]
            loads = loaded[spec.name]
            refused = [load for load in loads if load.status == REFUSED]
            problems = [in_folder(p, load.period) for load in refused for p in load.problems]
            status = {load.period: load.status for load in loads}
            for load in refused:
                context.log.warning(
                    f"{spec.name} {load.period} refused, the previous figures are kept: {load.problems[0]}"
                )
            yield MaterializeResult(
                asset_key=key,
                metadata={
                    "dagster/row_count": sum(load.rows for load in loads),
                    "status": MetadataValue.json(status),
                    "sources": MetadataValue.json(
                        {
                            load.period: {"file": load.file, "sha256": load.sha256, "rows": load.rows}
                            for load in loads
                            if load.file
                        }
                    ),
                },
            )
            yield AssetCheckResult(
                asset_key=key,
                check_name=CHECK_NAME,
                passed=not refused,
                severity=AssetCheckSeverity.ERROR,
                metadata={
                    "status": MetadataValue.json(status),
                    "problems": len(problems),
                    **({"failures": MetadataValue.md(markdown_table(problems))} if problems else {}),
                },
            )

    return raw_figure_datasets


def build_rule_evaluations(specs: dict[str, FigureDataset]) -> AssetsDefinition:
    upstream = [AssetKey(["raw", name]) for name in ("sampling", "perkara", *specs)]

    @multi_asset(
        specs=[
            AssetSpec(
                AssetKey(["raw", "rule_evaluations"]),
                group_name=INGEST_GROUP,
                deps=upstream,
                kinds={"duckdb"},
                description="The book's declared arithmetic (dbt_project/models/staging/book/*.yml: sums, printed "
                "percentages, counts of listed items, figures printed twice) applied to each quarter's figures: one "
                "row per rule and set of figures, passed or not.",
            ),
            AssetSpec(
                AssetKey(["raw", "dataset_status"]),
                group_name=INGEST_GROUP,
                deps=upstream,
                kinds={"duckdb"},
                description="Per quarter and figure dataset: in, missing or refused, as the figure assets left it.",
            ),
        ],
        partitions_def=QUARTERS,
        backfill_policy=BackfillPolicy.single_run(),
    )
    def rule_evaluations(context: AssetExecutionContext, warehouse: WarehouseResource):
        periods = sorted(context.partition_keys)
        out = evaluate_quarters(warehouse.paths.working_db, periods)
        failed = [e for evaluations in out.values() for e in evaluations if not e.passed]
        for finding in failed:
            context.log.info(f"finding: {finding}")
        yield MaterializeResult(
            asset_key=AssetKey(["raw", "rule_evaluations"]),
            metadata={"dagster/row_count": sum(len(v) for v in out.values()), "findings": len(failed)},
        )
        status = dataset_status(warehouse.paths.working_db, periods)
        yield MaterializeResult(
            asset_key=AssetKey(["raw", "dataset_status"]),
            metadata={"dagster/row_count": len(status), "status": MetadataValue.json(status)},
        )

    return rule_evaluations


@definitions
def ingest_defs() -> Definitions:
    """Every ingestion asset: the five core datasets, the figure datasets from their specs (read
    when the definitions load, not at import) and the rules applied across them."""
    specs = figure_datasets()
    return Definitions(assets=[*raw_assets, build_figure_assets(specs), build_rule_evaluations(specs)])
