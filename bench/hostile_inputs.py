"""`kinerja check` on hostile and broken submissions: time and peak memory of each (issue 9).

Each case is a copy of the shipped quarter (submissions/2024-Q2) broken one way, in a temporary
folder (never the repo's submissions/ or data/). `kinerja check <folder>` runs in a subprocess;
its wall time and peak resident memory (wait4's rusage) are printed against the targets:
under 10 s and under 1 GB, whatever the folder holds, and never a traceback.

    .venv/bin/python bench/hostile_inputs.py            # every case
    .venv/bin/python bench/hostile_inputs.py zip_bomb   # the cases whose name contains a word

Not a timed test: the numbers depend on the machine; the README of the issue quotes them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests"))  # the corpus's builders (tests/bad_submissions.py)

import bad_submissions as bs  # noqa: E402
from conftest import csv_to_xlsx  # noqa: E402

QUARTER = "2024-Q2"
TARGET_SECONDS = 10
TARGET_MB = 1024
MB = 1024 * 1024


# ----------------------------------------------------------------------------- builders


def replace_part(workbook: Path, member: str, write: Callable) -> None:
    """Rewrite the workbook with `member` streamed from `write(fh)` (deflated)."""
    tmp = workbook.with_suffix(".tmp")
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
        with dst.open(member, "w", force_zip64=True) as fh:
            write(fh)
    tmp.replace(workbook)


def workbook(folder: Path) -> Path:
    path = folder / f"{QUARTER}.xlsx"
    csv_to_xlsx(folder, path)
    return path


def sampling_sheet(path: Path) -> str:
    return bs.sheet_part(path, "sampling")


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = bs.read_rows(REPO / "submissions" / QUARTER / "sampling.csv")[0]
BAD_ROW = ["Obat{i}", "Tageted", "1800", "2", "0", "0", "10", "1798", "1138", "1105", "33", "35", "660", "1141"]


def sheet_writer(rows: int, cell: Callable[[int, int, str], str], row_attrs: str = "", after: str = "") -> Callable:
    """A sheet of `rows` data rows below the sampling header, streamed."""

    def write(fh) -> None:
        fh.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
        head = "".join(f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{h}</t></is></c>' for j, h in enumerate(HEADER))
        fh.write(f'<row r="1">{head}</row>'.encode())
        for i in range(rows):
            n = i + 2
            cells = "".join(cell(n, j, v.format(i=i)) for j, v in enumerate(BAD_ROW))
            fh.write(f'<row r="{n}"{row_attrs}>{cells}</row>'.encode())
        fh.write(f"</sheetData>{after}</worksheet>".encode())

    return write


def plain_cell(n: int, j: int, v: str) -> str:
    ref = f"{chr(65 + j)}{n}"
    return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' if j < 2 else f'<c r="{ref}"><v>{v}</v></c>'


def formula_cell(n: int, j: int, v: str) -> str:
    ref = f"{chr(65 + j)}{n}"
    return plain_cell(n, j, v) if j < 2 else f'<c r="{ref}"><f>1+1</f></c>'


def big_sheet(rows: int, cell=plain_cell, row_attrs: str = "", after: str = "") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = workbook(folder)
        replace_part(path, sampling_sheet(path), sheet_writer(rows, cell, row_attrs, after))
        return folder

    return build


def zip_bomb_1gb(folder: Path) -> Path:
    """A 1 GB part of zeros in a workbook of about 1 MB (the issue's case)."""
    path = workbook(folder)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/image1.png", "w", force_zip64=True) as fh,
    ):
        block = b"\0" * MB
        for _ in range(1024):
            fh.write(block)
    return folder


def zip_bomb_sheet(folder: Path) -> Path:
    """The sampling sheet itself inflating to 1 GB of whitespace inside its XML."""
    path = workbook(folder)

    def write(fh) -> None:
        fh.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
        block = b" " * MB
        for _ in range(1024):
            fh.write(block)
        fh.write(b"</sheetData></worksheet>")

    replace_part(path, sampling_sheet(path), write)
    return folder


def billion_laughs(folder: Path) -> Path:
    path = workbook(folder)
    laughs = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10)]
    doc = f'<?xml version="1.0"?><!DOCTYPE w [{"".join(laughs)}]><worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    replace_part(path, sampling_sheet(path), lambda fh: fh.write(doc.encode()))
    return folder


def many_merges(folder: Path) -> Path:
    merges = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(2, 500_002))
    return big_sheet(13, after=f"<mergeCells>{merges}</mergeCells>")(folder)


def huge_dimension_and_far_cells(folder: Path) -> Path:
    path = workbook(folder)

    def write(fh) -> None:
        fh.write(f'<worksheet xmlns="{NS}"><dimension ref="A1:XFD1048576"/><sheetData>'.encode())
        head = "".join(f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{h}</t></is></c>' for j, h in enumerate(HEADER))
        fh.write(f'<row r="1">{head}</row>'.encode())
        for n in range(2, 200_002):
            fh.write(f'<row r="{n * 5}"><c r="XFD{n * 5}"><v>1</v></c></row>'.encode())
        fh.write(b"</sheetData></worksheet>")

    replace_part(path, sampling_sheet(path), write)
    return folder


def many_bad_csv_rows(count: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        """Every row an unknown commodity and a broken j = b + e."""
        first = bs.read_rows(folder / "sampling.csv")[1]
        rows = [HEADER] + [[f"Obat{i}", *first[1:-1], "1.141"] for i in range(count)]
        bs.write_rows(folder / "sampling.csv", rows)
        return folder

    return build


def one_giant_cell(folder: Path) -> Path:
    """An opening quote never closed, and 40 MB after it."""
    path = folder / "perkara.csv"
    path.write_bytes(path.read_bytes().replace(b"Tahap I,24", b'Tahap I,"24') + b"x" * (40 * MB))
    return folder


def nul_flood(folder: Path) -> Path:
    (folder / "perkara.csv").write_bytes(b"\0" * (45 * MB))
    return folder


def unreadable(folder: Path) -> Path:
    (folder / "sampling.csv").chmod(0)
    return folder


def every_fault_at_once(folder: Path) -> Path:
    bs._named_pipe("catatan.xlsx")(folder)
    many_bad_csv_rows(40_000)(folder)
    one_giant_cell(folder)
    bs._mixed_encodings(folder)
    (folder / "laporan.xlsx").write_bytes((folder / "sampling.csv").read_bytes()[:100])
    (folder / "._laporan.xlsx").write_bytes(b"\0\5\26\7" + b"\0" * 100)
    return folder


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("shipped_quarter_csv", lambda f: f),
    ("shipped_quarter_as_workbook", lambda f: (workbook(f), f)[1]),
    ("zip_bomb_1gb_part", zip_bomb_1gb),
    ("zip_bomb_sheet_1gb", zip_bomb_sheet),
    ("zip_bomb_50mb_part", bs._zip_bomb(60 * MB)),
    ("billion_laughs_sheet", billion_laughs),
    ("named_pipe_catatan_xlsx", bs._named_pipe("catatan.xlsx")),
    ("named_pipe_sampling_csv", bs._named_pipe("sampling.csv")),
    ("unreadable_file_chmod_000", unreadable),
    ("corrupt_sheet_xml", bs._corrupt_sheet_xml),
    ("truncated_workbook", bs._truncated_workbook),
    ("password_protected_workbook", bs._replace_workbook(lambda _: bs.fake_ole(encrypted=True))),
    ("csv_40000_bad_rows", many_bad_csv_rows(40_000)),
    ("csv_42000_bad_rows_just_under_the_cell_cap", many_bad_csv_rows(42_000)),
    ("csv_100000_bad_rows_over_the_cell_cap", many_bad_csv_rows(100_000)),
    ("csv_200000_rows_over_the_cap", many_bad_csv_rows(200_000)),
    ("csv_unclosed_quote_40mb_cell", one_giant_cell),
    ("csv_45mb_of_nul_bytes", nul_flood),
    ("csv_mixed_encodings", bs._mixed_encodings),
    ("xlsx_40000_bad_rows", big_sheet(40_000)),
    ("xlsx_42000_bad_rows_just_under_the_cell_cap", big_sheet(42_000)),
    ("xlsx_100000_bad_rows_over_the_cell_cap", big_sheet(100_000)),
    ("xlsx_40000_hidden_rows", big_sheet(40_000, row_attrs=' hidden="1"')),
    ("xlsx_40000_rows_of_formulas_without_values", big_sheet(40_000, cell=formula_cell)),
    ("xlsx_500000_merged_ranges", many_merges),
    ("xlsx_huge_dimension_far_right_cells", huge_dimension_and_far_cells),
    ("every_fault_at_once", every_fault_at_once),
]


# ----------------------------------------------------------------------------- running


def run_check(folder: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit status, output) of `kinerja check folder`."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(BIN / "kinerja"), "check", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    out = b""
    # Read while it runs (a full pipe would block it), then reap it with its rusage.
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(65536), b""):
        out += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return seconds, usage.ru_maxrss / 1024, proc.returncode, out.decode("utf-8", "replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="run the cases whose name contains one of these words")
    args = parser.parse_args()
    cases = [(n, b) for n, b in CASES if not args.only or any(w in n for w in args.only)]
    print(f"kinerja check on hostile inputs (targets: < {TARGET_SECONDS} s, < {TARGET_MB} MB, no traceback)\n")
    print(f"{'case':<46} {'seconds':>8} {'peak MB':>8} {'exit':>5} {'lines':>6}  verdict / first problem")
    failures = 0
    for name, build in cases:
        with tempfile.TemporaryDirectory(prefix="kinerja-hostile-") as tmp:
            folder = Path(tmp) / "submissions" / QUARTER
            shutil.copytree(REPO / "submissions" / QUARTER, folder)
            build(folder)
            seconds, peak, code, out = run_check(folder)
            for p in folder.iterdir():  # let the temporary folder be removed
                if not p.is_symlink():
                    os.chmod(p, 0o644)
        problems = [line for line in out.splitlines() if line.startswith("  - ")]
        traceback = "Traceback" in out
        ok = seconds < TARGET_SECONDS and peak < TARGET_MB and not traceback and code in (0, 1)
        failures += not ok
        first = problems[0][4:] if problems else out.strip().splitlines()[-1]
        verdict = "ok  " if ok else "FAIL"
        print(f"{name:<46} {seconds:>8.2f} {peak:>8.0f} {code:>5} {len(problems):>6}  {verdict} {first[:110]}")
        if traceback:
            print(out)
    print(f"\n{len(cases) - failures} of {len(cases)} within the targets.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
