"""What the book reads from the served file, opened read-only: the core marts of one quarter
(and of the previous quarter of the same year, for quarter-on-quarter), the printed figures
(`marts.mart_book_figures`), the consistency findings and the publication's lineage. A table
that is not there yet reads as empty, so its sections render as "belum tersedia"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.submissions.periods import Period

CORE_TABLES = (
    "mart_sampling_tms_rates",
    "mart_sampling_tms_summary",
    "mart_perkara_funnel",
    "mart_budget_rankings",
    "mart_budget_summary",
    "mart_rkp_capaian",
    "mart_rkp_kegiatan_summary",
)
CORE_DATASETS = {  # submitted dataset -> the marts the book reads it from
    "sampling": ("mart_sampling_tms_rates", "mart_sampling_tms_summary"),
    "perkara": ("mart_perkara_funnel",),
    "budget_summary": ("mart_budget_summary",),
    "budget_units": ("mart_budget_rankings",),
    "rkp_indicators": ("mart_rkp_capaian", "mart_rkp_kegiatan_summary"),
}
FIGURE_COLUMNS = (
    "dataset",
    "figure",
    "label",
    "breakdown",
    "value",
    "value_text",
    "unit",
    "kind",
    "period_scope",
    "section",
    "source_file",
    "source_row",
)
FINDING_COLUMNS = (
    "dataset",
    "rule_id",
    "rule_kind",
    "severity",
    "description",
    "subject",
    "printed_value",
    "computed_value",
    "source_file",
    "source_row",
)


@dataclass(frozen=True)
class Fig:
    """One printed figure of `marts.mart_book_figures`."""

    dataset: str
    figure: str
    label: str
    breakdown: str
    value: float | None
    value_text: str | None
    unit: str
    kind: str
    period_scope: str
    section: str
    source_file: str | None
    source_row: int | None

    @property
    def ref(self) -> str:
        return f"fig:{self.dataset}:{self.figure}:{self.breakdown}"

    @property
    def where(self) -> str:
        if not self.source_file:
            return self.dataset
        return f"{self.source_file}, baris {self.source_row}" if self.source_row else self.source_file


class Figures:
    """The printed figures of one quarter, by (dataset, figure, breakdown), in submission order."""

    def __init__(self, rows: list[Fig]):
        self.rows = sorted(rows, key=lambda f: (f.dataset, f.source_row or 0, f.figure, f.breakdown))
        self._by_key = {(f.dataset, f.figure, f.breakdown): f for f in self.rows}
        self.datasets = {f.dataset for f in self.rows}

    def get(self, dataset: str, figure: str, breakdown: str = "") -> Fig | None:
        return self._by_key.get((dataset, figure, breakdown))

    def items(self, dataset: str, figure: str) -> list[Fig]:
        """Every non-blank breakdown of a figure, in the order the unit submitted them."""
        return [f for f in self.rows if f.dataset == dataset and f.figure == figure and f.breakdown != ""]

    def has(self, dataset: str) -> bool:
        return dataset in self.datasets

    def of(self, dataset: str) -> list[Fig]:
        return [f for f in self.rows if f.dataset == dataset]


@dataclass
class BookData:
    served_db: Path
    period: Period
    tables: set[str]
    core: dict[str, list[dict]]  # mart -> rows of the quarter
    figures: Figures
    previous_figures: Figures  # the previous quarter of the same year (empty for Q1 or when absent)
    findings: list[dict]
    sources: list[dict]
    publication: dict | None
    dataset_status: list[dict] = field(default_factory=list)

    @property
    def quarter(self) -> str:
        return self.period.key

    @property
    def previous_period(self) -> Period | None:
        return Period(self.period.year, self.period.quarter - 1) if self.period.quarter > 1 else None

    def has_table(self, qualified: str) -> bool:
        return qualified in self.tables

    def rows(self, mart: str) -> list[dict]:
        return self.core.get(mart, [])

    def core_available(self, dataset: str) -> bool:
        return all(self.core.get(m) for m in CORE_DATASETS[dataset])


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _figures(con, tables: set[str], period: str | None) -> Figures:
    if period is None or "marts.mart_book_figures" not in tables:
        return Figures([])
    cols = _columns(con, "marts", "mart_book_figures")
    select = ", ".join(c if c in cols else f"NULL AS {c}" for c in FIGURE_COLUMNS)
    rows = _dicts(con, f"SELECT {select} FROM marts.mart_book_figures WHERE period = ?", [period])
    out = []
    for r in rows:
        value = r["value"]
        out.append(
            Fig(
                dataset=r["dataset"],
                figure=r["figure"],
                label=r["label"] or r["figure"],
                breakdown=r["breakdown"] or "",
                value=None if value is None else float(value),
                value_text=r["value_text"],
                unit=r["unit"] or "",
                kind=r["kind"] or "number",
                period_scope=r["period_scope"] or "",
                section=r["section"] or "",
                source_file=r["source_file"],
                source_row=None if r["source_row"] is None else int(r["source_row"]),
            )
        )
    return Figures(out)


def _columns(con, schema: str, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchall()
    }


def load(served_db: Path, quarter: str) -> BookData:
    period = Period.parse(quarter)
    con = duckdb.connect(str(served_db), read_only=True)
    try:
        tables = {
            f"{s}.{t}"
            for s, t in con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        }
        core = {}
        for mart in CORE_TABLES:
            if f"marts.{mart}" in tables:
                core[mart] = _dicts(con, f'SELECT * FROM marts."{mart}" WHERE period = ?', [period.key])
        previous = Period(period.year, period.quarter - 1).key if period.quarter > 1 else None
        findings = []
        if "marts.mart_consistency_findings" in tables:
            cols = _columns(con, "marts", "mart_consistency_findings")
            select = ", ".join(c if c in cols else f"NULL AS {c}" for c in FINDING_COLUMNS)
            findings = _dicts(
                con,
                f"SELECT {select} FROM marts.mart_consistency_findings WHERE period = ? "
                "ORDER BY dataset, source_row, rule_id",
                [period.key],
            )
        sources = []
        if "meta.publication_sources" in tables:
            sources = _dicts(
                con,
                "SELECT dataset, source_file, sha256, row_count, loaded_at, synthetic FROM meta.publication_sources "
                "WHERE period = ? ORDER BY dataset",
                [period.key],
            )
        publication = None
        if "meta.publication" in tables:
            pubs = _dicts(con, "SELECT * FROM meta.publication", [])
            publication = pubs[0] if pubs else None
        status = []
        if "marts.mart_dataset_status" in tables:
            cols = _columns(con, "marts", "mart_dataset_status")
            if {"dataset", "status"} <= cols:
                status = _dicts(
                    con,
                    "SELECT dataset, status FROM marts.mart_dataset_status WHERE period = ? ORDER BY dataset",
                    [period.key],
                )
        return BookData(
            served_db=served_db,
            period=period,
            tables=tables,
            core=core,
            figures=_figures(con, tables, period.key),
            previous_figures=_figures(con, tables, previous),
            findings=findings,
            sources=sources,
            publication=publication,
            dataset_status=status,
        )
    finally:
        con.close()
