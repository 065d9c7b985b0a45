import csv
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "submissions"
SHIPPED_QUARTER = "2024-Q2"


def copy_quarter(dest_root: Path, quarter: str = SHIPPED_QUARTER, as_quarter: str | None = None) -> Path:
    dest = dest_root / (as_quarter or quarter)
    shutil.copytree(SHIPPED / quarter, dest)
    return dest


def csv_to_xlsx(folder: Path, workbook: Path, remove_csv: bool = True, numbers_as_text: bool = True) -> None:
    """The CSVs of a submission as one workbook, a sheet per dataset, each cell as the CSV's text."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for path in sorted(folder.glob("*.csv")):
        ws = wb.create_sheet(path.stem)
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                ws.append([c if c != "" else None for c in row])
        if remove_csv:
            path.unlink()
    wb.save(workbook)


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell, `row` counted as the user sees it (header = 1)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A submissions folder and data folder of the test's own, through the environment."""
    subs = tmp_path / "submissions"
    subs.mkdir()
    data = tmp_path / "data"
    monkeypatch.setenv("KINERJA_SUBMISSIONS_DIR", str(subs))
    monkeypatch.setenv("KINERJA_DATA_DIR", str(data))
    monkeypatch.delenv("KINERJA_WORKING_DB", raising=False)
    monkeypatch.delenv("KINERJA_WAREHOUSE_DB", raising=False)
    return tmp_path
