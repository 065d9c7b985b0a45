"""Digest of every marts and reference table of a DuckDB `dbt build`, to show that a change to the
dbt layer leaves every result byte-identical: run it before and after the change on the same raw
data and compare the two outputs.

    .venv/bin/python bench/marts_digest.py data/working.duckdb > after.json
    .venv/bin/python bench/marts_digest.py data/working.duckdb --project-dir /tmp/base > before.json
    diff before.json after.json

The working database is copied first (the original is never written); dbt builds the copy with
its own target folder, so the project's partial-parse state is left alone. Each table's digest
is the sha256 of its CSV export ordered by every column, with its column names and types.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = ("marts", "reference")


def table_digests(db: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, dict]:
    """{schema.table: {rows, columns, sha256}} for every table of the schemas."""
    con = duckdb.connect(str(db), read_only=True)
    out: dict[str, dict] = {}
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN (SELECT unnest(?)) AND table_type = 'BASE TABLE' ORDER BY 1, 2",
            [list(schemas)],
        ).fetchall()
        with tempfile.TemporaryDirectory() as tmp:
            for schema, name in tables:
                columns = con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                    [schema, name],
                ).fetchall()
                csv = Path(tmp) / f"{schema}.{name}.csv"
                con.execute(f'COPY (SELECT * FROM "{schema}"."{name}" ORDER BY ALL) TO \'{csv}\' (HEADER)')
                rows = con.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()[0]
                out[f"{schema}.{name}"] = {
                    "rows": rows,
                    "columns": [f"{c} {t}" for c, t in columns],
                    "sha256": hashlib.sha256(csv.read_bytes()).hexdigest(),
                }
    finally:
        con.close()
    return out


def build_and_digest(working_db: Path, project_dir: Path) -> dict[str, dict]:
    dbt = Path(sys.executable).with_name("dbt")
    with tempfile.TemporaryDirectory(prefix="kinerja-digest-") as tmp:
        copy = Path(tmp) / "working.duckdb"
        shutil.copyfile(working_db, copy)
        env = {**os.environ, "KINERJA_WORKING_DB": str(copy)}
        subprocess.run(
            [str(dbt), "build", "--quiet", "--project-dir", str(project_dir), "--profiles-dir",
             str(project_dir / "profiles"), "--target-path", str(Path(tmp) / "target"), "--target", "dev"],
            check=True, env=env, cwd=project_dir,
        )  # fmt: skip
        return table_digests(copy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("working_db", type=Path, help="a working DuckDB database with its raw schema loaded")
    parser.add_argument("--project-dir", type=Path, default=REPO, help="the dbt project to build (default: this one)")
    args = parser.parse_args(argv)
    digests = build_and_digest(args.working_db.resolve(), args.project_dir.resolve())
    json.dump(digests, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
