"""Read, validate and load one dataset of one or more quarters, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orchestration import submission, validation, warehouse
from orchestration.datasets import Dataset
from orchestration.periods import Period
from orchestration.problems import Problem, SubmissionError


@dataclass
class CheckedDataset:
    period: Period
    table: submission.SourceTable
    result: validation.ValidationResult


@dataclass
class LoadReport:
    dataset: Dataset
    loaded: list[CheckedDataset] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(c.result.frame) for c in self.loaded)


def check_dataset(submissions_dir: Path, dataset: Dataset, period_key: str) -> CheckedDataset:
    """Validate without loading; raises SubmissionError listing every problem."""
    folder = submission.check_folder(submissions_dir, period_key)
    period = Period.parse(period_key)
    table = submission.read_dataset(folder, dataset)
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
            checked.append(check_dataset(submissions_dir, dataset, key))
        except SubmissionError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SubmissionError(problems)
    return checked


def load_dataset(submissions_dir: Path, working_db: Path, dataset: Dataset, period_keys: list[str]) -> LoadReport:
    """Check every quarter first; write only if all pass, each quarter replaced in one transaction."""
    report = LoadReport(dataset, check_periods(submissions_dir, dataset, period_keys))
    with warehouse.connect(working_db) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for c in report.loaded:
                warehouse.replace_period(con, dataset, c.period, c.result.frame, c.table.file, transaction=False)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report
