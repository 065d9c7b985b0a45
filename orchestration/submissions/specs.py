"""The datasets of a quarterly submission: their columns, how each cell is read, and
the raw table each lands in. `docs/submission_format.md` describes the same for people."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from orchestration.submissions import numerals

RKP_TEXT_TARGETS = ("WTP",)  # audit opinion "Wajar Tanpa Pengecualian"
RKP_YEAR_END = "Akhir Tahun"
RKP_STARTS_LATER = re.compile(r"^Dimulai TW [IV]+$")
RKP_PROGRESS = re.compile(r"^Progress\s+(.+)$", re.IGNORECASE)


class CellError(ValueError):
    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


def _text(cell: object) -> str | None:
    if numerals.is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


@dataclass(frozen=True)
class Column:
    """One column as submitted, and the typed raw column(s) it becomes."""

    name: str
    kind: str  # text | count | amount | percent | rank | rkp_target | rkp_realisasi | rkp_capaian
    description: str
    required: bool = True  # False: a blank cell is allowed (stored as NULL)

    @property
    def outputs(self) -> list[tuple[str, str]]:
        """(raw column name, DuckDB type) this column produces."""
        return {
            "text": [(self.name, "VARCHAR")],
            "count": [(self.name, "BIGINT")],
            "amount": [(self.name, "BIGINT")],
            "rank": [(self.name, "INTEGER")],
            "percent": [(self.name, "DOUBLE")],
            "rkp_target": [("target_text", "VARCHAR"), ("target", "DOUBLE")],
            "rkp_realisasi": [("realisasi_text", "VARCHAR"), ("realisasi", "DOUBLE"), ("progress", "DOUBLE")],
            "rkp_capaian": [("capaian_text", "VARCHAR"), ("capaian", "DOUBLE")],
        }[self.kind]

    def parse(self, cell: object) -> dict[str, object]:
        """Typed values for one cell; raises NumberFormatError or CellError."""
        if numerals.is_blank(cell) and self.required and self.kind not in ("rkp_target", "rkp_capaian"):
            raise CellError("is blank; a value is required")
        parser = _PARSERS[self.kind]
        return parser(self, cell)


def _parse_simple(fn: Callable[[object], object]) -> Callable[[Column, object], dict]:
    return lambda col, cell: {col.name: fn(cell)}


def _parse_rank(col: Column, cell: object) -> dict:
    value = numerals.parse_count(cell)
    if _text(cell) == numerals.DASH:
        raise CellError("'-' is not a rank")
    return {col.name: value}


def _parse_rkp_target(col: Column, cell: object) -> dict:
    text = _text(cell)
    if text is None:
        return {"target_text": None, "target": None}
    if text in RKP_TEXT_TARGETS:
        return {"target_text": text, "target": None}
    try:
        return {"target_text": text, "target": numerals.parse_matrix_number(cell)}
    except numerals.NumberFormatError:
        raise CellError(f"is not a number nor a known text target ({', '.join(RKP_TEXT_TARGETS)})") from None


def _parse_rkp_realisasi(col: Column, cell: object) -> dict:
    text = _text(cell)
    if text is None:
        raise CellError("is blank; write the value, '-' (not yet measured) or 'Progress N%'")
    if text == numerals.DASH:
        return {"realisasi_text": text, "realisasi": None, "progress": None}
    m = RKP_PROGRESS.match(text)
    if m:
        try:
            progress = numerals.parse_percent(m.group(1))
        except numerals.NumberFormatError as e:
            raise CellError(f"progress {m.group(1)!r} is not a percentage", e.suggestion) from None
        return {"realisasi_text": text, "realisasi": None, "progress": progress}
    try:
        return {"realisasi_text": text, "realisasi": numerals.parse_matrix_number(cell), "progress": None}
    except numerals.NumberFormatError:
        raise CellError("is not a number, '-' (not yet measured) or 'Progress N%'") from None


def _parse_rkp_capaian(col: Column, cell: object) -> dict:
    text = _text(cell)
    if text is None:
        return {"capaian_text": None, "capaian": None}
    if text == RKP_YEAR_END or RKP_STARTS_LATER.match(text):
        return {"capaian_text": text, "capaian": None}
    try:
        return {"capaian_text": text, "capaian": numerals.parse_matrix_percent(cell)}
    except numerals.NumberFormatError:
        suggestion = "did you mean 'Akhir Tahun'?" if text.lower().startswith("akhir") else None
        raise CellError("is not a percentage, 'Akhir Tahun' or 'Dimulai TW <quarter>'", suggestion) from None


_PARSERS: dict[str, Callable[[Column, object], dict]] = {
    "text": lambda col, cell: {col.name: _text(cell)},
    "count": _parse_simple(numerals.parse_count),
    "amount": _parse_simple(numerals.parse_amount),
    "percent": _parse_simple(numerals.parse_percent),
    "rank": _parse_rank,
    "rkp_target": _parse_rkp_target,
    "rkp_realisasi": _parse_rkp_realisasi,
    "rkp_capaian": _parse_rkp_capaian,
}


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem, sheet name and raw table name
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # submitted columns that identify a row
    book_source: str

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def raw_columns(self) -> list[tuple[str, str]]:
        return list(META_COLUMNS) + [o for c in self.columns for o in c.outputs]


META_COLUMNS = (
    ("period", "VARCHAR"),
    ("year", "INTEGER"),
    ("quarter", "INTEGER"),
    ("source_file", "VARCHAR"),
    ("source_row", "INTEGER"),
)


def _counts(*spec: tuple[str, str], required: bool = False) -> tuple[Column, ...]:
    return tuple(Column(name, "count", desc, required=required) for name, desc in spec)


SAMPLING = Dataset(
    name="sampling",
    description="Sampling and laboratory testing per commodity and sampling method (Tabel 1 targeted, Tabel 2 random), counts a to j, cumulative for the year.",
    book_source="BAB 1, Tabel 1 and Tabel 2",
    key=("komoditi", "metode_sampling"),
    columns=(
        Column(
            "komoditi", "text", "Commodity (Obat, Obat Bahan Alam, Kuasi, Suplemen Kesehatan, Kosmetik, Rokok, Pangan)"
        ),
        Column("metode_sampling", "text", "Sampling method: Targeted or Random"),
        *_counts(
            ("jumlah_sampling", "(a) samples taken"),
            ("tmk_tie", "TMK: no marketing authorisation, illegal or counterfeit (part of b)"),
            ("tmk_kedaluwarsa", "TMK: expired (part of b)"),
            ("tmk_rusak", "TMK: damaged (part of b)"),
            ("tmk_label", "(c) TMK on label/marking, not part of b"),
            ("masuk_lab", "(d = a - b) samples that entered the laboratory"),
            ("diuji", "(e = f + g) samples tested"),
            ("ms", "(f) tested and meeting requirements"),
            ("tms", "(g) tested and failing requirements"),
            ("total_tms", "(h = b + g) total failing"),
            ("belum_selesai_uji", "(i = d - e) not yet finished testing"),
            ("diperiksa_diuji", "(j = b + e) examined and tested to standard"),
        ),
    ),
)

PERKARA = Dataset(
    name="perkara",
    description="Criminal cases (perkara) by the stage each case is in, cumulative for the year.",
    book_source="BAB 2, section 4",
    key=("tahap",),
    columns=(
        Column("tahap", "text", "Stage: SPDP, Tahap I, P18/19, P21, Tahap II, Putusan"),
        Column("jumlah_perkara", "count", "Cases currently in this stage", required=True),
    ),
)

BUDGET_UNITS = Dataset(
    name="budget_units",
    description="Budget realisation per spending unit, ranked within its group (Lampiran II).",
    book_source="Lampiran II",
    key=("kelompok", "unit_kerja"),
    columns=(
        Column("kelompok", "text", "Unit group: Pusat, Balai Besar/Balai POM, Loka POM"),
        Column("peringkat", "rank", "Rank within the group as printed"),
        Column("unit_kerja", "text", "Spending unit name"),
        Column("pagu", "amount", "Budget ceiling (rupiah)"),
        Column("pagu_setelah_aa", "amount", "Budget ceiling after automatic adjustment (rupiah)"),
        Column("realisasi", "amount", "Spending to date (rupiah)"),
        Column("persen_pagu_awal", "percent", "Printed realisasi / pagu, in percent"),
        Column("persen_pagu_aa", "percent", "Printed realisasi / pagu after AA, in percent"),
    ),
)

BUDGET_SUMMARY = Dataset(
    name="budget_summary",
    description="Budget realisation of the whole agency by unit group and by spending type (BAB 12).",
    book_source="BAB 12",
    key=("tabel", "kategori"),
    columns=(
        Column("tabel", "text", "Which BAB 12 table: kelompok (by unit group) or jenis_belanja (by spending type)"),
        Column("kategori", "text", "Unit group, spending type, or Total"),
        Column("pagu", "amount", "Budget ceiling (rupiah)"),
        Column("realisasi", "amount", "Spending to date (rupiah)"),
        Column("persen", "percent", "Printed realisasi / pagu, in percent"),
    ),
)

RKP_INDICATORS = Dataset(
    name="rkp_indicators",
    description="RKP indicator matrix (Lampiran I): target, realisasi and capaian per indicator.",
    book_source="Lampiran I",
    key=("program_kode", "kode_kegiatan", "indikator"),
    columns=(
        Column("program_kode", "text", "Program code: A or B"),
        Column("program", "text", "Program name"),
        Column(
            "kode_kegiatan", "text", "Kegiatan code (1.1 ... 2.9); blank for program-level indicators", required=False
        ),
        Column("kegiatan", "text", "Kegiatan name; blank for program-level indicators", required=False),
        Column("indikator", "text", "Indicator"),
        Column("target", "rkp_target", "Annual target: a number, WTP, or blank", required=False),
        Column("satuan", "text", "Unit of measure", required=False),
        Column("realisasi", "rkp_realisasi", "Value to date, '-' (not yet measured) or 'Progress N%'"),
        Column(
            "capaian",
            "rkp_capaian",
            "Printed capaian in percent, 'Akhir Tahun', 'Dimulai TW III', or blank with Progress",
            required=False,
        ),
    ),
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (SAMPLING, PERKARA, BUDGET_UNITS, BUDGET_SUMMARY, RKP_INDICATORS)}
