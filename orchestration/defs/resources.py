"""The warehouse's locations as a Dagster resource. Unset fields follow the environment at
run time (KINERJA_SUBMISSIONS_DIR, KINERJA_DATA_DIR, KINERJA_WORKING_DB, KINERJA_WAREHOUSE_DB,
KINERJA_POSTGRES_URL)."""

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagster import (
    ConfigurableResource,
    Definitions,
    Failure,
    InitResourceContext,
    colored_console_logger,
    definitions,
)
from pydantic import PrivateAttr

from orchestration.defs.progress import progress_logger
from orchestration.warehouse.dbt_project import dbt_run_env
from orchestration.warehouse.engine import Engine, EngineSettingError, environment
from orchestration.warehouse.lock import writer_lock
from orchestration.warehouse.paths import Paths


class WarehouseResource(ConfigurableResource):
    """Submissions folder, working database (raw, staging, marts) and served database."""

    submissions_dir: str | None = None
    working_db: str | None = None
    served_db: str | None = None
    # unset: KINERJA_POSTGRES_URL at run time (kept out of config so the password is never shown)
    postgres_url: str | None = None

    @property
    def publication_postgres_url(self) -> str | None:
        return self.postgres_url or os.environ.get("KINERJA_POSTGRES_URL") or None

    @property
    def paths(self) -> Paths:
        env = Paths.from_env()
        return Paths(
            Path(self.submissions_dir) if self.submissions_dir else env.submissions,
            Path(self.working_db) if self.working_db else env.working_db,
            Path(self.served_db) if self.served_db else env.served_db,
        )

    _lock: Any = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        """Every run that uses the warehouse holds its writer lock, so a refresh from the command
        line and one from the UI never write at once; a second one is refused, naming the first."""
        run = context.dagster_run
        what = f"run {run.run_id[:8]} of {run.job_name}" if run else "a run"
        self._lock = writer_lock(self.paths.working_db.parent, what)
        self._lock.__enter__()

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    @property
    def engine(self) -> Engine:
        """DuckDB, or Postgres with KINERJA_ENGINE=postgres (orchestration/warehouse/engine.py)."""
        try:
            return Engine.from_env()
        except EngineSettingError as exc:
            raise Failure(description=str(exc)) from None

    @contextmanager
    def dbt_environment(self):
        """dbt's profile reads the working database (path, or Postgres connection) from the
        environment; set it for the dbt subprocess only, and put the environment back afterwards."""
        with environment(dbt_run_env(self.paths.working_db, self.engine)):
            yield


@definitions
def resource_defs() -> Definitions:
    return Definitions(
        resources={"warehouse": WarehouseResource()},
        loggers={"console": colored_console_logger, "progress": progress_logger},
    )
