"""One refresh at a time writes the warehouse: an exclusive lock on `<data dir>/refresh.lock`,
taken by every run that writes (the command line's and the UI's alike, through the warehouse
resource). The operating system releases it when its holder dies, even by kill -9; the file
keeps who last held it, so a refusal says which refresh (PID, start time) holds it."""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "refresh.lock"


class WarehouseBusy(RuntimeError):
    """Another refresh holds the warehouse."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def holder(data_dir: Path) -> dict | None:
    try:
        return json.loads(lock_path(data_dir).read_text() or "null")
    except (OSError, ValueError):
        return None


@contextmanager
def writer_lock(data_dir: Path, what: str):
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = holder(data_dir) or {}
            raise WarehouseBusy(
                f"the warehouse in {data_dir} is being refreshed by PID {who.get('pid', '?')} "
                f"(started {who.get('started', '?')}, {who.get('what', 'a refresh')}): wait for it to finish, "
                "or stop that process, then run this again"
            ) from None
        me = {"pid": os.getpid(), "started": datetime.now(UTC).isoformat(timespec="seconds"), "what": what}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        try:
            yield me
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
