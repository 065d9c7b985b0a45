"""A catalogue of broken submissions, each made by code from a copy of the shipped quarter.

Every case takes the copied quarter folder, breaks it the way a clerk or a spreadsheet
program would, and returns the path a user would give to `kinerja check`. `expect` lists the
problems the product must report, each as the user must be able to find it: the file, the
row as seen in the file, the column, the value, a recognisable rule and, where there is an
obvious fix, a suggestion.

`ACCEPTED` lists submissions that look unusual but are what Excel writes: they must load.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUARTER = "2024-Q2"

# A unit name as a clerk types it on a Windows PC, en dash and all, and one that tries SQL.
PALANGKARAYA_ROW = 48  # budget_units.csv row (header = 1) of BALAI BESAR ... DI PALANGKARAYA
PALANGKARAYA_OLD = "BALAI BESAR PENGAWAS OBAT DAN MAKANAN DI PALANGKARAYA"
PALANGKARAYA_NEW = "BALAI BESAR POM DI PALANGKARAYA – KALTENG"
ACCENT_ROW = 2
ACCENT_OLD = "DIT. INTELIJEN OBAT DAN MAKANAN"
ACCENT_NEW = "DIT. INTELIJEN OBAT DAN MAKANAN (RÉSUMÉ)"
INJECTION_ROW = 5
INJECTION_OLD = "PUSAT DATA DAN INFORMASI OBAT DAN MAKANAN"
INJECTION_NEW = "x'); DROP TABLE raw.budget_units; --"


# ----------------------------------------------------------------------------- file helpers


def read_rows(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with open(path, newline="", encoding=encoding) as fh:
        return list(csv.reader(fh))


def write_rows(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",", lineterminator: str = "\n"
) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell; `row` counted as the user sees it (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def edit_rows(path: Path, fn: Callable[[list[list[str]]], list[list[str]]]) -> None:
    write_rows(path, fn(read_rows(path)))


def drop_column(rows: list[list[str]], column: str) -> list[list[str]]:
    i = rows[0].index(column)
    return [r[:i] + r[i + 1 :] for r in rows]


def add_column(rows: list[list[str]], column: str, value: str) -> list[list[str]]:
    return [rows[0] + [column]] + [[*r, value] for r in rows[1:]]


def rename_column(rows: list[list[str]], old: str, new: str) -> list[list[str]]:
    rows[0][rows[0].index(old)] = new
    return rows


def unit_names_edited(folder: Path) -> None:
    """budget_units.csv with the en-dash, accented and SQL-looking unit names."""
    path = folder / "budget_units.csv"
    rows = read_rows(path)
    col = rows[0].index("unit_kerja")
    for row, old, new in (
        (PALANGKARAYA_ROW, PALANGKARAYA_OLD, PALANGKARAYA_NEW),
        (ACCENT_ROW, ACCENT_OLD, ACCENT_NEW),
        (INJECTION_ROW, INJECTION_OLD, INJECTION_NEW),
    ):
        assert rows[row - 1][col] == old, (row, rows[row - 1][col])
        rows[row - 1][col] = new
    write_rows(path, rows)


RENAMED_UNITS = {PALANGKARAYA_NEW: PALANGKARAYA_OLD, ACCENT_NEW: ACCENT_OLD, INJECTION_NEW: INJECTION_OLD}


def as_excel_utf8_bom(path: Path) -> None:
    """Excel's "CSV UTF-8 (Comma delimited)": a byte-order mark and CRLF line ends."""
    write_rows(path, read_rows(path), encoding="utf-8-sig", lineterminator="\r\n")


def as_windows_1252(path: Path) -> None:
    """Excel's plain "CSV (Comma delimited)" on a Western-European Windows: Windows-1252."""
    write_rows(path, read_rows(path), encoding="cp1252", lineterminator="\r\n")


def as_indonesian_excel(path: Path) -> None:
    """Excel with Indonesian regional settings: ';' between cells (',' is the decimal mark),
    Windows-1252, CRLF, and quotes only where a cell needs them."""
    write_rows(path, read_rows(path), encoding="cp1252", delimiter=";", lineterminator="\r\n")


def as_unicode_text(path: Path) -> None:
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated."""
    write_rows(path, read_rows(path), encoding="utf-16", delimiter="\t", lineterminator="\r\n")


def to_workbook(folder: Path) -> Path:
    """The quarter as one workbook `2024-Q2.xlsx`, a sheet per dataset (the CSVs removed)."""
    from conftest import csv_to_xlsx

    workbook = folder / f"{folder.name}.xlsx"
    csv_to_xlsx(folder, workbook)
    return workbook


# ----------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Expect:
    """One problem the product must report. `rule` and `suggestion` are substrings
    (case-insensitive); `value=None` means "any value"."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    suggestion: str | None = None


@dataclass(frozen=True)
class BadCase:
    id: str
    build: Callable[[Path], Path]  # quarter folder -> path given to `kinerja check`
    expect: tuple[Expect, ...]
    doc: str = ""


def _missing_file(folder: Path) -> Path:
    (folder / "perkara.csv").unlink()
    return folder


def _empty_file(folder: Path) -> Path:
    (folder / "sampling.csv").write_bytes(b"")
    return folder


def _missing_column(folder: Path) -> Path:
    edit_rows(folder / "sampling.csv", lambda rows: drop_column(rows, "tmk_label"))
    return folder


def _extra_column(folder: Path) -> Path:
    edit_rows(folder / "perkara.csv", lambda rows: add_column(rows, "catatan", "ok"))
    return folder


def _renamed_column(folder: Path) -> Path:
    edit_rows(folder / "sampling.csv", lambda rows: rename_column(rows, "jumlah_sampling", "jumlah_sampel"))
    return folder


def _cell(dataset: str, row: int, column: str, value: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        set_cell(folder / f"{dataset}.csv", row, column, value)
        return folder

    return build


def _duplicated_row(folder: Path) -> Path:
    # Kuasi,Tageted (row 4) appended again as row 15
    edit_rows(folder / "sampling.csv", lambda rows: [*rows, list(rows[3])])
    return folder


def _xlsx_title_row(folder: Path) -> Path:
    from openpyxl import load_workbook

    workbook = to_workbook(folder)
    wb = load_workbook(workbook)
    ws = wb["sampling"]
    ws.insert_rows(1, amount=2)  # a title, then a blank row, then the header in row 3
    ws["A1"] = "Tabel 1. Hasil Sampling dan Pengujian Obat dan Makanan s.d. Triwulan II 2024"
    wb.save(workbook)
    return folder


def _xlsx_long_title_block(folder: Path) -> Path:
    """A report-style sheet: five lines of letterhead and title, a blank row, the header in row 7."""
    from openpyxl import load_workbook

    workbook = to_workbook(folder)
    wb = load_workbook(workbook)
    ws = wb["sampling"]
    ws.insert_rows(1, amount=6)
    for i, text in enumerate(
        [
            "BADAN PENGAWAS OBAT DAN MAKANAN",
            "Tabel 1",
            "Hasil Sampling dan Pengujian",
            "s.d. Triwulan II 2024",
            "Sumber: Deputi Bidang Penindakan",
        ],
        start=1,
    ):
        ws.cell(i, 1, text)
    wb.save(workbook)
    return folder


def _unreadable_workbook(folder: Path) -> Path:
    (folder / "catatan.xlsx").write_text("notes, not a workbook")
    return folder


def _capitalised_file_name(folder: Path) -> Path:
    (folder / "sampling.csv").rename(folder / "Sampling.csv")
    return folder


def _header_only(folder: Path) -> Path:
    (folder / "perkara.csv").write_text("tahap,jumlah_perkara\n")
    return folder


def _unquoted_decimal_comma(folder: Path) -> Path:
    path = folder / "budget_units.csv"
    path.write_text(path.read_text().replace('"61,53%","61,53%"', "61,53%,61,53%", 1))
    return folder


def _symlink_to_system_file(folder: Path) -> Path:
    (folder / "sampling.csv").unlink()
    (folder / "sampling.csv").symlink_to("/etc/passwd")
    return folder


def _symlink_outside(folder: Path) -> Path:
    """A link to a perfectly valid sampling.csv that lives outside the quarter folder."""
    outside = folder.parent.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    shutil.move(folder / "sampling.csv", outside / "sampling.csv")
    (folder / "sampling.csv").symlink_to(outside / "sampling.csv")
    return folder


SAMPLING = "sampling.csv"

CASES: tuple[BadCase, ...] = (
    BadCase(
        "missing_file",
        _missing_file,
        (Expect(f"{QUARTER}/perkara.csv", None, None, None, "missing: the perkara dataset is needed as perkara.csv"),),
    ),
    BadCase("empty_file", _empty_file, (Expect(SAMPLING, None, None, None, "empty", "header"),)),
    BadCase("missing_column", _missing_column, (Expect(SAMPLING, 1, "tmk_label", None, "required column is missing"),)),
    BadCase("extra_column", _extra_column, (Expect("perkara.csv", 1, "catatan", "catatan", "unknown column", None),)),
    BadCase(
        "renamed_column",
        _renamed_column,
        (
            Expect(SAMPLING, 1, "jumlah_sampling", None, "required column is missing", "jumlah_sampel"),
            Expect(SAMPLING, 1, "jumlah_sampel", "jumlah_sampel", "unknown column"),
        ),
    ),
    # Obat Tageted (row 2): jumlah_sampling 1.800 typed as 1.800,5
    BadCase(
        "decimal_comma_in_count",
        _cell("sampling", 2, "jumlah_sampling", "1.800,5"),
        (Expect(SAMPLING, 2, "jumlah_sampling", "1.800,5", "whole number", "decimal comma"),),
    ),
    BadCase(
        "dot_decimal_in_count",
        _cell("sampling", 10, "tms", "1.80"),
        (Expect(SAMPLING, 10, "tms", "1.80", "not a whole number", "1.800"),),
    ),
    BadCase(
        "text_in_number_column",
        _cell("sampling", 4, "tms", "tiga"),
        (Expect(SAMPLING, 4, "tms", "tiga", "not a number"),),
    ),
    BadCase(
        "negative_count",
        _cell("perkara", 5, "jumlah_perkara", "-11"),
        (Expect("perkara.csv", 5, "jumlah_perkara", "-11", "negative"),),
    ),
    BadCase(
        "duplicated_row",
        _duplicated_row,
        (
            Expect(SAMPLING, 4, "komoditi, metode_sampling", None, "duplicated row"),
            Expect(SAMPLING, 15, "komoditi, metode_sampling", None, "duplicated row"),
        ),
    ),
    BadCase(
        "unknown_commodity",
        _cell("sampling", 7, "komoditi", "Rokook"),
        (Expect(SAMPLING, 7, "komoditi", "Rokook", "unknown value", "Rokok"),),
    ),
    # Obat Random (row 9): diuji 5.491 = ms 5.369 + tms 122; ms typed as 5.396
    BadCase(
        "sampling_breaks_e_equals_f_plus_g",
        _cell("sampling", 9, "ms", "5.396"),
        (Expect(SAMPLING, 9, "diuji", None, "e = f + g", None),),
    ),
    # DIT. INTELIJEN (row 2): 4.658.366.214 / 7.571.062.000 = 61,53%; typed 65,13%
    BadCase(
        "budget_percentage_does_not_match_amounts",
        _cell("budget_units", 2, "persen_pagu_awal", "65,13%"),
        (Expect("budget_units.csv", 2, "persen_pagu_awal", "65,13%", "realisasi / pagu", "61,53%"),),
    ),
    BadCase(
        "xlsx_title_row_above_header",
        _xlsx_title_row,
        (
            Expect(
                f"{QUARTER}.xlsx[sampling]",
                1,
                None,
                None,
                "header is not in the first row: it is in row 3",
                "delete the 2 row",
            ),
        ),
    ),
    BadCase(
        "xlsx_long_title_block_above_header",
        _xlsx_long_title_block,
        (
            Expect(
                f"{QUARTER}.xlsx[sampling]",
                1,
                None,
                None,
                "header is not in the first row: it is in row 7",
                "delete the 6 row",
            ),
        ),
    ),
    BadCase(
        "unreadable_workbook_beside_the_csvs",
        _unreadable_workbook,
        (Expect("catatan.xlsx", None, None, None, "cannot be opened as an XLSX workbook"),),
    ),
    BadCase(
        "file_name_in_capitals",
        _capitalised_file_name,
        (Expect(f"{QUARTER}/sampling.csv", None, None, None, "Sampling.csv"),),
    ),
    BadCase("header_but_no_rows", _header_only, (Expect("perkara.csv", None, None, None, "has a header but no rows"),)),
    BadCase(
        "unquoted_decimal_comma",
        _unquoted_decimal_comma,
        (Expect("budget_units.csv", 2, None, "61", "row has", "quotes"),),
    ),
    BadCase("symlink_to_system_file", _symlink_to_system_file, (Expect(SAMPLING, None, None, None, "link"),)),
    BadCase("symlink_to_file_outside_folder", _symlink_outside, (Expect(SAMPLING, None, None, None, "link"),)),
)

BY_ID = {c.id: c for c in CASES}


@dataclass(frozen=True)
class AcceptedCase:
    """Written differently from the shipped files but meaning the same: must load as is."""

    id: str
    build: Callable[[Path], None]
    dataset: str


ACCEPTED: tuple[AcceptedCase, ...] = (
    AcceptedCase("excel_utf8_with_bom", lambda f: as_excel_utf8_bom(f / "sampling.csv"), "sampling"),
    AcceptedCase(
        "windows_1252_with_en_dash_and_accent",
        lambda f: (unit_names_edited(f), as_windows_1252(f / "budget_units.csv")),
        "budget_units",
    ),
    AcceptedCase(
        "semicolon_delimited_indonesian_excel",
        lambda f: as_indonesian_excel(f / "budget_summary.csv"),
        "budget_summary",
    ),
    AcceptedCase("semicolon_delimited_sampling", lambda f: as_indonesian_excel(f / "sampling.csv"), "sampling"),
    AcceptedCase("excel_unicode_text_utf16_tabs", lambda f: as_unicode_text(f / "perkara.csv"), "perkara"),
)
