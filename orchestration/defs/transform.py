"""dbt models, seeds and tests as Dagster assets and checks, from the manifest prepared at
build time (`make manifest`, which `make run` and `make test` run first)."""

import contextlib
import functools
import io
import sys
from collections.abc import Mapping
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetKey, Definitions, Failure, definitions
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.dbt_metadata import column_lineage_wanted, stream_described
from orchestration.defs.names import QUIET_TAG, REFERENCE_GROUP
from orchestration.defs.resources import WarehouseResource
from orchestration.private_api import DBT_PROJECT_METADATA_KEY, FastDbtCliResource
from orchestration.warehouse import dbt_warm
from orchestration.warehouse.dbt_project import (
    DBT_ASSETS_NAME,
    MANIFEST_PATH,
    PROFILES_DIR,
    TARGET_DIR,
    build_args,
    dbt_executable,
    keep_partial_parse_state,
)
from orchestration.warehouse.paths import REPO_ROOT


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

    def get_asset_spec(self, manifest, unique_id, project):
        # dagster-dbt puts the DbtProject object in every asset's metadata, which the UI can only
        # show as "[DbtProject] (unserializable)"; the dbt resource knows the project already.
        # At run time dagster-dbt reads the project back from that metadata: give it ours then.
        spec = super().get_asset_spec(manifest, unique_id, project or dbt_project())
        if DBT_PROJECT_METADATA_KEY not in spec.metadata:
            return spec
        return spec.replace_attributes(
            metadata={k: v for k, v in spec.metadata.items() if k != DBT_PROJECT_METADATA_KEY}
        )

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return AssetCheckSpec(
            name=spec.name,
            asset=spec.asset_key,
            description=describe_test(manifest["nodes"].get(unique_id, {})),
            blocking=spec.blocking,
            additional_deps=spec.additional_deps,
            metadata=spec.metadata,
        )


def describe_test(node: Mapping[str, Any]) -> str:
    """What a dbt test asserts, in a sentence: its own description, else the first comment of a
    singular test, else the generic test and its arguments."""
    if node.get("description"):
        return node["description"]
    meta = node.get("test_metadata") or {}
    if not meta:
        lines = [
            line.strip("- ").strip() for line in (node.get("raw_code") or "").splitlines() if line.startswith("--")
        ]
        return " ".join(lines) or f"dbt test {node.get('name', '')}: returns the rows that break it"
    kwargs = {k: v for k, v in (meta.get("kwargs") or {}).items() if k not in ("model", "column_name")}
    column = (meta.get("kwargs") or {}).get("column_name") or node.get("column_name")
    args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    return f"dbt test {meta.get('name')}" + (f" on column {column}" if column else "") + (f" ({args})" if args else "")


TRANSLATOR = KinerjaTranslator(
    settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_code_references=True)
)


def load_raw_into_postgres(working_db, engine) -> list[str]:
    """The landed raw schema into the Postgres working database, in one transaction, before
    dbt builds there; readers of the publication get no access to that database."""
    try:
        loaded = engine.load_raw(working_db)
    except Exception as exc:
        if not type(exc).__module__.startswith("psycopg2"):
            raise
        from orchestration.publishing.postgres import redact

        first = (getattr(exc, "pgerror", None) or str(exc)).strip().splitlines()[0]
        raise Failure(
            description=f"cannot load the raw tables into the Postgres working database {redact(engine.working_url)}: "
            f"{first}. Check KINERJA_POSTGRES_WORKING_URL; the publication is unchanged."
        ) from None
    return loaded


@functools.cache
def dbt_project() -> DbtProject:
    return DbtProject(project_dir=REPO_ROOT, profiles_dir=PROFILES_DIR, target_path=TARGET_DIR.relative_to(REPO_ROOT))


def build_dbt_assets(project: DbtProject):
    """The dbt assets, read from the prepared manifest; a clear error when it was never prepared."""
    if not MANIFEST_PATH.exists():
        raise FileNotFoundError(
            f"dbt manifest not found at {MANIFEST_PATH}: run `make manifest` (it runs `dbt parse`) "
            "once after a change to the dbt project"
        )

    @dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=TRANSLATOR, project=project, name=DBT_ASSETS_NAME)
    def kinerja_dbt_assets(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        quiet = context.run.tags.get(QUIET_TAG) == "true"
        echo = io.StringIO()
        engine = warehouse.engine
        if engine.name == "postgres":
            loaded = load_raw_into_postgres(warehouse.paths.working_db, engine)
            context.log.info(f"Loaded {len(loaded)} raw tables into the Postgres working database")
        with warehouse.dbt_environment(), contextlib.redirect_stdout(echo) if quiet else contextlib.nullcontext():
            invocation = dbt.cli(build_args(target=engine.dbt_target), context=context)
            try:
                # column types, row counts and column lineage, from each node's post-hook as dbt goes
                yield from stream_described(invocation, TRANSLATOR, project, column_lineage_wanted())
            except Exception:
                if quiet:
                    sys.__stdout__.write("".join(echo.getvalue().splitlines(keepends=True)[-40:]))
                raise
            finally:
                keep_partial_parse_state(invocation.target_path, TARGET_DIR, DBT_ASSETS_NAME)
                for line in dbt_warm.outcome(invocation.target_path):
                    context.log.info(f"dbt process started ahead: {line}")

    return kinerja_dbt_assets


@definitions
def dbt_defs() -> Definitions:
    project = dbt_project()
    return Definitions(
        assets=[build_dbt_assets(project)],
        resources={"dbt": FastDbtCliResource(project_dir=project, dbt_executable=dbt_executable())},
    )
