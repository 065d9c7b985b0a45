"""Column types, row counts and column lineage on every dbt materialization.

dbt holds the working database read-write while it builds, so the events of a `dbt build` are
kept until it has exited; then one read-only connection reads every relation's columns and the
tables' row counts, and is closed before the events go on (and before any later step opens the
file). Column lineage (sqlglot over the compiled SQL, about 1 s a model) depends only on the
SQL and the column types, so it is cached in target/ and recomputed only for a model whose
SQL or inputs changed; `KINERJA_DBT_COLUMN_LINEAGE=0` leaves it out."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import (
    AssetKey,
    AssetMaterialization,
    Output,
    TableColumn,
    TableColumnDep,
    TableColumnLineage,
    TableSchema,
    get_dagster_logger,
)

from orchestration.defs.names import PROGRESS_PREFIX
from orchestration.private_api import dbt_column_lineage
from orchestration.warehouse.dbt_project import TARGET_DIR
from orchestration.warehouse.relations import Relation, describe_relations

LINEAGE_ENV = "KINERJA_DBT_COLUMN_LINEAGE"
LINEAGE_CACHE = TARGET_DIR / "column_lineage.json"
COUNTED = ("table", "seed", "incremental", "snapshot")  # materializations that store rows


def column_lineage_wanted(env: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get(LINEAGE_ENV, "1")
    return value.strip().lower() not in ("0", "false", "no", "off")


def relation_key(props: Mapping[str, Any]) -> tuple[str, str]:
    name = props["identifier"] if props["unique_id"].startswith("source.") else props["alias"]
    return props["schema"], name


def column_schema(node: Mapping[str, Any], relation: Relation) -> TableSchema:
    """The columns as built, in the table's order and with the database's types, each with the
    description its yml gives."""
    described = {name.lower(): col.get("description") or None for name, col in (node.get("columns") or {}).items()}
    return TableSchema(
        columns=[
            TableColumn(name, data_type, description=described.get(name.lower()))
            for name, data_type in relation.columns
        ]
    )


def lineage_key(sql: str, columns: dict[str, str], parents: dict[str, dict[str, str]]) -> str:
    blob = json.dumps([sql, columns, parents], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def to_cached(lineage: TableColumnLineage) -> dict[str, list[list]]:
    return {
        column: sorted([list(dep.asset_key.path), dep.column_name] for dep in deps)
        for column, deps in lineage.deps_by_column.items()
    }


def from_cached(cached: dict[str, list[list]]) -> TableColumnLineage:
    return TableColumnLineage(
        deps_by_column={
            column: [TableColumnDep(asset_key=AssetKey(path), column_name=name) for path, name in deps]
            for column, deps in cached.items()
        }
    )


class LineageCache:
    """{unique_id: {"key": digest of its SQL and column types, "deps": lineage}} in one JSON file."""

    def __init__(self, path: Path = LINEAGE_CACHE):
        self.path = path
        try:
            self.entries = json.loads(path.read_text())
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def get(self, unique_id: str, key: str) -> TableColumnLineage | None:
        entry = self.entries.get(unique_id)
        return from_cached(entry["deps"]) if entry and entry.get("key") == key else None

    def put(self, unique_id: str, key: str, lineage: TableColumnLineage) -> None:
        self.entries[unique_id] = {"key": key, "deps": to_cached(lineage)}
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(self.entries, sort_keys=True))
        os.replace(tmp, self.path)


def model_lineage(
    node: Mapping[str, Any],
    relations: dict[tuple[str, str], Relation],
    manifest: Mapping[str, Any],
    translator,
    target_path: Path,
    project,
    cache: LineageCache,
) -> TableColumnLineage | None:
    compiled = Path(target_path) / "compiled" / node["package_name"] / node["original_file_path"]
    own = relations.get(relation_key(node))
    if own is None or not compiled.exists():
        return None
    parents = {}
    for parent_id in node.get("depends_on", {}).get("nodes", []):
        parent = manifest["sources" if parent_id.startswith("source.") else "nodes"].get(parent_id)
        rel = relations.get(relation_key(parent)) if parent else None
        if rel is not None:
            parents[parent["relation_name"]] = dict(rel.columns)
    columns = dict(own.columns)
    sql = compiled.read_text()
    key = lineage_key(sql, columns, parents)
    found = cache.get(node["unique_id"], key)
    if found is not None:
        return found
    try:
        built = dbt_column_lineage(dict(node), columns, parents, dict(manifest), translator, target_path, project)
    except Exception:  # noqa: BLE001 - lineage is extra: a model sqlglot cannot read keeps its other metadata
        get_dagster_logger().warning(f"no column lineage for {node['unique_id']}", exc_info=True)
        return None
    lineage = built.get("dagster/column_lineage")
    if lineage is not None:
        cache.put(node["unique_id"], key, lineage)
    return lineage


def describe_events(
    events: list,
    manifest: Mapping[str, Any],
    db: Path,
    translator,
    target_path: Path,
    project,
    lineage: bool = True,
    cache: LineageCache | None = None,
) -> list:
    """The events with column schema (types and descriptions), row count and column lineage added
    to each model's and seed's materialization; check results pass as they are."""
    nodes = manifest["nodes"]
    built = [
        (i, nodes[e.metadata["unique_id"].text])
        for i, e in enumerate(events)
        if isinstance(e, Output | AssetMaterialization) and "unique_id" in e.metadata
    ]
    counted = [relation_key(n) for _, n in built if n["config"].get("materialized") in COUNTED]
    relations = describe_relations(db, counted)
    cache = cache or (LineageCache() if lineage else None)
    out = list(events)
    for i, node in built:
        rel = relations.get(relation_key(node))
        if rel is None:
            continue
        meta: dict[str, Any] = {"dagster/column_schema": column_schema(node, rel)}
        if rel.row_count is not None:
            meta["dagster/row_count"] = rel.row_count
        if lineage and node["resource_type"] == "model":
            found = model_lineage(node, relations, manifest, translator, target_path, project, cache)
            if found is not None:
                meta["dagster/column_lineage"] = found
        out[i] = out[i].with_metadata({**out[i].metadata, **meta})
    if cache is not None:
        cache.save()
    return out


def progress_line(event) -> str | None:
    """What a held event says, for the progress shown while dbt still runs."""
    from dagster import AssetCheckResult, AssetMaterialization, Output

    if isinstance(event, (Output, AssetMaterialization)):
        key = getattr(event, "asset_key", None) or getattr(event, "output_name", "")
        name = key.to_user_string() if hasattr(key, "to_user_string") else str(key).replace("__", "/")
        return f"{PROGRESS_PREFIX}built {name}"
    if isinstance(event, AssetCheckResult) and not event.passed:
        return f"{PROGRESS_PREFIX}check {event.asset_key.to_user_string()} {event.check_name} FAILED"
    return None


def stream_described(invocation, db: Path, translator, project, lineage: bool, log=None) -> Iterator:
    """The invocation's events, kept until dbt exits, then described; on a failed build the
    events come as they are, then the failure. Meanwhile each one is logged as it comes, so
    the command line and the UI's run log show dbt's progress."""
    events: list = []
    try:
        for event in invocation.stream():
            events.append(event)
            line = progress_line(event) if log is not None else None
            if line:
                log.info(line)
    except Exception:
        yield from events
        raise
    yield from describe_events(events, invocation.manifest, db, translator, invocation.target_path, project, lineage)
