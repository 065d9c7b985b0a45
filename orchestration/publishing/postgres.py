"""The publication on a PostgreSQL server, for BI users across the organisation.

With KINERJA_POSTGRES_URL set (the writer's URL), every refresh also publishes what it just
audited into that database: schemas `marts`, `reference` and `meta`, exactly the tables of the
served DuckDB file. The new tables are loaded into staging schemas readers cannot see, then the
schemas are swapped by renames in one short transaction: a query sees the old publication or
the new one, and readers never wait on the load. BI logins are members of `kinerja_reader`,
which may read the published schemas and nothing else."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

from orchestration.warehouse.raw_transfer import UnsupportedColumn
from orchestration.warehouse.raw_transfer import postgres_type as raw_postgres_type

READER_ROLE = "kinerja_reader"
SCHEMAS = ("marts", "reference", "meta")
NEW_PREFIX = "kinerja_new_"
OLD_PREFIX = "kinerja_old_"
# how long a statement of the publication may wait for a lock before giving up
LOCK_TIMEOUT = "5s"
# how long the swap waits for a moment when no query reads the old tables
SWAP_PATIENCE = 10.0


class PostgresPublishError(RuntimeError):
    """The Postgres publication could not be replaced; what readers see is unchanged."""


def redact(url: str) -> str:
    """The URL without its password, for logs and metadata."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def postgres_type(duckdb_type: str) -> str:
    """The Postgres column type for a DuckDB one (the raw transfer's mapping); lists become arrays."""
    if duckdb_type.endswith("[]"):
        return postgres_type(duckdb_type[:-2]) + "[]"
    try:
        return raw_postgres_type(duckdb_type, "publication")
    except UnsupportedColumn as exc:
        raise PostgresPublishError(str(exc)) from None


@dataclass
class Table:
    schema: str
    name: str
    comment: str | None
    columns: list[tuple[str, str, str | None]]  # name, postgres type, comment


def _catalog(con: duckdb.DuckDBPyConnection) -> list[Table]:
    tables = []
    for schema, name, comment in con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name IN ('marts', 'reference', 'meta') ORDER BY 1, 2"
    ).fetchall():
        columns = con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, name],
        ).fetchall()
        tables.append(Table(schema, name, comment, [(c, postgres_type(t), cm) for c, t, cm in columns]))
    return tables


def _connect(url: str):
    import psycopg2

    try:
        return psycopg2.connect(url, connect_timeout=10, application_name="kinerja publication")
    except psycopg2.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise PostgresPublishError(
            f"cannot connect to the Postgres publication {redact(url)}: {first}. Check KINERJA_POSTGRES_URL "
            "and that the server accepts the writer."
        ) from None


def ensure_reader_role(cur) -> bool:
    """Create kinerja_reader (no login; BI logins are granted membership) if missing."""
    from psycopg2 import errors, sql

    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [READER_ROLE])
    if cur.fetchone():
        return False
    try:
        cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(READER_ROLE)))
    except errors.InsufficientPrivilege:
        raise PostgresPublishError(
            f"the role {READER_ROLE} does not exist and the writer may not create roles: ask the database "
            f"administrator to run CREATE ROLE {READER_ROLE} NOLOGIN (or grant the writer CREATEROLE)"
        ) from None
    return True


def _drop_retired(cur) -> list[str]:
    """Drop the schemas earlier swaps retired or half-loaded; skip one a long query still reads."""
    from psycopg2 import errors, sql

    cur.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s OR nspname LIKE %s ORDER BY 1",
        [OLD_PREFIX + "%", NEW_PREFIX + "%"],
    )
    dropped = []
    for (name,) in cur.fetchall():
        cur.execute("SAVEPOINT drop_retired")
        cur.execute("SET LOCAL lock_timeout = '50ms'")
        try:
            cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
            cur.execute("RELEASE SAVEPOINT drop_retired")
            dropped.append(name)
        except errors.LockNotAvailable:
            cur.execute("ROLLBACK TO SAVEPOINT drop_retired")
    return dropped


def _load(cur, source: duckdb.DuckDBPyConnection, tables: list[Table]) -> None:
    from psycopg2 import sql
    from psycopg2.extras import execute_values

    for schema in SCHEMAS:
        cur.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(NEW_PREFIX + schema)))
    for t in tables:
        target = sql.Identifier(NEW_PREFIX + t.schema, t.name)
        cur.execute(
            sql.SQL("CREATE TABLE {} ({})").format(
                target,
                sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(typ)) for c, typ, _ in t.columns),
            )
        )
        quoted = ", ".join('"' + c.replace('"', '""') + '"' for c, _, _ in t.columns)
        rows = source.execute(f'SELECT {quoted} FROM "{t.schema}"."{t.name}"').fetchall()
        if rows:
            execute_values(cur, sql.SQL("INSERT INTO {} VALUES %s").format(target).as_string(cur), rows, page_size=2000)
        if t.comment:
            cur.execute(sql.SQL("COMMENT ON TABLE {} IS %s").format(target), [t.comment.strip()])
        for column, _, comment in t.columns:
            if comment:
                cur.execute(
                    sql.SQL("COMMENT ON COLUMN {}.{} IS %s").format(target, sql.Identifier(column)), [comment.strip()]
                )


def _lock_published(cur, tables: list[str]) -> bool:
    """Every published table locked, or none: a query that has begun reading the old publication
    keeps it whole, and one that arrives during the swap waits milliseconds, then reads the new."""
    from psycopg2 import errors

    if not tables:
        return True
    cur.execute("SAVEPOINT lock_published")
    try:
        cur.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE NOWAIT")
    except errors.LockNotAvailable:
        cur.execute("ROLLBACK TO SAVEPOINT lock_published")  # releases what it took
        return False
    cur.execute("RELEASE SAVEPOINT lock_published")
    return True


def _published_tables(cur) -> list[str]:
    from psycopg2 import sql

    cur.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'v', 'm') ORDER BY 1, 2",
        [list(SCHEMAS)],
    )
    return [sql.Identifier(s, t).as_string(cur) for s, t in cur.fetchall()]


def _swap(cur, stamp: str) -> bool:
    """Retire the published schemas and put the new ones in their place, with the reader's
    grants. Waits (never blocking readers) for a moment no query is reading the old tables;
    after SWAP_PATIENCE seconds of a long query, swaps anyway and says so (False)."""
    from psycopg2 import sql

    reader = sql.Identifier(READER_ROLE)
    for schema in SCHEMAS:
        new = sql.Identifier(NEW_PREFIX + schema)
        cur.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(new, reader))
        cur.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(new, reader))
    cur.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(SCHEMAS)])
    published = {name for (name,) in cur.fetchall()}
    tables = _published_tables(cur)
    deadline = time.monotonic() + SWAP_PATIENCE
    locked = _lock_published(cur, tables)
    while not locked and time.monotonic() < deadline:
        time.sleep(0.02)
        locked = _lock_published(cur, tables)
    for schema in SCHEMAS:
        new = sql.Identifier(NEW_PREFIX + schema)
        if schema in published:
            cur.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(schema), sql.Identifier(f"{OLD_PREFIX}{stamp}_{schema}")
                )
            )
        cur.execute(sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(new, sql.Identifier(schema)))
    return locked


@dataclass
class PostgresPublication:
    url: str  # redacted
    tables: list[str]
    reader_role_created: bool
    retired_dropped: list[str]
    swapped_between_queries: bool  # False: a query longer than SWAP_PATIENCE was still reading


def publish_postgres(served_db: Path, url: str, stamp: str) -> PostgresPublication:
    """Replace the Postgres publication with the tables of the (already audited) served file,
    loaded and swapped in one transaction: a failure leaves the previous publication as it was."""
    import psycopg2

    con = _connect(url)
    try:
        with duckdb.connect(str(served_db), read_only=True) as source:
            tables = _catalog(source)
            with con.cursor() as cur:
                cur.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
                created = ensure_reader_role(cur)
                dropped = _drop_retired(cur)
                con.commit()
                _load(cur, source, tables)
                between = _swap(cur, re.sub(r"\W", "", stamp).lower())
                con.commit()
                dropped += _drop_retired(cur)
                con.commit()
    except psycopg2.Error as exc:
        con.rollback()
        _cleanup_new(con)
        first = (exc.pgerror or str(exc)).strip().splitlines()[0]
        raise PostgresPublishError(
            f"the Postgres publication {redact(url)} was not replaced ({first}); readers still see the previous one"
        ) from None
    except BaseException:
        con.rollback()
        _cleanup_new(con)
        raise
    finally:
        con.close()
    return PostgresPublication(redact(url), [f"{t.schema}.{t.name}" for t in tables], created, dropped, between)


def _cleanup_new(con) -> None:
    from psycopg2 import sql

    try:
        with con.cursor() as cur:
            cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [NEW_PREFIX + "%"])
            for (name,) in cur.fetchall():
                cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
        con.commit()
    except Exception:  # noqa: BLE001 - best effort; the next publication drops them too
        con.rollback()
