"""What the working database holds after a build: every relation's columns with their types,
and the row count of every table, read in one read-only connection that is closed before the
refresh goes on (DuckDB lets one process write a file, or many read it: this runs only once
dbt, the writer, has exited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse.database import connect


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type), in the table's order
    row_count: int | None  # tables only; a view's rows are its query's, not stored


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def describe_relations(db: Path, counted: Iterable[tuple[str, str]] = ()) -> dict[tuple[str, str], Relation]:
    """{(schema, name): Relation} for every table and view of `db`; rows counted for the
    (schema, name) pairs in `counted` that are tables."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT c.table_schema, c.table_name, c.column_name, c.data_type, t.table_type"
            " FROM information_schema.columns c JOIN information_schema.tables t"
            " USING (table_catalog, table_schema, table_name)"
            " WHERE c.table_catalog = current_database()"
            " ORDER BY c.table_schema, c.table_name, c.ordinal_position"
        ).fetchall()
        columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
        tables = set()
        for schema, name, column, data_type, table_type in rows:
            columns.setdefault((schema, name), []).append((column, data_type))
            if table_type == "BASE TABLE":
                tables.add((schema, name))
        wanted = sorted(set(counted) & tables)
        counts: dict[tuple[str, str], int] = {}
        if wanted:
            sql = " UNION ALL ".join(
                f"SELECT {i} AS i, count(*) AS n FROM {quoted(s)}.{quoted(n)}" for i, (s, n) in enumerate(wanted)
            )
            for i, n in con.execute(sql).fetchall():
                counts[wanted[i]] = n
    return {key: Relation(key[0], key[1], tuple(cols), counts.get(key)) for key, cols in columns.items()}
