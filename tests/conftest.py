import csv
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
def workspace(tmp_path):
    """A submissions folder, data folder and Dagster home of the test's own, through the environment."""
    with kinerja_env(tmp_path):
        yield tmp_path


# ---------------------------------------------------------------------------------------------
# A published baseline of the shipped quarter, made once per session, and what the fault,
# bad-submission and BI tests compare the served file against.

import hashlib  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402


def served_publication(served: Path) -> dict:
    """meta.publication of a served file as {column: value}; opens it read-only."""
    import duckdb

    con = duckdb.connect(str(served), read_only=True)
    try:
        cur = con.execute("SELECT * FROM meta.publication")
        rows = cur.fetchall()
        assert len(rows) == 1, f"meta.publication has {len(rows)} rows"
        return dict(zip([d[0] for d in cur.description], rows[0]))
    finally:
        con.close()


def marts_digest(served: Path) -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of every row in a fixed order)} for every table of schema marts."""
    import duckdb

    con = duckdb.connect(str(served), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for name in names:
            rows = con.execute(f'SELECT * FROM marts."{name}" ORDER BY ALL').fetchall()
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return out
    finally:
        con.close()


def served_state(served: Path) -> tuple[dict, dict]:
    return served_publication(served), marts_digest(served)


def leftovers(data_dir: Path) -> list[str]:
    """Half-written publications (and their WAL files) next to the served file."""
    return sorted(p.name for p in data_dir.glob("warehouse.duckdb.publishing-*"))


@contextmanager
def kinerja_env(root: Path):
    """Point the product at root/submissions, root/data and root/dagster_home, restoring the
    environment afterwards (usable from fixtures of any scope)."""
    (root / "submissions").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(parents=True, exist_ok=True)
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINERJA_SUBMISSIONS_DIR", str(root / "submissions"))
        mp.setenv("KINERJA_DATA_DIR", str(root / "data"))
        # Set explicitly (not deleted): a refresh writes KINERJA_WORKING_DB into os.environ
        # for dbt, and setenv makes the context restore it afterwards.
        mp.setenv("KINERJA_WORKING_DB", str(root / "data" / "working.duckdb"))
        mp.setenv("KINERJA_WAREHOUSE_DB", str(root / "data" / "warehouse.duckdb"))
        mp.setenv("DAGSTER_HOME", str(home))
        yield root


@dataclass(frozen=True)
class Baseline:
    """The shipped quarter refreshed and published once; `install` gives a test its own copy."""

    root: Path
    served_db: Path
    working_db: Path
    publication: dict
    digest: dict

    def install(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.served_db, data_dir / "warehouse.duckdb")
        shutil.copyfile(self.working_db, data_dir / "working.duckdb")


@pytest.fixture(scope="session")
def published_baseline(tmp_path_factory) -> Baseline:
    from dagster import DagsterInstance

    from orchestration.runtime.instance import prepare_instance
    from orchestration.runtime.runner import refresh

    root = tmp_path_factory.mktemp("baseline")
    with kinerja_env(root):
        copy_quarter(root / "submissions")
        # A real instance under root/dagster_home, as `kinerja refresh` keeps one: the UI test
        # serves this run's history (materializations, check results, their metadata).
        prepare_instance(root / "dagster_home")
        with DagsterInstance.from_config(str(root / "dagster_home")) as instance:
            outcomes = refresh([SHIPPED_QUARTER], instance=instance, quiet=True)
    assert outcomes and all(o.success for o in outcomes), f"the shipped quarter did not refresh: {outcomes}"
    served = root / "data" / "warehouse.duckdb"
    publication, digest = served_state(served)
    assert len(digest) >= 7 and all(n > 0 for n, _ in digest.values()), digest
    return Baseline(root, served, root / "data" / "working.duckdb", publication, digest)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL 15+ server for the session (tests/postgres_server.py)."""
    from postgres_server import start_server

    server = start_server()
    try:
        yield server
    finally:
        server.stop()
