"""The working DuckDB database: raw tables, one per dataset, replaced a quarter at a time."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.submissions.periods import Period
from orchestration.submissions.specs import Dataset

RAW_SCHEMA = "raw"


_HOLDER = re.compile(r"Conflicting lock is held in (\S+) \(PID (\d+)\)")


class DatabaseInUse(RuntimeError):
    """The database file is held by another process."""


def open_database(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, with a refusal that names the process holding the file."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        m = _HOLDER.search(str(exc))
        if m:
            raise DatabaseInUse(
                f"{path} is locked by PID {m.group(2)} ({m.group(1)}): DuckDB lets one process write a database "
                "file, or many read it; stop that process or wait for it, then run this again"
            ) from None
        raise


@contextmanager
def connect(path: Path, read_only: bool = False):
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = open_database(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def create_raw_table(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> None:
    columns = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in dataset.raw_columns)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{dataset.name} (\n  {columns}\n)")


SUBMISSION_FILES = f"{RAW_SCHEMA}.submission_files"


def create_submission_files_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"""CREATE TABLE IF NOT EXISTS {SUBMISSION_FILES} (
        period VARCHAR, dataset VARCHAR, source_file VARCHAR, sha256 VARCHAR, row_count INTEGER,
        loaded_at TIMESTAMP, synthetic BOOLEAN, PRIMARY KEY (period, dataset))""")


def record_source(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    period: Period,
    source_file: str,
    sha256: str,
    row_count: int,
    synthetic: bool,
) -> None:
    """Which file (and its sha256) the quarter's rows of this dataset came from, and whether
    the folder was marked as synthetic data."""
    create_submission_files_table(con)
    con.execute(f"DELETE FROM {SUBMISSION_FILES} WHERE period = ? AND dataset = ?", [period.key, dataset.name])
    con.execute(
        f"INSERT INTO {SUBMISSION_FILES} VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?)",
        [period.key, dataset.name, source_file, sha256, row_count, synthetic],
    )


def replace_period(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    period: Period,
    frame: pd.DataFrame,
    source_file: str,
    transaction: bool = True,
) -> int:
    """Replace exactly this quarter's rows of the dataset; in a transaction of its own unless
    the caller holds one."""
    rows = frame.reset_index()
    rows.insert(0, "period", period.key)
    rows.insert(1, "year", period.year)
    rows.insert(2, "quarter", period.quarter)
    rows.insert(3, "source_file", source_file)
    names = [name for name, _ in dataset.raw_columns]
    rows = rows[names]
    if transaction:
        con.execute("BEGIN TRANSACTION")
    try:
        create_raw_table(con, dataset)
        con.execute(f"DELETE FROM {RAW_SCHEMA}.{dataset.name} WHERE period = ?", [period.key])
        con.register("incoming_rows", rows)
        quoted = ", ".join(f'"{n}"' for n in names)
        con.execute(f"INSERT INTO {RAW_SCHEMA}.{dataset.name} ({quoted}) SELECT {quoted} FROM incoming_rows")
        con.unregister("incoming_rows")
        if transaction:
            con.execute("COMMIT")
    except BaseException:
        if transaction:
            con.execute("ROLLBACK")
        raise
    return len(rows)
