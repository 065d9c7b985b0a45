"""The figure datasets in the working database: one raw table per dataset (figure, breakdown,
value), each dataset loaded whole or not at all and independently of the others, its status
per quarter in `raw.dataset_status`, and the book's rules applied across the quarter's figures
in `raw.rule_evaluations`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.submissions.catalog import FigureDataset, figure_datasets
from orchestration.submissions.check import CheckedFigures, check_figure_dataset
from orchestration.submissions.figures import Evaluation, QuarterFigures, core_figures, evaluate_rules
from orchestration.submissions.periods import Period
from orchestration.submissions.problems import Problem, SubmissionError
from orchestration.warehouse.database import RAW_SCHEMA, connect, record_source

FIGURE_COLUMNS = (
    ("period", "VARCHAR"),
    ("year", "INTEGER"),
    ("quarter", "INTEGER"),
    ("source_file", "VARCHAR"),
    ("source_row", "INTEGER"),
    ("figure", "VARCHAR"),
    ("breakdown", "VARCHAR"),
    ("value_text", "VARCHAR"),
    ("value", "DOUBLE"),
)
STATUS_TABLE = f"{RAW_SCHEMA}.dataset_status"
EVALUATIONS_TABLE = f"{RAW_SCHEMA}.rule_evaluations"
IN, MISSING, REFUSED = "in", "missing", "refused"


@dataclass
class FigureLoad:
    dataset: str
    period: str
    status: str  # in | missing | refused
    rows: int = 0
    file: str | None = None
    sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)


def create_tables(con: duckdb.DuckDBPyConnection, datasets: dict[str, FigureDataset] | None = None) -> None:
    """Every figure table (empty until loaded), so dbt finds them all even before a dataset arrives."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    columns = ", ".join(f'"{n}" {t}' for n, t in FIGURE_COLUMNS)
    for name in datasets or figure_datasets():
        con.execute(f"CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{name} ({columns})")
    con.execute(f"""CREATE TABLE IF NOT EXISTS {STATUS_TABLE} (
        period VARCHAR, dataset VARCHAR, status VARCHAR, rows INTEGER, source_file VARCHAR, sha256 VARCHAR,
        problems INTEGER, first_problem VARCHAR, checked_at TIMESTAMP, PRIMARY KEY (period, dataset))""")
    con.execute(f"""CREATE TABLE IF NOT EXISTS {EVALUATIONS_TABLE} (
        period VARCHAR, year INTEGER, quarter INTEGER, dataset VARCHAR, rule_id VARCHAR, rule_kind VARCHAR,
        severity VARCHAR, description VARCHAR, subject VARCHAR, printed_value DOUBLE, computed_value DOUBLE,
        numerator DOUBLE, denominator DOUBLE, passed BOOLEAN, source_file VARCHAR, source_row INTEGER)""")


def _record_status(con, load: FigureLoad) -> None:
    con.execute(f"DELETE FROM {STATUS_TABLE} WHERE period = ? AND dataset = ?", [load.period, load.dataset])
    first = str(load.problems[0]) if load.problems else None
    con.execute(
        f"INSERT INTO {STATUS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP)",
        [load.period, load.dataset, load.status, load.rows, load.file, load.sha256, len(load.problems), first],
    )


def load_figure_dataset(
    submissions_dir: Path, working_db: Path, spec: FigureDataset, period_keys: list[str]
) -> list[FigureLoad]:
    """Load the dataset for each quarter on its own: a quarter whose file is refused keeps what
    was loaded before, a quarter without the file is recorded as missing."""
    return load_figure_datasets(submissions_dir, working_db, [spec], period_keys)[spec.name]


def _check(submissions_dir: Path, spec: FigureDataset, key: str) -> FigureLoad:
    try:
        checked = check_figure_dataset(submissions_dir, spec, key)
    except SubmissionError as exc:
        return FigureLoad(spec.name, key, REFUSED, problems=exc.problems)
    if checked is None:
        return FigureLoad(spec.name, key, MISSING)
    load = FigureLoad(spec.name, key, IN, len(checked.frame), checked.table.file, checked.table.sha256)
    load.checked = checked  # type: ignore[attr-defined]
    return load


def load_figure_datasets(
    submissions_dir: Path, working_db: Path, specs: list[FigureDataset], period_keys: list[str]
) -> dict[str, list[FigureLoad]]:
    """Several figure datasets checked, then written in one transaction of the working database
    (each dataset's rows replaced only where its file passed)."""
    outcomes = {spec.name: [_check(submissions_dir, spec, key) for key in period_keys] for spec in specs}
    by_name = {spec.name: spec for spec in specs}
    with connect(working_db) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            create_tables(con)
            for name, loads in outcomes.items():
                for load in loads:
                    checked: CheckedFigures | None = getattr(load, "checked", None)
                    if checked is not None:
                        _replace(con, by_name[name], checked)
                        record_source(
                            con,
                            by_name[name],
                            checked.period,
                            checked.table.file,
                            checked.table.sha256,
                            load.rows,
                            checked.table.synthetic,
                        )
                    _record_status(con, load)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return outcomes


def _replace(con, spec: FigureDataset, checked: CheckedFigures) -> None:
    rows = checked.frame.reset_index()
    period = checked.period
    rows.insert(0, "period", period.key)
    rows.insert(1, "year", period.year)
    rows.insert(2, "quarter", period.quarter)
    rows.insert(3, "source_file", checked.table.file)
    names = [n for n, _ in FIGURE_COLUMNS]
    rows = rows[names]
    con.execute(f"DELETE FROM {RAW_SCHEMA}.{spec.name} WHERE period = ?", [period.key])
    con.register("incoming_figures", rows)
    quoted = ", ".join(f'"{n}"' for n in names)
    con.execute(f"INSERT INTO {RAW_SCHEMA}.{spec.name} ({quoted}) SELECT {quoted} FROM incoming_figures")
    con.unregister("incoming_figures")


def quarter_figures(con, period: str, datasets: dict[str, FigureDataset] | None = None) -> QuarterFigures:
    """The figures the working database holds for a quarter, with the core tables' totals."""
    frames = {}
    for name in datasets or figure_datasets():
        frame = con.execute(
            f"SELECT source_row, figure, breakdown, value_text, value, source_file FROM {RAW_SCHEMA}.{name} WHERE period = ?",
            [period],
        ).df()
        if len(frame):
            file = str(frame["source_file"].iloc[0])
            frames[name] = (frame.set_index("source_row").drop(columns=["source_file"]), file)
    quarter = QuarterFigures.from_frames(frames)
    quarter.add(core_figures(_core_frames(con, period)))
    return quarter


def _core_frames(con, period: str) -> dict[str, pd.DataFrame]:
    out = {}
    for name in ("sampling", "perkara"):
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [RAW_SCHEMA, name],
        ).fetchone()[0]
        if exists:
            out[name] = con.execute(f"SELECT * FROM {RAW_SCHEMA}.{name} WHERE period = ?", [period]).df()
    return out


CUMULATIVE_RULE = "cumulative_not_below_previous_quarter"


def cumulative_findings(current: QuarterFigures, previous: QuarterFigures, previous_key: str) -> list[Evaluation]:
    """Year-to-date counts and amounts lower than the previous quarter's of the same year: a
    negative quarterly increment is never published without a word."""
    specs = figure_datasets()
    out = []
    for key, value in current.values.items():
        dataset, figure, breakdown = key
        before = previous.values.get(key)
        if value is None or before is None or value >= before:
            continue
        spec = specs.get(dataset)
        if spec is None and dataset == "perkara" and breakdown:
            continue  # cases move between stages; only their total is cumulative
        if spec is not None:
            declared = spec.figures.get(figure)
            if declared is None or declared.kind not in ("count", "amount") or declared.period != "ytd":
                continue
        file, row = current.rows.get(key, (None, None))
        subject = f"{dataset}.{figure}" + (f"[{breakdown}]" if breakdown else "")
        out.append(
            Evaluation(
                dataset,
                CUMULATIVE_RULE,
                "cumulative",
                "finding",
                f"Angka kumulatif sejak Januari tidak boleh lebih kecil dari triwulan sebelumnya ({previous_key})",
                subject,
                value,
                before,
                None,
                None,
                False,
                file,
                row,
            )
        )
    return out


def evaluate_quarters(working_db: Path, period_keys: list[str]) -> dict[str, list[Evaluation]]:
    """Apply every declared rule to each quarter's figures and store the outcome, replacing the
    quarter's earlier evaluations."""
    out = {}
    with connect(working_db) as con:
        create_tables(con)
        con.execute("BEGIN TRANSACTION")
        try:
            for key in period_keys:
                period = Period.parse(key)
                current = quarter_figures(con, key)
                evaluations = evaluate_rules(current)
                if period.quarter > 1:
                    previous = Period(period.year, period.quarter - 1)
                    evaluations += cumulative_findings(current, quarter_figures(con, previous.key), previous.key)
                con.execute(f"DELETE FROM {EVALUATIONS_TABLE} WHERE period = ?", [key])
                if evaluations:
                    frame = pd.DataFrame(
                        [
                            {
                                "period": key,
                                "year": period.year,
                                "quarter": period.quarter,
                                "dataset": e.dataset,
                                "rule_id": e.rule_id,
                                "rule_kind": e.kind,
                                "severity": e.severity,
                                "description": e.description,
                                "subject": e.subject,
                                "printed_value": e.printed,
                                "computed_value": e.computed,
                                "numerator": e.numerator,
                                "denominator": e.denominator,
                                "passed": e.passed,
                                "source_file": e.source_file,
                                "source_row": e.source_row,
                            }
                            for e in evaluations
                        ]
                    )
                    con.register("incoming_evaluations", frame)
                    con.execute(f"INSERT INTO {EVALUATIONS_TABLE} SELECT * FROM incoming_evaluations")
                    con.unregister("incoming_evaluations")
                out[key] = evaluations
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return out


def dataset_status(working_db: Path, period_keys: list[str] | None = None) -> dict[str, dict[str, str]]:
    """{period: {dataset: status}} as the working database holds it; the core datasets are `in`
    for every quarter they were loaded for."""
    with connect(working_db) as con:
        create_tables(con)
        rows = con.execute(f"SELECT period, dataset, status FROM {STATUS_TABLE} ORDER BY 1, 2").fetchall()
        core = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'submission_files'",
            [RAW_SCHEMA],
        ).fetchone()[0]
        loaded = con.execute(f"SELECT period, dataset FROM {RAW_SCHEMA}.submission_files").fetchall() if core else []
    out: dict[str, dict[str, str]] = {}
    for period, dataset in loaded:
        out.setdefault(period, {})[dataset] = IN
    for period, dataset, status in rows:
        out.setdefault(period, {})[dataset] = status
    if period_keys is not None:
        out = {k: v for k, v in out.items() if k in period_keys}
    return out
