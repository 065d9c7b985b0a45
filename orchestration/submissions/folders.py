"""The submissions directory: which quarter folders it holds and what their content is."""

from __future__ import annotations

import hashlib
from pathlib import Path

from orchestration.submissions.periods import is_period
from orchestration.submissions.specs import DATASETS

SUBMISSION_SUFFIXES = {".csv", ".xlsx"}


def discover_quarters(submissions_dir: Path) -> tuple[list[str], list[str]]:
    """(quarters, ignored folder names) found under the submissions directory."""
    if not submissions_dir.is_dir():
        return [], []
    quarters, ignored = [], []
    for p in sorted(submissions_dir.iterdir()):
        if p.is_dir() and not p.name.startswith("."):
            (quarters if is_period(p.name) else ignored).append(p.name)
    return quarters, ignored


def data_files(folder: Path) -> list[Path]:
    """The files of a folder that can hold a dataset: regular CSV and XLSX files, not the lock
    files Excel leaves (`~$`) nor the macOS resource twins (`._`); never a pipe or a link."""
    return [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in SUBMISSION_SUFFIXES
        and not p.name.startswith(("~$", "._"))
        and not p.is_symlink()
        and p.is_file()
    ]


def file_digests(folder: Path) -> dict[str, str]:
    """{file name: sha256} of the folder's data files: content, not timestamps."""
    out = {}
    for p in data_files(folder):
        h = hashlib.sha256()
        try:
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:  # unreadable: the refresh will say so; the sensor must not stop
            h.update(f"unreadable:{exc.errno}".encode())
        out[p.name] = h.hexdigest()
    return out


def fingerprint(folder: Path) -> str:
    """The content of a submission folder (names and bytes of its data files), not timestamps."""
    h = hashlib.sha256()
    for name, digest in file_digests(folder).items():
        h.update(name.encode() + b"\0" + bytes.fromhex(digest))
    return h.hexdigest()


def is_complete(folder: Path) -> bool:
    """Every core dataset is there as a CSV, or there is a workbook (whose sheets the job checks)."""
    names = {p.name for p in data_files(folder)}
    return any(n.lower().endswith(".xlsx") for n in names) or all(f"{d}.csv" in names for d in DATASETS)
