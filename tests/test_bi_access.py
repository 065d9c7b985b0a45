"""The path a BI tool takes to the served file: SQLAlchemy with duckdb-engine, read-only."""

from __future__ import annotations

import shutil

import duckdb
import pytest
import sqlalchemy as sa
from conftest import marts_digest, served_publication

from orchestration.warehouse.family_marts import FAMILIES, mart_name

pytestmark = pytest.mark.slow

MARTS = {
    "mart_budget_rankings",
    "mart_budget_summary",
    "mart_perkara_funnel",
    "mart_rkp_capaian",
    "mart_rkp_kegiatan_summary",
    "mart_sampling_tms_rates",
    "mart_sampling_tms_summary",
    "mart_book_figures",
    "mart_consistency_findings",
    "mart_figure_rates",
    "mart_dataset_status",
    *(mart_name(f) for f in FAMILIES),
}


@pytest.fixture
def served(tmp_path, published_baseline):
    """A copy of the published file, so that a write that wrongly succeeds harms no other test."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(published_baseline.served_db, path)
    return path


@pytest.fixture
def engine(served):
    engine = sa.create_engine(f"duckdb:///{served}", connect_args={"read_only": True})
    yield engine
    engine.dispose()


def test_a_mart_reads_as_in_duckdb(engine, served):
    sql = (
        "SELECT sampling_method, sampled, examined, failed_tms, tms_rate FROM marts.mart_sampling_tms_summary "
        "ORDER BY sampling_method"
    )
    with engine.connect() as con:
        rows = [tuple(r) for r in con.execute(sa.text(sql)).fetchall()]
    engine.dispose()  # duckdb-engine opens with its own config; one process can't mix the two
    direct = duckdb.connect(str(served), read_only=True)
    try:
        assert rows == direct.execute(sql).fetchall()
    finally:
        direct.close()
    assert [r[0] for r in rows] == ["all", "random", "targeted"]
    by_method = {r[0]: r[1] for r in rows}
    assert by_method == {"all": 45337, "random": 34342, "targeted": 10995}  # the book: 10.995 + 34.342


def test_the_inspector_lists_the_marts(engine):
    inspector = sa.inspect(engine)
    # duckdb-engine names schemas with their catalog: "warehouse.marts"
    schemas = {name.rsplit(".", 1)[-1] for name in inspector.get_schema_names()}
    assert {"marts", "reference", "meta"} <= schemas
    assert set(inspector.get_table_names(schema="marts")) == MARTS
    assert "publication" in inspector.get_table_names(schema="meta")


def test_the_inspector_describes_a_marts_columns(engine):
    """What Superset does when a mart is added as a dataset (README: "the driver Superset uses")."""
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns("mart_perkara_funnel", schema="marts")}
    assert {"period", "stage_code", "cases_in_stage", "total_cases"} <= set(columns)
    assert isinstance(columns["cases_in_stage"]["type"], sa.BigInteger)


def test_the_publication_is_readable_through_sqlalchemy(engine, served):
    with engine.connect() as con:
        run_id, quarters = con.execute(sa.text("SELECT run_id, quarters FROM meta.publication")).one()
    engine.dispose()
    assert run_id == served_publication(served)["run_id"]
    assert list(quarters) == ["2024-Q2"]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE marts.scratch AS SELECT 1 AS x",
        "DELETE FROM marts.mart_perkara_funnel",
        "UPDATE marts.mart_budget_summary SET pagu = 0",
        "DROP TABLE marts.mart_rkp_capaian",
        "INSERT INTO meta.publication SELECT * FROM meta.publication",
    ],
)
def test_a_write_through_the_read_only_engine_fails(statement, engine, served):
    before = marts_digest(served), served_publication(served)
    with pytest.raises(sa.exc.DBAPIError) as err, engine.begin() as con:
        con.execute(sa.text(statement))
    assert "read-only" in str(err.value).lower() or "read only" in str(err.value).lower(), err.value
    engine.dispose()
    assert (marts_digest(served), served_publication(served)) == before


def test_a_long_query_does_not_pin_the_old_publication_for_the_rest_of_the_process(
    tmp_path, served, published_baseline
):
    """A BI server process: one connection stays open on the old publication (a long query)
    while a refresh publishes. That connection keeps reading the old file, whole; a new
    connection of the same process reads the new publication at once (DuckDB shares one
    instance per path per process, so a rename over one path kept every new connection on
    the old file for as long as the long query ran)."""
    from sqlalchemy.pool import NullPool

    from orchestration.publishing.publish import publish

    working = tmp_path / "working.duckdb"
    shutil.copyfile(published_baseline.working_db, working)
    publish(working, served, run_id="first-publication", refreshed=["2024-Q2"])
    assert served.is_symlink()
    engine = sa.create_engine(f"duckdb:///{served}", connect_args={"read_only": True}, poolclass=NullPool)
    query = sa.text("SELECT (SELECT run_id FROM meta.publication), (SELECT count(*) FROM marts.mart_rkp_capaian)")
    try:
        with engine.connect() as held:
            assert held.execute(query).one() == ("first-publication", 460)
            publish(working, served, run_id="second-publication", refreshed=["2024-Q2"])
            with engine.connect() as fresh:
                assert fresh.execute(query).one() == ("second-publication", 460)
            assert held.execute(query).one() == ("first-publication", 460)
            publish(working, served, run_id="third-publication", refreshed=["2024-Q2"])
            with engine.connect() as fresh:
                assert fresh.execute(query).one() == ("third-publication", 460)
            # the file the long query reads was unlinked two publications later; it still reads it
            assert held.execute(query).one() == ("first-publication", 460)
    finally:
        engine.dispose()
    versions = sorted(p.name for p in (served.parent / "publications").iterdir())
    assert len(versions) == 2, versions  # the current publication and the one before it


def test_every_published_mart_and_column_carries_its_dbt_description(served):
    con = duckdb.connect(str(served), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1"
        ).fetchall()
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'marts' AND comment IS NULL"
        ).fetchall()
        described = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE schema_name = 'marts' AND table_name = 'mart_sampling_tms_rates' "
            "AND column_name = 'tms_rate'"
        ).fetchone()[0]
    finally:
        con.close()
    assert {t for t, _ in tables} == MARTS
    assert [t for t, c in tables if not c] == []
    assert columns == []
    assert "TMS" in described or "tms" in described.lower()


def test_every_mart_has_a_period_start_date_for_time_charts(served):
    con = duckdb.connect(str(served), read_only=True)
    try:
        typed = dict(
            con.execute(
                "SELECT table_name, data_type FROM duckdb_columns() WHERE schema_name = 'marts' AND column_name = 'period_start'"
            ).fetchall()
        )
        first = con.execute(
            "SELECT DISTINCT period_start FROM marts.mart_sampling_tms_summary WHERE period = '2024-Q2'"
        ).fetchall()
    finally:
        con.close()
    assert set(typed) == MARTS and set(typed.values()) == {"DATE"}
    assert [str(d) for (d,) in first] == ["2024-04-01"]


def test_publishing_again_and_again_replaces_the_link_and_keeps_two_short_named_files(tmp_path):
    from orchestration.publishing.publish import install_publication, versions_dir
    from orchestration.warehouse.paths import Paths

    data = tmp_path / "data"
    data.mkdir()
    for i in range(12):
        # each time as a refresh finds it: the served path from the environment
        served = Paths.from_env({"KINERJA_DATA_DIR": str(data)}).served_db
        assert served == data.resolve() / "warehouse.duckdb"
        tmp = data / f"new-{i}"
        con = duckdb.connect(str(tmp))
        con.execute(f"CREATE TABLE t AS SELECT {i} AS i")
        con.close()
        install_publication(tmp, served, f"2026-12-01T10:00:{i:02d}+00:00")
    served = data / "warehouse.duckdb"
    assert served.is_symlink() and sorted(p.name for p in data.iterdir()) == ["publications", "warehouse.duckdb"]
    kept = sorted(p.name for p in versions_dir(served).iterdir())
    assert len(kept) == 2 and all(len(name) < 60 for name in kept), kept
    con = duckdb.connect(str(served), read_only=True)
    assert con.execute("SELECT i FROM t").fetchall() == [(11,)]
    con.close()
