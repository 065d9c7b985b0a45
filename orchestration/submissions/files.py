"""Find and read the files of a quarterly submission, safely, into cell text.

A submission is a folder named after its quarter (`2024-Q2/`) holding one CSV per dataset
(`sampling.csv`, ...) or one XLSX workbook with a sheet per dataset. Only those names are
read; nothing from the folder is used as a path or a value without being checked.

Reading is faithful or it refuses (submissions/FORMAT.md, "What is refused, and why"):
- Only regular files are opened (never a link, named pipe, device or socket), without
  blocking, and each is read once into memory: its sha256 is that of the bytes checked.
- A workbook is read from its XML as Excel shows it to the clerk: a formula without a saved
  value, a hidden row or column that holds values, merged cells, an error cell (#REF!), a
  hidden sheet where no visible one is named after the dataset, or two sheets for one dataset
  are refused, each naming the sheet and cell. Its zip directory is checked before anything is
  unpacked (sizes, compression ratio), and XML with a DOCTYPE is refused, so no workbook can
  take more than a few seconds or a few hundred MB.
- A CSV's encoding is UTF-8, UTF-16 (with or without byte-order mark) or Windows-1252, never a
  mixture: a file mixing UTF-8 and Windows-1252 lines is refused at the first line that is not
  UTF-8, rather than decoded whole as Windows-1252.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import os
import posixpath
import re
import stat
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from orchestration.submissions.numerals import ExcelDate, ExcelPercent
from orchestration.submissions.periods import is_period
from orchestration.submissions.problems import Problem, SubmissionError, grouped, more_like_this
from orchestration.submissions.specs import Dataset

MAX_FILE_BYTES = 50 * 1024 * 1024  # a CSV or a workbook as stored
MAX_PART_BYTES = 50 * 1024 * 1024  # one part of a workbook (a sheet's XML), unpacked
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # every part of a workbook together, unpacked
MAX_RATIO = 100  # unpacked / packed size of a part over RATIO_FROM_BYTES (Excel's parts: 5 to 20)
RATIO_FROM_BYTES = 1024 * 1024
MAX_PARTS = 10_000
MAX_ROWS = 100_000  # rows of one table (the real quarter's largest has 460)
MAX_CELLS = 600_000  # filled cells of one table (460 x 9 in the real quarter; 100x that in the benchmark)
MAX_COLUMNS = 100  # a value further right is refused (the widest table has 14 columns)
SYNTHETIC_MARKER = "_synthetic.json"  # written by bench/synthetic.py into every quarter it makes
HEADER_SEARCH_ROWS = 20  # title blocks above the header, as report templates have
IGNORED_PREFIXES = ("~$", "._", ".~lock.")  # Excel's owner file, macOS's AppleDouble twin, LibreOffice's lock
OTHER_WORKBOOKS = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltx": "an Excel template (.xltx)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "a Numbers spreadsheet (.numbers)",
}
SAVE_AS_XLSX = "open it in Excel and save it as Excel Workbook (.xlsx), or remove it from the folder"
RESAVE = "open the file in Excel and save it"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted OOXML package or an .xls
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"


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


def _refuse(file: str, rule: str, suggestion: str | None = None, row: int | None = None, value: str | None = None):
    return SubmissionError([Problem(file, row, None, value, rule, suggestion)])


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{grouped(n)} bytes"


# ----------------------------------------------------------------------------- opening files safely

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is ('a named pipe (FIFO)', ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a link"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _refuse_special(file: str, kind: str) -> SubmissionError:
    if kind == "a link":
        return _refuse(file, "is a link or not a regular file inside the submission folder; refused")
    return _refuse(
        file,
        f"is {kind}, not a regular file; refused without reading it",
        "put the file itself in the folder, or remove this entry",
    )


def _os_problem(file: str, exc: OSError) -> SubmissionError:
    if isinstance(exc, PermissionError):
        return _refuse(
            file,
            "cannot be read: permission denied",
            "allow the warehouse's user to read it (or copy the file again, as yourself, into the folder)",
        )
    if isinstance(exc, FileNotFoundError):
        return _refuse(file, "disappeared while it was being read", "copy it into the folder again")
    return _refuse(file, f"cannot be read ({exc.strerror or exc.__class__.__name__})")


_CACHE: OrderedDict[tuple, tuple[bytes, str]] = OrderedDict()
_CACHE_ENTRIES = 4
_CACHE_LOCK = threading.Lock()


def _read_file(path: Path, file: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes, str]:
    """(bytes, sha256) of a regular file, never following a link nor blocking on a pipe.
    The same unchanged file (device, inode, size, mtime, ctime) is read once per process."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise _os_problem(file, exc) from None
    kind = _not_regular(st.st_mode)
    if kind:
        raise _refuse_special(file, kind)
    if st.st_size > limit:
        raise _refuse(file, f"is larger than {_mb(limit)} ({_mb(st.st_size)}); refused unread")
    key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_problem(file, exc) from None
    try:
        kind = _not_regular(os.fstat(fd).st_mode)  # replaced since the lstat: judge what was opened
        if kind:
            raise _refuse_special(file, kind)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:
                raise _refuse(file, f"is larger than {_mb(limit)}; refused")
            chunks.append(chunk)
    except OSError as exc:
        raise _os_problem(file, exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    entry = (data, hashlib.sha256(data).hexdigest())
    with _CACHE_LOCK:
        _CACHE[key] = entry
        while len(_CACHE) > _CACHE_ENTRIES:
            _CACHE.popitem(last=False)
    return entry


def sha256_of(path: Path) -> str:
    """sha256 of a regular file's bytes (a link, pipe or device is refused, never opened)."""
    return _read_file(Path(path), Path(path).name)[1]


# ----------------------------------------------------------------------------- the folder


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


def _printable(name: str) -> str:
    """A file name as it can be printed on one line (control characters escaped)."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name)


def _listing(folder: Path) -> list[tuple[str, int | None]]:
    """(name, st_mode) of every entry of the folder, without following links."""
    out = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    out.append((entry.name, entry.stat(follow_symlinks=False).st_mode))
                except OSError:
                    out.append((entry.name, None))
    except OSError as exc:
        raise _os_problem(folder.name, exc) from None
    return sorted(out)


def is_ignored(name: str) -> bool:
    """Files Excel, macOS or LibreOffice leave beside a workbook: `~$x.xlsx`, `._x.xlsx`, `.~lock.x#`."""
    return name.startswith(IGNORED_PREFIXES)


def locate(folder: Path, dataset: Dataset) -> tuple[Path, str | None]:
    """(file, sheet) holding `dataset` in the folder: `<name>.csv`, or a sheet in the one workbook."""
    problems: list[Problem] = []
    entries = _listing(folder)
    modes = dict(entries)
    candidates: list[tuple[Path, str | None]] = []
    csv_name = f"{dataset.name}.csv"
    if csv_name in modes:
        candidates.append((folder / csv_name, None))
    for name, mode in entries:
        suffix = Path(name).suffix.lower()
        if is_ignored(name) or (suffix != ".xlsx" and suffix not in OTHER_WORKBOOKS):
            continue
        shown = _printable(name)
        kind = "not a regular file" if mode is None else _not_regular(mode)
        if kind:
            problems.extend(_refuse_special(shown, kind).problems)
            continue
        if suffix in OTHER_WORKBOOKS:
            problems.append(
                Problem(
                    shown, None, None, None, f"is {OTHER_WORKBOOKS[suffix]}; only .xlsx and .csv are read", SAVE_AS_XLSX
                )
            )
            continue
        try:
            book = _workbook(folder / name, shown)
        except SubmissionError as exc:
            problems.extend(exc.problems)
            continue
        sheet, found = _pick_sheet(book, dataset.name)
        problems.extend(found)
        if sheet is not None:
            candidates.append((folder / name, dataset.name))
    for path, _ in candidates:
        mode = modes.get(path.name)
        kind = "not a regular file" if mode is None else _not_regular(mode)
        if kind or not _inside(folder, path):
            problems.extend(_refuse_special(path.name, kind or "a link").problems)
    if problems:
        raise SubmissionError(problems)
    if not candidates:
        names = [_printable(n) for n, _ in entries]
        present = ", ".join(names[:30]) + (f" and {len(names) - 30} more" if len(names) > 30 else "") or "nothing"
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
    """The sheet names of a workbook, normalised as dataset names, hidden ones included (each once)."""
    book = _workbook(Path(path), _printable(Path(path).name))
    return list(dict.fromkeys(normalise_header(s.name) for s in book.sheets))


def _pick_sheet(book: _Workbook, dataset: str) -> tuple[_Sheet | None, list[Problem]]:
    """The one visible worksheet named after `dataset` (hidden ones ignored beside it)."""
    named = [s for s in book.sheets if normalise_header(s.name) == dataset]
    visible = [s for s in named if s.state == "visible"]
    if not named:
        return None, []
    if len(visible) > 1:
        names = " and ".join(repr(s.name) for s in visible)
        return None, [
            Problem(book.file, None, None, None, f"two sheets for {dataset} ({names})", "keep one, delete the other")
        ]
    if not visible:
        return None, [
            Problem(
                book.file,
                None,
                None,
                named[0].name,
                f"the only sheet for {dataset} is hidden",
                "unhide it (right-click a sheet tab > Unhide) if it holds the figures to submit; otherwise delete it",
            )
        ]
    sheet = visible[0]
    if sheet.kind != "worksheet" or not sheet.part:
        return None, [
            Problem(book.file, None, None, sheet.name, f"the sheet for {dataset} is not a worksheet of cells")
        ]
    return sheet, []


# ----------------------------------------------------------------------------- CSV


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16 text without a byte-order mark:
    mostly-ASCII text has a NUL in every other byte."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0 : half * 2 : 2].count(0)
    odd = sample[1 : half * 2 : 2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _preview(text: str, width: int = 60) -> str:
    text = _printable(text.strip())
    return text if len(text) <= width else text[: width - 3] + "..."


def _mixed_encodings(raw: bytes, file: str) -> SubmissionError | None:
    """A file whose lines are partly UTF-8 (with non-ASCII text) and partly not (Windows-1252):
    two files pasted together. Decoding it whole as Windows-1252 would garble the UTF-8 lines."""
    first_bad = first_utf8 = None
    decoder = codecs.getincrementaldecoder("utf-8")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            decoder().decode(line, final=True)
            first_utf8 = first_utf8 or number
        except UnicodeDecodeError:
            first_bad = first_bad or number
        if first_bad and first_utf8:
            bad_line = raw.split(b"\n")[first_bad - 1].decode("cp1252", errors="replace")
            return _refuse(
                file,
                f"mixes two encodings: this line is not UTF-8, but line {first_utf8} is",
                "save the whole file again as 'CSV UTF-8' from Excel (lines pasted from another file "
                "keep their encoding)",
                row=first_bad,
                value=_preview(bad_line),
            )
    return None


def decode_csv(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Text of a CSV as Excel or a text editor saves it: UTF-8 (with or without BOM),
    UTF-16 (with or without BOM), or Windows-1252. Anything else is refused."""
    resave = "save it as 'CSV UTF-8' from Excel"
    if raw.startswith(_ZIP_MAGIC):
        raise _refuse(file, "is an Excel workbook (or another zip file) named .csv", f"{resave}, or name it .xlsx")
    if raw.startswith(_OLE_MAGIC):
        raise _refuse(file, "is an Excel 97-2003 or password-protected workbook named .csv", resave)
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8"), ["UTF-8 with byte-order mark"]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16"), ["UTF-16"]
        utf16 = _utf16_without_bom(raw)
        if utf16:
            text = raw.decode(utf16)
            if "\x00" in text:
                raise _refuse(file, "contains NUL characters: not a text CSV", resave)
            return text, [f"UTF-16 ({utf16[7:]}-endian) without byte-order mark"]
    except UnicodeDecodeError as exc:
        mixed = _mixed_encodings(raw, file) if raw.startswith(b"\xef\xbb\xbf") else None
        at = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        raise mixed or _refuse(file, f"is not valid {exc.encoding.upper()} text (byte {at})", resave) from None
    if b"\x00" in raw:
        raise _refuse(file, "contains NUL bytes: not a text CSV", resave)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    mixed = _mixed_encodings(raw, file)
    if mixed:
        raise mixed
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _refuse(file, f"is neither UTF-8 nor Windows-1252 text (byte {exc.start})", resave) from None
    return text, ["Windows-1252"]


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _csv_rows(raw: bytes, file: str) -> tuple[list[tuple[int, list[object]]], list[str]]:
    text, notes = decode_csv(raw, file)
    if not text.strip():
        raise _refuse(file, "is empty", "the first row must be the header")
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _sniff_delimiter(first)
    if delimiter != ",":
        notes.append(f"delimiter {delimiter!r}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    n = cells = 0
    try:
        for n, row in enumerate(reader, start=1):
            if n > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _refuse(
                    file,
                    f"has more than {grouped(MAX_ROWS)} rows; refused",
                    "a quarter's table is far smaller: check the file",
                )
            rows.append((n, row))
            cells += len(row) - row.count("")
            if cells > MAX_CELLS:
                raise _too_many_cells(file)
    except csv.Error as exc:
        raise _refuse(
            file,
            f"cannot be read as CSV from this row on ({exc})",
            "a quote '\"' that opens a cell must close it; remove stray quotes",
            row=n + 1,
        ) from None
    problems = []
    for n, row in rows:
        for cell in row:
            if cell.count("\n") >= 3 and sum(delimiter in line for line in cell.split("\n")[1:]) >= 3:
                problems.append(
                    Problem(
                        file,
                        n,
                        None,
                        _preview(cell),
                        "a quote '\"' opened in this row is never closed: the rows after it are read as one cell",
                        "close the quote, or remove it",
                    )
                )
                break
    if problems:
        raise SubmissionError(problems)
    return rows, notes


def _too_many_cells(file: str) -> SubmissionError:
    return _refuse(
        file,
        f"has more than {grouped(MAX_CELLS)} filled cells; refused",
        "a quarter's table is far smaller: check the file",
    )


def read_csv_cells(path: Path, file: str) -> tuple[list[tuple[int, list[object]]], list[str]]:
    raw, _ = _read_file(Path(path), file)
    return _csv_rows(raw, file)


# ----------------------------------------------------------------------------- XLSX: the package


class _Doctype(Exception):
    pass


class _Root(Exception):
    pass


def _refuse_doctype(*_args):
    raise _Doctype


@dataclass
class _Sheet:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str | None  # zip member of the sheet's XML
    kind: str  # worksheet | chartsheet | other


class _Workbook:
    """An XLSX package, checked before anything is unpacked, and its workbook-level parts."""

    def __init__(self, data: bytes, file: str):
        self.file = file
        self.zip = _open_zip(data, file)
        self.members = {i.filename.lower(): i.filename for i in self.zip.infolist()}
        self._shared_strings: list[str] | None = None
        self._styles: list[str] | None = None
        self._check_content_types()
        workbook_part = self._office_document()
        self.date1904 = False
        self.full_calc_on_load = False
        sheets: list[tuple[str, str, str]] = []
        for tag, attrs, _ in self.small_xml(workbook_part):
            if tag == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
            elif tag == "calcPr":
                self.full_calc_on_load = attrs.get("fullCalcOnLoad", "0").lower() in ("1", "true")
            elif tag == "sheet":
                sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), attrs.get("id", "")))
        rels = self._relationships(workbook_part)
        self.sheets = []
        for name, state, rid in sheets:
            target, kind = rels.get(rid, (None, ""))
            kind = kind if kind in ("worksheet", "chartsheet") else "other"
            self.sheets.append(_Sheet(name, "visible" if state == "visible" else "hidden", target, kind))
        self.styles_part = next((t for t, k in rels.values() if k == "styles"), None)
        self.strings_part = next((t for t, k in rels.values() if k == "sharedStrings"), None)

    # -- parts

    def member(self, name: str) -> str | None:
        return self.members.get(name.lstrip("/").lower())

    def damaged(self, part: str, why: str) -> SubmissionError:
        sheet = next((s.name for s in self.sheets if s.part == part), None) if hasattr(self, "sheets") else None
        where = f"the sheet {sheet!r} ({part})" if sheet else part
        return _refuse(
            self.file,
            f"is damaged: {where} cannot be read ({why})",
            "open it in Excel (let Excel repair it if it offers) and save it again",
        )

    def open(self, part: str):
        name = self.member(part)
        if name is None:
            raise self.damaged(part, "the part is missing")
        try:
            return self.zip.open(name)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
            raise self.damaged(part, str(exc) or exc.__class__.__name__) from None

    def _guard_prolog(self, part: str) -> None:
        """Refuse a DOCTYPE (entity declarations: 'billion laughs') before the root element."""
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _refuse_doctype

        def root(*_args):
            raise _Root

        parser.StartElementHandler = root
        with self.open(part) as fh:
            try:
                while chunk := fh.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except _Root:
                return
            except _Doctype:
                raise self.damaged(part, "it declares a DOCTYPE, which Excel never writes") from None
            except expat.ExpatError as exc:
                raise self.damaged(part, expat.ErrorString(exc.code)) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise self.damaged(part, str(exc) or exc.__class__.__name__) from None

    def small_xml(self, part: str) -> list[tuple[str, dict[str, str], str]]:
        """(tag, attributes, parent tag) of every element of a small part, names without namespace."""
        out: list[tuple[str, dict[str, str], str]] = []
        stack = [""]
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype

        def start(name, attrs):
            tag = name.rpartition("}")[2]
            out.append((tag, {k.rpartition("}")[2]: v for k, v in attrs.items()}, stack[-1]))
            stack.append(tag)

        parser.StartElementHandler = start
        parser.EndElementHandler = lambda name: stack.pop()
        with self.open(part) as fh:
            try:
                while chunk := fh.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except _Doctype:
                raise self.damaged(part, "it declares a DOCTYPE, which Excel never writes") from None
            except expat.ExpatError as exc:
                raise self.damaged(
                    part, f"line {exc.lineno}, column {exc.offset}: {expat.ErrorString(exc.code)}"
                ) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise self.damaged(part, str(exc) or exc.__class__.__name__) from None
        return out

    def iterparse(self, part: str):
        """End events of a large part (a sheet, the shared strings), streamed."""
        self._guard_prolog(part)
        fh = self.open(part)
        try:
            yield from ElementTree.iterparse(fh, events=("end",))
        except ElementTree.ParseError as exc:
            raise self.damaged(part, str(exc)) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise self.damaged(part, str(exc) or exc.__class__.__name__) from None
        finally:
            fh.close()

    def _check_content_types(self) -> None:
        if self.member("[Content_Types].xml") is None:
            raise _refuse(self.file, "cannot be opened as an XLSX workbook (no [Content_Types].xml: not an Excel file)")
        for tag, attrs, _ in self.small_xml("[Content_Types].xml"):
            if tag in ("Override", "Default") and "macroenabled" in attrs.get("ContentType", "").lower():
                raise _refuse(
                    self.file,
                    "is a macro-enabled workbook (.xlsm) named .xlsx",
                    "open it in Excel and save it as Excel Workbook (.xlsx)",
                )

    def _office_document(self) -> str:
        if self.member("_rels/.rels") is not None:
            for tag, attrs, _ in self.small_xml("_rels/.rels"):
                if tag == "Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
                    target = _resolve("", attrs.get("Target", ""))
                    if target and self.member(target):
                        return target
        if self.member("xl/workbook.xml"):
            return "xl/workbook.xml"
        raise _refuse(self.file, "cannot be opened as an XLSX workbook (it holds no workbook part)")

    def _relationships(self, part: str) -> dict[str, tuple[str | None, str]]:
        """Id -> (zip member, relationship kind: worksheet, styles, sharedStrings, ...)."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if self.member(rels_part) is None:
            return {}
        out = {}
        for tag, attrs, _ in self.small_xml(rels_part):
            if tag == "Relationship" and attrs.get("TargetMode", "") != "External":
                target = _resolve(folder, attrs.get("Target", ""))
                out[attrs.get("Id", "")] = (target, attrs.get("Type", "").rpartition("/")[2])
        return out

    # -- workbook-level data, read once

    def styles(self) -> list[str]:
        """The number format code of each cell style (index = the `s` of a cell)."""
        if self._styles is None:
            from openpyxl.styles.numbers import BUILTIN_FORMATS

            codes: dict[int, str] = {}
            ids: list[int] = []
            if self.styles_part and self.member(self.styles_part):
                for tag, attrs, parent in self.small_xml(self.styles_part):
                    if tag == "numFmt":
                        codes[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
                    elif tag == "xf" and parent == "cellXfs":
                        ids.append(_int(attrs.get("numFmtId")))
            self._styles = [codes.get(i, BUILTIN_FORMATS.get(i, "General")) for i in ids]
        return self._styles

    def shared_strings(self) -> list[str]:
        if self._shared_strings is None:
            strings: list[str] = []
            if self.strings_part and self.member(self.strings_part):
                for _, el in self.iterparse(self.strings_part):
                    if el.tag.endswith("}si"):
                        strings.append(_rich_text(el))
                        el.clear()
            self._shared_strings = strings
        return self._shared_strings


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _resolve(folder: str, target: str) -> str | None:
    """A relationship's target as a zip member name, or None if it points outside the package."""
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return None if path.startswith("..") else path


def _open_zip(data: bytes, file: str) -> zipfile.ZipFile:
    """The zip package, once its directory shows nothing that could take time or memory to unpack."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise _refuse(
                file,
                "is protected with a password (encrypted): it cannot be read",
                "in Excel: File > Info > Protect Workbook > Encrypt with Password, clear the password, and save",
            )
        raise _refuse(
            file,
            "is an Excel 97-2003 workbook (.xls) named .xlsx",
            "open it in Excel and save it as Excel Workbook (.xlsx)",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise _refuse(file, "cannot be opened as an XLSX workbook (it is not a zip package, as every .xlsx is)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
        raise _refuse(file, f"cannot be opened as an XLSX workbook ({exc.__class__.__name__}: {exc})") from None
    if len(infos) > MAX_PARTS:
        raise _refuse(file, f"is a zip of {grouped(len(infos))} parts; a workbook has a few dozen")
    total = 0
    bomb = "this is not a workbook a unit saved (a zip bomb?)"
    for info in infos:
        name = _preview(info.filename)
        if info.flag_bits & 0x1:
            raise _refuse(file, f"holds an encrypted part ({name})", "save it from Excel without a password")
        if info.file_size > MAX_PART_BYTES:
            raise _refuse(
                file,
                f"holds a part of {_mb(info.file_size)} when unpacked ({name}); the limit is {_mb(MAX_PART_BYTES)}",
                bomb,
            )
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                file,
                f"holds a part compressed {grouped(ratio)} times ({name}, {_mb(info.file_size)} unpacked); "
                f"the limit is {MAX_RATIO} times",
                bomb,
            )
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(
            file, f"unpacks to {_mb(total)}; the limit is {_mb(MAX_UNPACKED_BYTES)}", "keep only the tables to submit"
        )
    return archive


_BOOKS: OrderedDict[tuple, _Workbook | SubmissionError] = OrderedDict()


def _workbook(path: Path, file: str) -> _Workbook:
    """The workbook at `path`, read and checked once per content (a check opens it for every dataset)."""
    data, digest = _read_file(path, file)
    key = (file, digest)
    with _CACHE_LOCK:
        book = _BOOKS.get(key)
    if book is None:
        try:
            book = _Workbook(data, file)
        except SubmissionError as exc:
            book = exc
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's problem to fix
            book = _refuse(file, f"cannot be opened as an XLSX workbook ({exc.__class__.__name__})")
        with _CACHE_LOCK:
            _BOOKS[key] = book
            while len(_BOOKS) > _CACHE_ENTRIES:
                _BOOKS.popitem(last=False)
    if isinstance(book, SubmissionError):
        raise SubmissionError(book.problems)
    return book


# ----------------------------------------------------------------------------- XLSX: a sheet's cells

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes control characters in strings as _x000D_."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rich_text(el: ElementTree.Element) -> str:
    """The text of a string item (`si` or `is`): its `t`, or the `t` of its runs; phonetic runs left out."""
    parts = []
    for child in el:
        tag = child.tag.rpartition("}")[2]
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            for t in child:
                if t.tag.endswith("}t"):
                    parts.append(t.text or "")
    return _unescape("".join(parts))


def _column_letter(n: int) -> str:
    letters = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n


def _ref_range(ref: str) -> tuple[int, int, int, int] | None:
    """'B2:C3' -> (first row, first column, last row, last column)."""
    m = re.match(r"^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$", ref.strip())
    if not m:
        return None
    c1, r1 = _column_index(m.group(1)), int(m.group(2))
    c2, r2 = (_column_index(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _count(tally: list[int], row: int) -> None:
    """count, first row, last row of problems not collected one by one."""
    tally[0] += 1
    tally[1] = min(tally[1] or row, row)
    tally[2] = max(tally[2], row)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


MERGED = "merged cells: the warehouse reads one value per cell"
UNMERGE = "unmerge them (Home > Merge & Center) and type the value in every cell it should be in"
COLLECTED_PER_KIND = 100  # cell problems of one kind kept one by one; the rest are counted


@dataclass
class _CellProblem:
    row: int
    col: int
    value: str | None
    rule: str
    suggestion: str | None = None


class _SheetReader:
    """One pass over a sheet's XML: the values Excel shows, and what Excel would not show or
    could not have saved (hidden rows and columns holding values, merges, formulas without a
    saved value, error cells)."""

    def __init__(self, book: _Workbook, sheet: _Sheet, file: str):
        self.book, self.sheet, self.file = book, sheet, file
        self.problems: list[_CellProblem] = []
        self.kept: dict[tuple[int, str], int] = {}
        self.tallies: dict[tuple[int, str], list[int]] = {}
        self.kinds: dict[int, str | None] = {}
        self.strings: list[str] | None = None

    def style_kind(self, s: int) -> str | None:
        """'date', 'percent' or None for a cell style."""
        if s not in self.kinds:
            from openpyxl.styles.numbers import is_date_format, is_timedelta_format

            styles = self.book.styles()
            code = styles[s] if 0 <= s < len(styles) else "General"
            if is_timedelta_format(code):
                kind = "duration"
            elif is_date_format(code):
                kind = "date"
            elif "%" in code:
                kind = "percent"
            else:
                kind = None
            self.kinds[s] = kind
        return self.kinds[s]

    def number(self, text: str, style: int, row: int, col: int) -> object:
        try:
            value: int | float = int(text)
        except ValueError:
            value = float(text)  # a ValueError here: the part is damaged
            if not math.isfinite(value):
                raise ValueError(text) from None
        kind = self.style_kind(style) if style else None
        if kind is None:
            return value
        if kind == "percent":
            return ExcelPercent(round(value * 100, 10))
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

        epoch = MAC_EPOCH if self.book.date1904 else WINDOWS_EPOCH
        try:
            shown = from_excel(value, epoch, timedelta=kind == "duration")
        except (OverflowError, ValueError):
            self.add(
                row,
                col,
                text,
                "is formatted as a date in Excel, but too large for a date (Excel shows #####)",
                "format the cell as Number (Home > Number Format > Number)",
            )
            return None
        if isinstance(shown, datetime):
            date = ExcelDate(*shown.timetuple()[:6], shown.microsecond)
            date.serial = value
            return date
        return shown

    def cell(self, c: ElementTree.Element, tags: tuple[str, str, str], row: int, col: int) -> object:
        tag_f, tag_v, tag_is = tags
        t = c.get("t", "n")
        v = c.find(tag_v)
        text = None if v is None else v.text
        f = c.find(tag_f)
        if f is not None and (self.book.full_calc_on_load or v is None or (not text and t not in ("str", "inlineStr"))):
            formula = "=" + f.text if f.text else "(a shared formula)"
            rule = (
                "formula without a saved value"
                if (v is None or not text)
                else "formula whose saved value Excel is told to recalculate"
            )
            self.add(row, col, _preview(formula), f"{rule}: {RESAVE}")
            return None
        if t == "n":
            if not text:
                return None
            try:
                return self.number(text, int(c.get("s") or 0), row, col)
            except ValueError:
                raise self.book.damaged(self.sheet.part, f"cell {_column_letter(col)}{row} holds {text!r}") from None
        if t == "s":
            if self.strings is None:
                self.strings = self.book.shared_strings()
            try:
                return self.strings[int(text)]
            except (TypeError, ValueError, IndexError):
                raise self.book.damaged(
                    self.sheet.part, f"cell {_column_letter(col)}{row} points to no string"
                ) from None
        if t == "inlineStr":
            inline = c.find(tag_is)
            return None if inline is None else _rich_text(inline)
        if t == "str":
            return _unescape(text or "")
        if not text:
            return None
        if t == "b":
            return text.strip() in ("1", "true")
        if t == "e":
            self.add(row, col, text, "the cell shows an Excel error", "fix the formula, or type the value")
            return None
        if t == "d":
            try:
                shown = datetime.fromisoformat(text)
                return ExcelDate(*shown.timetuple()[:6], shown.microsecond)
            except ValueError:
                raise self.book.damaged(self.sheet.part, f"cell {_column_letter(col)}{row} holds {text!r}") from None
        return _unescape(text)

    def add(self, row: int, col: int, value: str | None, rule: str, suggestion: str | None = None) -> None:
        """A problem at a cell (col 0: the row, or a range); beyond COLLECTED_PER_KIND of one kind
        (column and rule) they are only counted: 480.000 formula cells must not make 480.000 objects."""
        key = (col, rule)
        kept = self.kept.get(key, 0)
        if kept < COLLECTED_PER_KIND:
            self.kept[key] = kept + 1
            self.problems.append(_CellProblem(row, col, value, rule, suggestion))
        else:
            _count(self.tallies.setdefault(key, [0, 0, 0]), row)

    def read(self) -> list[tuple[int, list[object]]]:
        rows: dict[int, dict[int, object]] = {}
        hidden_rows: list[int] = []
        hidden_cols: list[tuple[int, int]] = []
        first_row_of_col: dict[int, int] = {}
        filled = 0
        far_rule = f"a value far right of the table (beyond column {_column_letter(MAX_COLUMNS)})"
        locals_: dict[str, str] = {}
        columns: dict[str, int] = {}
        cell_tags: dict[str, tuple[str, str, str, str]] = {}
        last = 0
        for _, el in self.book.iterparse(self.sheet.part):
            tag = el.tag
            local = locals_.get(tag)
            if local is None:
                local = locals_[tag] = tag.rpartition("}")[2]
            if local == "row":
                ns = tag[: len(tag) - 3]
                tags = cell_tags.get(ns)
                if tags is None:
                    tags = cell_tags[ns] = (ns + "c", ns + "f", ns + "v", ns + "is")
                tag_c, parts = tags[0], tags[1:]
                r = el.get("r")
                try:
                    n = int(r) if r else last + 1
                except ValueError:
                    raise self.book.damaged(self.sheet.part, f"row number {r!r}") from None
                last = n
                values: dict[int, object] = rows.get(n) or {}
                col = 0
                for c in el:
                    if c.tag != tag_c:
                        continue
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        col = columns.get(letters) or columns.setdefault(letters, _column_index(letters))
                    else:
                        col += 1
                    value = self.cell(c, parts, n, col)
                    if value is None or (value.__class__ is str and not value.strip()):
                        continue
                    if col > MAX_COLUMNS:
                        self.add(n, 0, f"{_column_letter(col)}{n}", far_rule, "delete the columns after the table")
                        continue
                    values[col] = value
                    filled += 1
                    if col not in first_row_of_col:
                        first_row_of_col[col] = n
                if filled > MAX_CELLS:
                    raise _too_many_cells(self.file)
                if values:
                    if n not in rows:
                        rows[n] = values
                        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                            raise _refuse(
                                self.file,
                                f"has more than {grouped(MAX_ROWS)} rows; refused",
                                "a quarter's table is far smaller: check the sheet",
                            )
                    if el.get("hidden", "0").lower() in ("1", "true"):
                        hidden_rows.append(n)
                el.clear()
            elif local == "col":
                if el.get("hidden", "0").lower() in ("1", "true"):
                    hidden_cols.append((_int(el.get("min")), _int(el.get("max"))))
            elif local == "mergeCell":
                ref = el.get("ref", "")
                box = _ref_range(ref)
                self.add(box[0] if box else 0, 0, ref, MERGED, UNMERGE)
        for n in hidden_rows:
            self.add(
                n,
                0,
                None,
                "hidden row: Excel does not show it, but it holds values",
                "unhide it (select the rows around it, right-click > Unhide) and check it, or delete it",
            )
        if hidden_cols:
            for col, n in sorted(first_row_of_col.items()):
                if any(lo <= col <= hi for lo, hi in hidden_cols):
                    self.add(
                        n,
                        col,
                        None,
                        "hidden column: Excel does not show it, but it holds values",
                        "unhide it (select the columns around it, right-click > Unhide) and check it, or delete it",
                    )
        out = []
        for n in sorted(rows):
            values = rows[n]
            width = max(values)
            out.append((n, [values.get(i) for i in range(1, width + 1)]))
        return out

    def located(self, rows: list[tuple[int, list[object]]]) -> list[Problem]:
        """The problems found, each with the column named by the header (the first row) if it can be."""
        header = rows[0][1] if rows else []

        def column(col: int) -> str | None:
            name = normalise_header(header[col - 1]) if 0 < col <= len(header) else ""
            return name or (_column_letter(col) if col else None)

        out: list[Problem] = [
            Problem(self.file, p.row or None, column(p.col), p.value, p.rule, p.suggestion) for p in self.problems
        ]
        for (col, rule), (count, first, last) in self.tallies.items():
            out.append(more_like_this(self.file, column(col), rule, count, first, last))
        return out


def _xlsx_rows(path: Path, sheet: str, file: str) -> tuple[list[tuple[int, list[object]]], list[Problem], list[str]]:
    """(rows, problems, notes) of the visible sheet named after `sheet` (a dataset name)."""
    book = _workbook(path, _printable(path.name))
    chosen, problems = _pick_sheet(book, sheet)
    if chosen is None:
        raise SubmissionError(problems or [Problem(file, None, None, None, f"has no sheet named {sheet!r}")])
    notes = [
        f"hidden sheet {s.name!r} ignored" for s in book.sheets if normalise_header(s.name) == sheet and s is not chosen
    ]
    reader = _SheetReader(book, chosen, file)
    try:
        rows = reader.read()
    except SubmissionError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet that cannot be read is refused, never a traceback
        raise book.damaged(chosen.part or chosen.name, exc.__class__.__name__) from None
    return rows, reader.located(rows), notes


def read_xlsx_cells(path: Path, sheet: str, file: str) -> list[tuple[int, list[object]]]:
    """The rows of the sheet named after `sheet` as Excel shows them; raises SubmissionError
    naming every cell that Excel would not show, or could not have saved, as it is read."""
    rows, problems, _ = _xlsx_rows(Path(path), sheet, file)
    if problems:
        raise SubmissionError(problems)
    return rows


# ----------------------------------------------------------------------------- a dataset


def _is_blank_row(cells: list[object]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def read_dataset(folder: Path, dataset) -> SourceTable:
    """Read the dataset's cells, checking the header; raises SubmissionError with every header problem.
    `dataset` is a Dataset (specs.py) or a FigureDataset (catalog.py): a name and column names."""
    path, sheet = locate(folder, dataset)
    if sheet is None:
        file = path.name
        raw, digest = _read_file(path, file)
        rows, notes = _csv_rows(raw, file)
    else:
        file = f"{_printable(path.name)}[{sheet}]"
        _, digest = _read_file(path, file)
        rows, problems, notes = _xlsx_rows(path, sheet, file)
        if problems:
            raise SubmissionError(problems)
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
        dataset, file, path, digest, header_row, notes=notes, synthetic=_is_file(folder / SYNTHETIC_MARKER)
    )
    problems = []
    width = len(names)
    for n, cells in rows[1:]:
        if len(cells) > width:
            extra = [c for c in cells[width:] if c is not None and str(c).strip() != ""]
            if extra:
                problems.append(
                    Problem(
                        file,
                        n,
                        None,
                        str(extra[0]),
                        f"row has {width + len(extra)} or more cells but the header has {width}",
                        "a ',' inside a value needs the value in quotes" if sheet is None else None,
                    )
                )
                continue
        if isinstance(cells[0], str) and normalise_header(cells[0]) == names[0] and _repeats_header(cells, names):
            problems.append(
                Problem(
                    file,
                    n,
                    None,
                    None,
                    f"repeats the header row (row {header_row}): two tables pasted one below the other?",
                    "delete this row (and any rows that do not belong to the quarter)",
                )
            )
            continue
        padded = list(cells) + [None] * (width - len(cells))
        table.rows.append((n, dict(zip(names, padded))))
    if problems:
        raise SubmissionError(problems)
    return table


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _repeats_header(cells: list[object], names: list[str]) -> bool:
    same = sum(1 for c, n in zip(cells, names) if normalise_header(c) == n)
    return same * 2 > len(names)


def _looks_numeric(cell: object) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    return bool(re.match(r"^\s*[-+(]?[\d.,]+%?\)?\s*$", str(cell or "")))


def _two_row_header(rows, expected: list[str]) -> bool:
    """The book's two-row header (a group label above its sub-columns: 'TMK' over 'TIE/Ilegal/Palsu',
    'Kedaluwarsa', 'rusak'): the first two rows are labels with gaps, not a header and data."""
    if len(rows) < 2:
        return False
    (_, first), (_, second) = rows[0], rows[1]
    filled = [c for c in second if not _is_blank(c)]
    if not filled or any(_looks_numeric(c) for c in filled):
        return False
    if {normalise_header(c) for c in second} & set(expected):
        return False
    if len({normalise_header(c) for c in first} & set(expected)) * 2 > len(expected):
        return False  # a header with a few misspelt names, not a two-row one
    width = max(len(first), len(second))
    top = [first[i] if i < len(first) else None for i in range(width)]
    below = [second[i] if i < len(second) else None for i in range(width)]
    gaps_on_top = any(_is_blank(a) and not _is_blank(b) for a, b in zip(top, below))
    gaps_below = any(not _is_blank(a) and _is_blank(b) for a, b in zip(top, below))
    numbers_after = any(_looks_numeric(c) for _, cells in rows[2:6] for c in cells if not _is_blank(c))
    return (gaps_on_top or gaps_below) and numbers_after


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
    if _two_row_header(rows, expected):
        second = rows[1][0]
        return [
            Problem(
                file,
                header_row,
                None,
                None,
                f"the header takes two rows ({header_row} and {second}), as in the book; the warehouse reads one header row",
                f"replace rows {header_row} and {second} by one row with exactly these names: {', '.join(expected)}",
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
