"""Where the warehouse reads and writes, each place overridable by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def absolute_link(path: Path) -> Path:
    """The absolute path of `path` without following it: the served file is a symbolic link to
    the current publication, and publishing must replace the link, not the file it points to."""
    return path.parent.resolve() / path.name


@dataclass(frozen=True)
class Paths:
    """Submissions folder, working database (raw, staging, marts) and served database."""

    submissions: Path
    working_db: Path
    served_db: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Paths:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("KINERJA_DATA_DIR", REPO_ROOT / "data"))
        return cls(
            submissions=Path(env.get("KINERJA_SUBMISSIONS_DIR", REPO_ROOT / "submissions")).resolve(),
            working_db=Path(env.get("KINERJA_WORKING_DB", data / "working.duckdb")).resolve(),
            served_db=absolute_link(Path(env.get("KINERJA_WAREHOUSE_DB", data / "warehouse.duckdb"))),
        )
