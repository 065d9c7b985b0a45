"""The one Dagster entry point: `dagster dev -m orchestration.definitions`."""

from dagster import Definitions

from orchestration.assets.dbt import dbt_resource, kinerja_dbt_assets
from orchestration.assets.raw import raw_assets
from orchestration.jobs import refresh_quarter
from orchestration.resources import WarehouseResource

defs = Definitions(
    assets=[*raw_assets, kinerja_dbt_assets],
    jobs=[refresh_quarter],
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource()},
)
