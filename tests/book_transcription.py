"""Read the 2024-Q2 book (text extracted from its PDF) into the cell text of each dataset.

The shipped submission `submissions/2024-Q2/` was written from this module
(`python tests/book_transcription.py BOOK OUTDIR`), and `tests/test_submission_matches_book.py`
checks that it still matches the book, where `../shared` exists.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

BOOK_RELATIVE = Path("../shared/reference/000_50a2e5d9a5009c88.txt")

SAMPLING_COLUMNS = [
    "komoditi",
    "metode_sampling",
    "jumlah_sampling",
    "tmk_tie",
    "tmk_kedaluwarsa",
    "tmk_rusak",
    "tmk_label",
    "masuk_lab",
    "diuji",
    "ms",
    "tms",
    "total_tms",
    "belum_selesai_uji",
    "diperiksa_diuji",
]
PERKARA_COLUMNS = ["tahap", "jumlah_perkara"]
BUDGET_UNIT_COLUMNS = [
    "kelompok",
    "peringkat",
    "unit_kerja",
    "pagu",
    "pagu_setelah_aa",
    "realisasi",
    "persen_pagu_awal",
    "persen_pagu_aa",
]
BUDGET_SUMMARY_COLUMNS = ["tabel", "kategori", "pagu", "realisasi", "persen"]
RKP_COLUMNS = [
    "program_kode",
    "program",
    "kode_kegiatan",
    "kegiatan",
    "indikator",
    "target",
    "satuan",
    "realisasi",
    "capaian",
]

_TAG = re.compile(r"</?b>")


def _cells(line: str) -> list[str]:
    return [_TAG.sub("", c).strip() for c in line.rstrip("\n").split("\t")]


def _section(lines: list[str], start: str, stop: str) -> list[str]:
    i = next(n for n, l in enumerate(lines) if l.startswith(start) and "....." not in l)
    j = next(n for n in range(i + 1, len(lines)) if lines[n].startswith(stop))
    return lines[i + 1 : j]


def sampling(lines: list[str]) -> list[list[str]]:
    rows = []
    for title in ("Tabel 1. Profil Sampling", "Tabel 2. Profil Sampling"):
        for line in _section(lines, title, "Sumber:"):
            cells = _cells(line)
            if len(cells) >= 3 and cells[1] in ("Tageted", "Targeted", "Random"):
                cells = (cells + [""] * 14)[:14]
                rows.append(cells)
    return rows


def perkara(lines: list[str]) -> list[list[str]]:
    text = next(l for l in lines if "PPNS Badan POM telah menindaklanjuti" in l)
    pattern = [
        ("SPDP", r"(\d+) perkara masih dalam tahap SPDP"),
        ("Tahap I", r"(\d+) perkara pada tahap I,"),
        ("P18/19", r"(\d+) perkara pada tahap P18/19"),
        ("P21", r"(\d+) perkara pada tahap P21"),
        ("Tahap II", r"(\d+) perkara pada tahap II"),
        ("Putusan", r"(\d+) perkara yang mendapatkan putusan"),
    ]
    return [[stage, re.search(rx, text).group(1)] for stage, rx in pattern]


def budget_units(lines: list[str]) -> list[list[str]]:
    groups = [
        ("Pusat", "## PERINGKAT REALISASI ANGGARAN UNIT PUSAT", "## PERINGKAT REALISASI ANGGARAN BALAI"),
        ("Balai Besar/Balai POM", "## PERINGKAT REALISASI ANGGARAN BALAI", "## PERINGKAT REALISASI ANGGARAN LOKA"),
        ("Loka POM", "## PERINGKAT REALISASI ANGGARAN LOKA", "## KINERJA BPOM DALAM ANGKA"),
    ]
    rows = []
    for group, start, stop in groups:
        for line in _section(lines, start, stop):
            cells = _cells(line)
            if len(cells) == 7 and cells[0].isdigit():
                rows.append([group, *cells])
    return rows


def budget_summary(lines: list[str]) -> list[list[str]]:
    body = _section(lines, "# BAB 12", "# BAB 13")
    rows = []
    for line in body:
        cells = _cells(line)
        if len(cells) == 4 and cells[0] in ("Pusat", "Balai Besar/ Balai POM", "Loka POM", "Total"):
            rows.append(["kelompok", *cells])
    by_type = {c[0]: c[1:] for c in map(_cells, body) if len(c) == 5 and c[0] in ("Pagu", "Realisasi", "%")}
    header = next(c for c in map(_cells, body) if len(c) == 5 and c[1] == "Belanja Pegawai")
    for k, name in enumerate(header[1:]):
        rows.append(["jenis_belanja", name, by_type["Pagu"][k], by_type["Realisasi"][k], by_type["%"][k]])
    return rows


def rkp_indicators(lines: list[str]) -> list[list[str]]:
    body = _section(lines, "## LAMPIRAN I", "## LAMPIRAN II")
    rows = []
    program_code = program = activity_code = activity = ""
    for line in body:
        cells = _cells(line)
        if len(cells) != 7 or cells[0] == "No":
            continue
        no, name, indicator, target, unit, realisasi, capaian = cells
        if no.endswith("."):
            program_code, program, activity_code, activity = no.rstrip("."), name, "", ""
            continue
        if no:
            activity_code, activity = no, name
        rows.append([program_code, program, activity_code, activity, indicator, target, unit, realisasi, capaian])
    return rows


DATASETS = {
    "sampling": (SAMPLING_COLUMNS, sampling),
    "perkara": (PERKARA_COLUMNS, perkara),
    "budget_units": (BUDGET_UNIT_COLUMNS, budget_units),
    "budget_summary": (BUDGET_SUMMARY_COLUMNS, budget_summary),
    "rkp_indicators": (RKP_COLUMNS, rkp_indicators),
}


def read_book(path: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {name: (cols, fn(lines)) for name, (cols, fn) in DATASETS.items()}


def write_csvs(book: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in read_book(book).items():
        with open(out_dir / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)


if __name__ == "__main__":
    write_csvs(Path(sys.argv[1]), Path(sys.argv[2]))
