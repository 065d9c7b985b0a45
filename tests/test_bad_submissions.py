"""The corpus of broken submissions (tests/bad_submissions.py): `kinerja check` names each
problem so a clerk can fix it, `kinerja refresh` refuses it and leaves the served file as it
was; and what Excel writes (BOM, Windows-1252, ';') loads exactly like the shipped files."""

from __future__ import annotations

import hashlib

import bad_submissions as bs
import duckdb
import pandas as pd
import pytest
from conftest import (
    SHIPPED_QUARTER,
    copy_quarter,
    edit_csv,
    kinerja_env,
    leftovers,
    marts_digest,
    served_publication,
    served_state,
)

from orchestration.runtime.cli import main
from orchestration.submissions.check import check_dataset, check_path
from orchestration.submissions.specs import DATASETS


@pytest.fixture
def folder(tmp_path):
    """The shipped quarter in a folder of the test's own, to break; nothing is published."""
    with kinerja_env(tmp_path):
        yield copy_quarter(tmp_path / "submissions")


@pytest.fixture
def ws(tmp_path, published_baseline):
    """A workspace of the test's own: the shipped quarter to break, the baseline published."""
    from dagster import DagsterInstance

    with kinerja_env(tmp_path), pytest.MonkeyPatch.context() as mp:
        # `kinerja refresh` runs on DagsterInstance.get(), a sqlite instance under DAGSTER_HOME
        # that costs ~6 s a run to record the planned asset events; an in-memory one runs
        # the same job in a fraction of the time.
        mp.setattr(DagsterInstance, "get", staticmethod(DagsterInstance.ephemeral))
        published_baseline.install(tmp_path / "data")
        ws = Workspace(tmp_path, copy_quarter(tmp_path / "submissions"), published_baseline)
        yield ws


class Workspace:
    def __init__(self, root, folder, baseline):
        self.root, self.folder, self.baseline = root, folder, baseline
        self.data = root / "data"
        self.served = self.data / "warehouse.duckdb"

    def files_digest(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(self.data.iterdir()) if p.is_file()}

    def assert_served_unchanged(self):
        assert leftovers(self.data) == []
        publication, digest = served_state(self.served)
        assert publication == self.baseline.publication, "meta.publication changed"
        assert digest == self.baseline.digest, "the served marts changed"


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run_cli(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out + out.err


def find(problems, e: bs.Expect):
    def fits(p):
        return (
            p.file == e.file
            and p.row == e.row
            and p.column == e.column
            and (e.value is None or p.value == e.value)
            and e.rule.lower() in p.rule.lower()
            and (e.suggestion is None or e.suggestion.lower() in (p.suggestion or "").lower())
        )

    hits = [p for p in problems if fits(p)]
    assert hits, f"expected a problem like {e}\nthe product reported:\n" + "\n".join(f"  {p!r}" for p in problems)
    return hits[0]


# --------------------------------------------------------------------------- broken: check


@pytest.mark.parametrize("case", bs.CASES, ids=lambda c: c.id)
def test_check_names_the_problem(case, folder, capsys):
    path = case.build(folder)
    data = folder.parent.parent / "data"
    before = sorted(data.rglob("*")) if data.exists() else []
    rc, out = run_cli(capsys, "check", str(path))
    assert rc == 1, out
    _, problems = check_path(path)
    for e in case.expect:
        p = find(problems, e)
        assert f"  - {p}" in out, f"`kinerja check` did not print {p}:\n{out}"
    repeated = sorted({str(p) for p in problems if problems.count(p) > 1})
    assert not repeated, "the same problem is printed more than once:\n" + "\n".join(repeated)
    after = sorted(data.rglob("*")) if data.exists() else []
    assert after == before, "`kinerja check` touched the data folder"


# --------------------------------------------------------------------------- broken: refresh


# Every case is refused by the check above, which the refresh runs first; these few go end to end.
END_TO_END = ["unknown_commodity", "renamed_column", "missing_file", "header_but_no_rows", "symlink_to_system_file"]


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in bs.CASES if c.id in END_TO_END], ids=lambda c: c.id)
def test_refresh_refuses_and_keeps_the_publication(case, ws, capsys):
    case.build(ws.folder)
    rc, out = run_cli(capsys, "refresh", SHIPPED_QUARTER)
    assert rc == 1, out
    assert "FAILED" in out
    ws.assert_served_unchanged()


@pytest.mark.slow
@pytest.mark.parametrize("case_id", ["unknown_commodity", "renamed_column", "missing_file"])
def test_refresh_prints_the_problems_it_stopped_on(case_id, ws, capsys):
    """`kinerja refresh` ends with "See the problems above": they must be above, each as
    `kinerja check` prints it (file, row, column, value, rule, suggestion)."""
    case = bs.BY_ID[case_id]
    case.build(ws.folder)
    _, problems = check_path(ws.folder)
    rc, out = run_cli(capsys, "refresh", SHIPPED_QUARTER)
    assert rc == 1
    for e in case.expect:
        p = find(problems, e)
        if str(p) not in out:
            pytest.fail(
                f"`kinerja refresh` failed without showing the problem\n  {p}\nIt printed:\n{out}", pytrace=False
            )


# --------------------------------------------------------------------------- links, folders, arguments


@pytest.mark.slow  # needs the published baseline (a real refresh)
@pytest.mark.parametrize("case_id", ["symlink_to_system_file", "symlink_to_file_outside_folder"])
def test_a_linked_file_checked_on_its_own_is_refused(case_id, ws, capsys):
    """`kinerja check quarter/sampling.csv` must judge the file as refresh does: a link is
    refused, never followed (nor its target's content printed)."""
    bs.BY_ID[case_id].build(ws.folder)
    rc, out = run_cli(capsys, "check", str(ws.folder / "sampling.csv"))
    assert rc == 1, f"check of a linked sampling.csv passed although refresh refuses it:\n{out}"
    assert "link" in out and "refused" in out, out
    assert "root:x:0:0" not in out, "check followed the link and printed /etc/passwd"


@pytest.mark.slow  # needs the published baseline (a real refresh)
def test_a_quarter_folder_that_links_elsewhere_is_refused(ws, capsys):
    real = ws.root / "elsewhere" / SHIPPED_QUARTER
    real.parent.mkdir()
    ws.folder.rename(real)
    ws.folder.symlink_to(real, target_is_directory=True)
    rc, out = run_cli(capsys, "check", str(ws.folder))
    assert rc == 1, out
    _, problems = check_path(ws.folder)
    assert problems and all("outside the submissions directory" in p.rule for p in problems), problems
    assert len(problems) == len(set(problems)), f"the same problem is reported {len(problems)} times:\n{out}"
    rc, out = run_cli(capsys, "refresh", SHIPPED_QUARTER)
    assert rc == 1, out
    ws.assert_served_unchanged()


@pytest.mark.slow  # needs the published baseline (a real refresh)
@pytest.mark.parametrize("name", ["2024-Q5", "Q2-2024", "2024-q2", "2024-Q2 "])
def test_a_folder_that_is_not_named_as_a_quarter(name, ws, capsys):
    folder = ws.folder.rename(ws.folder.with_name(name))
    rc, out = run_cli(capsys, "check", str(folder))
    assert rc == 1, out
    assert f"{name}: value {name!r}: folder name is not a quarter (suggestion: name the folder YYYY-Qn" in out
    rc, out = run_cli(capsys, "refresh")  # every quarter folder: there is none
    assert rc == 1, out
    assert f"skipped  {folder}: folder name is not a quarter (YYYY-Qn)" in out
    rc, out = run_cli(capsys, "refresh", name)
    assert rc != 0 and "not a quarter" in out and name in out, out
    ws.assert_served_unchanged()


@pytest.mark.parametrize(
    "arg",
    [
        "2024-Q2; rm -rf /",
        "../../etc",
        "../2024-Q2",
        "2024-Q2/../../etc",
        "/etc",
        "2024-Q2\nDROP",
        "2024-Q2' OR '1'='1",
    ],
)
@pytest.mark.slow  # needs the published baseline (a real refresh)
def test_a_quarter_argument_that_is_not_a_quarter_is_refused_before_anything_runs(arg, ws, capsys):
    # A valid quarter where a path-following reading of `../2024-Q2` would land.
    copy_quarter(ws.root, as_quarter=SHIPPED_QUARTER)
    before = ws.files_digest()
    mtimes = {p: p.stat().st_mtime_ns for p in ws.data.iterdir()}
    rc, out = run_cli(capsys, "refresh", arg)
    assert rc != 0, out
    assert "not a quarter" in out and arg.splitlines()[0] in out, out
    assert "start   raw__" not in out, "a run started"
    assert ws.files_digest() == before and {p: p.stat().st_mtime_ns for p in ws.data.iterdir()} == mtimes
    rc, out = run_cli(capsys, "check", arg)
    assert rc == 1, out


# --------------------------------------------------------------------------- accepted variants


def _frames(folder, dataset):
    return check_dataset(folder.parent, DATASETS[dataset], folder.name).result.frame


@pytest.mark.parametrize("case", bs.ACCEPTED, ids=lambda c: c.id)
def test_what_excel_writes_reads_exactly_like_the_shipped_file(case, tmp_path, capsys):
    variant = copy_quarter(tmp_path / "variant")
    reference = copy_quarter(tmp_path / "reference")
    case.build(variant)
    if case.id.startswith("windows_1252"):
        bs.unit_names_edited(reference)  # the same names, saved as UTF-8
        assert b"\x96" in (variant / "budget_units.csv").read_bytes()  # the en dash, as cp1252 writes it
    assert (variant / f"{case.dataset}.csv").read_bytes() != (reference / f"{case.dataset}.csv").read_bytes()
    rc, out = run_cli(capsys, "check", str(variant))
    assert rc == 0, out
    got, want = _frames(variant, case.dataset), _frames(reference, case.dataset)
    pd.testing.assert_frame_equal(got, want)
    if case.id.startswith("windows_1252"):
        names = set(got["unit_kerja"])
        assert {bs.PALANGKARAYA_NEW, bs.ACCENT_NEW, bs.INJECTION_NEW} <= names


def test_a_file_that_is_neither_utf8_nor_1252_is_refused_not_misread(tmp_path, capsys):
    """Bytes that are undefined in Windows-1252 (0x81, 0x8d, 0x8f, 0x90, 0x9d) cannot be
    guessed: the file is refused with the fix, not loaded with invented characters."""
    folder = copy_quarter(tmp_path / "submissions")
    path = folder / "perkara.csv"
    path.write_bytes(path.read_bytes().replace(b"Putusan", b"Putusan\x81"))
    rc, out = run_cli(capsys, "check", str(folder))
    assert rc == 1, out
    assert "perkara.csv: is neither UTF-8 nor Windows-1252 text" in out and "CSV UTF-8" in out


@pytest.mark.slow
def test_excel_variants_publish_the_same_marts(ws, capsys):
    """One refresh of the quarter as Excel saves it on Indonesian and Western Windows PCs:
    sampling.csv and rkp_indicators.csv as "CSV UTF-8" (BOM), budget_summary.csv and
    perkara.csv ';'-delimited in Windows-1252, budget_units.csv in Windows-1252 with an en
    dash, an accent and a unit name that looks like SQL. The refresh succeeds; every mart
    equals the baseline's, except the three unit names, stored exactly as typed."""
    bs.as_excel_utf8_bom(ws.folder / "sampling.csv")
    bs.as_excel_utf8_bom(ws.folder / "rkp_indicators.csv")
    bs.as_indonesian_excel(ws.folder / "budget_summary.csv")
    bs.as_indonesian_excel(ws.folder / "perkara.csv")
    bs.unit_names_edited(ws.folder)
    bs.as_windows_1252(ws.folder / "budget_units.csv")

    rc, out = run_cli(capsys, "check", str(ws.folder))
    assert rc == 0, out
    rc, out = run_cli(capsys, "refresh", SHIPPED_QUARTER)
    assert rc == 0, out
    assert leftovers(ws.data) == []

    publication = served_publication(ws.served)
    assert publication["run_id"] != ws.baseline.publication["run_id"]
    assert publication["tables"] == ws.baseline.publication["tables"]
    digest = marts_digest(ws.served)
    assert set(digest) == set(ws.baseline.digest)
    for name in digest:
        # unit names typed differently; mart_book_figures also names each figure's source file
        if name not in ("mart_budget_rankings", "mart_book_figures"):
            assert digest[name] == ws.baseline.digest[name], f"marts.{name} differs from the baseline"
    figures = "select dataset, figure, breakdown, value from marts.mart_book_figures where dataset <> 'budget_units' order by all"
    assert _rows(ws.served, figures) == _rows(ws.baseline.served_db, figures)

    # the raw table is still there, and the names are text, exactly as typed
    con = duckdb.connect(str(ws.data / "working.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw.budget_units").fetchone() == (103,)
        stored = {r[0] for r in con.execute("SELECT unit_kerja FROM raw.budget_units").fetchall()}
    finally:
        con.close()
    assert {bs.PALANGKARAYA_NEW, bs.ACCENT_NEW, bs.INJECTION_NEW} <= stored

    def rankings(path, rename):
        con = duckdb.connect(str(path), read_only=True)
        try:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
                    "AND table_name = 'mart_budget_rankings' AND column_name <> 'unit_id' ORDER BY ordinal_position"
                ).fetchall()
            ]
            frame = con.execute(f"SELECT {', '.join(cols)} FROM marts.mart_budget_rankings").df()
        finally:
            con.close()
        frame["unit_name"] = frame["unit_name"].map(lambda n: rename.get(n, n))
        return frame.sort_values(["group_code", "unit_name"]).reset_index(drop=True)

    served_names = set(rankings(ws.served, {})["unit_name"])
    assert {bs.PALANGKARAYA_NEW, bs.ACCENT_NEW, bs.INJECTION_NEW} <= served_names
    pd.testing.assert_frame_equal(rankings(ws.served, bs.RENAMED_UNITS), rankings(ws.baseline.served_db, {}))

    sources = duckdb.connect(str(ws.served), read_only=True)
    try:
        files = dict(sources.execute("SELECT dataset, source_file FROM meta.publication_sources").fetchall())
    finally:
        sources.close()
    from orchestration.submissions.catalog import figure_datasets

    assert files == {d: f"{d}.csv" for d in [*DATASETS, *figure_datasets()]}


@pytest.mark.slow
def test_a_failed_refresh_is_headed_by_the_refused_file_and_says_what_is_still_served(ws):
    """The run's headline is its first failed step's, which is another file's raw asset; it
    names the refused file first. served/warehouse shows the run as failed, and its check
    `serving` says the earlier publication is still served, unchanged."""
    from dagster import AssetCheckKey, DagsterEventType, DagsterInstance

    from orchestration.defs.publish import SERVED_KEY, SERVING_CHECK
    from orchestration.runtime.runner import refresh

    edit_csv(ws.folder / "sampling.csv", 9, "komoditi", "Kosmetk")
    with DagsterInstance.ephemeral() as instance:
        [outcome] = refresh([SHIPPED_QUARTER], instance=instance, quiet=True)
        assert not outcome.success
        [failure] = instance.all_logs(outcome.run_id, of_type=DagsterEventType.RUN_FAILURE)
        error = failure.dagster_event.event_specific_data.error
        headline = error.message.split(": ", 1)[1] if error else failure.dagster_event.message
        assert headline.startswith(f"{SHIPPED_QUARTER}/sampling.csv refused"), headline
        [record] = instance.event_log_storage.get_asset_check_execution_history(
            AssetCheckKey(SERVED_KEY, SERVING_CHECK), limit=1
        )
        evaluation = record.event.dagster_event.event_specific_data
    assert evaluation.passed
    meta = {k: v.value for k, v in evaluation.metadata.items()}
    assert meta["published_by_run"] == ws.baseline.publication["run_id"]
    assert meta["quarters"] == SHIPPED_QUARTER and meta["failed_run"] == outcome.run_id
    assert "nothing was replaced" in evaluation.description
    ws.assert_served_unchanged()
