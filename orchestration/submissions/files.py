"""Find and read the files of a quarterly submission, safely, into cell text.

A submission is a folder named after its quarter (`2024-Q2/`) holding one CSV per dataset
(`sampling.csv`, ...) or one XLSX workbook with a sheet per dataset. Only those names are
read; nothing from the folder is used as a path or a value without being checked.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.submissions.periods import is_period
from orchestration.submissions.problems import Problem, SubmissionError
from orchestration.submissions.specs import Dataset

MAX_FILE_BYTES = 50 * 1024 * 1024
SYNTHETIC_MARKER = "_synthetic.json"  # written by bench/synthetic.py into every quarter it makes
HEADER_SEARCH_ROWS = 20  # title blocks above the header, as report templates have


def normalise_header(name: object) -> str:
    text = "" if name is None else str(name)
    return "_".join(text.replace("\ufeff", "").strip().lower().replace("-", " ").split())


@dataclass
class SourceTable:
    """The cells of one dataset as read from one file, with the rows as the user sees them."""

    dataset: Dataset
    file: str  # as named in problems: `sampling.csv` or `2024-Q2.xlsx[sampling]`
    path: Path
    sha256: str
    header_row: int
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_folder(root: Path, period: str) -> Path:
    """The submission folder of `period` under `root`, refusing anything outside it."""
    if not is_period(period):
        raise SubmissionError(
            [Problem(str(period), None, None, str(period), "is not a quarter: name the folder YYYY-Qn, e.g. 2024-Q2")]
        )
    root = root.resolve()
    folder = (root / period).resolve()
    if folder.parent != root:
        raise SubmissionError([Problem(period, None, None, period, "folder lies outside the submissions directory")])
    if not folder.is_dir():
        raise SubmissionError([Problem(period, None, None, None, f"no submission folder {period}/ in {root}")])
    return folder


def _inside(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def locate(folder: Path, dataset: Dataset) -> tuple[Path, str | None]:
    """(file, sheet) holding `dataset` in the folder: `<name>.csv`, or a sheet in the one workbook."""
    problems: list[Problem] = []
    csv_path = folder / f"{dataset.name}.csv"
    workbooks = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
    candidates = []
    if csv_path.exists():
        candidates.append((csv_path, None))
    for wb in workbooks:
        if dataset.name in _sheet_names(wb):
            candidates.append((wb, dataset.name))
    for path, _ in candidates:
        if path.is_symlink() or not _inside(folder, path) or not path.is_file():
            problems.append(
                Problem(
                    path.name, None, None, None, "is a link or not a regular file inside the submission folder; refused"
                )
            )
    if problems:
        raise SubmissionError(problems)
    if not candidates:
        present = ", ".join(sorted(p.name for p in folder.iterdir())) or "nothing"
        raise SubmissionError(
            [
                Problem(
                    f"{folder.name}/{dataset.name}.csv",
                    None,
                    None,
                    None,
                    f"missing: the {dataset.name} dataset is needed as {dataset.name}.csv or a sheet '{dataset.name}' in a workbook (the folder has: {present})",
                )
            ]
        )
    if len(candidates) > 1:
        names = " and ".join(f"{p.name}[{s}]" if s else p.name for p, s in candidates)
        raise SubmissionError(
            [Problem(folder.name, None, None, None, f"{dataset.name} is given twice ({names}); keep one")]
        )
    return candidates[0]


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's problem to fix
        raise SubmissionError(
            [Problem(path.name, None, None, None, f"cannot be opened as an XLSX workbook ({exc.__class__.__name__})")]
        ) from None
    try:
        return [normalise_header(s) for s in wb.sheetnames]
    finally:
        wb.close()


def decode_csv(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Text of a CSV as Excel or a text editor saves it: UTF-8 (with or without BOM),
    UTF-16 with BOM, or Windows-1252. Anything else is refused."""
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), ["UTF-8 with byte-order mark"]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), ["UTF-16"]
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            [
                Problem(
                    file,
                    None,
                    None,
                    None,
                    f"is neither UTF-8 nor Windows-1252 text (byte {exc.start})",
                    "save it as 'CSV UTF-8' from Excel",
                )
            ]
        ) from None
    if "\x00" in text:
        raise SubmissionError(
            [Problem(file, None, None, None, "contains NUL bytes: not a text CSV", "save it as 'CSV UTF-8' from Excel")]
        )
    return text, ["Windows-1252"]


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv_cells(path: Path, file: str) -> tuple[list[tuple[int, list[object]]], list[str]]:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SubmissionError([Problem(file, None, None, None, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
    text, notes = decode_csv(path.read_bytes(), file)
    if not text.strip():
        raise SubmissionError([Problem(file, None, None, None, "is empty", "the first row must be the header")])
    delimiter = _sniff_delimiter(text.splitlines()[0])
    if delimiter != ",":
        notes.append(f"delimiter {delimiter!r}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(n, row) for n, row in enumerate(reader, start=1)], notes


def read_xlsx_cells(path: Path, sheet: str, file: str) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        name = next(s for s in wb.sheetnames if normalise_header(s) == sheet)
        rows = []
        for n, cells in enumerate(wb[name].iter_rows(), start=1):
            values = []
            for cell in cells:
                value = cell.value
                fmt = getattr(cell, "number_format", "") or ""
                if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
                    value = round(value * 100, 10)
                values.append(value)
            rows.append((n, values))
        return rows
    finally:
        wb.close()


def _is_blank_row(cells: list[object]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def read_dataset(folder: Path, dataset: Dataset) -> SourceTable:
    """Read the dataset's cells, checking the header; raises SubmissionError with every header problem."""
    path, sheet = locate(folder, dataset)
    if sheet is None:
        file = path.name
        rows, notes = read_csv_cells(path, file)
    else:
        file = f"{path.name}[{sheet}]"
        rows, notes = read_xlsx_cells(path, sheet, file), []
    rows = [(n, cells) for n, cells in rows if not _is_blank_row(cells)]
    if not rows:
        raise SubmissionError([Problem(file, None, None, None, "is empty", "the first row must be the header")])

    expected = dataset.column_names
    header_row, header = rows[0]
    names = [normalise_header(c) for c in header]
    while names and names[-1] == "":
        names.pop()
    if set(names) != set(expected):
        raise SubmissionError(_header_problems(file, header_row, names, expected, rows))
    if len(names) != len(set(names)):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise SubmissionError([Problem(file, header_row, d, d, "column appears more than once") for d in dup])

    table = SourceTable(
        dataset, file, path, sha256_of(path), header_row, notes=notes, synthetic=(folder / SYNTHETIC_MARKER).is_file()
    )
    problems = []
    for n, cells in rows[1:]:
        extra = [c for c in cells[len(names) :] if c is not None and str(c).strip() != ""]
        if extra:
            problems.append(
                Problem(
                    file,
                    n,
                    None,
                    str(extra[0]),
                    f"row has {len(names) + len(extra)} or more cells but the header has {len(names)}",
                    "a ',' inside a value needs the value in quotes" if sheet is None else None,
                )
            )
            continue
        padded = list(cells) + [None] * (len(names) - len(cells))
        table.rows.append((n, dict(zip(names, padded))))
    if problems:
        raise SubmissionError(problems)
    return table


def _header_problems(file: str, header_row: int, names: list[str], expected: list[str], rows) -> list[Problem]:
    import difflib

    for n, cells in rows[1 : HEADER_SEARCH_ROWS + 1]:
        if {normalise_header(c) for c in cells} >= set(expected):
            return [
                Problem(
                    file,
                    header_row,
                    None,
                    None,
                    f"the header is not in the first row: it is in row {n}",
                    f"delete the {n - header_row} row(s) above the header",
                )
            ]
    problems = []
    missing = [c for c in expected if c not in names]
    extra = [c for c in names if c not in expected]
    for m in missing:
        near = difflib.get_close_matches(m, extra, n=1, cutoff=0.6)
        problems.append(
            Problem(
                file,
                header_row,
                m,
                None,
                "required column is missing",
                f"column {near[0]!r} looks like it; rename it to {m!r}" if near else None,
            )
        )
    for e in extra:
        problems.append(
            Problem(file, header_row, e or "(blank)", e, f"unknown column; expected exactly: {', '.join(expected)}")
        )
    return problems
