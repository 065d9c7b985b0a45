"""Check a quarter's submission without touching the warehouse: every dataset read and
validated, and the rules that tie two datasets together. The refresh calls the same
functions before it loads anything, so `kinerja check` and the refresh agree."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from orchestration.submissions import files, reference, validation
from orchestration.submissions.numerals import indonesian
from orchestration.submissions.periods import Period, is_period
from orchestration.submissions.problems import Problem, SubmissionError
from orchestration.submissions.specs import DATASETS, Dataset


@dataclass
class CheckedDataset:
    period: Period
    table: files.SourceTable
    result: validation.ValidationResult


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
        raise SubmissionError(verdict.problems)
    return verdict


def check_dataset(submissions_dir: Path, dataset: Dataset, period_key: str) -> CheckedDataset:
    """Validate without loading; raises SubmissionError listing every problem."""
    folder = files.check_folder(submissions_dir, period_key)
    period = Period.parse(period_key)
    table = files.read_dataset(folder, dataset)
    result = validation.validate(table)
    if not result.ok:
        raise SubmissionError(result.problems)
    if len(result.frame) == 0:
        raise SubmissionError([Problem(table.file, None, None, None, "has a header but no rows")])
    return CheckedDataset(period, table, result)


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

    path = Path(path)
    if not path.exists():
        return [], [Problem(str(path), None, None, None, "does not exist")]
    if path.is_dir():
        if not is_period(path.name):
            return [], [
                Problem(
                    path.name,
                    None,
                    None,
                    path.name,
                    "folder name is not a quarter",
                    "name the folder YYYY-Qn, e.g. 2024-Q2",
                )
            ]
        checked, problems, passed = [], [], {}
        for dataset in DATASETS.values():
            try:
                c = check_dataset(path.parent, dataset, path.name)
                checked.append(f"{c.table.file}: {len(c.result.frame)} rows")
                passed[dataset.name] = c
            except SubmissionError as exc:
                problems.extend(p for p in exc.problems if p not in problems)  # folder-level ones come once
        if "budget_units" in passed and "budget_summary" in passed:
            problems.extend(budget_reconciliation(passed["budget_units"], passed["budget_summary"]))
        return checked, problems
    return _check_file(path)


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

    if path.is_symlink() or not path.is_file():
        return [], [Problem(path.name, None, None, None, "is a link or not a regular file; refused")]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if path.stem not in DATASETS:
            return [], [
                Problem(
                    path.name,
                    None,
                    None,
                    path.name,
                    f"unknown dataset file name; expected one of: {', '.join(f'{d}.csv' for d in DATASETS)}",
                )
            ]
        names = [path.stem]
    elif suffix == ".xlsx":
        names = [s for s in files._sheet_names(path) if s in DATASETS]
        if not names:
            return [], [
                Problem(path.name, None, None, None, f"has no sheet named after a dataset ({', '.join(DATASETS)})")
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
                c = check_dataset(Path(tmp), DATASETS[name], folder.name)
                checked.append(f"{c.table.file}: {len(c.result.frame)} rows")
            except SubmissionError as exc:
                problems.extend(exc.problems)
    return checked, problems
