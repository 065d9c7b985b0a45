"""pandera checks on every mart, and the publication of the marts to the served file."""

from pathlib import Path

import duckdb
from dagster import (
    AssetCheckEvaluation,
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset_check,
)

from orchestration.defs.names import PUBLISH_GROUP
from orchestration.defs.resources import WarehouseResource
from orchestration.publishing.publish import PublishError, publish
from orchestration.warehouse.contracts import MART_SCHEMAS, failures
from orchestration.warehouse.database import DatabaseInUse, connect
from orchestration.warehouse.engine import Engine, count_rows, read_tables
from orchestration.warehouse.paths import REPO_ROOT

MART_KEYS = [AssetKey(["marts", name]) for name in MART_SCHEMAS]
CHECK_NAME = "pandera_contract"


@multi_asset_check(
    specs=[
        AssetCheckSpec(
            CHECK_NAME, asset=key, blocking=True, description="pandera: grain, keys, categories, rates in [0, 1]"
        )
        for key in MART_KEYS
    ],
    can_subset=True,
)
def mart_contracts(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    selected = {k.asset_key.path[-1] for k in context.selected_asset_check_keys}
    names = [n for n in MART_SCHEMAS if n in selected]
    for name, frame in read_tables(warehouse.engine, warehouse.paths.working_db, "marts", names):
        cases = failures(name, frame)
        metadata = {"rows_checked": len(frame)}
        if cases is not None:
            metadata["failures"] = MetadataValue.md(cases.head(50).to_markdown(index=False))
        yield AssetCheckResult(
            asset_key=AssetKey(["marts", name]), check_name=CHECK_NAME, passed=cases is None, metadata=metadata
        )


REFERENCE_KEYS = [AssetKey(["reference", p.stem]) for p in sorted((REPO_ROOT / "seeds").glob("*.csv"))]
SERVED_KEY = AssetKey(["served", "warehouse"])
SERVED_CHECK = "publication_complete"
SERVING_CHECK = "serving"


def served_publication(served_db: Path) -> dict | None:
    """meta.publication of the served file, read-only; None when there is none or it cannot be read."""
    if not served_db.exists():
        return None
    try:
        with connect(served_db, read_only=True) as con:
            cur = con.execute("SELECT * FROM meta.publication")
            rows = cur.fetchall()
            names = [d[0] for d in cur.description]
    except (duckdb.Error, DatabaseInUse):
        return None
    return dict(zip(names, rows[0])) if len(rows) == 1 else None


def serving_evaluation(served_db: Path, failed_run_id: str | None = None) -> AssetCheckEvaluation:
    """What BI users are served: the publication in the served file (which run, quarters, when);
    after a failed refresh, that it is the earlier one, unchanged."""
    pub = served_publication(served_db)
    metadata: dict = {"path": str(served_db)}
    if pub is None:
        description = "No publication is served: the file is missing or holds no meta.publication."
    else:
        quarters = ", ".join(pub.get("quarters") or [])
        metadata.update(
            {
                "published_at": str(pub.get("published_at")),
                "quarters": quarters,
                "published_by_run": str(pub.get("run_id")),
                "code_version": str(pub.get("code_version")),
                "contains_synthetic_data": bool(pub.get("contains_synthetic_data")),
            }
        )
        description = (
            f"Serving the publication of {pub.get('published_at')} ({quarters}, run {str(pub.get('run_id'))[:8]})."
        )
        if failed_run_id:
            metadata["failed_run"] = failed_run_id
            description += f" Run {failed_run_id[:8]} failed before publishing: nothing was replaced."
    return AssetCheckEvaluation(
        asset_key=SERVED_KEY,
        check_name=SERVING_CHECK,
        passed=pub is not None,
        metadata=metadata,
        description=description,
    )


def report_serving(instance, served_db: Path, failed_run_id: str) -> AssetCheckEvaluation:
    """After a failed refresh, record on served/warehouse what is still served (the asset itself
    shows the failed run, although the file was left exactly as it was)."""
    evaluation = serving_evaluation(served_db, failed_run_id)
    instance.report_runless_asset_event(evaluation)
    return evaluation


@asset(
    key=SERVED_KEY,
    group_name=PUBLISH_GROUP,
    deps=[*MART_KEYS, *REFERENCE_KEYS],
    kinds={"duckdb"},
    check_specs=[
        AssetCheckSpec(
            SERVED_CHECK,
            asset=SERVED_KEY,
            description="The published file opens read-only and holds every mart and reference table with the "
            "row counts just built in the working database.",
        ),
        AssetCheckSpec(
            SERVING_CHECK,
            asset=SERVED_KEY,
            description="Which publication BI users are served (run, quarters, when): evaluated at each "
            "publication and after each failed refresh, which leaves the served file as it was.",
        ),
    ],
    description="The file BI tools read (read-only): the marts and reference tables, replaced whole by an "
    "atomic rename only after every check upstream has passed, with meta.publication describing it. After a "
    "failed refresh this asset shows that run as failed, but nothing was replaced: its check `serving` says "
    "which publication is served.",
)
def served_warehouse(context: AssetExecutionContext, warehouse: WarehouseResource):
    tags = context.run.tags
    refreshed = sorted(
        filter(
            None,
            {
                tags.get("dagster/partition"),
                tags.get("dagster/asset_partition_range_start"),
                tags.get("dagster/asset_partition_range_end"),
            },
        )
    )
    try:
        pub = publish(
            warehouse.paths.working_db,
            warehouse.paths.served_db,
            run_id=context.run.run_id,
            refreshed=refreshed,
            postgres_url=warehouse.publication_postgres_url,
            engine=warehouse.engine,
        )
    except (PublishError, DatabaseInUse) as exc:
        raise Failure(description=str(exc)) from None
    context.log.info(f"Published {len(pub.tables)} tables for {len(pub.quarters)} quarter(s) to {pub.path}")
    postgres = {}
    if pub.postgres:
        context.log.info(f"Published {len(pub.postgres.tables)} tables to Postgres {pub.postgres.url}")
        postgres = {"postgres": pub.postgres.url, "postgres_tables": len(pub.postgres.tables)}
    yield MaterializeResult(
        metadata={
            "path": str(pub.path),
            **postgres,
            "published_at": pub.published_at,
            "quarters": ", ".join(pub.quarters),
            "code_version": pub.code_version,
            "tables": MetadataValue.json(pub.tables),
        }
    )
    differences = compare_publication(warehouse.paths.working_db, pub.path, pub.tables, warehouse.engine)
    yield AssetCheckResult(
        check_name=SERVED_CHECK,
        passed=not differences,
        metadata={
            "tables": len(pub.tables),
            **({"differences": MetadataValue.json(differences)} if differences else {}),
        },
    )
    serving = serving_evaluation(pub.path)
    yield AssetCheckResult(
        check_name=SERVING_CHECK, passed=serving.passed, metadata=serving.metadata, description=serving.description
    )


def compare_publication(working_db, served_db, tables: list[str], engine: Engine | None = None) -> dict[str, str]:
    """{table: what differs} between the working database and the published file."""
    out = {}
    built = count_rows(engine or Engine(), working_db, tables)
    with connect(served_db, read_only=True) as served:
        for table in tables:
            schema, name = table.split(".", 1)
            want = built[table]
            try:
                got = served.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
            except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
                out[table] = f"cannot be read: {exc.__class__.__name__}"
                continue
            if got != want:
                out[table] = f"{got} rows published, {want} built"
    return out
