"""The whole pipeline on the Postgres engine: a refresh with KINERJA_ENGINE=postgres lands the
submissions, loads raw into the Postgres working database, builds and tests with dbt there,
checks the marts there and publishes them (to the served file and the Postgres publication),
with the same marts as the DuckDB engine."""

from __future__ import annotations

import secrets

import psycopg2
import pytest
from conftest import copy_quarter, kinerja_env
from engine_results import differences, duckdb_tables, postgres_tables

from orchestration.warehouse.engine import Engine, EngineSettingError

pytestmark = pytest.mark.slow


def test_engine_settings_are_checked_before_anything_runs():
    assert Engine.from_env({}) == Engine()
    assert Engine.from_env({"KINERJA_ENGINE": "DuckDB"}).dbt_target == "dev"
    with pytest.raises(EngineSettingError, match="not an engine"):
        Engine.from_env({"KINERJA_ENGINE": "oracle"})
    with pytest.raises(EngineSettingError, match="needs KINERJA_POSTGRES_WORKING_URL"):
        Engine.from_env({"KINERJA_ENGINE": "postgres"})
    same = "postgresql://w:pw@db:5432/kinerja"
    with pytest.raises(EngineSettingError, match="same database"):
        Engine.from_env(
            {"KINERJA_ENGINE": "postgres", "KINERJA_POSTGRES_WORKING_URL": same, "KINERJA_POSTGRES_URL": same}
        )
    engine = Engine.from_env({"KINERJA_ENGINE": "postgres", "KINERJA_POSTGRES_WORKING_URL": same})
    assert engine.dbt_target == "postgres"
    assert engine.dbt_env()["KINERJA_PG_DATABASE"] == "kinerja"


def test_a_refresh_on_postgres_gives_the_duckdb_engines_marts(postgres_server, published_baseline, tmp_path):
    from dagster import DagsterInstance

    from orchestration.runtime.runner import refresh

    tag = secrets.token_hex(3)
    writer, password = f"writer_{tag}", secrets.token_urlsafe(12)
    postgres_server.sql(f"CREATE ROLE {writer} LOGIN CREATEROLE PASSWORD '{password}'")
    for db in (f"working_{tag}", f"kinerja_{tag}"):
        postgres_server.sql(f"CREATE DATABASE {db} OWNER {writer}")
    working_url = postgres_server.url(writer, password, f"working_{tag}")
    publication_url = postgres_server.url(writer, password, f"kinerja_{tag}")
    with kinerja_env(tmp_path), pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINERJA_ENGINE", "postgres")
        mp.setenv("KINERJA_POSTGRES_WORKING_URL", working_url)
        mp.setenv("KINERJA_POSTGRES_URL", publication_url)
        copy_quarter(tmp_path / "submissions")
        with DagsterInstance.ephemeral() as instance:
            [outcome] = refresh(["2024-Q2"], instance=instance, quiet=True)
            assert outcome.success
            for record in instance.all_logs(outcome.run_id):
                assert password not in str(record)

    # dbt built in Postgres, and the DuckDB working file holds no marts of this run
    import duckdb

    local = duckdb.connect(str(tmp_path / "data" / "working.duckdb"), read_only=True)
    assert local.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts'").fetchone()[0] == 0
    local.close()
    on_duckdb_engine = duckdb_tables(published_baseline.served_db, ("marts", "reference"))
    assert differences(on_duckdb_engine, postgres_tables(working_url, ("marts", "reference"))) == []
    assert (
        differences(on_duckdb_engine, duckdb_tables(tmp_path / "data" / "warehouse.duckdb", ("marts", "reference")))
        == []
    )
    assert differences(on_duckdb_engine, postgres_tables(publication_url, ("marts", "reference"))) == []

    # a reader of the publication cannot even connect to the working database
    reader = f"analyst_{tag}"
    postgres_server.sql(f"CREATE ROLE {reader} LOGIN PASSWORD 'pw' IN ROLE kinerja_reader")
    con = psycopg2.connect(postgres_server.url(reader, "pw", f"kinerja_{tag}"))
    with con.cursor() as cur:
        cur.execute("SELECT count(*) FROM marts.mart_book_figures")
        assert cur.fetchone()[0] > 1000
    con.close()
    with pytest.raises(psycopg2.OperationalError, match="permission denied"):
        psycopg2.connect(postgres_server.url(reader, "pw", f"working_{tag}"))
