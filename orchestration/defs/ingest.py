"""Ingestion assets: one per dataset, partitioned by quarter, guarded by pandera."""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    Failure,
    MaterializeResult,
    MetadataValue,
    StaticPartitionsDefinition,
    TableColumn,
    TableSchema,
    asset,
)

from orchestration.defs.names import INGEST_GROUP
from orchestration.defs.resources import WarehouseResource
from orchestration.submissions.periods import all_period_keys
from orchestration.submissions.problems import SubmissionError, markdown_table
from orchestration.submissions.specs import DATASETS, Dataset
from orchestration.warehouse.loading import QuarterIncomplete, load_dataset

QUARTERS = StaticPartitionsDefinition(all_period_keys())
CHECK_NAME = "pandera_schema"


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
        except QuarterIncomplete as exc:
            yield AssetCheckResult(
                check_name=CHECK_NAME,
                passed=True,
                metadata={"note": "this file passes; another file of the quarter does not"},
            )
            raise Failure(
                description=f"{dataset.name} not loaded: the quarter is loaded only when all its files pass. {exc}",
                metadata={"failures": MetadataValue.md(markdown_table(exc.problems))},
            ) from None
        except SubmissionError as exc:
            yield AssetCheckResult(
                check_name=CHECK_NAME,
                passed=False,
                severity=AssetCheckSeverity.ERROR,
                metadata={"problems": len(exc.problems), "failures": MetadataValue.md(markdown_table(exc.problems))},
            )
            raise Failure(
                description=str(exc), metadata={"failures": MetadataValue.md(markdown_table(exc.problems))}
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
        yield AssetCheckResult(check_name=CHECK_NAME, passed=True, metadata={"rows_checked": report.row_count})
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

    return _raw_asset


raw_assets = [build_raw_asset(d) for d in DATASETS.values()]
