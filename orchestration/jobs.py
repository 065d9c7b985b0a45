"""The one job that refreshes quarters end to end: ingest, then everything downstream."""


from dagster import AssetSelection, define_asset_job, in_process_executor

from orchestration.assets.dbt import REFERENCE_GROUP
from orchestration.assets.raw import INGEST_GROUP

refresh_quarter = define_asset_job(
    name="refresh_quarter",
    description="Ingest the selected quarter(s) and rebuild everything downstream: staging, marts, checks.",
    selection=AssetSelection.groups(INGEST_GROUP, REFERENCE_GROUP).downstream(),
    executor_def=in_process_executor,
    tags={"kinerja/writer": "working-db"},  # the instance's run queue lets one such run go at a time  # DuckDB allows one writer: run steps one at a time, in one process
)
