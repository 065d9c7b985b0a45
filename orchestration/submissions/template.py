"""The submission workbook of a quarter: one sheet per dataset with its header, the accepted
values as drop-down lists, and a sheet of short instructions in Indonesian. Each directorate
fills in its own sheets; the workbook is read like the CSV files (`kinerja check` it first)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from orchestration.submissions import reference
from orchestration.submissions.catalog import FigureDataset, figure_datasets
from orchestration.submissions.specs import DATASETS, Dataset

LISTS_SHEET = "daftar_isian"  # not a dataset name: the reader ignores it
GUIDE_SHEET = "petunjuk"
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
CATEGORY_COLUMNS = {
    "sampling": ("komoditi", "metode_sampling"),
    "perkara": ("tahap",),
    "budget_units": ("kelompok",),
    "budget_summary": ("tabel", "kategori"),
    "rkp_indicators": ("satuan",),
}

GUIDE = """Cara mengisi lembar kerja ini

1. Setiap lembar (sheet) adalah satu dataset. Isi hanya lembar milik unit Anda; lembar yang
   tidak diisi dianggap belum dikirim dan tidak menahan dataset lain.
2. Baris pertama adalah judul kolom: jangan diubah, dihapus atau dipindahkan.
3. Angka ditulis cara Indonesia: titik memisahkan ribuan (1.800), koma untuk desimal (45,10).
   Persentase boleh ditulis 72,06% atau 72,06. Tanda '-' berarti nol untuk jumlah.
4. Pada lembar bergaya "figure, breakdown, value": kolom figure dan breakdown sudah terisi;
   tulis nilainya di kolom value persis seperti akan dicetak. Pilihan yang sah ada di daftar
   tarik-turun (drop-down) dan di lembar daftar_isian.
5. Jangan menggabungkan sel (merge), menyembunyikan baris, atau memakai rumus tanpa menyimpan.
6. Sebelum mengirim, jalankan `kinerja check <folder triwulan>`: semua masalah ditampilkan
   sekaligus, lengkap dengan baris dan kolomnya, dan tidak ada yang dimuat.
"""


def _header(ws, names: list[str]) -> None:
    ws.append(names)
    for i, _ in enumerate(names, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(14, min(60, len(names[i - 1]) + 4))
    ws.freeze_panes = "A2"


class _Lists:
    """Accepted values written once to the lists sheet, referenced by the drop-downs."""

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(LISTS_SHEET)
        self.ws.append(["daftar", "nilai yang sah"])
        self.column = 0

    def add(self, title: str, values: list[str]) -> str:
        self.column += 1
        letter = get_column_letter(self.column)
        self.ws.cell(row=1, column=self.column, value=title).font = Font(bold=True)
        for i, v in enumerate(values, start=2):
            self.ws.cell(row=i, column=self.column, value=v)
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(2, len(values) + 1)}"


def _dropdown(ws, column: int, source: str, rows: int) -> None:
    dv = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Nilai tidak dikenal",
        error="Pilih salah satu nilai dari daftar.",
    )
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{rows + 1}")
    ws.add_data_validation(dv)


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))[1:]


def _core_sheet(wb: Workbook, lists: _Lists, dataset: Dataset, fill: Path | None) -> None:
    ws = wb.create_sheet(dataset.name)
    _header(ws, dataset.column_names)
    rows = _read_csv(fill / f"{dataset.name}.csv") if fill and (fill / f"{dataset.name}.csv").exists() else []
    for r in rows:
        ws.append([c if c != "" else None for c in r])
    for name in CATEGORY_COLUMNS.get(dataset.name, ()):
        values = sorted(set(reference.accepted_values(dataset.name, name)))
        _dropdown(
            ws, dataset.column_names.index(name) + 1, lists.add(f"{dataset.name}.{name}", values), max(len(rows), 200)
        )


def _figure_sheet(wb: Workbook, lists: _Lists, spec: FigureDataset, fill: Path | None) -> None:
    ws = wb.create_sheet(spec.name)
    _header(ws, spec.column_names)
    ws.column_dimensions["B"].width = 60
    source = fill / f"{spec.name}.csv" if fill else None
    if source is not None and source.exists():
        rows = [[c if c != "" else None for c in r] for r in _read_csv(source)]
    else:
        rows = [[f.code, b or None, None] for f in spec.figures.values() for b in (f.breakdowns or ("",))]
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "@"  # the value as typed: 1.800 stays 1.800, not 1,8
            cell.alignment = Alignment(horizontal="right")
    _dropdown(ws, 1, lists.add(f"{spec.name}.figure", list(spec.figures)), max(len(rows), 100))
    closed = sorted({b for f in spec.figures.values() if f.breakdowns for b in f.breakdowns if b})
    if closed and all(f.breakdowns is not None for f in spec.figures.values()):
        _dropdown(ws, 2, lists.add(f"{spec.name}.breakdown", closed), max(len(rows), 100))


def write_template(out: Path, quarter: str, fill_from: Path | None = None) -> Path:
    """Write the workbook for `quarter`; with `fill_from` (a submitted quarter's folder of CSVs)
    every sheet carries that quarter's values."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.append([f"Lembar kerja pengiriman data Kinerja BPOM Dalam Angka, triwulan {quarter}"])
    guide["A1"].font = Font(bold=True, size=13)
    for line in GUIDE.splitlines():
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    lists = _Lists(wb)
    for dataset in DATASETS.values():
        _core_sheet(wb, lists, dataset, fill_from)
    for spec in figure_datasets().values():
        _figure_sheet(wb, lists, spec, fill_from)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
