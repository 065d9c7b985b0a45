"""Run the real refresh job into a temporary directory, for tests that need built marts."""

import json
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest


@contextmanager
def environment(root: Path):
    """Point the warehouse at `root`: submissions/, data/ and a Dagster home of its own."""
    with pytest.MonkeyPatch.context() as mp:
        (root / "submissions").mkdir(parents=True, exist_ok=True)
        mp.setenv("KINERJA_SUBMISSIONS_DIR", str(root / "submissions"))
        mp.setenv("KINERJA_DATA_DIR", str(root / "data"))
        mp.delenv("KINERJA_WORKING_DB", raising=False)
        mp.delenv("KINERJA_WAREHOUSE_DB", raising=False)
        yield root


def mark_synthetic(folder: Path, note: str) -> None:
    (folder / "_synthetic.json").write_text(json.dumps({"synthetic": True, "note": note}))


def run_refresh(quarters):
    from dagster import DagsterInstance

    from orchestration.runtime.runner import refresh

    with DagsterInstance.ephemeral() as instance:
        outcomes = refresh(quarters, instance=instance, quiet=True)
        records = {o.run_id: instance.get_records_for_run(o.run_id).records for o in outcomes}
    return outcomes, records


def query(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
