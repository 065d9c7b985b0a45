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


def fingerprint(folder: Path) -> str:
    """The content of a submission folder (names and bytes of its data files), not timestamps."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if (
            p.is_file()
            and not p.is_symlink()
            and p.suffix.lower() in SUBMISSION_SUFFIXES
            and not p.name.startswith("~$")
        ):
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def is_complete(folder: Path) -> bool:
    """Every dataset is there as a CSV, or there is a workbook (whose sheets the job checks)."""
    names = {p.name for p in folder.iterdir()}
    return any(n.lower().endswith(".xlsx") for n in names) or all(f"{d}.csv" in names for d in DATASETS)
