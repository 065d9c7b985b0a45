"""Turn the cells of a dataset into a typed frame and check it with pandera.

Every problem is collected (pandera runs lazily), each naming the file, the row as the
user sees it, the column, the value and the rule, so one round of corrections suffices.
"""

from __future__ import annotations

import contextvars
import dataclasses
import difflib
import functools
import math
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from orchestration.submissions import numerals, reference
from orchestration.submissions.files import SourceTable
from orchestration.submissions.numerals import indonesian
from orchestration.submissions.problems import SHOWN_PER_KIND, Problem
from orchestration.submissions.specs import (
    BUDGET_SUMMARY,
    BUDGET_UNITS,
    PERKARA,
    RKP_INDICATORS,
    SAMPLING,
    CellError,
    Dataset,
)

PERCENT_TOLERANCE = 0.01  # percent points: printed percentages are rounded to two decimals

_PANDAS_TYPES = {"VARCHAR": "object", "BIGINT": "Int64", "INTEGER": "Int64", "DOUBLE": "float64"}

Int = Series[pd.Int64Dtype]


def _count(**kw):
    return pa.Field(ge=0, nullable=True, **kw)


# The rows each arithmetic check failed on, recorded by the check itself while `validate` runs.
# pandera is asked for SHOWN_PER_KIND failure cases only: it reshapes every column of every
# failing row into cases, which for 40.000 failing rows takes pandas minutes.
_FAILING_ROWS: contextvars.ContextVar[dict[str, list] | None] = contextvars.ContextVar("failing_rows", default=None)


def _arith(target: str, rule: str):
    """A dataframe check whose failures are reported on `target` with `rule` as the message."""
    name = f"{target}|{rule}"

    def decorate(fn):
        @functools.wraps(fn)
        def check(cls, df):
            passed = fn(cls, df)
            failing = _FAILING_ROWS.get()
            if failing is not None and isinstance(passed, pd.Series) and passed.index.equals(df.index):
                try:
                    ok = passed.astype(bool) | df.isna().all(axis="columns")  # as pandera judges a row
                    failing[name] = list(df.index[~ok])
                except (TypeError, ValueError):
                    failing.pop(name, None)
            return passed

        return pa.dataframe_check(name=name, error=name, n_failure_cases=SHOWN_PER_KIND)(check)

    return decorate


def _z(df: pd.DataFrame, col: str) -> pd.Series:
    return df[col].fillna(0).astype("int64")


def _isin(dataset: Dataset, column: str) -> list[str]:
    return list(reference.accepted_values(dataset.name, column))


def _percent_matches(df: pd.DataFrame, pct: str, num: str, den: str) -> pd.Series:
    computed = df[num].astype("float64") / df[den].astype("float64").where(df[den] != 0) * 100
    return ((df[pct] - computed).abs() <= PERCENT_TOLERANCE) | (df[den] == 0) & (df[pct].fillna(0) == 0)


@functools.cache
def schemas() -> dict[str, type[pa.DataFrameModel]]:
    """The pandera model of each dataset, built on first use: accepted categories come from the
    seeds, which are read then and not when this module is imported."""

    class SamplingSchema(pa.DataFrameModel):
        """Tabel 1/2: counts a to j and the arithmetic the book's columns obey."""

        komoditi: Series[str] = pa.Field(isin=_isin(SAMPLING, "komoditi"))
        metode_sampling: Series[str] = pa.Field(isin=_isin(SAMPLING, "metode_sampling"))
        jumlah_sampling: Int = _count()
        tmk_tie: Int = _count()
        tmk_kedaluwarsa: Int = _count()
        tmk_rusak: Int = _count()
        tmk_label: Int = _count()
        masuk_lab: Int = _count()
        diuji: Int = _count()
        ms: Int = _count()
        tms: Int = _count()
        total_tms: Int = _count()
        belum_selesai_uji: Int = _count()
        diperiksa_diuji: Int = _count()

        class Config:
            unique = list(SAMPLING.key)

        @staticmethod
        def _b(df):
            return _z(df, "tmk_tie") + _z(df, "tmk_kedaluwarsa") + _z(df, "tmk_rusak")

        @_arith(
            "masuk_lab", "d = a - b must hold: masuk_lab = jumlah_sampling - (tmk_tie + tmk_kedaluwarsa + tmk_rusak)"
        )
        def d_is_a_minus_b(cls, df):
            return _z(df, "masuk_lab") == _z(df, "jumlah_sampling") - cls._b(df)

        @_arith("diuji", "e = f + g must hold: diuji = ms + tms")
        def e_is_f_plus_g(cls, df):
            return _z(df, "diuji") == _z(df, "ms") + _z(df, "tms")

        @_arith("total_tms", "h = b + g must hold: total_tms = tmk_tie + tmk_kedaluwarsa + tmk_rusak + tms")
        def h_is_b_plus_g(cls, df):
            return _z(df, "total_tms") == cls._b(df) + _z(df, "tms")

        @_arith("belum_selesai_uji", "i = d - e must hold: belum_selesai_uji = masuk_lab - diuji")
        def i_is_d_minus_e(cls, df):
            return _z(df, "belum_selesai_uji") == _z(df, "masuk_lab") - _z(df, "diuji")

        @_arith(
            "diperiksa_diuji", "j = b + e must hold: diperiksa_diuji = tmk_tie + tmk_kedaluwarsa + tmk_rusak + diuji"
        )
        def j_is_b_plus_e(cls, df):
            return _z(df, "diperiksa_diuji") == cls._b(df) + _z(df, "diuji")

    class PerkaraSchema(pa.DataFrameModel):
        """One row per stage, every stage present once."""

        tahap: Series[str] = pa.Field(isin=_isin(PERKARA, "tahap"))
        jumlah_perkara: Int = pa.Field(ge=0)

        class Config:
            unique = list(PERKARA.key)

        @pa.dataframe_check(
            name="tahap|every stage must be given once",
            error="tahap|every stage must be given once: SPDP, Tahap I, P18/19, P21, Tahap II, Putusan",
        )
        def all_stages(cls, df):
            codes = {reference.canonical(PERKARA.name, "tahap", t) for t in df["tahap"]}
            return len(codes) == len(set(reference.codes("perkara_stages")))

    class BudgetUnitsSchema(pa.DataFrameModel):
        """Lampiran II: amounts, and printed percentages that match them."""

        kelompok: Series[str] = pa.Field(isin=_isin(BUDGET_UNITS, "kelompok"))
        peringkat: Int = pa.Field(ge=1)
        unit_kerja: Series[str] = pa.Field(str_length={"min_value": 1})
        pagu: Int = pa.Field(ge=0)
        pagu_setelah_aa: Int = pa.Field(ge=0)
        realisasi: Int = pa.Field(ge=0)
        persen_pagu_awal: Series[float] = pa.Field(ge=0)
        persen_pagu_aa: Series[float] = pa.Field(ge=0)

        class Config:
            unique = list(BUDGET_UNITS.key)

        @_arith("persen_pagu_awal", f"must equal realisasi / pagu x 100 within {PERCENT_TOLERANCE}")
        def pct_of_pagu(cls, df):
            return _percent_matches(df, "persen_pagu_awal", "realisasi", "pagu")

        @_arith("persen_pagu_aa", f"must equal realisasi / pagu_setelah_aa x 100 within {PERCENT_TOLERANCE}")
        def pct_of_adjusted(cls, df):
            return _percent_matches(df, "persen_pagu_aa", "realisasi", "pagu_setelah_aa")

        @_arith("peringkat", "ranks within a group must not repeat")
        def rank_unique_in_group(cls, df):
            return ~df.duplicated(["kelompok", "peringkat"], keep=False)

    class BudgetSummarySchema(pa.DataFrameModel):
        """BAB 12: the two summary tables."""

        tabel: Series[str] = pa.Field(isin=_isin(BUDGET_SUMMARY, "tabel"))
        kategori: Series[str] = pa.Field(isin=_isin(BUDGET_SUMMARY, "kategori"))
        pagu: Int = pa.Field(ge=0)
        realisasi: Int = pa.Field(ge=0)
        persen: Series[float] = pa.Field(ge=0)

        class Config:
            unique = list(BUDGET_SUMMARY.key)

        @_arith("persen", f"must equal realisasi / pagu x 100 within {PERCENT_TOLERANCE}")
        def pct(cls, df):
            return _percent_matches(df, "persen", "realisasi", "pagu")

    class RkpIndicatorsSchema(pa.DataFrameModel):
        """Lampiran I: one row per indicator; statuses consistent with values."""

        program_kode: Series[str] = pa.Field(isin=["A", "B"])
        program: Series[str] = pa.Field(str_length={"min_value": 1})
        kode_kegiatan: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+\.\d+$")
        kegiatan: Series[str] = pa.Field(nullable=True)
        indikator: Series[str] = pa.Field(str_length={"min_value": 1})
        target_text: Series[str] = pa.Field(nullable=True)
        target: Series[float] = pa.Field(nullable=True, ge=0)
        satuan: Series[str] = pa.Field(nullable=True, isin=_isin(RKP_INDICATORS, "satuan"))
        realisasi_text: Series[str]
        realisasi: Series[float] = pa.Field(nullable=True, ge=0)
        progress: Series[float] = pa.Field(nullable=True, ge=0, le=100)
        capaian_text: Series[str] = pa.Field(nullable=True)
        capaian: Series[float] = pa.Field(nullable=True, ge=0)

        class Config:
            unique = ["program_kode", "kode_kegiatan", "indikator"]

        @_arith("kegiatan", "a kegiatan code needs its name, and a name its code")
        def kegiatan_with_code(cls, df):
            return df["kode_kegiatan"].isna() == df["kegiatan"].isna()

        @_arith("capaian", "a measured realisasi needs a printed capaian in percent")
        def measured_has_capaian(cls, df):
            return df["realisasi"].isna() | df["capaian"].notna() | df["target"].isna()

        @_arith("capaian", "a capaian in percent needs a measured realisasi")
        def capaian_has_realisasi(cls, df):
            return df["capaian"].isna() | df["realisasi"].notna()

        @_arith("capaian", "realisasi '-' needs a status capaian ('Akhir Tahun' or 'Dimulai TW ...')")
        def dash_has_status(cls, df):
            return (df["realisasi_text"] != numerals.DASH) | (df["capaian_text"].notna() & df["capaian"].isna())

    return {
        SAMPLING.name: SamplingSchema,
        PERKARA.name: PerkaraSchema,
        BUDGET_UNITS.name: BudgetUnitsSchema,
        BUDGET_SUMMARY.name: BudgetSummarySchema,
        RKP_INDICATORS.name: RkpIndicatorsSchema,
    }


@dataclass
class ValidationResult:
    frame: pd.DataFrame  # typed, indexed by the row as seen in the file; only rows that parsed
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_cells(table: SourceTable) -> tuple[pd.DataFrame, list[Problem]]:
    dataset = table.dataset
    problems: list[Problem] = []
    records: dict[int, dict[str, object]] = {}
    for row, cells in table.rows:
        record: dict[str, object] = {}
        bad = False
        for col in dataset.columns:
            cell = cells.get(col.name)
            try:
                record.update(col.parse(cell))
            except (numerals.NumberFormatError, CellError) as exc:
                bad = True
                problems.append(
                    Problem(
                        table.file,
                        row,
                        col.name,
                        _shown(cell),
                        str(exc).replace(repr(_shown(cell)) + " ", "", 1),
                        getattr(exc, "suggestion", None),
                    )
                )
        if not bad:
            records[row] = record
    columns = [name for c in dataset.columns for name, _ in c.outputs]
    frame = pd.DataFrame.from_dict(records, orient="index", columns=columns)
    frame.index.name = "source_row"
    for c in dataset.columns:
        for name, sql_type in c.outputs:
            frame[name] = frame[name].astype(_PANDAS_TYPES[sql_type])
            if sql_type == "VARCHAR":
                frame[name] = frame[name].where(frame[name].notna(), None)
    return frame, problems


def _shown(cell: object) -> str | None:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell)


def validate(table: SourceTable) -> ValidationResult:
    frame, problems = parse_cells(table)
    schema = schemas()[table.dataset.name]
    if len(frame):
        failing: dict[str, list] = {}
        token = _FAILING_ROWS.set(failing)
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            problems.extend(_pandera_problems(table, frame, exc.failure_cases, failing))
        finally:
            _FAILING_ROWS.reset(token)
    return ValidationResult(frame, problems)


def _pandera_problems(
    table: SourceTable, frame: pd.DataFrame, cases: pd.DataFrame, failing: dict[str, list] | None = None
) -> list[Problem]:
    """One problem per row, column and rule. `failing` holds every row an arithmetic check failed
    on (pandera's cases hold only the first few). Hints (what the other columns give, the near
    miss of an unknown value) cost a lookup each: they are worked out for the problems shown, the
    first SHOWN_PER_KIND rows of each rule; the others are only counted (problems.capped)."""
    dataset = table.dataset
    failing = failing or {}
    cells_by_row = _cells_by_row(table)
    out: dict[tuple, Problem] = {}
    arith_rows: dict[tuple[str, str], list[int | None]] = {}
    described: dict[tuple[str | None, str], list[tuple[int | None, str | None]]] = {}
    done_checks: set[str] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        row = None if pd.isna(case.index) else int(case.index)
        if "|" in check:
            if check in done_checks:
                continue
            column, rule = check.split("|", 1)
            rows = failing.get(check)
            if rows is not None:
                done_checks.add(check)  # every failing row at once
            for r in [row] if rows is None else rows:
                r = None if r is None or pd.isna(r) else int(r)
                if (r, column, rule) in out:
                    continue
                value = _cell_text(cells_by_row, r, column) or _value(frame, r, column)
                out[(r, column, rule)] = Problem(table.file, r, column, value, rule)
                arith_rows.setdefault((column, rule), []).append(r)
        elif check == "multiple_fields_uniqueness":
            key = ", ".join(dataset.key)
            if (row, key, "dup") in out:
                continue
            value = (
                " / ".join(str(frame.at[row, k]) for k in dataset.key if k in frame.columns)
                if row is not None
                else None
            )
            out[(row, key, "dup")] = Problem(
                table.file,
                row,
                key,
                value,
                "duplicated row: this key appears more than once",
                "keep one row per key",
            )
        else:
            column = None if pd.isna(case.column) else str(case.column)
            if (row, column, check) in out:
                continue
            value = _cell_text(cells_by_row, row, column) if column else None
            if value is None:
                value = None if pd.isna(case.failure_case) else str(case.failure_case)
            out[(row, column, check)] = Problem(table.file, row, column, value, check)
            described.setdefault((column, check), []).append((row, value))
    for (column, rule), rows in arith_rows.items():
        for row in sorted(rows, key=_row_order)[:SHOWN_PER_KIND]:
            p = out[(row, column, rule)]
            out[(row, column, rule)] = dataclasses.replace(p, suggestion=_arith_hint(frame, row, column, rule))
    for (column, check), found in described.items():
        shown = {row for row, _ in sorted(found, key=lambda rv: _row_order(rv[0]))[:SHOWN_PER_KIND]}
        rule = None
        for row, value in found:
            described_rule, hint = (
                _describe(dataset, column, check, value) if row in shown or rule is None else (rule, None)
            )
            rule = described_rule  # the rule depends on the column and check only, the hint on the value
            p = out[(row, column, check)]
            out[(row, column, check)] = dataclasses.replace(p, rule=rule, suggestion=hint if row in shown else None)
    return list(out.values())


def _row_order(row: int | None) -> int:
    return -1 if row is None else row


def _cells_by_row(table: SourceTable) -> dict[int, dict[str, object]]:
    """The table's cells by row, built once: looking a row up must not scan the table."""
    index: dict[int, dict[str, object]] = {}
    for n, cells in table.rows:
        index.setdefault(n, cells)  # the first row of a number, as the scan it replaces found
    return index


def _cell_text(cells_by_row: dict[int, dict[str, object]], row: int | None, column: str) -> str | None:
    cells = cells_by_row.get(row)
    if cells is not None and column in cells:
        return _shown(cells[column])
    return None


def _value(frame: pd.DataFrame, row: int | None, column: str) -> str | None:
    if row is None or column not in frame.columns:
        return None
    v = frame.at[row, column]
    return None if pd.isna(v) else str(v)


_SAMPLING_EXPECTED = {
    "masuk_lab": lambda r: r["jumlah_sampling"] - _b_row(r),
    "diuji": lambda r: r["ms"] + r["tms"],
    "total_tms": lambda r: _b_row(r) + r["tms"],
    "belum_selesai_uji": lambda r: r["masuk_lab"] - r["diuji"],
    "diperiksa_diuji": lambda r: _b_row(r) + r["diuji"],
}


def _b_row(r) -> int:
    return r["tmk_tie"] + r["tmk_kedaluwarsa"] + r["tmk_rusak"]


def _arith_hint(frame: pd.DataFrame, row: int | None, column: str, rule: str) -> str | None:
    if row is None:
        return None
    r = {c: (0 if pd.isna(v) else v) for c, v in frame.loc[row].items()}
    if rule.startswith("must equal realisasi"):
        den = r["pagu_setelah_aa"] if column == "persen_pagu_aa" else r["pagu"]
        return f"the amounts give {indonesian(round(r['realisasi'] / den * 100, 2))}%" if den else None
    if column in _SAMPLING_EXPECTED and "jumlah_sampling" in r:
        return f"the other columns give {indonesian(_SAMPLING_EXPECTED[column](r))}"
    return None


def _describe(dataset: Dataset, column: str | None, check: str, value: str | None) -> tuple[str, str | None]:
    if check.startswith("isin"):
        accepted = list(reference.accepted_values(dataset.name, column)) if column else []
        near = difflib.get_close_matches(value or "", accepted, n=1, cutoff=0.6)
        return (
            f"unknown value; accepted: {', '.join(sorted(set(accepted)))}",
            f"did you mean {near[0]!r}?" if near else None,
        )
    if check.startswith("greater_than_or_equal_to(0"):
        return "must not be negative", None
    if check.startswith("greater_than_or_equal_to(1"):
        return "must be at least 1", None
    if check.startswith("less_than_or_equal_to"):
        return "must be at most 100", None
    if check.startswith("str_matches"):
        return "is not a kegiatan code like 1.1 or 2.9", None
    if check.startswith("str_length"):
        return "must not be blank", None
    if check == "not_nullable":
        return "is blank; a value is required", None
    return check, None
