"""Column types, row counts and column lineage on every dbt materialization, as dbt builds.

dbt holds the working database read-write while it builds, so nothing else may open it; instead
every model and seed has a post-hook (`dbt_project/macros/built_relations.sql`) that, under
Dagster, logs the columns and types of what it built and of its parents, and a table's row count.
dagster-dbt hands that log line to the node's result event, and the materialization is described
from it and yielded at once, so Dagster records each one while dbt goes on with the next. Column
lineage (sqlglot over the compiled SQL, about 1 s a model) depends only on the SQL and the column
types, so it is cached in target/ and recomputed only for a model whose SQL or inputs changed;
`KINERJA_DBT_COLUMN_LINEAGE=0` leaves it out.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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

from orchestration.private_api import dbt_column_lineage, dbt_logged_metadata
from orchestration.warehouse.dbt_project import TARGET_DIR

LINEAGE_ENV = "KINERJA_DBT_COLUMN_LINEAGE"
LINEAGE_CACHE = TARGET_DIR / "column_lineage.json"
LOGGED_KEY = "kinerja_built"  # the key of the post-hook's JSON log line


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, the database's type), in the table's order
    row_count: int | None  # tables and seeds only; a view's rows are its query's, not stored


def logged_relations(logged: Mapping[str, Any]) -> tuple[tuple[str, str], dict[tuple[str, str], Relation]]:
    """The built relation's (schema, name) and {(schema, name): Relation} of it and its parents,
    from what the post-hook logged."""
    own = tuple(logged["relation"].split(".", 1))
    relations = {}
    for qualified, cols in logged.get("columns", {}).items():
        key = tuple(qualified.split(".", 1))
        rows = logged.get("row_count") if key == own else None
        relations[key] = Relation(key[0], key[1], tuple((c, t) for c, t in cols), rows)
    return own, relations


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


def described(event, node: Mapping[str, Any], relations, manifest, translator, target_path, project, cache):
    """The materialization with its column schema (types and descriptions), row count and column
    lineage added, from the relations logged so far."""
    rel = relations.get(relation_key(node))
    if rel is None:
        return event
    meta: dict[str, Any] = {"dagster/column_schema": column_schema(node, rel)}
    if rel.row_count is not None:
        meta["dagster/row_count"] = rel.row_count
    if cache is not None and node["resource_type"] == "model":
        found = model_lineage(node, relations, manifest, translator, target_path, project, cache)
        if found is not None:
            meta["dagster/column_lineage"] = found
    return event.with_metadata({**event.metadata, **meta})


def stream_described(invocation, translator, project, lineage: bool, cache: LineageCache | None = None) -> Iterator:
    """The invocation's Dagster events as dbt reports them, each model's and seed's
    materialization described from its post-hook's log line; check results pass as they are."""
    manifest = invocation.manifest
    nodes = manifest["nodes"]
    relations: dict[tuple[str, str], Relation] = {}
    cache = (cache or LineageCache()) if lineage else None
    try:
        for raw in invocation.stream_raw_events():
            logged = dbt_logged_metadata(raw).get(LOGGED_KEY)
            if logged:
                relations.update(logged_relations(logged)[1])
            for event in raw.to_default_asset_events(
                manifest=manifest,
                dagster_dbt_translator=translator,
                context=invocation.context,
                target_path=invocation.target_path,
                project=project,
            ):
                if logged and isinstance(event, Output | AssetMaterialization) and "unique_id" in event.metadata:
                    node = nodes[event.metadata["unique_id"].text]
                    event = described(
                        event, node, relations, manifest, translator, invocation.target_path, project, cache
                    )
                yield event
    finally:
        if cache is not None:
            cache.save()
