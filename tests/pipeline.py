"""Run the real refresh job into a temporary directory, for tests that need built marts."""

import json
from pathlib import Path

import duckdb
from conftest import kinerja_env


def environment(root: Path):
    """Point the warehouse at `root` (see conftest.kinerja_env, the one way tests do it)."""
    return kinerja_env(root)


def mark_synthetic(folder: Path, note: str) -> None:
    (folder / "_synthetic.json").write_text(json.dumps({"synthetic": True, "note": note}))


def run_refresh(quarters, datasets=None):
    from dagster import DagsterInstance

    from orchestration.runtime.runner import refresh

    with DagsterInstance.ephemeral() as instance:
        outcomes = refresh(quarters, instance=instance, quiet=True, datasets=datasets)
        records = {o.run_id: instance.get_records_for_run(o.run_id).records for o in outcomes}
    return outcomes, records


def query(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
