"""The dbt layer on PostgreSQL 16 as well as Debian's 15 (tests/test_engines.py): a Postgres 16
from the `pgserver` wheel, the raw schema of the session's DuckDB baseline copied over, every
node built and tested, the marts and reference tables equal to DuckDB's row for row."""

from __future__ import annotations

import pytest
from engine_results import differences, duckdb_tables, not_passed, postgres_tables, run_engine_build

from orchestration.warehouse.dbt_project import postgres_profile_env
from orchestration.warehouse.raw_transfer import copy_raw_to_postgres

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres16(tmp_path_factory):
    import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg16"), cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()


def test_every_node_passes_on_postgres_16_with_duckdbs_results(postgres16, published_baseline, tmp_path):
    version = postgres16.psql("SHOW server_version_num").split()
    assert any(v.isdigit() and v.startswith("16") for v in version), version
    postgres16.psql("CREATE DATABASE kinerja_pg16")
    dsn = postgres16.get_uri("kinerja_pg16")
    copy_raw_to_postgres(published_baseline.working_db, dsn)
    build = run_engine_build("postgres", tmp_path / "dbt", postgres_profile_env(dsn))
    assert len(build["nodes"]) > 250
    assert not_passed(build) == [], build["output"][-3000:]
    assert differences(duckdb_tables(published_baseline.working_db), postgres_tables(dsn)) == []
