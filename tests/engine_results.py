"""Reading the marts and reference tables of a dbt build on DuckDB, Postgres or Spark into one
comparable form, for the tests that prove the engines give the same results.

A table becomes (column names, sorted rows). Values are normalised deliberately, and only so:
- floats (and non-integral Decimals) are rounded to 9 significant digits: the engines compute
  the same doubles but may differ in the last bits (Postgres rounds through numeric);
- integral Decimals become ints (Postgres's numeric, Spark's decimal for a sum);
- a datetime at midnight becomes a date: `period_start` is a DATE built by make_date on every
  engine, but a driver may hand a date column back as a timestamp;
so that anything else that differs (a value, a row, a NULL, a column) fails the comparison."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

SCHEMAS = ("marts", "reference")
SIGNIFICANT_DIGITS = 9


def normalise(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or value == 0:
            return value
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()
    return value


def _sort_key(row: tuple) -> tuple:
    # NULLs first, then by type, so rows with NULLs and mixed int/float columns sort
    return tuple(
        (0, 0)
        if v is None
        else (1, v)
        if isinstance(v, int | float)
        else (2, v.isoformat())
        if isinstance(v, dt.date)
        else (3, str(v))
        for v in row
    )


def table(columns: list[str], rows) -> tuple[tuple[str, ...], list[tuple]]:
    normalised = [tuple(normalise(v) for v in row) for row in rows]
    return tuple(columns), sorted(normalised, key=_sort_key)


def duckdb_tables(db: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        names = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN (SELECT unnest(?)) AND table_type = 'BASE TABLE' ORDER BY 1, 2",
            [list(schemas)],
        ).fetchall()
        out = {}
        for schema, name in names:
            cur = con.execute(f'SELECT * FROM "{schema}"."{name}"')
            out[f"{schema}.{name}"] = table([d[0] for d in cur.description], cur.fetchall())
        return out
    finally:
        con.close()


def postgres_tables(dsn: str, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, tuple]:
    import psycopg2
    from psycopg2 import sql

    con = psycopg2.connect(dsn)
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema = ANY(%s) AND table_type = 'BASE TABLE' ORDER BY 1, 2",
                [list(schemas)],
            )
            names = cur.fetchall()
            out = {}
            for schema, name in names:
                cur.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, name)))
                out[f"{schema}.{name}"] = table([d[0] for d in cur.description], cur.fetchall())
            return out
    finally:
        con.close()


def spark_tables(spark_dir: Path, schemas: tuple[str, ...] = SCHEMAS, exact: bool = False) -> dict[str, tuple]:
    """Every table (views left out) of the schemas in the Spark metastore under spark_dir, read by
    Spark SQL in a child process: the metastore admits one JVM at a time, and a JVM started from
    Python lives as long as that Python process. `exact`: the values as Spark gave them, not
    normalised (rows in Spark's order)."""
    import pickle
    import subprocess
    import sys
    import tempfile

    from orchestration.warehouse.dbt_project import REPO_ROOT

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tables.pickle"
        proc = subprocess.run(
            [sys.executable, __file__, str(spark_dir), str(out), "exact" if exact else "normalised", *schemas],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        return pickle.loads(out.read_bytes())


def _read_spark_tables(spark_dir: Path, out: Path, exact: bool, schemas: tuple[str, ...]) -> None:
    import pickle

    from pyspark.sql import SparkSession

    from orchestration.warehouse.dbt_project import spark_session_conf

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_session_conf(spark_dir).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        tables = {}
        for schema in schemas:
            for t in spark.catalog.listTables(schema):
                if t.tableType in ("VIEW", "TEMPORARY"):
                    continue
                df = spark.table(f"`{schema}`.`{t.name}`")
                rows = [tuple(r) for r in df.collect()]
                tables[f"{schema}.{t.name}"] = (tuple(df.columns), rows) if exact else table(df.columns, rows)
        out.write_bytes(pickle.dumps(dict(sorted(tables.items()))))
    finally:
        spark.stop()


def differences(expected: dict[str, tuple], actual: dict[str, tuple], limit: int = 5) -> list[str]:
    """What differs between two sets of tables, as readable lines (empty when they are equal)."""
    out = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            out.append(f"{name}: missing")
            continue
        if name not in expected:
            out.append(f"{name}: not expected")
            continue
        (ecols, erows), (acols, arows) = expected[name], actual[name]
        if ecols != acols:
            out.append(f"{name}: columns {acols} != {ecols}")
            continue
        if erows != arows:
            missing = [r for r in erows if r not in arows][:limit]
            extra = [r for r in arows if r not in erows][:limit]
            out.append(f"{name}: {len(arows)} rows vs {len(erows)}; not found: {missing}; unexpected: {extra}")
    return out


def run_engine_build(target: str, target_path: Path, env: dict[str, str]) -> dict:
    """`dbt build` of the whole project on `target` in a child process, with the profile's
    variables in its environment only; returns {"returncode", "seconds", "results", "nodes",
    "output"} with run_results.json's results and the manifest's models, seeds and tests."""
    import json
    import os
    import subprocess
    import sys
    import time

    from orchestration.warehouse.dbt_project import REPO_ROOT, engine_build_args

    dbt = Path(sys.executable).with_name("dbt")
    started = time.monotonic()
    proc = subprocess.run(
        [str(dbt), *engine_build_args(target, target_path)],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.monotonic() - started
    out = {"returncode": proc.returncode, "seconds": seconds, "output": proc.stdout[-20000:] + proc.stderr[-5000:]}
    run_results, manifest = target_path / "run_results.json", target_path / "manifest.json"
    out["results"] = json.loads(run_results.read_text())["results"] if run_results.exists() else []
    out["nodes"] = (
        {
            u
            for u, n in json.loads(manifest.read_text())["nodes"].items()
            if n["resource_type"] in ("model", "seed", "test")
        }
        if manifest.exists()
        else set()
    )
    return out


def not_passed(build: dict) -> list[tuple[str, str, str]]:
    """(node, status, message) of every node that did not pass, and of every node never run."""
    bad = [
        (r["unique_id"], r["status"], (r.get("message") or "")[:300])
        for r in build["results"]
        if r["status"] not in ("success", "pass")
    ]
    ran = {r["unique_id"] for r in build["results"]}
    return bad + [(u, "not run", "") for u in sorted(build["nodes"] - ran)]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    _read_spark_tables(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "exact", tuple(sys.argv[4:]))
