"""The working database's raw schema, copied to another engine so the same dbt project can build
there: every table of DuckDB's `raw` schema, with its rows, into a Postgres database
(`copy_raw_to_postgres`) or a Spark metastore (`copy_raw_to_spark`).

Table and column names come from the DuckDB catalog; every type is mapped explicitly (a type
without a mapping is refused, naming the table and column, rather than guessed)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse.database import RAW_SCHEMA, open_database
from orchestration.warehouse.dbt_project import spark_session_conf
from orchestration.warehouse.paths import REPO_ROOT

POSTGRES_IDENTIFIER_BYTES = 63  # longer names are silently truncated by Postgres: refuse them instead
FETCH_ROWS = 10_000

# DuckDB type (as information_schema.columns.data_type spells it) -> Postgres type, as Postgres's
# format_type() spells it, so an existing table's columns can be compared with the wanted ones.
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


class UnsupportedColumn(ValueError):
    """A raw column whose DuckDB type has no explicit mapping to the target engine."""


@dataclass(frozen=True)
class RawTable:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)


def _mapped_type(duckdb_type: str, types: dict[str, str], decimal: str, engine: str, where: str) -> str:
    key = duckdb_type.upper().strip()
    if key in types:
        return types[key]
    m = _DECIMAL.fullmatch(key)
    if m:
        return decimal.format(m.group(1), m.group(2))
    table = f"{engine.upper()}_TYPES"
    raise UnsupportedColumn(f"{where}: DuckDB type {duckdb_type} has no {engine} mapping in raw_transfer.{table}")


def postgres_type(duckdb_type: str, where: str = "") -> str:
    """The Postgres column type for a DuckDB one; UnsupportedColumn if there is no mapping."""
    return _mapped_type(duckdb_type, POSTGRES_TYPES, "numeric({},{})", "Postgres", where)


def raw_tables(con, schema: str = RAW_SCHEMA) -> list[RawTable]:
    """Every base table of the DuckDB schema with its columns in order, from the catalog."""
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns AS c "
        "JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position",
        [schema],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return [RawTable(name, tuple(cols)) for name, cols in tables.items()]


def _duckdb_rows(con, schema: str, table: RawTable) -> Iterator[tuple]:
    columns = ", ".join('"' + c.replace('"', '""') + '"' for c, _ in table.columns)
    name = '"' + table.name.replace('"', '""') + '"'
    cur = con.execute(f'SELECT {columns} FROM "{schema}".{name}')
    while chunk := cur.fetchmany(FETCH_ROWS):
        yield from chunk


# --- Postgres --------------------------------------------------------------------------------------

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text_value(value) -> str:
    """One value in COPY's text format: NULL is \\N; backslash, tab, newline and carriage return
    are escaped; floats in their shortest round-trip form (Postgres reads them back exactly)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).translate(_TEXT_ESCAPES)


def copy_text_lines(rows: Iterator[Sequence]) -> Iterator[str]:
    for row in rows:
        yield "\t".join(copy_text_value(v) for v in row) + "\n"


class _LineReader:
    """A file-like object over an iterator of lines, for psycopg2's copy_expert (which calls
    read(size)): a table streams from DuckDB to Postgres without being held in memory."""

    def __init__(self, lines: Iterator[str]):
        self._lines = lines
        self._buffer = ""

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            try:
                self._buffer += next(self._lines)
            except StopIteration:
                break
        if size < 0:
            out, self._buffer = self._buffer, ""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out


def _check_identifier(name: str, where: str) -> None:
    if len(name.encode()) > POSTGRES_IDENTIFIER_BYTES:
        raise UnsupportedColumn(f"{where}: name longer than Postgres's {POSTGRES_IDENTIFIER_BYTES} bytes")


def _postgres_columns(cur, schema: str) -> dict[str, list[tuple[str, str]]]:
    cur.execute(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_catalog.pg_attribute AS a "
        "JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY c.relname, a.attnum",
        [schema],
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, pg_type in cur.fetchall():
        out.setdefault(table, []).append((column, pg_type))
    return out


def copy_raw_to_postgres(working_db: Path, dsn: str, schema: str = "raw") -> list[str]:
    """Copy every table of the DuckDB working database's raw schema into the Postgres database at
    `dsn`, schema `schema`, and return the table names.

    The schema's tables are replaced in one transaction: afterwards it holds exactly DuckDB's raw
    tables and rows (a table no longer in DuckDB is dropped); a failure leaves it as it was. A
    table whose columns and types are unchanged is truncated and refilled, so the views dbt built
    on it stay; one whose columns changed is dropped with its dependent views (the next dbt
    build recreates them) and created anew."""
    import psycopg2
    from psycopg2 import sql

    duck = open_database(working_db, read_only=True)
    try:
        tables = raw_tables(duck)
        wanted: dict[str, list[tuple[str, str]]] = {}
        for table in tables:
            _check_identifier(table.name, f"{RAW_SCHEMA}.{table.name}")
            cols = []
            for column, duck_type in table.columns:
                where = f"{RAW_SCHEMA}.{table.name}.{column}"
                _check_identifier(column, where)
                cols.append((column, postgres_type(duck_type, where)))
            wanted[table.name] = cols

        pg = psycopg2.connect(dsn)
        try:
            with pg, pg.cursor() as cur:  # one transaction: committed on success, rolled back on error
                cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
                existing = _postgres_columns(cur, schema)
                for gone in sorted(set(existing) - set(wanted)):
                    cur.execute(sql.SQL("DROP TABLE {} CASCADE").format(sql.Identifier(schema, gone)))
                for table in tables:
                    target = sql.Identifier(schema, table.name)
                    cols = wanted[table.name]
                    if existing.get(table.name) == cols:
                        cur.execute(sql.SQL("TRUNCATE {}").format(target))
                    else:
                        cur.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(target))
                        cur.execute(
                            sql.SQL("CREATE TABLE {} ({})").format(
                                target,
                                sql.SQL(", ").join(
                                    sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in cols
                                ),
                            )
                        )
                    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                        target, sql.SQL(", ").join(sql.Identifier(c) for c, _ in cols)
                    )
                    cur.copy_expert(
                        copy.as_string(pg), _LineReader(copy_text_lines(_duckdb_rows(duck, RAW_SCHEMA, table)))
                    )
        finally:
            pg.close()
    finally:
        duck.close()
    return [t.name for t in tables]


# --- Spark -----------------------------------------------------------------------------------------

# DuckDB type -> Spark SQL type. A DuckDB TIMESTAMP has no time zone: Spark's TIMESTAMP_NTZ.
SPARK_TYPES = {
    "VARCHAR": "STRING",
    "BOOLEAN": "BOOLEAN",
    "TINYINT": "TINYINT",
    "SMALLINT": "SMALLINT",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "FLOAT": "FLOAT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMP",
}
SPARK_REGISTER_SECONDS = 900


def spark_type(duckdb_type: str, where: str = "") -> str:
    """The Spark column type for a DuckDB one; UnsupportedColumn if there is no mapping."""
    return _mapped_type(duckdb_type, SPARK_TYPES, "DECIMAL({},{})", "Spark", where)


def spark_identifier(name: str) -> str:
    """A Spark SQL identifier, backtick-quoted (a backtick in it doubled)."""
    return "`" + name.replace("`", "``") + "`"


def spark_string(value: str) -> str:
    """A Spark SQL string literal (Spark reads a backslash in one as an escape)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def spark_register_statements(schema: str, table: str, columns: Sequence[tuple[str, str]], location: Path) -> list[str]:
    """The statements that replace `schema.table` by a table over the Parquet files in `location`,
    with exactly these columns and types (no data is copied: the metastore records where they are)."""
    target = f"{spark_identifier(schema)}.{spark_identifier(table)}"
    definition = ", ".join(f"{spark_identifier(c)} {t}" for c, t in columns)
    return [
        f"DROP TABLE IF EXISTS {target}",
        f"CREATE TABLE {target} ({definition}) USING parquet LOCATION {spark_string(str(location))}",
    ]


def copy_raw_to_spark(working_db: Path, spark_dir: Path, schema: str = "raw") -> list[str]:
    """Copy every table of the DuckDB working database's raw schema into the Spark metastore under
    `spark_dir` (dbt_project.spark_session_conf: the one dbt's `spark` target uses), as tables
    of database `schema`, and return the table names.

    DuckDB writes each table as Parquet under spark_dir/raw_files/<this copy>/; a child Python
    process starts the Spark session and points the database's tables at those files, with the
    column types mapped explicitly (a table no longer in DuckDB is dropped); the files of earlier
    copies are then removed. A child, because Spark's embedded Derby metastore admits one JVM at a
    time and a JVM started from Python lives as long as that Python process: when the child
    exits, dbt's session can open the metastore. Spark's metastore has no transactions: the tables
    are replaced one after another, so a failure part way leaves some replaced (each table whole,
    and the earlier files kept); running it again completes the copy."""
    spark_dir = Path(spark_dir).resolve()
    files = spark_dir / "raw_files"
    files.mkdir(parents=True, exist_ok=True)
    conf = spark_session_conf(spark_dir)
    this_copy = Path(tempfile.mkdtemp(prefix=dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S-"), dir=files))
    duck = open_database(working_db, read_only=True)
    try:
        tables = raw_tables(duck)
        spec = []
        for table in tables:
            columns = [(c, spark_type(t, f"{RAW_SCHEMA}.{table.name}.{c}")) for c, t in table.columns]
            location = this_copy / f"{len(spec):03d}"
            location.mkdir()
            quoted = ", ".join('"' + c.replace('"', '""') + '"' for c, _ in table.columns)
            name = '"' + table.name.replace('"', '""') + '"'
            duck.sql(f'SELECT {quoted} FROM "{RAW_SCHEMA}".{name}').write_parquet(str(location / "data.parquet"))
            spec.append({"table": table.name, "columns": columns, "location": str(location)})
    except BaseException:
        shutil.rmtree(this_copy, ignore_errors=True)
        raise
    finally:
        duck.close()
    job = this_copy / "job.json"
    job.write_text(json.dumps({"conf": conf, "schema": schema, "tables": spec}))
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.warehouse.raw_transfer", str(job)],
        cwd=REPO_ROOT,  # `-m` imports this checkout's module
        capture_output=True,
        text=True,
        timeout=SPARK_REGISTER_SECONDS,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"registering the raw tables in Spark failed (exit {proc.returncode}):\n{tail}")
    for earlier in files.iterdir():
        if earlier != this_copy:
            shutil.rmtree(earlier, ignore_errors=True)
    return [t.name for t in tables]


def _register_in_spark(job: Path) -> None:
    """The child of copy_raw_to_spark: one Spark session, the job's tables replaced in it."""
    from pyspark.sql import SparkSession

    spec = json.loads(job.read_text())
    builder = SparkSession.builder.enableHiveSupport()  # as dbt-spark's session method builds it
    for key, value in spec["conf"].items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        schema = spec["schema"]
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {spark_identifier(schema)}")
        wanted = {t["table"] for t in spec["tables"]}
        for existing in spark.catalog.listTables(schema):
            if not existing.isTemporary and existing.name not in wanted:
                spark.sql(f"DROP TABLE IF EXISTS {spark_identifier(schema)}.{spark_identifier(existing.name)}")
        for table in spec["tables"]:
            for statement in spark_register_statements(
                schema, table["table"], table["columns"], Path(table["location"])
            ):
                spark.sql(statement)
    finally:
        spark.stop()


if __name__ == "__main__":
    _register_in_spark(Path(sys.argv[1]))
