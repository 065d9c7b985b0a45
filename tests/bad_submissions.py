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


# ----------------------------------------------------------------------------- reading: workbooks, encodings, resources

WB = f"{QUARTER}.xlsx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sheet_file(name: str) -> str:
    return f"{WB}[{name}]"


def edit_workbook(fn: Callable) -> Callable[[Path], Path]:
    """The quarter as one workbook, changed by `fn(openpyxl workbook)` and saved as openpyxl does."""

    def build(folder: Path) -> Path:
        from openpyxl import load_workbook

        path = to_workbook(folder)
        wb = load_workbook(path)
        fn(wb)
        wb.save(path)
        return folder

    return build


def patch_part(path: Path, member: str, fn: Callable[[bytes], bytes]) -> None:
    """Rewrite one part of a zip package (a workbook) through `fn`."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            dst.writestr(info, fn(data) if info.filename == member else data)


def add_part(path: Path, member: str, size: int) -> None:
    """A part of `size` zero bytes, highly compressible: what a zip bomb is made of."""
    import zipfile

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open(member, "w", force_zip64=True) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(size // len(block)):
            fh.write(block)


def sheet_part(path: Path, sheet: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
    finally:
        wb.close()


def _formula_without_saved_value(wb) -> None:
    wb["sampling"]["C2"] = "=D2+H2"  # openpyxl writes the formula and no value (<v/>), as other tools do


def _formula_with_value_marked_for_recalculation(folder: Path) -> Path:
    path = to_workbook(folder)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["sampling"]["C2"] = "=D2+H2"
    wb.save(path)  # openpyxl marks every workbook fullCalcOnLoad: Excel recalculates when it opens it
    part = sheet_part(path, "sampling")
    patch_part(path, part, lambda xml: xml.replace(b"<f>D2+H2</f><v />", b"<f>D2+H2</f><v>1800</v>"))
    return folder


def _hidden_draft_row(wb) -> None:
    ws = wb["sampling"]
    ws.append(["Obat", "Random", "9", "-", "-", "-", "-", "9", "9", "9", "-", "-", "-", "9"])  # row 15: a draft
    ws.row_dimensions[15].hidden = True


def _hidden_column(wb) -> None:
    ws = wb["sampling"]
    ws["O1"], ws["O2"] = "catatan", "angka sementara"
    ws.column_dimensions["O"].hidden = True


def _only_sheet_hidden(wb) -> None:
    wb["perkara"].sheet_state = "hidden"


def _two_sheets_for_perkara(wb) -> None:
    wb.copy_worksheet(wb["perkara"]).title = "Perkara "


def _number(sheet: str, ref: str, value: float, number_format: str | None = None) -> Callable:
    def edit(wb) -> None:
        cell = wb[sheet][ref]
        cell.value = value
        if number_format:
            cell.number_format = number_format

    return edit


def _merged_commodity(wb) -> None:
    wb["sampling"].merge_cells("A2:A3")  # as the book prints a commodity over its two rows


def _error_cell(wb) -> None:
    wb["sampling"]["C2"] = "#DIV/0!"


def _mixed_encodings(folder: Path) -> Path:
    """budget_units.csv in UTF-8 (an accented name in row 2) with one line pasted from a
    Windows-1252 file (the en dash of row 48)."""
    unit_names_edited(folder)
    path = folder / "budget_units.csv"
    lines = path.read_bytes().split(b"\n")
    lines[PALANGKARAYA_ROW - 1] = lines[PALANGKARAYA_ROW - 1].decode("utf-8").encode("cp1252")
    path.write_bytes(b"\n".join(lines))
    return folder


def _zip_bomb(size: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        add_part(to_workbook(folder), "xl/media/image1.bin", size)
        return folder

    return build


def _named_pipe(name: str) -> Callable[[Path], Path]:
    import os

    def build(folder: Path) -> Path:
        (folder / name).unlink(missing_ok=True)
        os.mkfifo(folder / name)
        return folder

    return build


def _corrupt_sheet_xml(folder: Path) -> Path:
    path = to_workbook(folder)
    patch_part(path, sheet_part(path, "sampling"), lambda xml: xml[: len(xml) // 2])
    return folder


def _truncated_workbook(folder: Path) -> Path:
    path = to_workbook(folder)
    path.write_bytes(path.read_bytes()[:3000])
    return folder


BAD_ROWS = 4_000


def _many_bad_rows(folder: Path) -> Path:
    """4.000 rows of an unknown commodity: ten are shown, the rest counted."""
    rows = read_rows(folder / "sampling.csv")
    template = rows[1]
    write_rows(folder / "sampling.csv", [rows[0]] + [[f"Obat {i}", *template[1:]] for i in range(BAD_ROWS)])
    return folder


def _two_row_header(folder: Path) -> Path:
    """The header as the book prints Tabel 1: a group label ('TMK') over its three columns."""
    rows = read_rows(folder / "sampling.csv")
    top = ["Komoditi", "Metode Sampling", "(a)", "TMK", "", "", "(c) TMK Label/Penandaan", "(d = a - b)"]
    top += ["(e = f + g)", "(f) MS", "(g) TMS", "(h = b + g)", "(i = d - e)", "(j = b + e)"]
    below = ["", "", "", "TIE/Ilegal/Palsu", "Kedaluwarsa", "rusak", "", "", "", "", "", "", "", ""]
    write_rows(folder / "sampling.csv", [top, below, *rows[1:]])
    return folder


def _xlsm_beside_the_csvs(folder: Path) -> Path:
    from conftest import csv_to_xlsx

    csv_to_xlsx(folder, folder / "laporan.xlsm", remove_csv=False)
    return folder


def _xlsm_named_xlsx(folder: Path) -> Path:
    path = to_workbook(folder)
    patch_part(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )
    return folder


def fake_ole(encrypted: bool) -> bytes:
    """The start of a compound (OLE) file, as Excel writes a password-protected workbook (its
    streams EncryptionInfo and EncryptedPackage) or an old .xls (a Workbook stream)."""
    streams = ["EncryptionInfo", "EncryptedPackage"] if encrypted else ["Workbook"]
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
    return OLE_MAGIC + b"\0" * 504 + directory + b"\0" * 4096


def _replace_workbook(data: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = to_workbook(folder)
        path.write_bytes(data(path))
        return folder

    return build


def _workbook_named_csv(folder: Path) -> Path:
    from conftest import csv_to_xlsx

    csv_to_xlsx(folder, folder.parent / "tmp.xlsx", remove_csv=False)
    (folder / "perkara.csv").write_bytes((folder.parent / "tmp.xlsx").read_bytes())
    return folder


def _header_repeated(folder: Path) -> Path:
    edit_rows(folder / "sampling.csv", lambda rows: [*rows[:7], rows[0], *rows[7:]])  # the header again as row 8
    return folder


def _unclosed_quote(folder: Path) -> Path:
    path = folder / "perkara.csv"
    path.write_text(path.read_text().replace("Tahap I,24", 'Tahap I,"24'))
    return folder


def _old_xls_beside_the_csvs(folder: Path) -> Path:
    (folder / "catatan.xls").write_bytes(fake_ole(encrypted=False))
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
    # ---- silent misreading: what Excel shows, or a refusal naming the sheet and cell
    BadCase(
        "xlsx_formula_without_saved_value",
        edit_workbook(_formula_without_saved_value),
        (
            Expect(
                sheet_file("sampling"),
                2,
                "jumlah_sampling",
                "=D2+H2",
                "formula without a saved value: open the file in Excel and save it",
            ),
        ),
    ),
    BadCase(
        "xlsx_formula_value_marked_for_recalculation",
        _formula_with_value_marked_for_recalculation,
        (Expect(sheet_file("sampling"), 2, "jumlah_sampling", "=D2+H2", "Excel is told to recalculate"),),
    ),
    BadCase(
        "xlsx_hidden_draft_row",
        edit_workbook(_hidden_draft_row),
        (Expect(sheet_file("sampling"), 15, None, None, "hidden row", "unhide"),),
    ),
    BadCase(
        "xlsx_hidden_column",
        edit_workbook(_hidden_column),
        (Expect(sheet_file("sampling"), 1, "catatan", None, "hidden column", "unhide"),),
    ),
    BadCase(
        "xlsx_only_sheet_hidden",
        edit_workbook(_only_sheet_hidden),
        (Expect(WB, None, None, "perkara", "the only sheet for perkara is hidden", "unhide"),),
    ),
    BadCase(
        "xlsx_two_sheets_for_one_dataset",
        edit_workbook(_two_sheets_for_perkara),
        (Expect(WB, None, None, None, "two sheets for perkara ('perkara' and 'Perkara ')", "keep one"),),
    ),
    # DIT. INTELIJEN (row 2): 61,53% typed as the fraction 0,6153 in a General cell
    BadCase(
        "xlsx_percent_typed_as_fraction",
        edit_workbook(_number("budget_units", "G2", 0.6153)),
        (Expect(sheet_file("budget_units"), 2, "persen_pagu_awal", "0.6153", "looks like a fraction", "61,53%"),),
    ),
    BadCase(
        "csv_percent_typed_as_fraction",
        _cell("budget_summary", 2, "persen", "0,451"),
        (Expect("budget_summary.csv", 2, "persen", "0,451", "looks like a fraction", "45,10%"),),
    ),
    # Row 8: capaian 98,81% typed as 0,9881: refused (specs.py words it as "not a percentage")
    BadCase(
        "xlsx_capaian_typed_as_fraction",
        edit_workbook(_number("rkp_indicators", "I8", 0.9881)),
        (Expect(sheet_file("rkp_indicators"), 8, "capaian", "0.9881", "is not a percentage"),),
    ),
    BadCase(
        "csv_mixing_utf8_and_windows_1252_lines",
        _mixed_encodings,
        (
            Expect(
                "budget_units.csv",
                PALANGKARAYA_ROW,
                None,
                None,
                f"mixes two encodings: this line is not UTF-8, but line {ACCENT_ROW} is",
                "CSV UTF-8",
            ),
        ),
    ),
    BadCase(
        "xlsx_count_formatted_as_date",
        edit_workbook(_number("sampling", "C2", 1800, "dd/mm/yyyy")),
        (Expect(sheet_file("sampling"), 2, "jumlah_sampling", None, "is a date", "format the cell as Number"),),
    ),
    BadCase(
        "xlsx_count_formatted_as_percent",
        edit_workbook(_number("sampling", "C2", 1800, "0%")),
        (Expect(sheet_file("sampling"), 2, "jumlah_sampling", "180000.0", "is a percentage", "Number"),),
    ),
    # ---- resources: answered at once, as a message
    BadCase(
        "zip_bomb_part_over_50_mb",
        _zip_bomb(60 * 1024 * 1024),
        (Expect(WB, None, None, None, "holds a part of 60 MB when unpacked", "zip bomb"),),
    ),
    BadCase(
        "zip_part_compressed_1000_times",
        _zip_bomb(5 * 1024 * 1024),
        (Expect(WB, None, None, None, "times (xl/media/image1.bin, 5 MB unpacked); the limit is 100 times"),),
    ),
    BadCase(
        "named_pipe_named_like_a_workbook",
        _named_pipe("catatan.xlsx"),
        (Expect("catatan.xlsx", None, None, None, "is a named pipe (FIFO), not a regular file; refused"),),
    ),
    BadCase(
        "named_pipe_instead_of_a_csv",
        _named_pipe("sampling.csv"),
        (Expect(SAMPLING, None, None, None, "is a named pipe (FIFO), not a regular file; refused"),),
    ),
    BadCase(
        "xlsx_corrupt_sheet_xml",
        _corrupt_sheet_xml,
        (Expect(WB, None, None, None, "is damaged: the sheet 'sampling' (xl/worksheets/sheet", "save it again"),),
    ),
    BadCase(
        "xlsx_truncated_file",
        _truncated_workbook,
        (Expect(WB, None, None, None, "cannot be opened as an XLSX workbook"),),
    ),
    BadCase(
        "four_thousand_bad_rows_are_counted_not_listed",
        _many_bad_rows,
        (
            Expect(SAMPLING, 11, "komoditi", "Obat 9", "unknown value"),
            Expect(
                SAMPLING,
                None,
                "komoditi",
                None,
                f"... and 3.990 more like this in rows 12 to {BAD_ROWS + 1:,}".replace(",", "."),
            ),
        ),
    ),
    # ---- refusals that say what to change
    BadCase(
        "xlsx_merged_cells",
        edit_workbook(_merged_commodity),
        (Expect(sheet_file("sampling"), 2, None, "A2:A3", "merged cells", "unmerge them"),),
    ),
    BadCase(
        "two_row_header_copied_from_the_book",
        _two_row_header,
        (Expect(SAMPLING, 1, None, None, "the header takes two rows (1 and 2)", "replace rows 1 and 2 by one row"),),
    ),
    BadCase(
        "xlsm_beside_the_csvs",
        _xlsm_beside_the_csvs,
        (Expect("laporan.xlsm", None, None, None, "macro-enabled workbook (.xlsm)", "Excel Workbook (.xlsx)"),),
    ),
    BadCase(
        "xlsm_renamed_to_xlsx",
        _xlsm_named_xlsx,
        (Expect(WB, None, None, None, "macro-enabled workbook (.xlsm) named .xlsx", "Excel Workbook (.xlsx)"),),
    ),
    BadCase(
        "password_protected_workbook",
        _replace_workbook(lambda _: fake_ole(encrypted=True)),
        (Expect(WB, None, None, None, "protected with a password", "Encrypt with Password"),),
    ),
    BadCase(
        "old_xls_renamed_to_xlsx",
        _replace_workbook(lambda _: fake_ole(encrypted=False)),
        (Expect(WB, None, None, None, "Excel 97-2003 workbook (.xls) named .xlsx", "Excel Workbook (.xlsx)"),),
    ),
    BadCase(
        "old_xls_beside_the_csvs",
        _old_xls_beside_the_csvs,
        (Expect("catatan.xls", None, None, None, "Excel 97-2003 workbook (.xls)", "Excel Workbook (.xlsx)"),),
    ),
    BadCase(
        "workbook_saved_as_csv",
        _workbook_named_csv,
        (
            Expect(
                "perkara.csv", None, None, None, "is an Excel workbook (or another zip file) named .csv", "CSV UTF-8"
            ),
        ),
    ),
    BadCase(
        "header_repeated_mid_file",
        _header_repeated,
        (Expect(SAMPLING, 8, None, None, "repeats the header row (row 1)", "delete this row"),),
    ),
    BadCase(
        "unclosed_quote",
        _unclosed_quote,
        (Expect("perkara.csv", 3, None, None, "never closed", "close the quote"),),
    ),
    BadCase(
        "xlsx_error_cell",
        edit_workbook(_error_cell),
        (Expect(sheet_file("sampling"), 2, "jumlah_sampling", "#DIV/0!", "shows an Excel error", "fix the formula"),),
    ),
    BadCase(
        "amount_with_float_noise_as_text",
        _cell("budget_units", 2, "realisasi", "4658366214.000001"),
        (Expect("budget_units.csv", 2, "realisasi", "4658366214.000001", "not a whole number", "write 4.658.366.214"),),
    ),
    BadCase(
        "thousands_grouped_with_a_space",
        _cell("sampling", 2, "jumlah_sampling", "1 800"),
        (Expect(SAMPLING, 2, "jumlah_sampling", "1 800", "groups thousands with spaces", "write 1.800"),),
    ),
    BadCase(
        "thousands_grouped_with_a_no_break_space",
        _cell("sampling", 3, "jumlah_sampling", "1\u00a0978"),
        (Expect(SAMPLING, 3, "jumlah_sampling", "1\u00a0978", "groups thousands with spaces", "write 1.978"),),
    ),
    BadCase(
        "en_dash_for_zero",
        _cell("sampling", 2, "tmk_kedaluwarsa", "–"),
        (Expect(SAMPLING, 2, "tmk_kedaluwarsa", "–", "is an en dash", "type '-'"),),
    ),
    BadCase(
        "em_dash_for_zero_in_an_amount",
        _cell("budget_units", 2, "realisasi", "—"),
        (Expect("budget_units.csv", 2, "realisasi", "—", "is an em dash", "write the amount, or 0"),),
    ),
    BadCase(
        "unicode_minus",
        _cell("perkara", 5, "jumlah_perkara", "−11"),
        (Expect("perkara.csv", 5, "jumlah_perkara", "−11", "starts with a minus sign '−' (U+2212)", "type -11"),),
    ),
    BadCase(
        "accounting_negative",
        _cell("perkara", 4, "jumlah_perkara", "(19)"),
        (Expect("perkara.csv", 4, "jumlah_perkara", "(19)", "accounting negative", "type 19 without brackets"),),
    ),
    BadCase(
        "accounting_negative_percent",
        _cell("budget_summary", 2, "persen", "(45,10%)"),
        (Expect("budget_summary.csv", 2, "persen", "(45,10%)", "accounting negative", "type 45,10% without brackets"),),
    ),
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
    AcceptedCase(
        "utf16_little_endian_without_bom",
        lambda f: write_rows(f / "perkara.csv", read_rows(f / "perkara.csv"), encoding="utf-16-le", delimiter="\t"),
        "perkara",
    ),
    AcceptedCase(
        "utf16_big_endian_without_bom",
        lambda f: write_rows(f / "sampling.csv", read_rows(f / "sampling.csv"), encoding="utf-16-be", delimiter=";"),
        "sampling",
    ),
)
