"""Write-audit-publish: BI tools read only the served file, which is replaced whole once a
refresh has passed every check. A reader sees the old publication or the new one, never a
mixture; a refresh that dies leaves the served file as it was.

The served path is a symbolic link to the current publication under `publications/`, swapped
atomically. A new file per publication (rather than a rename over one path) matters to BI
servers: DuckDB keeps one database instance per path per process, so while one long query held
the old file, every new connection of that process was given the old publication too. Through
the link, a new connection opens the file the link names now."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.publishing.postgres import PostgresPublication, PostgresPublishError, publish_postgres, redact
from orchestration.warehouse.database import SUBMISSION_FILES
from orchestration.warehouse.engine import Engine, copy_from_postgres, sql_literal
from orchestration.warehouse.paths import REPO_ROOT

PUBLISHED_SCHEMAS = ("marts", "reference")
PARTIAL_SUFFIX = ".publishing"
LINK_SUFFIX = ".link"
VERSIONS_DIR = "publications"
# publications kept besides the current one, for a reader that resolved the link just before a swap
KEEP_PREVIOUS = 1


@dataclass
class Publication:
    path: Path
    published_at: str
    quarters: list[str]
    tables: list[str]
    code_version: str
    postgres: PostgresPublication | None = None


def code_version() -> str:
    """The git commit of the code that built the publication, with `-dirty` for local edits."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        from importlib.metadata import version

        return f"kinerja {version('kinerja')}"


def partial_path(served: Path) -> Path:
    return served.with_name(f"{served.name}{PARTIAL_SUFFIX}-{os.getpid()}")


def remove_leftovers(served: Path) -> list[Path]:
    """Half-written publications of refreshes that died; never the served file itself."""
    removed = []
    for pattern in (f"{served.name}{PARTIAL_SUFFIX}-*", f"{served.name}{LINK_SUFFIX}-*"):
        for p in served.parent.glob(pattern):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def versions_dir(served: Path) -> Path:
    return served.parent / VERSIONS_DIR


def _fsync_dir(path: Path) -> None:
    dir_fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def install_publication(tmp: Path, served: Path, published_at: str) -> Path:
    """Move the finished file under publications/ and point the served link at it, atomically;
    then drop publications older than the previous one (a reader that has one open keeps it)."""
    folder = versions_dir(served)
    folder.mkdir(exist_ok=True)
    stamp = re.sub(r"\W", "", published_at.split("+")[0])
    version = folder / f"{served.stem}-{stamp}-{uuid.uuid4().hex[:8]}{served.suffix}"
    os.replace(tmp, version)
    _fsync_dir(folder)
    link = served.with_name(f"{served.name}{LINK_SUFFIX}-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(version.relative_to(served.parent), link)
    os.replace(link, served)  # atomic: a new connection opens the old file or the new one
    _fsync_dir(served.parent)
    current = {version.name}
    older = sorted(
        (p for p in folder.glob(f"{served.stem}-*{served.suffix}") if p.name not in current),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for p in older[: max(0, len(older) - KEEP_PREVIOUS)]:
        p.unlink(missing_ok=True)
        p.with_name(p.name + ".wal").unlink(missing_ok=True)
    return version


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? ORDER BY 1",
            [catalog, schema],
        ).fetchall()
    ]


class PublishError(RuntimeError):
    """The publication could not be written; the served file is unchanged."""


def _no_space(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left" in str(exc)


def _is_postgres_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("psycopg2")


def copy_comments(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> None:
    """The dbt descriptions (persisted as comments in the working database) onto the published
    copy, which CREATE TABLE AS leaves without them: BI tools show them to their users."""
    table = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = 'working' AND schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    if table and table[0]:
        con.execute(f'COMMENT ON TABLE {schema}."{name}" IS {sql_literal(table[0].strip())}')
    for column, comment in con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = 'working' AND schema_name = ? "
        "AND table_name = ? AND comment IS NOT NULL",
        [schema, name],
    ).fetchall():
        con.execute(f'COMMENT ON COLUMN {schema}."{name}"."{column}" IS {sql_literal(comment.strip())}')


def _has_table(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> bool:
    return table in _tables(con, catalog, schema)


def publish(
    working_db: Path,
    served_db: Path,
    run_id: str | None = None,
    refreshed: list[str] | None = None,
    postgres_url: str | None = None,
    engine: Engine | None = None,
) -> Publication:
    """Write the new publication beside the served file, then (with `postgres_url`) replace the
    Postgres publication with the same tables, and only then rename the file into place."""
    served_db.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(served_db)
    tmp = partial_path(served_db)
    published_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    version = code_version()
    con = duckdb.connect(str(tmp))
    try:
        con.execute("ATTACH ? AS working (READ_ONLY)", [str(working_db)])
        # one transaction: each COMMENT committed on its own cost about 4 ms (a 300-column
        # publication spent more time on its comments than on its rows)
        con.execute("BEGIN TRANSACTION")
        tables = []
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"CREATE SCHEMA {schema}")
            if engine is not None and engine.name == "postgres":
                tables += copy_from_postgres(con, engine, schema, comments=True)
                continue
            for name in _tables(con, "working", schema):
                con.execute(f'CREATE TABLE {schema}."{name}" AS SELECT * FROM working.{schema}."{name}"')
                copy_comments(con, schema, name)
                tables.append(f"{schema}.{name}")
        quarters = [
            r[0] for r in con.execute(f"SELECT DISTINCT period FROM working.{SUBMISSION_FILES} ORDER BY 1").fetchall()
        ]
        con.execute("CREATE SCHEMA meta")
        con.execute(
            f"""CREATE TABLE meta.publication AS SELECT
            ?::TIMESTAMPTZ AS published_at, ?::VARCHAR[] AS quarters, ?::VARCHAR[] AS refreshed_quarters,
            (SELECT coalesce(bool_or(synthetic), false) FROM working.{SUBMISSION_FILES}) AS contains_synthetic_data,
            ?::VARCHAR AS code_version, ?::VARCHAR AS run_id, ?::VARCHAR[] AS tables""",
            [published_at, quarters, refreshed or [], version, run_id, tables],
        )
        con.execute(
            f"""CREATE TABLE meta.publication_sources AS
            SELECT period, dataset, source_file, sha256, row_count, loaded_at, synthetic FROM working.{SUBMISSION_FILES}
            WHERE period IN (SELECT unnest(?::VARCHAR[])) ORDER BY period, dataset""",
            [quarters],
        )
        con.execute(
            f"""CREATE TABLE meta.publication_datasets AS
            SELECT period, dataset, 'in' AS status FROM working.{SUBMISSION_FILES}
            WHERE dataset NOT IN (SELECT dataset FROM working.raw.dataset_status)
            UNION ALL
            SELECT period, dataset, status FROM working.raw.dataset_status
            ORDER BY period, dataset"""
            if _has_table(con, "working", "raw", "dataset_status")
            else f"SELECT period, dataset, 'in' AS status FROM working.{SUBMISSION_FILES} ORDER BY period, dataset"
        )
        con.execute(
            "COMMENT ON TABLE meta.publication IS 'When, from which quarters and with which code this file was published'"
        )
        con.execute(
            "COMMENT ON TABLE meta.publication_datasets IS "
            "'Which datasets each published quarter holds: in, missing (not submitted yet) or refused (previous figures kept)'"
        )
        con.execute("COMMIT")
        con.execute("DETACH working")
        con.execute("CHECKPOINT")
    except BaseException as exc:
        con.close()
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        if _is_postgres_error(exc):
            first = (getattr(exc, "pgerror", None) or str(exc)).strip().splitlines()[0]
            raise PublishError(
                f"cannot read the tables dbt built in the Postgres working database "
                f"{redact(engine.working_url)}: {first}; the served file {served_db.name} is unchanged"
            ) from None
        if _no_space(exc):
            raise PublishError(
                f"no space left on {served_db.parent} while writing the new publication; the served file "
                f"{served_db.name} is unchanged. Free some space there and refresh again."
            ) from None
        raise
    con.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    postgres = None
    if postgres_url:
        try:
            postgres = publish_postgres(tmp, postgres_url, published_at)
        except PostgresPublishError as exc:
            tmp.unlink(missing_ok=True)
            raise PublishError(f"{exc}; the served file {served_db.name} is unchanged too") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    install_publication(tmp, served_db, published_at)
    return Publication(served_db, published_at, quarters, tables, version, postgres)
