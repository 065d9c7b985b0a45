"""The Postgres publication against a real server: every table of the served file, the reader
role's limits, atomic swaps under a reading BI user, failures that change nothing, and the
paths BI clients take (SQLAlchemy as Superset uses it, pandas, psql)."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

import duckdb
import psycopg2
import pytest
from dagster import AssetKey

from orchestration.publishing import postgres as pgpub
from orchestration.publishing.postgres import READER_ROLE, PostgresPublishError, publish_postgres, redact

pytestmark = pytest.mark.slow


@dataclass
class Database:
    name: str
    writer_url: str
    writer_password: str
    server: object

    def reader(self) -> tuple[str, str]:
        """A BI login, member of kinerja_reader (which the first publication creates)."""
        name = "analyst_" + secrets.token_hex(3)
        password = secrets.token_urlsafe(12)
        self.server.sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {READER_ROLE}")
        return name, self.server.url(name, password, self.name)


_counter = iter(range(1000))


@pytest.fixture
def database(postgres_server):
    """A database of its own and a writer that owns it and may create roles (not a superuser)."""
    n = next(_counter)
    name, writer, password = f"kinerja_{n}", f"kinerja_writer_{n}", secrets.token_urlsafe(16)
    postgres_server.sql(f"CREATE ROLE {writer} LOGIN CREATEROLE PASSWORD '{password}'")
    postgres_server.sql(f"CREATE DATABASE {name} OWNER {writer}")
    return Database(name, postgres_server.url(writer, password, name), password, postgres_server)


def duckdb_tables(served) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(served), read_only=True)
    try:
        names = [
            f"{s}.{t}"
            for s, t in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('marts','reference','meta')"
            ).fetchall()
        ]
        return {n: _normalise(con.execute(f"SELECT * FROM {n}").fetchall()) for n in names}
    finally:
        con.close()


def postgres_tables(url: str, names) -> dict[str, list[tuple]]:
    con = psycopg2.connect(url)
    try:
        with con.cursor() as cur:
            out = {}
            for n in names:
                cur.execute(f"SELECT * FROM {n}")
                out[n] = _normalise(cur.fetchall())
            return out
    finally:
        con.close()


def _normalise(rows) -> list[tuple]:
    def cell(v):
        if isinstance(v, float):
            return round(v, 12)
        if isinstance(v, dt.datetime) and v.tzinfo is not None:
            return v.astimezone(dt.UTC)
        if isinstance(v, list):
            return tuple(v)
        return v

    return sorted((tuple(cell(v) for v in r) for r in rows), key=repr)


def test_every_served_table_is_published_row_for_row_with_its_descriptions(database, published_baseline):
    pub = publish_postgres(published_baseline.served_db, database.writer_url, "2026-12-01T00:00:00+00:00")
    want = duckdb_tables(published_baseline.served_db)
    assert sorted(pub.tables) == sorted(want)
    assert {t.split(".")[0] for t in want} == {"marts", "reference", "meta"}
    assert postgres_tables(database.writer_url, want) == want

    con = psycopg2.connect(database.writer_url)
    with con.cursor() as cur:
        cur.execute(
            "SELECT count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NOT NULL), count(*) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE n.nspname = 'marts' AND c.relkind = 'r'"
        )
        described, columns = cur.fetchone()
        cur.execute("SELECT obj_description('marts.mart_sampling_tms_summary'::regclass, 'pg_class')")
        (table_comment,) = cur.fetchone()
    con.close()
    assert columns > 100 and described == columns, f"{described} of {columns} mart columns described"
    assert table_comment and "TMS" in table_comment


def test_reader_reads_the_publication_and_nothing_else(database, published_baseline):
    publish_postgres(published_baseline.served_db, database.writer_url, "a")
    # what the writer keeps for itself in the same database
    w = psycopg2.connect(database.writer_url)
    w.autocommit = True
    with w.cursor() as cur:
        cur.execute("CREATE SCHEMA staging; CREATE TABLE staging.private AS SELECT 1 AS x")
    w.close()
    _, url = database.reader()
    con = psycopg2.connect(url)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("SELECT count(*) FROM marts.mart_book_figures")
        assert cur.fetchone()[0] > 1000
        cur.execute("SELECT count(*) FROM reference.categories" if _has(cur, "reference", "categories") else "SELECT 1")
        cur.execute("SELECT quarters FROM meta.publication")
        assert cur.fetchone()[0] == ["2024-Q2"]
        refused = {
            "read staging": "SELECT * FROM staging.private",
            "insert": "INSERT INTO marts.mart_budget_summary SELECT * FROM marts.mart_budget_summary",
            "delete": "DELETE FROM meta.publication",
            "create in marts": "CREATE TABLE marts.mine (x int)",
            "create in public": "CREATE TABLE public.mine (x int)",
            "drop": "DROP TABLE marts.mart_book_figures",
            "create schema": "CREATE SCHEMA mine",
        }
        for what, statement in refused.items():
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(statement)
                pytest.fail(f"the reader could {what}")
    con.close()


def _has(cur, schema, table) -> bool:
    cur.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s", [schema, table])
    return cur.fetchone() is not None


def _publication_id(url: str) -> str:
    con = psycopg2.connect(url)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT run_id FROM meta.publication")
            return cur.fetchone()[0]
    finally:
        con.close()


def _variant(served, tmp_path, run_id: str, drop_rows: int):
    """A copy of the served file that differs visibly: its own run_id, fewer figure rows."""
    path = tmp_path / f"{run_id}.duckdb"
    shutil.copyfile(served, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta.publication SET run_id = ?", [run_id])
    con.execute(
        "DELETE FROM marts.mart_book_figures WHERE rowid IN (SELECT rowid FROM marts.mart_book_figures LIMIT ?)",
        [drop_rows],
    )
    n = con.execute("SELECT count(*) FROM marts.mart_book_figures").fetchone()[0]
    con.close()
    return path, n


def test_a_failed_publication_leaves_the_previous_one(database, published_baseline, tmp_path, monkeypatch):
    first, _ = _variant(published_baseline.served_db, tmp_path, "first", 0)
    publish_postgres(first, database.writer_url, "first")
    second, _ = _variant(published_baseline.served_db, tmp_path, "second", 5)

    def broken_swap(cur, stamp):
        cur.execute("ALTER SCHEMA marts RENAME TO kinerja_old_x_marts")
        cur.execute("SELECT 1/0")  # a failure half-way through the swap

    monkeypatch.setattr(pgpub, "_swap", broken_swap)
    with pytest.raises(PostgresPublishError) as err:
        publish_postgres(second, database.writer_url, "second")
    assert "readers still see the previous one" in str(err.value)
    assert database.writer_password not in str(err.value)
    assert _publication_id(database.writer_url) == "first"
    con = psycopg2.connect(database.writer_url)
    with con.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kinerja_%' ORDER BY 1")
        assert cur.fetchall() == []
        cur.execute("SELECT count(*) FROM marts.mart_book_figures")
        assert cur.fetchone()[0] == len(duckdb_tables(first)["marts.mart_book_figures"])
    con.close()


def test_readers_see_one_whole_publication_or_the_other_and_are_not_held_up(database, published_baseline, tmp_path):
    a, rows_a = _variant(published_baseline.served_db, tmp_path, "A", 0)
    b, rows_b = _variant(published_baseline.served_db, tmp_path, "B", 7)
    publish_postgres(a, database.writer_url, "a0")
    _, url = database.reader()
    want = {("A", rows_a), ("B", rows_b)}
    seen, errors, slowest = [], [], [0.0]
    stop = threading.Event()

    def read():
        con = psycopg2.connect(url)
        con.autocommit = True
        cur = con.cursor()
        while not stop.is_set():
            start = time.perf_counter()
            try:
                cur.execute(
                    "SELECT (SELECT run_id FROM meta.publication), (SELECT count(*) FROM marts.mart_book_figures)"
                )
                seen.append(cur.fetchone())
            except psycopg2.Error as exc:
                errors.append(str(exc))
            slowest[0] = max(slowest[0], time.perf_counter() - start)
        con.close()

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        for i in range(6):
            pub = publish_postgres(b if i % 2 == 0 else a, database.writer_url, f"swap{i}")
            assert pub.swapped_between_queries
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert errors == []
    assert set(seen) <= want, set(seen) - want
    assert set(seen) == want, "the readers never saw one of the two publications"
    assert len(seen) > 50
    assert slowest[0] < 1.0, f"a reader waited {slowest[0]:.2f} s"
    con = psycopg2.connect(database.writer_url)
    with con.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kinerja_%'")
        assert cur.fetchall() == [], "retired schemas were left behind"
    con.close()


def test_a_long_query_on_the_old_publication_does_not_stop_the_next(
    database, published_baseline, tmp_path, monkeypatch
):
    monkeypatch.setattr(pgpub, "SWAP_PATIENCE", 1.0)
    a, _ = _variant(published_baseline.served_db, tmp_path, "A", 0)
    b, rows_b = _variant(published_baseline.served_db, tmp_path, "B", 3)
    publish_postgres(a, database.writer_url, "a")
    _, url = database.reader()
    long_reader = psycopg2.connect(url)
    cur = long_reader.cursor()
    cur.execute("BEGIN")
    cur.execute("SELECT count(*) FROM marts.mart_book_figures")  # holds its lock until the transaction ends
    started = time.perf_counter()
    pub = publish_postgres(b, database.writer_url, "b")
    assert 1.0 <= time.perf_counter() - started < 20
    assert not pub.swapped_between_queries, "it waited for the long query, then swapped"
    assert _publication_id(url) == "B"
    fresh = psycopg2.connect(url)
    with fresh.cursor() as c2:
        c2.execute("SELECT count(*) FROM marts.mart_book_figures")
        assert c2.fetchone()[0] == rows_b
    fresh.close()
    long_reader.rollback()
    long_reader.close()
    assert "kinerja_old_b_marts" not in pub.retired_dropped, "the schema a query still reads is kept"
    assert "kinerja_old_b_meta" in pub.retired_dropped
    # the retired schema the long query held is dropped by the next publication
    publish_postgres(a, database.writer_url, "c")
    con = psycopg2.connect(database.writer_url)
    with con.cursor() as c3:
        c3.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'kinerja_old_%'")
        assert c3.fetchone()[0] == 0
    con.close()


def test_unreachable_server_is_named_without_its_password(published_baseline):
    url = "postgresql://kinerja_writer:s3cr3t-pw@127.0.0.1:1/kinerja"
    with pytest.raises(PostgresPublishError) as err:
        publish_postgres(published_baseline.served_db, url, "x")
    message = str(err.value)
    assert "s3cr3t-pw" not in message
    assert "postgresql://kinerja_writer@127.0.0.1:1/kinerja" in message
    assert "KINERJA_POSTGRES_URL" in message


def test_redact():
    assert redact("postgresql://u:p%40ss@h:5432/db?sslmode=require") == "postgresql://u@h:5432/db?sslmode=require"
    assert redact("postgresql://h/db") == "postgresql://h/db"


def test_bi_clients_read_it_as_the_readme_says(database, published_baseline):
    """Superset's path (a SQLAlchemy URI with psycopg2), pandas and psql, logged in as a reader."""
    import pandas as pd
    import sqlalchemy as sa

    publish_postgres(published_baseline.served_db, database.writer_url, "bi")
    _, url = database.reader()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg2://"))
    inspector = sa.inspect(engine)
    assert "mart_sampling_tms_summary" in inspector.get_table_names(schema="marts")
    columns = {c["name"]: c for c in inspector.get_columns("mart_sampling_tms_summary", schema="marts")}
    assert columns["tms_rate"]["comment"], "Superset shows the column description from here"
    frame = pd.read_sql(
        "SELECT sampling_method, sum(failed_tms)::float / sum(examined) AS tms_rate "
        "FROM marts.mart_sampling_tms_summary GROUP BY 1 ORDER BY 1",
        engine,
    )
    engine.dispose()
    assert list(frame.sampling_method) == ["all", "random", "targeted"]
    psql = shutil.which("psql")
    assert psql, "psql comes with Debian's postgresql package, which make test installs"
    out = subprocess.run(
        [psql, url, "-At", "-c", "SELECT count(*) FROM marts.mart_dataset_status"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 0


def test_a_refresh_publishes_to_postgres_and_never_shows_the_password(database, tmp_path, capsys):
    """End to end: a refresh with KINERJA_POSTGRES_URL set publishes there; a refused quarter
    leaves it as it was; the writer's password is in no event, log line or metadata."""
    from conftest import copy_quarter, edit_csv, kinerja_env
    from dagster import DagsterInstance

    from orchestration.runtime.runner import refresh

    with kinerja_env(tmp_path), pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINERJA_POSTGRES_URL", database.writer_url)
        folder = copy_quarter(tmp_path / "submissions")
        with DagsterInstance.ephemeral() as instance:
            [ok] = refresh(["2024-Q2"], instance=instance)
            assert ok.success
            assert _publication_id(database.writer_url) == ok.run_id
            want = duckdb_tables(tmp_path / "data" / "warehouse.duckdb")
            assert postgres_tables(database.writer_url, want) == want

            edit_csv(folder / "perkara.csv", 2, "jumlah_perkara", "banyak")
            [refused] = refresh(["2024-Q2"], instance=instance)
            assert not refused.success
            assert _publication_id(database.writer_url) == ok.run_id, "a refused refresh changed the publication"

            for run_id in (ok.run_id, refused.run_id):
                for record in instance.all_logs(run_id):
                    assert database.writer_password not in str(record)
            materialization = instance.get_latest_materialization_event(AssetKey(["served", "warehouse"]))
            metadata = materialization.asset_materialization.metadata
            assert metadata["postgres"].value == redact(database.writer_url)
            assert database.writer_password not in repr(metadata)
    out = capsys.readouterr()
    assert database.writer_password not in out.out + out.err
