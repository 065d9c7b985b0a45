"""dbt models, seeds and tests as Dagster assets and checks, from a manifest prepared at
build time (`make manifest`, run by `make run` and `make test`)."""


import contextlib
import importlib.metadata
import io
import os
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from packaging import version
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration.dbt_args import build_args
from orchestration.resources import WarehouseResource
from orchestration.warehouse import REPO_ROOT

PROFILES_DIR = REPO_ROOT / "profiles"
REFERENCE_GROUP = "reference"
DBT_PROJECT = DbtProject(project_dir=REPO_ROOT, profiles_dir=PROFILES_DIR, target_path=Path("target"))
MANIFEST_PATH = DBT_PROJECT.manifest_path

if not MANIFEST_PATH.exists():
    raise FileNotFoundError(
        f"dbt manifest not found at {MANIFEST_PATH}: run `make manifest` (it runs `dbt parse`) once after a change to the dbt project"
    )


class KinerjaTranslator(DagsterDbtTranslator):
    """Models keyed by their schema (`staging/stg_sampling`, `marts/mart_...`), seeds under
    `reference/`; sources keep the `raw/<table>` key their yml gives, so they join the raw assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        group = super().get_group_name(dbt_resource_props)
        if group:
            return group
        if dbt_resource_props["resource_type"] == "seed":
            return REFERENCE_GROUP
        return dbt_resource_props.get("schema")


TRANSLATOR = KinerjaTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


QUIET_TAG = "kinerja/quiet_dbt"  # the command line shows its own progress lines instead of dbt's log


@dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=TRANSLATOR, project=DBT_PROJECT)
def kinerja_dbt_assets(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    quiet = context.run.tags.get(QUIET_TAG) == "true"
    echo = io.StringIO()
    with warehouse.dbt_environment(), contextlib.redirect_stdout(echo) if quiet else contextlib.nullcontext():
        invocation = dbt.cli(build_args(), context=context)
        try:
            yield from invocation.stream()
        except Exception:
            if quiet:
                sys.__stdout__.write("".join(echo.getvalue().splitlines(keepends=True)[-40:]))
            raise
        finally:
            keep_partial_parse_state(invocation.target_path, REPO_ROOT / "target")


INVOCATIONS_KEPT = 3


def keep_partial_parse_state(invocation_target: Path, project_target: Path) -> None:
    """dagster-dbt gives each run a target folder of its own, seeded with the project's
    partial_parse.msgpack; bring the updated state back so the next run parses partially
    too, and keep only the newest run folders."""
    state = invocation_target / "partial_parse.msgpack"
    if state.exists():
        tmp = project_target / f".partial_parse.msgpack.{os.getpid()}"
        shutil.copyfile(state, tmp)
        os.replace(tmp, project_target / "partial_parse.msgpack")
    runs = sorted((p for p in project_target.glob(f"{kinerja_dbt_assets.op.name}-*") if p.is_dir()),
                  key=lambda p: p.stat().st_mtime)
    stale_before = time.time() - 600  # never a folder a run may still be using (a dbt build takes < 1 min)
    for old in runs[:-INVOCATIONS_KEPT]:
        if old.stat().st_mtime < stale_before:
            shutil.rmtree(old, ignore_errors=True)


def dbt_executable() -> str:
    """dbt from this interpreter's environment, so the venv need not be on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


class KinerjaDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two start-up costs this project does not need (measured
    at about 2 s each per refresh): asking the dbt executable for its version (dbt-core is
    installed beside us, so its version is known), and opening a dbt adapter in this process,
    which dagster-dbt uses only to fetch column metadata after a run."""

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    return KinerjaDbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable())
