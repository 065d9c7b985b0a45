"""The one job that refreshes quarters end to end: ingest, then everything downstream."""

from dagster import AssetSelection, define_asset_job, in_process_executor

from orchestration.defs.names import BOOK_GROUP, WRITER_TAG

refresh_quarter = define_asset_job(
    name="refresh_quarter",
    description="Ingest the selected quarter(s) and rebuild everything downstream: staging, marts, checks.",
    # every asset but the book (some, like the figure catalogue, have no upstream to reach them by)
    selection=AssetSelection.all() - AssetSelection.groups(BOOK_GROUP),
    executor_def=in_process_executor,  # DuckDB allows one writer: steps run one at a time, in one process
    tags={WRITER_TAG: "working-db"},
)
