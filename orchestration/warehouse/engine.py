"""Which engine builds the warehouse: DuckDB (the default, one file) or PostgreSQL.

KINERJA_ENGINE=postgres with KINERJA_POSTGRES_WORKING_URL (the writer's URL of the *working*
database): submissions are still read, checked and landed in the DuckDB working file, which
keeps their history per quarter; before dbt runs, that raw schema is loaded into the Postgres
working database in one transaction; dbt (dbt-postgres) builds staging, intermediate, marts and
reference there; the mart contracts read the marts there; and the publication takes its
tables from there. The working database is not the publication's: BI readers get neither
CONNECT on it nor any grant in it."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass

ENGINE_VAR = "KINERJA_ENGINE"
WORKING_URL_VAR = "KINERJA_POSTGRES_WORKING_URL"
PUBLICATION_URL_VAR = "KINERJA_POSTGRES_URL"
ENGINES = ("duckdb", "postgres")


class EngineSettingError(ValueError):
    """The engine settings in the environment do not make a usable warehouse."""


def _database_of(url: str) -> tuple:
    from psycopg2.extensions import parse_dsn

    parts = parse_dsn(url)
    return (parts.get("host") or "localhost", str(parts.get("port") or 5432), parts.get("dbname"))


@dataclass(frozen=True)
class Engine:
    name: str = "duckdb"
    working_url: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Engine:
        env = dict(os.environ if env is None else env)
        name = (env.get(ENGINE_VAR) or "duckdb").strip().lower()
        if name not in ENGINES:
            raise EngineSettingError(f"{ENGINE_VAR}={name!r} is not an engine: use one of {', '.join(ENGINES)}")
        if name == "duckdb":
            return cls()
        url = env.get(WORKING_URL_VAR)
        if not url:
            raise EngineSettingError(
                f"{ENGINE_VAR}=postgres needs {WORKING_URL_VAR}, the writer's URL of the working database "
                "(e.g. postgresql://kinerja_writer:...@db.example:5432/kinerja_working)"
            )
        publication = env.get(PUBLICATION_URL_VAR)
        try:
            same = publication and _database_of(url) == _database_of(publication)
        except Exception as exc:  # noqa: BLE001 - psycopg2 says what is wrong with the URL
            raise EngineSettingError(
                f"{WORKING_URL_VAR} or {PUBLICATION_URL_VAR} is not a Postgres URL: {exc}"
            ) from None
        if same:
            raise EngineSettingError(
                f"{WORKING_URL_VAR} and {PUBLICATION_URL_VAR} name the same database: dbt's working schemas "
                "(marts, reference) would overwrite the publication. Use a database of its own for each."
            )
        return cls("postgres", url)

    @property
    def dbt_target(self) -> str:
        return "postgres" if self.name == "postgres" else "dev"

    def dbt_env(self) -> dict[str, str]:
        """What the dbt profile's output reads (for the dbt child process only)."""
        if self.name != "postgres":
            return {}
        from orchestration.warehouse.dbt_project import postgres_profile_env

        return postgres_profile_env(self.working_url)

    def load_raw(self, working_db) -> list[str]:
        """The landed raw schema into the Postgres working database (one transaction), which
        publication readers may not even connect to."""
        from psycopg2 import sql

        from orchestration.warehouse.raw_transfer import copy_raw_to_postgres

        loaded = copy_raw_to_postgres(working_db, self.working_url)
        con = self.connect_working()
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute("SELECT current_database()")
                name = cur.fetchone()[0]
                cur.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
        finally:
            con.close()
        return loaded

    def connect_working(self):
        """A psycopg2 connection to the Postgres working database."""
        import psycopg2

        return psycopg2.connect(self.working_url, connect_timeout=10, application_name="kinerja refresh")


@contextmanager
def environment(values: dict[str, str]):
    """Set variables for a child process (dbt), then put the environment back."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


_FROM_POSTGRES = {
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "smallint": "SMALLINT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "real": "FLOAT",
    "double precision": "DOUBLE",
    "numeric": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
}


def duckdb_type(postgres_type: str) -> str:
    """The DuckDB type a column gets for the Postgres type dbt built it with."""
    base = postgres_type.split("(")[0].strip()
    if base.endswith("[]"):
        return duckdb_type(base[:-2]) + "[]"
    if base not in _FROM_POSTGRES:
        raise ValueError(f"no DuckDB type for the Postgres type {postgres_type}")
    return _FROM_POSTGRES[base]


def sql_literal(text: str) -> str:
    """A SQL string literal (comments cannot take parameters)."""
    return "'" + text.replace("'", "''") + "'"


def copy_from_postgres(
    con, engine: Engine, schema: str, names: list[str] | None = None, comments: bool = False
) -> list[str]:
    """Tables dbt built in a schema of the Postgres working database (all, or `names`) into the
    same schema of a DuckDB connection, typed as the DuckDB engine types them; with their
    descriptions if `comments`."""
    from decimal import Decimal

    import pandas as pd
    from psycopg2 import sql

    copied = []
    pg = engine.connect_working()
    try:
        with pg.cursor() as cur:
            cur.execute(
                "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 2",
                [schema],
            )
            found = {name: (oid, comment) for oid, name, comment in cur.fetchall()}
            for name in names if names is not None else list(found):
                oid, comment = found[name]
                cur.execute(
                    "SELECT attname, format_type(atttypid, atttypmod), col_description(attrelid, attnum) "
                    "FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                    [oid],
                )
                columns = cur.fetchall()
                target = f'{schema}."{name}"'
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
                con.execute(
                    f"CREATE TABLE {target} (" + ", ".join(f'"{c}" {duckdb_type(t)}' for c, t, _ in columns) + ")"
                )
                cur.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, name)))
                rows = [tuple(float(v) if isinstance(v, Decimal) else v for v in r) for r in cur.fetchall()]
                if rows:
                    frame = pd.DataFrame.from_records(rows, columns=[c for c, _, _ in columns]).astype(object)
                    con.register("incoming_rows", frame)
                    con.execute(f"INSERT INTO {target} SELECT * FROM incoming_rows")
                    con.unregister("incoming_rows")
                if comments and comment:
                    con.execute(f"COMMENT ON TABLE {target} IS {sql_literal(comment.strip())}")
                for column, _, text in columns if comments else []:
                    if text:
                        con.execute(f'COMMENT ON COLUMN {target}."{column}" IS {sql_literal(text.strip())}')
                copied.append(f"{schema}.{name}")
    finally:
        pg.close()
    return copied


def read_tables(engine: Engine, working_db, schema: str, names: list[str]):
    """(name, DataFrame) of each working table (marts, reference), from the engine that built
    it, over one connection; Postgres tables pass through DuckDB so their dtypes are the same."""
    import duckdb

    if engine.name == "postgres":
        con = duckdb.connect()
        try:
            copy_from_postgres(con, engine, schema, names)
            for name in names:
                yield name, con.execute(f'SELECT * FROM {schema}."{name}"').df()
        finally:
            con.close()
        return
    from orchestration.warehouse.database import connect

    with connect(working_db, read_only=True) as con:
        for name in names:
            yield name, con.execute(f'SELECT * FROM {schema}."{name}"').df()


def count_rows(engine: Engine, working_db, tables: list[str]) -> dict[str, int]:
    """{schema.table: rows} in the working database of the engine."""
    if engine.name == "postgres":
        from psycopg2 import sql

        con = engine.connect_working()
        try:
            with con.cursor() as cur:
                out = {}
                for t in tables:
                    cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(*t.split(".", 1))))
                    out[t] = cur.fetchone()[0]
                return out
        finally:
            con.close()
    from orchestration.warehouse.database import connect

    with connect(working_db, read_only=True) as con:
        return {
            t: con.execute(f'SELECT count(*) FROM {t.split(".")[0]}."{t.split(".", 1)[1]}"').fetchone()[0]
            for t in tables
        }
