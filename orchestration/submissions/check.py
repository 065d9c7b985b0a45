"""Check a quarter's submission without touching the warehouse: every dataset read and
validated, and the rules that tie two datasets together. The refresh calls the same
functions before it loads anything, so `kinerja check` and the refresh agree."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from orchestration.submissions import files, numerals, reference, validation
from orchestration.submissions.catalog import FigureDataset, figure_datasets
from orchestration.submissions.figures import Evaluation, QuarterFigures, core_figures, evaluate_rules, validate_figures
from orchestration.submissions.numerals import indonesian
from orchestration.submissions.periods import Period, is_period
from orchestration.submissions.problems import Problem, SubmissionError
from orchestration.submissions.specs import DATASETS, Dataset


@dataclass
class CheckedDataset:
    period: Period
    table: files.SourceTable
    result: validation.ValidationResult


@dataclass
class CheckedFigures:
    period: Period
    table: files.SourceTable
    frame: pd.DataFrame


@dataclass
class QuarterReport:
    """What `kinerja check` of a quarter folder found: files that pass, problems that refuse a
    dataset, declared datasets not submitted (yet), and findings (the book's arithmetic broken
    in figures a unit computed; published, not refused)."""

    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    findings: list[Evaluation] = field(default_factory=list)


def is_submitted(folder: Path, dataset) -> bool:
    """The dataset is in the folder as `<name>.csv` or as a sheet of a workbook."""
    if (folder / f"{dataset.name}.csv").exists():
        return True
    for wb in sorted(folder.glob("*.xlsx")):
        if not wb.name.startswith(("~$", "._")) and dataset.name in files._sheet_names(wb):
            return True
    return False


def check_figure_dataset(submissions_dir: Path, spec: FigureDataset, period_key: str) -> CheckedFigures | None:
    """Validate one figure dataset of a quarter without loading it; None when it was not submitted.
    Raises SubmissionError with every problem, including broken rules of severity error."""
    folder = files.check_folder(submissions_dir, period_key)
    if not is_submitted(folder, spec):
        return None
    table = files.read_dataset(folder, spec)
    if all(numerals.is_blank(cells.get("value")) for _, cells in table.rows):
        return None  # a sheet of the template left unfilled: not submitted yet
    frame, problems = validate_figures(table, spec)
    if not problems and len(frame) == 0:
        problems.append(Problem(table.file, None, None, None, "has a header but no rows"))
    if not problems:
        own = QuarterFigures.from_frames({spec.name: (frame, table.file)})
        problems += [
            e.as_problem() for e in evaluate_rules(own, {spec.name: spec}) if not e.passed and e.severity == "error"
        ]
    if problems:
        raise SubmissionError(problems)
    return CheckedFigures(Period.parse(period_key), table, frame)


def check_quarter(folder: Path) -> QuarterReport:
    """Every dataset of a quarter folder checked, and the declared rules applied across them."""
    report = QuarterReport()
    passed: dict[str, CheckedDataset] = {}
    readable: dict[str, CheckedDataset] = {}
    for dataset in DATASETS.values():
        try:
            c = check_dataset(folder.parent, dataset, folder.name)
            report.checked.append(f"{c.table.file}: {len(c.result.frame)} rows")
            passed[dataset.name] = c
        except SubmissionError as exc:
            report.problems.extend(p for p in exc.problems if p not in report.problems)  # folder-level ones come once
            if getattr(exc, "checked", None) is not None:
                readable[dataset.name] = exc.checked
    readable.update(passed)
    if "budget_units" in readable and "budget_summary" in readable:
        report.problems.extend(budget_reconciliation(readable["budget_units"], readable["budget_summary"]))
    frames = {}
    for spec in figure_datasets().values():
        try:
            c = check_figure_dataset(folder.parent, spec, folder.name)
        except SubmissionError as exc:
            report.problems.extend(p for p in exc.problems if p not in report.problems)
            continue
        if c is None:
            report.missing.append(spec.name)
            continue
        report.checked.append(f"{c.table.file}: {len(c.frame)} rows")
        frames[spec.name] = (c.frame, c.table.file)
    quarter = QuarterFigures.from_frames(frames)
    quarter.add(core_figures({name: c.result.frame for name, c in passed.items()}))
    broken = [e for e in evaluate_rules(quarter) if not e.passed]
    report.findings = [e for e in broken if e.severity == "finding"]
    report.problems.extend(
        e.as_problem() for e in broken if e.severity == "error" and e.as_problem() not in report.problems
    )
    return report


def _folder_state(folder: Path) -> tuple:
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


_VERDICTS: dict[tuple, CheckedDataset | SubmissionError] = {}


def check_dataset_once(submissions_dir: Path, dataset: Dataset, period_key: str) -> CheckedDataset:
    """check_dataset, remembered for an unchanged folder: each raw asset checks the whole quarter,
    and in one run the five of them share the work."""
    folder = files.check_folder(submissions_dir, period_key)
    key = (dataset.name, str(folder), _folder_state(folder))
    if key not in _VERDICTS:
        try:
            _VERDICTS[key] = check_dataset(submissions_dir, dataset, period_key)
        except SubmissionError as exc:
            _VERDICTS[key] = exc
    verdict = _VERDICTS[key]
    if isinstance(verdict, SubmissionError):
        refused = SubmissionError(verdict.problems)
        refused.checked = getattr(verdict, "checked", None)
        raise refused
    return verdict


def check_dataset(submissions_dir: Path, dataset: Dataset, period_key: str) -> CheckedDataset:
    """Validate without loading; raises SubmissionError listing every problem."""
    folder = files.check_folder(submissions_dir, period_key)
    period = Period.parse(period_key)
    table = files.read_dataset(folder, dataset)
    result = validation.validate(table)
    if not result.ok:
        raise SubmissionError(result.problems)
    rows = row_rules(dataset, table, result.frame)
    if rows:
        refused = SubmissionError(rows)
        refused.checked = CheckedDataset(period, table, result)  # every cell read: cross-file rules still apply
        raise refused
    if len(result.frame) == 0:
        raise SubmissionError([Problem(table.file, None, None, None, "has a header but no rows")])
    return CheckedDataset(period, table, result)


def row_rules(dataset: Dataset, table: files.SourceTable, frame: pd.DataFrame) -> list[Problem]:
    """Rules across the rows of one file that the refresh's dbt tests apply too, checked here so
    that `kinerja check` refuses what the refresh would, with the file and row."""
    if dataset.name == "perkara":
        return _one_row_per_code(table, frame, "perkara", "tahap")
    if dataset.name == "budget_units":
        return _one_row_per_code(table, frame, "budget_units", "kelompok", within="unit_kerja")
    if dataset.name == "budget_summary":
        return _one_row_per_code(table, frame, "budget_summary", "kategori", within="tabel") + _summary_totals(
            table, frame
        )
    if dataset.name == "sampling":
        return _one_row_per_code(table, frame, "sampling", "komoditi", within="metode_sampling", canonical_within=True)
    if dataset.name == "rkp_indicators":
        return _capaian_needs_a_target(table, frame)
    return []


def _capaian_needs_a_target(table, frame) -> list[Problem]:
    """A capaian is realisasi / target: printed beside a target of 0 it cannot be right."""
    zero = frame[(frame["target"] == 0) & frame["capaian"].notna()]
    return [
        Problem(
            table.file,
            int(row),
            "target",
            "0",
            "a printed capaian needs a target above 0 (capaian = realisasi / target x 100)",
            "write the indicator's annual target, or leave the capaian empty",
        )
        for row in zero.index
    ]


def _one_row_per_code(table, frame, dataset, column, within=None, canonical_within=False) -> list[Problem]:
    """Two spellings of one category ("Tahap 1" and "Tahap I") are one category given twice."""
    seen: dict[tuple, int] = {}
    problems = []
    for row, r in frame.iterrows():
        code = reference.canonical(dataset, column, r[column])
        other = r[within] if within else None
        if canonical_within and other is not None:
            other = reference.canonical(dataset, within, other) or other
        key = (code, other.strip().lower() if isinstance(other, str) else other)
        if key in seen:
            problems.append(
                Problem(
                    table.file,
                    int(row),
                    column,
                    str(r[column]),
                    f"is the same {column} as row {seen[key]} written another way; each is given once",
                    f"keep one of rows {seen[key]} and {int(row)}",
                )
            )
        else:
            seen[key] = int(row)
    return problems


def _summary_totals(table, frame) -> list[Problem]:
    """BAB 12: the groups add up to the Total row, the spending types to theirs, and the two
    totals are the one agency total."""
    problems, totals = [], {}
    for tabel in ("kelompok", "jenis_belanja"):
        rows = frame[
            frame["tabel"].map(lambda t: reference.canonical("budget_summary", "tabel", t))
            == ("group" if tabel == "kelompok" else "spending_type")
        ]
        codes = rows["kategori"].map(lambda k: reference.canonical("budget_summary", "kategori", k))
        total = rows[codes == "total"]
        parts = rows[codes != "total"]
        if len(total) != 1 or not len(parts):
            continue
        row = int(total.index[0])
        totals[tabel] = (row, total.iloc[0])
        for column in ("pagu", "realisasi"):
            want = int(parts[column].sum())
            if int(total.iloc[0][column]) != want:
                problems.append(
                    Problem(
                        table.file,
                        row,
                        column,
                        indonesian(int(total.iloc[0][column])),
                        f"the {tabel} Total must equal the sum of its rows",
                        f"its rows add up to {indonesian(want)}",
                    )
                )
    if len(totals) == 2:
        (_, a), (row, b) = totals["kelompok"], totals["jenis_belanja"]
        for column in ("pagu", "realisasi"):
            if int(a[column]) != int(b[column]):
                problems.append(
                    Problem(
                        table.file,
                        row,
                        column,
                        indonesian(int(b[column])),
                        "the spending-type Total must equal the unit-group Total",
                        f"the unit-group Total is {indonesian(int(a[column]))}",
                    )
                )
    return problems


def check_periods(submissions_dir: Path, dataset: Dataset, period_keys: list[str]) -> list[CheckedDataset]:
    checked, problems = [], []
    for key in period_keys:
        try:
            checked.append(check_dataset_once(submissions_dir, dataset, key))
        except SubmissionError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise SubmissionError(problems)
    return checked


def other_files_problems(submissions_dir: Path, dataset: Dataset, period_keys: list[str]) -> list[Problem]:

    problems: list[Problem] = []
    for other in DATASETS.values():
        if other.name != dataset.name:
            try:
                check_periods(submissions_dir, other, period_keys)
            except SubmissionError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
    return problems


def check_path(path: Path) -> tuple[list[str], list[Problem]]:
    """Validate a submission folder or one file without touching the warehouse.
    Returns (what was checked, every problem)."""
    report = check_report(path)
    return report.checked, report.problems


def check_report(path: Path) -> QuarterReport:
    """`check_path` with the missing datasets and the findings as well."""
    path = Path(path)
    if not path.exists():
        return QuarterReport(problems=[Problem(str(path), None, None, None, "does not exist")])
    if path.is_dir():
        if not is_period(path.name):
            return QuarterReport(
                problems=[
                    Problem(
                        path.name,
                        None,
                        None,
                        path.name,
                        "folder name is not a quarter",
                        "name the folder YYYY-Qn, e.g. 2024-Q2",
                    )
                ]
            )
        return check_quarter(path)
    checked, problems = _check_file(path)
    return QuarterReport(checked, problems)


CROSS_FILE_DATASETS = ("budget_units", "budget_summary")


def cross_file_problems(submissions_dir: Path, period_keys: list[str]) -> list[Problem]:
    """The rules across two core files, for every quarter whose two files pass on their own."""
    problems: list[Problem] = []
    for key in period_keys:
        units, summary = (_readable(submissions_dir, name, key) for name in CROSS_FILE_DATASETS)
        if units is not None and summary is not None:
            problems.extend(p for p in budget_reconciliation(units, summary) if p not in problems)
    return problems


def _readable(submissions_dir: Path, name: str, key: str) -> CheckedDataset | None:
    """The dataset's rows when every cell could be read, even if a row rule refused the file."""
    try:
        return check_dataset_once(submissions_dir, DATASETS[name], key)
    except SubmissionError as exc:
        return getattr(exc, "checked", None)


def budget_reconciliation(units: CheckedDataset, summary: CheckedDataset) -> list[Problem]:
    """The book's own rule across two files: the unit rows of each group add up to the BAB 12
    group row, and the groups to the total. The same rule is a dbt test at refresh."""

    u = units.result.frame.copy()
    u["group"] = [reference.canonical("budget_units", "kelompok", k) for k in u["kelompok"]]
    by_group = u.groupby("group")[["pagu", "realisasi"]].sum()
    totals = {"total": u[["pagu", "realisasi"]].sum()}
    problems = []
    for row, r in summary.result.frame.iterrows():
        if r["tabel"] != "kelompok":
            continue
        code = reference.canonical("budget_summary", "kategori", r["kategori"])
        expected = totals["total"] if code == "total" else by_group.loc[code] if code in by_group.index else None
        if expected is None:
            continue
        for column in ("pagu", "realisasi"):
            if int(r[column]) != int(expected[column]):
                problems.append(
                    Problem(
                        summary.table.file,
                        int(row),
                        column,
                        indonesian(int(r[column])),
                        f"must equal the sum of the {r['kategori']} rows of {units.table.file}",
                        f"those rows add up to {indonesian(int(expected[column]))}",
                    )
                )
    return problems


def _check_file(path: Path) -> tuple[list[str], list[Problem]]:
    known = {**DATASETS, **figure_datasets()}
    if path.is_symlink() or not path.is_file():
        return [], [Problem(path.name, None, None, None, "is a link or not a regular file; refused")]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if path.stem not in known:
            return [], [
                Problem(
                    path.name,
                    None,
                    None,
                    path.name,
                    f"unknown dataset file name; expected one of: {', '.join(f'{d}.csv' for d in known)}",
                )
            ]
        names = [path.stem]
    elif suffix == ".xlsx":
        names = [s for s in files._sheet_names(path) if s in known]
        if not names:
            return [], [
                Problem(path.name, None, None, None, f"has no sheet named after a dataset ({', '.join(known)})")
            ]
    else:
        return [], [Problem(path.name, None, None, None, "is neither a .csv nor an .xlsx file")]
    # Check the file alone, as if it were the only file of a quarter's folder.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "0000-Q1"
        folder.mkdir()
        (folder / path.name).write_bytes(path.read_bytes())
        checked, problems = [], []
        for name in names:
            try:
                if name in DATASETS:
                    c = check_dataset(Path(tmp), DATASETS[name], folder.name)
                    checked.append(f"{c.table.file}: {len(c.result.frame)} rows")
                else:
                    f = check_figure_dataset(Path(tmp), known[name], folder.name)
                    checked.append(f"{f.table.file}: {len(f.frame)} rows")
            except SubmissionError as exc:
                problems.extend(exc.problems)
    return checked, problems
