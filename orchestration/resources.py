"""The warehouse's locations as a Dagster resource, defaulting to the environment."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource
from pydantic import Field

from orchestration.warehouse import Paths



class WarehouseResource(ConfigurableResource):
    """Submissions folder, working database (raw, staging, marts) and served database."""

    submissions_dir: str = Field(default_factory=lambda: str(Paths.from_env().submissions))
    working_db: str = Field(default_factory=lambda: str(Paths.from_env().working_db))
    served_db: str = Field(default_factory=lambda: str(Paths.from_env().served_db))

    @property
    def paths(self) -> Paths:
        return Paths(Path(self.submissions_dir), Path(self.working_db), Path(self.served_db))

    def export_for_dbt(self) -> None:
        """dbt's profile reads the working database path from the environment."""
        os.environ["KINERJA_WORKING_DB"] = self.working_db
