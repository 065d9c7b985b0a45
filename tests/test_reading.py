"""Reading submitted files (orchestration/submissions/files.py): a workbook is read as Excel shows
it or refused naming the sheet and cell; a CSV's encoding is never guessed; no input blocks,
blows up or ends in a traceback; problems of one kind are counted, not listed 40.000 times.

Workbooks here are written part by part (`make_xlsx`), so that each case holds exactly the XML
that Excel, another tool or an attacker would write. The corpus (tests/bad_submissions.py) runs
the same categories through `kinerja check` on a copy of the real quarter."""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import stat
import threading
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import SHIPPED, SHIPPED_QUARTER, copy_quarter, csv_to_xlsx

from orchestration.submissions import files, numerals
from orchestration.submissions.check import check_dataset, check_path
from orchestration.submissions.problems import MoreLikeThis, Problem, SubmissionError, capped
from orchestration.submissions.specs import PERKARA, SAMPLING

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STAGES = [("SPDP", 47), ("Tahap I", 24), ("P18/19", 19), ("P21", 11), ("Tahap II", 26), ("Putusan", 11)]


# ----------------------------------------------------------------------------- workbooks, part by part


def cell(ref: str, value=None, t: str | None = None, s: int | None = None, f: str | None = None) -> str:
    attrs = f' r="{ref}"' + (f' t="{t}"' if t else "") + (f' s="{s}"' if s is not None else "")
    body = (f"<f>{f}</f>" if f is not None else "") + ("" if value is None else f"<v>{value}</v>")
    if t == "inlineStr":
        body = f"<is><t>{value}</t></is>"
    return f"<c{attrs}>{body}</c>"


def text(ref: str, value: str) -> str:
    return cell(ref, value, t="inlineStr")


def row(n: int, *cells: str, hidden: bool = False) -> str:
    flag = ' hidden="1"' if hidden else ""
    return f'<row r="{n}"{flag}>{"".join(cells)}</row>'


def perkara_rows(first: int = 1, numbers=None) -> list[str]:
    """The perkara table: the header, then the six stages (numbers as Excel numbers)."""
    out = [row(first, text(f"A{first}", "tahap"), text(f"B{first}", "jumlah_perkara"))]
    for i, (stage, n) in enumerate(STAGES, start=first + 1):
        value = n if numbers is None else numbers[i - first - 1]
        out.append(row(i, text(f"A{i}", stage), cell(f"B{i}", value)))
    return out


def make_xlsx(
    path: Path,
    sheets: list[dict],
    *,
    strings: list[str] | None = None,
    formats: list[str] | None = None,
    workbook_extra: str = "",
    ns: str = MAIN,
    rel: str = REL,
    main_type: str = XLSX_MAIN,
    prolog: str = "",
) -> Path:
    """A workbook written part by part. Each sheet: {name, rows: [<row> xml], state, before, after}
    (`before`: XML ahead of sheetData, e.g. <cols>; `after`: e.g. <mergeCells>). `formats`: number
    format codes of cell styles 1, 2, ... (style 0 is General)."""
    parts: dict[str, str] = {}
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>']
    rels = []
    entries = []
    for i, sheet in enumerate(sheets, start=1):
        state = f' state="{sheet["state"]}"' if sheet.get("state") else ""
        entries.append(f'<sheet name="{sheet["name"]}" sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            f'{prolog}<worksheet xmlns="{ns}" xmlns:r="{rel}">{sheet.get("before", "")}'
            f"<sheetData>{''.join(sheet['rows'])}</sheetData>{sheet.get('after', '')}</worksheet>"
        )
    rels.append(f'<Relationship Id="rIdS" Type="{rel}/styles" Target="styles.xml"/>')
    codes = formats or []
    numfmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{c}"/>' for i, c in enumerate(codes))
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>' for i in range(len(codes)))
    parts["xl/styles.xml"] = (
        f'<styleSheet xmlns="{ns}"><numFmts count="{len(codes)}">{numfmts}</numFmts>'
        f'<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="{len(codes) + 1}">{xfs}</cellXfs></styleSheet>'
    )
    if strings is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{ns}">{"".join(strings)}</sst>'
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{ns}" xmlns:r="{rel}">{workbook_extra}<sheets>{"".join(entries)}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return path


@pytest.fixture(autouse=True)
def fresh_caches():
    """files.py reads a file once per content; tests that change its limits must not see a verdict
    made under others."""
    files._BOOKS.clear()
    files._CACHE.clear()
    yield
    files._BOOKS.clear()
    files._CACHE.clear()


@pytest.fixture
def quarter(tmp_path) -> Path:
    folder = tmp_path / "2024-Q2"
    folder.mkdir()
    return folder


def perkara_book(folder: Path, **kw) -> Path:
    rows = kw.pop("rows", None) or perkara_rows()
    sheet = {"name": "perkara", "rows": rows}
    sheet.update(kw.pop("sheet", {}))
    return make_xlsx(folder / "book.xlsx", [sheet, *kw.pop("more_sheets", [])], **kw)


def refused(folder: Path, dataset=PERKARA) -> list[Problem]:
    with pytest.raises(SubmissionError) as err:
        files.read_dataset(folder, dataset)
    return err.value.problems


def one(problems: list[Problem], fragment: str) -> Problem:
    hits = [p for p in problems if fragment in p.rule]
    assert hits, f"no problem with {fragment!r}:\n" + "\n".join(str(p) for p in problems)
    return hits[0]


def values(table) -> list[tuple]:
    return [(n, c["tahap"], c["jumlah_perkara"]) for n, c in table.rows]


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: a read that blocks is the bug under test."""

    def boom(*_):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------------------------------- read as Excel shows it


def test_a_plain_workbook_reads_as_typed(quarter):
    perkara_book(quarter)
    table = files.read_dataset(quarter, PERKARA)
    assert values(table) == [(i, s, n) for i, (s, n) in enumerate(STAGES, start=2)]
    assert table.sha256 == hashlib.sha256((quarter / "book.xlsx").read_bytes()).hexdigest()


def test_shared_strings_rich_text_and_escapes_read_as_shown(quarter):
    """Shared strings with runs (bold part of a word), a phonetic guide (not shown in the cell),
    and _x000D_ escapes: the text is what the cell shows."""
    strings = [
        "<si><t>tahap</t></si>",
        "<si><t>jumlah_perkara</t></si>",
        "<si><r><rPr><b/></rPr><t>SP</t></r><r><t>DP</t></r><rPh sb='0' eb='1'><t>ignored</t></rPh></si>",
        "<si><t>Tahap_x0020_I</t></si>",
    ]
    rows = [row(1, cell("A1", 0, t="s"), cell("B1", 1, t="s")), row(2, cell("A2", 2, t="s"), cell("B2", 47))]
    rows += [row(3, cell("A3", 3, t="s"), cell("B3", 24))]
    perkara_book(quarter, rows=rows, strings=strings)
    assert values(files.read_dataset(quarter, PERKARA)) == [(2, "SPDP", 47), (3, "Tahap I", 24)]


def test_a_formula_with_its_saved_value_reads_the_value(quarter):
    rows = perkara_rows()
    rows[1] = row(2, text("A2", "SPDP"), cell("B2", 47, f="20+27"))
    rows[2] = row(3, text("A3", "Tahap I"), cell("B3", "", t="str", f='""'))  # a formula giving "": blank
    perkara_book(quarter, rows=rows)
    table = files.read_dataset(quarter, PERKARA)
    assert values(table)[:2] == [(2, "SPDP", 47), (3, "Tahap I", None)]


@pytest.mark.parametrize(
    "formula_cell, value",
    [
        (cell("B2", None, f="20+27"), "=20+27"),  # no <v>: never calculated
        (cell("B2", "", f="20+27"), "=20+27"),  # <v/> as openpyxl writes it
        ('<c r="B2"><f t="shared" si="0"/></c>', "(a shared formula)"),
    ],
)
def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(quarter, formula_cell, value):
    rows = perkara_rows()
    rows[1] = row(2, text("A2", "SPDP"), formula_cell)
    perkara_book(quarter, rows=rows)
    p = one(refused(quarter), "formula without a saved value: open the file in Excel and save it")
    assert (p.file, p.row, p.column, p.value) == ("book.xlsx[perkara]", 2, "jumlah_perkara", value)


def test_saved_values_of_a_workbook_marked_for_recalculation_are_not_trusted(quarter):
    """XlsxWriter and openpyxl write formulas with a placeholder (or no) value and tell Excel to
    recalculate on opening (fullCalcOnLoad): the value in the file is not what Excel shows."""
    rows = perkara_rows()
    rows[1] = row(2, text("A2", "SPDP"), cell("B2", 0, f="20+27"))
    perkara_book(quarter, rows=rows)
    assert values(files.read_dataset(quarter, PERKARA))[0] == (2, "SPDP", 0)  # as Excel saved it: trusted
    perkara_book(quarter, rows=rows, workbook_extra='<calcPr fullCalcOnLoad="1"/>')
    p = one(refused(quarter), "Excel is told to recalculate")
    assert (p.row, p.column) == (2, "jumlah_perkara")


def test_hidden_rows_with_values_are_refused_and_hidden_blank_rows_ignored(quarter):
    rows = perkara_rows()
    rows.insert(3, row(30, text("A30", "SPDP"), cell("B30", 99), hidden=True))  # a draft line
    rows.append(row(40, hidden=True))  # hidden, nothing in it
    perkara_book(quarter, rows=rows)
    problems = refused(quarter)
    assert [p.row for p in problems] == [30]
    assert str(problems[0]).startswith("book.xlsx[perkara], row 30: hidden row")


def test_a_hidden_column_with_values_is_refused(quarter):
    rows = perkara_rows()
    rows[3] = row(4, text("A4", "P18/19"), cell("B4", 19), text("C4", "catatan"))
    perkara_book(quarter, rows=rows, sheet={"before": '<cols><col min="3" max="5" hidden="1"/></cols>'})
    p = one(refused(quarter), "hidden column")
    assert (p.row, p.column) == (4, "C")


def test_a_hidden_old_sheet_is_ignored_beside_the_visible_one(quarter):
    old = {"name": "Perkara ", "rows": perkara_rows(numbers=[1, 2, 3, 4, 5, 6]), "state": "hidden"}
    perkara_book(quarter, more_sheets=[old])
    table = files.read_dataset(quarter, PERKARA)
    assert values(table)[0] == (2, "SPDP", 47)
    assert "hidden sheet 'Perkara ' ignored" in table.notes
    assert files.locate(quarter, PERKARA) == (quarter / "book.xlsx", "perkara")


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_the_only_sheet_for_a_dataset_hidden_is_refused(quarter, state):
    perkara_book(quarter, sheet={"state": state})
    p = one(refused(quarter), "the only sheet for perkara is hidden")
    assert (p.file, p.value) == ("book.xlsx", "perkara")


def test_two_visible_sheets_for_one_dataset_are_refused(quarter):
    perkara_book(quarter, more_sheets=[{"name": "PERKARA", "rows": perkara_rows(numbers=[1] * 6)}])
    assert "two sheets for perkara ('perkara' and 'PERKARA')" in str(refused(quarter)[0])


def test_merged_cells_are_refused_naming_the_range(quarter):
    perkara_book(quarter, sheet={"after": '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>'})
    p = one(refused(quarter), "merged cells")
    assert (p.row, p.column, p.value) == (2, None, "A2:A3")


def test_thousands_of_merged_ranges_are_counted(quarter):
    merges = "".join(f'<mergeCell ref="C{n}:D{n}"/>' for n in range(2, 1502))
    perkara_book(quarter, sheet={"after": f"<mergeCells>{merges}</mergeCells>"})
    problems = refused(quarter)
    assert len(problems) == 11
    assert str(problems[-1]) == (
        "book.xlsx[perkara]: ... and 1.490 more like this in rows 12 to 1.501: "
        "merged cells: the warehouse reads one value per cell"
    )


def test_excel_error_cells_are_refused_even_in_text_columns(quarter):
    rows = perkara_rows()
    rows[1] = row(2, cell("A2", "#REF!", t="e"), cell("B2", 47))
    perkara_book(quarter, rows=rows)
    p = one(refused(quarter), "shows an Excel error")
    assert (p.row, p.column, p.value) == (2, "tahap", "#REF!")


def test_percent_cells_read_as_percent_points_and_fractions_in_general_cells_are_refused(tmp_path):
    """budget_summary: persen as a cell formatted '0.00%' (0,451 shown as 45,10%) reads as
    typed text would; the same number in a General cell is a fraction typed where percent
    points belong, refused with the percentage it probably means."""
    folder = copy_quarter(tmp_path / "ok")
    csv_to_xlsx(folder, folder / "book.xlsx")
    from openpyxl import load_workbook

    def with_persen(path, value, fmt):
        wb = load_workbook(path)
        ws = wb["budget_summary"]
        ws["E2"].value = value
        ws["E2"].number_format = fmt
        wb.save(path)

    with_persen(folder / "book.xlsx", 0.45104, "0.00%")
    checked = check_dataset(folder.parent, files_dataset("budget_summary"), folder.name)
    assert checked.result.frame.loc[2, "persen"] == pytest.approx(45.104)
    with_persen(folder / "book.xlsx", 0.45104, "General")
    with pytest.raises(SubmissionError) as err:
        check_dataset(folder.parent, files_dataset("budget_summary"), folder.name)
    p = one(err.value.problems, "looks like a fraction")
    assert (p.row, p.column, p.value) == (2, "persen", "0.45104") and "45,10%" in p.suggestion


def files_dataset(name):
    from orchestration.submissions.specs import DATASETS

    return DATASETS[name]


def test_a_count_formatted_as_a_date_is_refused_with_the_number_it_holds(quarter):
    rows = perkara_rows()
    rows[1] = row(2, text("A2", "SPDP"), cell("B2", 1800, s=1))
    perkara_book(quarter, rows=rows, formats=["dd/mm/yyyy"])
    table = files.read_dataset(quarter, PERKARA)
    value = table.rows[0][1]["jumlah_perkara"]
    assert isinstance(value, numerals.ExcelDate) and value.serial == 1800
    with pytest.raises(numerals.NumberFormatError) as err:
        numerals.parse_count(value)
    assert "formatted as a date" in str(err.value) and "holds 1.800" in err.value.suggestion


def test_the_1904_date_system_is_honoured(quarter):
    rows = perkara_rows()
    rows[1] = row(2, text("A2", "SPDP"), cell("B2", 1, s=1))
    perkara_book(quarter, rows=rows, formats=["yyyy-mm-dd"], workbook_extra='<workbookPr date1904="1"/>')
    assert files.read_dataset(quarter, PERKARA).rows[0][1]["jumlah_perkara"] == datetime(1904, 1, 2)


def test_strict_open_xml_reads_like_transitional(quarter):
    perkara_book(quarter, ns=STRICT, rel=STRICT_REL)
    assert values(files.read_dataset(quarter, PERKARA))[-1] == (7, "Putusan", 11)


def test_a_two_row_header_in_a_workbook_gets_one_message(quarter):
    rows = [
        row(1, text("A1", "Tahap"), text("B1", "Perkara")),
        row(2, text("B2", "Jumlah")),
        *perkara_rows(first=3)[1:],
    ]
    perkara_book(quarter, rows=rows)
    problems = refused(quarter)
    assert len(problems) == 1 and "the header takes two rows (1 and 2)" in problems[0].rule


def test_a_header_repeated_below_the_table_in_a_workbook(quarter):
    rows = [*perkara_rows(), row(9, text("A9", "Tahap"), text("B9", "Jumlah Perkara"))]
    perkara_book(quarter, rows=rows)
    p = one(refused(quarter), "repeats the header row (row 1)")
    assert p.row == 9


def test_a_whole_amount_with_float_noise_reads_as_the_whole_amount():
    assert numerals.parse_amount(4658366214.000001) == 4658366214
    assert numerals.parse_count(1800.0000004) == 1800
    assert numerals.parse_count(0.1 + 0.2 - 0.3) == 0
    for noisy in (1800.4, 1800.001, 4658366214.0001):
        with pytest.raises(numerals.NumberFormatError, match="not a whole number"):
            numerals.parse_count(noisy)


# ----------------------------------------------------------------------------- numbers a clerk types


@pytest.mark.parametrize(
    "parse, cell, rule, suggestion",
    [
        (numerals.parse_count, "–", "is an en dash '–' (U+2013), not the hyphen '-'", "type '-'"),
        (numerals.parse_count, "—", "is an em dash", "or 0 for zero"),
        (numerals.parse_count, "−", "is a minus sign", "type '-'"),
        (numerals.parse_amount, "–", "is an en dash", "write the amount, or 0"),
        (numerals.parse_percent, "–", "is an en dash", "write the number, or 0"),
        (numerals.parse_count, "−24", "starts with a minus sign '−' (U+2212)", "type -24"),
        (numerals.parse_count, "–1.800", "starts with an en dash", "type -1.800"),
        (numerals.parse_count, "(24)", "is an accounting negative: brackets mean minus", "type 24 without brackets"),
        (numerals.parse_amount, "(1.800.000)", "accounting negative", "this column is never negative"),
        (numerals.parse_percent, "(5,20%)", "accounting negative", "or -5,20% if it is negative"),
        (numerals.parse_count, "1 800", "groups thousands with spaces", "write 1.800"),
        (numerals.parse_amount, "7 571 062 000", "groups thousands with spaces", "write 7.571.062.000"),
        (numerals.parse_count, "1\u202f800", "groups thousands with spaces", "write 1.800"),
        (numerals.parse_percent, "1 234,5%", "groups thousands with spaces", "write 1.234,5%"),
        (numerals.parse_amount, "4658366214.000001", "not a whole number", "write 4.658.366.214"),
        (numerals.parse_percent, "0,9881", "looks like a fraction, not a percentage", "98,81%"),
        (numerals.parse_percent, 0.9881, "looks like a fraction", "type 98,81%"),
        (numerals.parse_matrix_percent, 0.9881, "looks like a fraction", "98,81%"),
        (numerals.parse_count, numerals.ExcelPercent(180000.0), "is a percentage", "format the cell as Number"),
        (numerals.parse_count, date(2024, 1, 18), "is a date", "format the cell as Number"),
        (numerals.parse_count, time(12, 0), "is a date", "format the cell as Number"),
        (numerals.parse_percent, timedelta(days=2), "is a date", "Number"),
        (numerals.parse_decimal, datetime(2024, 1, 18), "is a date", "Number"),
    ],
)
def test_near_numbers_get_one_line_that_says_what_to_change(parse, cell, rule, suggestion):
    with pytest.raises(numerals.NumberFormatError) as err:
        parse(cell)
    assert rule in str(err.value)
    assert suggestion in (err.value.suggestion or "")


@pytest.mark.parametrize(
    "parse, cell, value",
    [
        (numerals.parse_percent, numerals.ExcelPercent(98.81), 98.81),  # a '%' cell: already points
        (numerals.parse_percent, numerals.ExcelPercent(0.9881), 0.9881),  # 0,99% shown: as shown
        (numerals.parse_percent, "0,50", 0.5),  # two decimals: a printed percentage
        (numerals.parse_percent, "0,9881%", 0.9881),  # the '%' says percent points
        (numerals.parse_percent, 0.5, 0.5),
        (numerals.parse_percent, 45.1, 45.1),
        (numerals.parse_count, "-", 0),
        (numerals.parse_count, "1.800", 1800),
        (numerals.parse_matrix_percent, 98.81, 98.81),
    ],
)
def test_what_the_book_writes_still_reads(parse, cell, value):
    assert parse(cell) == pytest.approx(value)


# ----------------------------------------------------------------------------- CSV encodings


def perkara_csv(folder: Path, data: bytes) -> Path:
    (folder / "perkara.csv").write_bytes(data)
    return folder


PERKARA_TEXT = "tahap\tjumlah_perkara\r\n" + "".join(f"{s}\t{n}\r\n" for s, n in STAGES)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_and_its_names_never_print_with_nuls(quarter, encoding):
    perkara_csv(quarter, PERKARA_TEXT.encode(encoding))
    table = files.read_dataset(quarter, PERKARA)
    assert values(table)[0] == (2, "SPDP", "47")
    assert any("without byte-order mark" in n for n in table.notes)


def test_utf16_with_an_odd_byte_count_is_refused_not_misread(quarter):
    perkara_csv(quarter, PERKARA_TEXT.encode("utf-16-le") + b"x")
    assert "is not valid UTF-16-LE text" in str(refused(quarter)[0])


def test_a_file_mixing_utf8_and_1252_is_refused_at_the_first_line_that_is_not_utf8(quarter):
    lines = ["tahap,jumlah_perkara", "SPDP,47", "Tahap I – lama,24", "P18/19,19", "Putusan é,11"]
    data = b"\n".join(
        [lines[0].encode(), lines[1].encode(), lines[2].encode("utf-8"), lines[3].encode(), lines[4].encode("cp1252")]
    )
    perkara_csv(quarter, data)
    p = refused(quarter)[0]
    assert (p.row, p.value) == (5, "Putusan é,11")
    assert "mixes two encodings: this line is not UTF-8, but line 3 is" in p.rule


def test_windows_1252_alone_still_reads(quarter):
    perkara_csv(quarter, PERKARA_TEXT.replace("Putusan", "Putusan – é").encode("cp1252"))
    table = files.read_dataset(quarter, PERKARA)
    assert table.rows[-1][1]["tahap"] == "Putusan – é" and table.notes[0] == "Windows-1252"


def test_a_bom_before_bytes_that_are_not_utf8_is_refused(quarter):
    perkara_csv(quarter, b"\xef\xbb\xbf" + PERKARA_TEXT.encode().replace(b"SPDP", b"SPDP\xe9"))
    assert refused(quarter)[0].rule == "is not valid UTF-8 text (byte 29)"


def test_a_cell_larger_than_the_csv_field_limit_is_a_problem_not_a_traceback(quarter):
    perkara_csv(quarter, b"tahap,jumlah_perkara\nSPDP,47\n" + b'"' + b"x" * 200_000 + b'"\n')
    p = refused(quarter)[0]
    assert "cannot be read as CSV from this row on" in p.rule and p.row == 3


def test_a_csv_with_too_many_rows_is_refused_before_it_is_parsed(quarter, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 50)
    perkara_csv(quarter, b"tahap,jumlah_perkara\n" + b"SPDP,1\n" * 100)
    assert "has more than 50 rows" in refused(quarter)[0].rule


# ----------------------------------------------------------------------------- the folder: what is ignored, what is never opened


def test_macos_twins_and_office_lock_files_are_ignored(tmp_path):
    folder = copy_quarter(tmp_path)
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + os.urandom(200)
    for name in ("._2024-Q2.xlsx", "~$2024-Q2.xlsx", ".~lock.2024-Q2.xlsx#", "._sampling.csv"):
        (folder / name).write_bytes(apple_double)
    _, problems = check_path(folder)
    assert problems == []


def test_a_macos_twin_beside_the_real_workbook_is_ignored(quarter):
    perkara_book(quarter)
    (quarter / "._book.xlsx").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 100)
    assert values(files.read_dataset(quarter, PERKARA))[0] == (2, "SPDP", 47)


@pytest.mark.parametrize("name", ["catatan.xlsx", "perkara.csv"])
def test_a_named_pipe_is_never_opened(quarter, name):
    os.mkfifo(quarter / name)
    perkara_book(quarter) if name.endswith(".csv") else perkara_csv(quarter, PERKARA_TEXT.encode())
    with deadline(5):
        p = refused(quarter)[0]
    assert (p.file, p.rule) == (name, "is a named pipe (FIFO), not a regular file; refused without reading it")


def test_a_file_swapped_for_a_pipe_after_it_was_listed_is_refused_without_blocking(quarter, monkeypatch):
    """Between the lstat and the open a regular file can be replaced: the open does not block
    (O_NONBLOCK) and what was opened is judged again (fstat)."""
    pipe = quarter / "perkara.csv"
    os.mkfifo(pipe)
    real_lstat = os.lstat
    regular = real_lstat(SHIPPED / SHIPPED_QUARTER / "perkara.csv")

    def lying_lstat(path, *a, **kw):
        return regular if Path(path) == pipe else real_lstat(path, *a, **kw)

    monkeypatch.setattr(os, "lstat", lying_lstat)
    with deadline(5), pytest.raises(SubmissionError) as err:
        files.read_csv_cells(pipe, "perkara.csv")
    assert "named pipe" in err.value.problems[0].rule


def test_a_device_or_socket_in_the_folder_is_never_opened(quarter):
    import socket

    sock = socket.socket(socket.AF_UNIX)
    path = quarter / "perkara.csv"
    try:
        sock.bind(str(path))
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
        with deadline(5):
            assert "is a socket" in refused(quarter)[0].rule
    finally:
        sock.close()


def test_an_unreadable_file_is_a_problem(quarter, monkeypatch):
    perkara_csv(quarter, PERKARA_TEXT.encode())
    real_open = os.open

    def denied(path, *a, **kw):
        if Path(path).name == "perkara.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "open", denied)
    p = refused(quarter)[0]
    assert (p.file, p.rule) == ("perkara.csv", "cannot be read: permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_problem_for_real(quarter):
    perkara_csv(quarter, PERKARA_TEXT.encode())
    (quarter / "perkara.csv").chmod(0)
    assert refused(quarter)[0].rule == "cannot be read: permission denied"


# ----------------------------------------------------------------------------- resources: zip bombs, XML bombs, huge sheets


def test_zip_sizes_are_checked_before_anything_is_unpacked(quarter, monkeypatch):
    perkara_book(quarter)
    unpacked = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, *a, **kw: unpacked.append(a[0]) or real_open(self, *a, **kw)
    )
    book = zipfile.ZipFile(quarter / "book.xlsx", "a", zipfile.ZIP_DEFLATED)
    with book as z, z.open("xl/media/bomb.bin", "w", force_zip64=True) as fh:
        for _ in range(60):
            fh.write(b"\0" * (1 << 20))
    unpacked.clear()
    with deadline(5):
        p = refused(quarter)[0]
    assert "holds a part of 60 MB when unpacked (xl/media/bomb.bin)" in p.rule
    assert unpacked == [], "a part was unpacked before the zip directory was judged"


def test_the_total_unpacked_size_is_capped(quarter, monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 2000)
    perkara_book(quarter)
    assert "unpacks to" in refused(quarter)[0].rule


def test_a_zip_whose_directory_understates_a_part_is_refused_as_damaged(quarter):
    """A crafted zip can declare a small size for a part that inflates to more: reading stops at
    the declared size and the checksum then fails; a problem, not a blow-up."""
    path = perkara_book(quarter)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    small = (100).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = small  # uncompressed size, local header
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # and in the central directory
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            data[pos + 24 : pos + 28] = small
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    files._BOOKS.clear()
    assert "is damaged" in refused(quarter)[0].rule


def test_entity_expansion_is_refused(quarter):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    perkara_book(quarter, prolog=laughs)
    with deadline(5):
        assert "declares a DOCTYPE" in refused(quarter)[0].rule


def test_a_sheet_claiming_a_huge_dimension_reads_only_its_cells(quarter):
    perkara_book(quarter, sheet={"before": '<dimension ref="A1:XFD1048576"/>'})
    with deadline(5):
        assert len(files.read_dataset(quarter, PERKARA).rows) == 6


def test_a_value_far_to_the_right_is_refused_not_padded(quarter):
    rows = perkara_rows()
    rows[2] = row(3, text("A3", "Tahap I"), cell("B3", 24), text("XFD3", "x"))
    perkara_book(quarter, rows=rows)
    with deadline(5):
        p = one(refused(quarter), "a value far right of the table")
    assert (p.row, p.column, p.value) == (3, None, "XFD3")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_table_with_too_many_filled_cells_is_refused(quarter, monkeypatch, kind):
    monkeypatch.setattr(files, "MAX_CELLS", 30)
    extra = [(s, n) for s, n in STAGES] * 3
    if kind == "csv":
        perkara_csv(quarter, ("tahap,jumlah_perkara\n" + "".join(f"{s},{n}\n" for s, n in extra)).encode())
    else:
        rows = perkara_rows() + [row(k, text(f"A{k}", s), cell(f"B{k}", n)) for k, (s, n) in enumerate(extra, start=8)]
        perkara_book(quarter, rows=rows)
    assert "has more than 30 filled cells" in refused(quarter)[0].rule


def test_a_sheet_with_too_many_rows_is_refused(quarter, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 20)
    perkara_book(quarter, rows=perkara_rows() + [row(n, text(f"A{n}", "SPDP"), cell(f"B{n}", 1)) for n in range(8, 80)])
    assert "has more than 20 rows" in refused(quarter)[0].rule


def test_corrupt_workbooks_end_in_a_problem_never_a_traceback(quarter):
    """Truncations and random byte flips of a valid workbook: every one is read or refused."""
    good = perkara_book(quarter).read_bytes()
    rng = random.Random(9)
    variants = [good[:n] for n in range(0, len(good), max(1, len(good) // 40))]
    for _ in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        variants.append(bytes(data))
    for data in variants:
        (quarter / "book.xlsx").write_bytes(data)
        try:
            files.read_dataset(quarter, PERKARA)
        except SubmissionError:
            pass


@pytest.mark.parametrize(
    "sheet_xml, fragment",
    [
        ("<worksheet><sheetData><row r='x'/></sheetData></worksheet>", "row number"),
        (
            f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'><c r='A1' t='s'><v>7</v></c></row></sheetData></worksheet>",
            "points to no string",
        ),
        (
            f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'><c r='A1'><v>abc</v></c></row></sheetData></worksheet>",
            "holds 'abc'",
        ),
        ("<worksheet><sheetData><row>", "is damaged"),
        ("", "is damaged"),
    ],
)
def test_damaged_sheet_xml_is_a_problem(quarter, sheet_xml, fragment):
    path = perkara_book(quarter)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert fragment in str(refused(quarter))


def test_a_workbook_is_read_once_however_many_datasets_ask(tmp_path, monkeypatch):
    folder = copy_quarter(tmp_path)
    csv_to_xlsx(folder, folder / "book.xlsx")
    files._BOOKS.clear()
    made = []
    real = files._Workbook.__init__

    def counting(self, *a, **kw):
        made.append(1)
        real(self, *a, **kw)

    monkeypatch.setattr(files._Workbook, "__init__", counting)
    _, problems = check_path(folder)
    assert problems == [] and len(made) == 1


# ----------------------------------------------------------------------------- many problems: fast, and counted


def test_problems_of_one_kind_are_capped_with_a_count():
    many = [Problem("s.csv", n, "tms", "x", "is not a number") for n in range(2, 40_002)]
    other = [Problem("s.csv", 5, "ms", "y", "is not a number"), Problem("s.csv", None, None, None, "whole file")]
    out = capped(many + other)
    assert len(out) == 10 + 1 + 2
    more = [p for p in out if isinstance(p, MoreLikeThis)]
    assert [str(p) for p in more] == [
        "s.csv, column 'tms': ... and 39.990 more like this in rows 12 to 40.001: is not a number"
    ]
    assert out.index(more[0]) == len(out) - 1  # after the last one shown
    assert capped(out) == out  # capping twice changes nothing
    merged = capped([*out, Problem("s.csv", 50_000, "tms", "x", "is not a number")])
    assert "... and 39.991 more like this in rows 12 to 50.000" in str(merged[-1])
    err = SubmissionError(many)
    assert len(err.problems) == 11 and str(err).startswith("40000 problems in the submission")


def test_forty_thousand_bad_rows_are_validated_in_linear_time(tmp_path):
    """Every row breaks e = f + g and has an unknown commodity: the problems are found and
    counted. (The old lookup scanned the table for each problem: minutes; bench/hostile_inputs.py
    measures it, this checks what is said.)"""
    folder = copy_quarter(tmp_path)
    lines = (folder / "sampling.csv").read_text().splitlines()
    bad = "Obat{i},Tageted,1.800,2,-,-,10,1.798,1.138,1.105,33,35,660,1.141"
    (folder / "sampling.csv").write_text("\n".join([lines[0]] + [bad.format(i=i) for i in range(40_000)]) + "\n")
    with pytest.raises(SubmissionError) as err:
        check_dataset(folder.parent, SAMPLING, folder.name)
    shown = [str(p) for p in err.value.problems]
    assert (
        "sampling.csv, column 'komoditi': ... and 39.990 more like this in rows 12 to 40.001: unknown value"
        in "\n".join(shown)
    )
    assert any(s.startswith("sampling.csv, column 'diperiksa_diuji': ... and 39.990 more like this") for s in shown)
    hinted = [p for p in err.value.problems if p.column == "diperiksa_diuji" and p.row]
    assert len(hinted) == 10 and all(p.suggestion == "the other columns give 1.140" for p in hinted)


def test_the_arithmetic_checks_report_the_same_rows_as_before(tmp_path):
    """The failing rows of an arithmetic check come from the check itself (pandera is asked
    for a few cases only): every failing row is still reported, each once."""
    folder = copy_quarter(tmp_path)
    rows = (folder / "sampling.csv").read_text().splitlines()
    for n in (3, 5, 9, 13):
        cells = rows[n - 1].split(",")
        cells[8] = "1"  # diuji: e = f + g and i = d - e break, j = b + e too
        rows[n - 1] = ",".join(cells)
    (folder / "sampling.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(SubmissionError) as err:
        check_dataset(folder.parent, SAMPLING, folder.name)
    located = sorted((p.row, p.column) for p in err.value.problems)
    expected = sorted((n, c) for n in (3, 5, 9, 13) for c in ("diuji", "belum_selesai_uji", "diperiksa_diuji"))
    assert located == expected


def test_reading_is_thread_safe_enough_for_the_sensor_and_a_check(tmp_path):
    folder = copy_quarter(tmp_path)
    csv_to_xlsx(folder, folder / "book.xlsx")
    errors = []

    def work():
        try:
            for _ in range(3):
                files.read_dataset(folder, SAMPLING)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
