"""What the working database holds of a quarter, per dataset: what `kinerja status` prints."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from orchestration.submissions.catalog import figure_datasets
from orchestration.submissions.specs import DATASETS
from orchestration.warehouse.database import RAW_SCHEMA, SUBMISSION_FILES
from orchestration.warehouse.figures import STATUS_TABLE
from orchestration.warehouse.paths import Paths

NOT_LOADED = "not loaded"


@dataclass(frozen=True)
class DatasetStatus:
    dataset: str
    status: str  # in | missing | refused | not loaded
    rows: int | None = None
    source_file: str | None = None
    detail: str | None = None


def _tables(con) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [RAW_SCHEMA]
        ).fetchall()
    }


def quarter_status(paths: Paths, quarter: str) -> list[DatasetStatus]:
    names = [*DATASETS, *figure_datasets()]
    if not paths.working_db.exists():
        return [DatasetStatus(n, NOT_LOADED, detail="nothing refreshed yet: run `kinerja refresh`") for n in names]
    con = duckdb.connect(str(paths.working_db), read_only=True)
    try:
        tables = _tables(con)
        loaded = {}
        if "submission_files" in tables:
            loaded = {
                d: (n, f)
                for d, n, f in con.execute(
                    f"SELECT dataset, row_count, source_file FROM {SUBMISSION_FILES} WHERE period = ?", [quarter]
                ).fetchall()
            }
        status = {}
        if "dataset_status" in tables:
            status = {
                d: (s, n, f, p)
                for d, s, n, f, p in con.execute(
                    f"SELECT dataset, status, rows, source_file, first_problem FROM {STATUS_TABLE} WHERE period = ?",
                    [quarter],
                ).fetchall()
            }
    finally:
        con.close()
    out = []
    for name in names:
        if name in status:
            s, n, f, problem = status[name]
            kept = loaded.get(name)
            if s == "refused":
                detail = problem + (f" (the warehouse keeps {kept[0]} rows from {kept[1]})" if kept else "")
            elif s == "missing":
                detail = "no file for it in the quarter's folder yet" + (
                    f" (kept: {kept[0]} rows from {kept[1]})" if kept else ""
                )
            else:
                detail = None
            out.append(DatasetStatus(name, s, n, f, detail))
        elif name in loaded:
            out.append(DatasetStatus(name, "in", loaded[name][0], loaded[name][1]))
        else:
            out.append(DatasetStatus(name, NOT_LOADED, detail=f"not in the warehouse for {quarter}"))
    return out
