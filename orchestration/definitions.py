"""The one Dagster entry point: `dagster dev -m orchestration.definitions`."""

import warnings

from dagster import BetaWarning, Definitions, PreviewWarning, colored_console_logger

warnings.filterwarnings("ignore", category=BetaWarning)
warnings.filterwarnings("ignore", category=PreviewWarning)

from orchestration.assets.dbt import dbt_resource, kinerja_dbt_assets  # noqa: E402
from orchestration.assets.marts import mart_contracts, served_warehouse  # noqa: E402
from orchestration.assets.raw import raw_assets  # noqa: E402
from orchestration.automation import quarterly_schedule, submission_sensor  # noqa: E402
from orchestration.jobs import refresh_quarter  # noqa: E402
from orchestration.progress import progress_logger  # noqa: E402
from orchestration.resources import WarehouseResource  # noqa: E402

defs = Definitions(
    assets=[*raw_assets, kinerja_dbt_assets, served_warehouse],
    asset_checks=[mart_contracts],
    jobs=[refresh_quarter],
    schedules=[quarterly_schedule],
    sensors=[submission_sensor],
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource()},
    loggers={"console": colored_console_logger, "progress": progress_logger},
)
