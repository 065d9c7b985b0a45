"""Load one dataset of one or more quarters into the working database, all or nothing.

A quarter is loaded as a unit: a dataset is written only when every file of its quarter
passes, so the working database never holds half of a corrected submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orchestration.submissions.check import (
    CROSS_FILE_DATASETS,
    CheckedDataset,
    check_periods,
    cross_file_problems,
    other_files_problems,
)
from orchestration.submissions.problems import SubmissionError
from orchestration.submissions.specs import Dataset
from orchestration.warehouse import database


@dataclass
class LoadReport:
    dataset: Dataset
    loaded: list[CheckedDataset] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(c.result.frame) for c in self.loaded)


class QuarterIncomplete(SubmissionError):
    """This dataset is valid, but another file of the same quarter is not."""


def load_dataset(submissions_dir: Path, working_db: Path, dataset: Dataset, period_keys: list[str]) -> LoadReport:
    """Check every quarter first, this dataset and the quarter's other files; write only if all
    pass, each quarter replaced in one transaction."""
    try:
        report = LoadReport(dataset, check_periods(submissions_dir, dataset, period_keys))
        own: list = []
    except SubmissionError as exc:
        report, own = None, exc.problems
    # the same cross-file rules `kinerja check` applies, with the same messages
    crossed = cross_file_problems(submissions_dir, period_keys)
    if own or (crossed and dataset.name in CROSS_FILE_DATASETS):
        raise SubmissionError(own + [p for p in crossed if p not in own])
    others = other_files_problems(submissions_dir, dataset, period_keys)
    if others or crossed:
        raise QuarterIncomplete(others + [p for p in crossed if p not in others])
    with database.connect(working_db) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for c in report.loaded:
                rows = database.replace_period(con, dataset, c.period, c.result.frame, c.table.file, transaction=False)
                database.record_source(con, dataset, c.period, c.table.file, c.table.sha256, rows, c.table.synthetic)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report
