"""The data workbook: every table of the book as a sheet, numbers stored as numbers with
Indonesian display formats (locale tag [$-421], Bahasa Indonesia: Excel shows 1.800 and
9,23% under Indonesian regional settings), plus an index sheet and every printed figure of the
quarter with the submission file and row it came from."""

from __future__ import annotations

from pathlib import Path

from orchestration.publishing.book.data import BookData
from orchestration.publishing.book.model import Book, Table

LOCALE_TAG = "[$-421]"
SHEET_NAMES = {
    "bab12_kelompok": "BAB 12 Kelompok",
    "bab12_jenis_belanja": "BAB 12 Jenis Belanja",
    "lampiran1": "Lampiran I",
    "lampiran2_pusat": "Lampiran II Pusat",
    "lampiran2_balai": "Lampiran II Balai",
    "lampiran2_loka": "Lampiran II Loka",
    "temuan": "Temuan Konsistensi",
    "sumber": "Sumber dan sha256",
}


def sheet_name(t: Table) -> str:
    if t.number:
        return f"Tabel {t.number}"
    return SHEET_NAMES.get(t.key, t.key[:31])


def number_format(code: str | None) -> str | None:
    return None if code is None else LOCALE_TAG + code


def write_workbook(book: Book, data: BookData, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    title_font = Font(bold=True, size=12)
    header_fill = PatternFill("solid", fgColor="E6E6E6")
    group_fill = PatternFill("solid", fgColor="DCDCDC")
    wb = Workbook()
    index = wb.active
    index.title = "Daftar"
    index.append([f"{book.title} · {book.subtitle}" + (" (DRAF)" if book.draft else "")])
    index["A1"].font = title_font
    index.append([book.generated_note])
    if book.missing_datasets:
        index.append(["Belum tersedia: " + ", ".join(book.missing_datasets)])
    index.append([])
    index.append(["Lembar", "Tabel", "Judul", "Dataset sumber", "Mart"])
    for c in index[index.max_row]:
        c.font, c.fill = bold, header_fill
    used: set[str] = {"Daftar"}
    for t in book.tables():
        name = sheet_name(t)
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        index.append([name, t.label, t.caption, ", ".join(t.sources), ", ".join(t.marts)])
        ws = wb.create_sheet(name)
        ws.append([f"{t.label}{'.' if t.number else ''} {t.caption}"])
        ws["A1"].font = title_font
        ws.append([t.source_note] if t.source_note else [])
        ws.append(t.columns)
        header_row = ws.max_row
        for c in ws[header_row]:
            c.font, c.fill = bold, header_fill
            c.alignment = Alignment(wrap_text=True, vertical="center")
        widths = [max(8, min(len(n), 40)) for n in t.columns]
        for row in t.rows:
            values = []
            for cell in row.cells:
                v = cell.value
                if v is None and cell.text not in ("", "-"):
                    v = cell.text
                values.append(v)
            ws.append(values)
            r = ws.max_row
            col = 1
            for cell in row.cells:
                target = ws.cell(row=r, column=col)
                if cell.xlsx_format and isinstance(cell.value, (int, float)):
                    target.number_format = number_format(cell.xlsx_format)
                if row.kind in ("total", "group"):
                    target.font = bold
                if row.kind == "group":
                    target.fill = group_fill
                if cell.colspan > 1:
                    ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + cell.colspan - 1)
                else:
                    widths[col - 1] = max(widths[col - 1], min(len(cell.text), 60))
                col += cell.colspan
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w + 2
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for col, width in zip("ABCDE", (22, 10, 70, 30, 40)):
        index.column_dimensions[col].width = width

    figs = wb.create_sheet("Angka")
    figs.append(
        [
            "Dataset",
            "Angka",
            "Label",
            "Rincian",
            "Nilai",
            "Nilai (tercetak)",
            "Satuan",
            "Jenis",
            "Periode",
            "Berkas",
            "Baris",
        ]
    )
    for c in figs[1]:
        c.font, c.fill = bold, header_fill
    for f in data.figures.rows:
        value = f.value
        figs.append(
            [
                f.dataset,
                f.figure,
                f.label,
                f.breakdown,
                value,
                f.value_text,
                f.unit,
                f.kind,
                f.period_scope,
                f.source_file,
                f.source_row,
            ]
        )
        cell = figs.cell(row=figs.max_row, column=5)
        if value is not None:
            cell.number_format = number_format("#,##0" if float(value).is_integer() else "#,##0.00")
    figs.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJK", (26, 28, 40, 50, 16, 18, 12, 9, 11, 28, 7)):
        figs.column_dimensions[col].width = width
    index.append(
        [
            "Angka",
            "",
            "Setiap angka tercetak triwulan ini, dengan berkas dan baris asalnya",
            "marts.mart_book_figures",
            "",
        ]
    )
    wb.properties.title = f"{book.title} {book.subtitle}"
    wb.properties.language = "id-ID"
    wb.save(str(path))
