"""The dbt layer on another engine gives the same results as on DuckDB: 2024-Q2 refreshed on DuckDB
once (the session's published baseline), its raw schema copied over, every node built and tested
there, and every mart and reference table compared row for row (tests/engine_results.py says how
values are normalised)."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from engine_results import (
    differences,
    duckdb_tables,
    normalise,
    not_passed,
    postgres_tables,
    run_engine_build,
    spark_tables,
    table,
)

from orchestration.warehouse.dbt_project import (
    POSTGRES_PROFILE_ENV,
    PROFILES_DIR,
    SPARK_DIR_ENV,
    engine_build_args,
    postgres_profile_env,
    spark_profile_env,
    spark_session_conf,
)
from orchestration.warehouse.raw_transfer import copy_raw_to_postgres, copy_raw_to_spark

# --- the dbt command line and the profile's environment (pure) -----------------------------------


def test_an_engine_build_keeps_its_artifacts_out_of_the_projects_target(tmp_path):
    args = engine_build_args("postgres", tmp_path / "t")
    assert args[:3] == ["build", "--target", "postgres"]
    assert args[args.index("--target-path") + 1] == str(tmp_path / "t")
    assert args[args.index("--log-path") + 1] == str(tmp_path / "t" / "logs")
    assert Path(args[args.index("--profiles-dir") + 1]) == PROFILES_DIR
    assert "--fail-fast" not in args  # every node is run and reported
    assert not any(a.startswith("--vars") for a in args)
    assert engine_build_args("spark", tmp_path, tmp_path / "l")[-1] == str(tmp_path / "l")
    with pytest.raises(ValueError, match="unknown dbt target 'dev'"):
        engine_build_args("dev", tmp_path)


def test_the_postgres_profile_environment_comes_from_a_dsn():
    assert postgres_profile_env("postgresql://kinerja:s%40cret@db.example:6543/working?sslmode=require") == {
        "KINERJA_PG_HOST": "db.example",
        "KINERJA_PG_PORT": "6543",
        "KINERJA_PG_USER": "kinerja",
        "KINERJA_PG_PASSWORD": "s@cret",
        "KINERJA_PG_DATABASE": "working",
        "KINERJA_PG_SSLMODE": "require",
    }
    assert postgres_profile_env("user=k dbname=w") == {
        "KINERJA_PG_HOST": "localhost",
        "KINERJA_PG_USER": "k",
        "KINERJA_PG_DATABASE": "w",
    }
    with pytest.raises(ValueError, match="names no dbname"):
        postgres_profile_env("postgresql://k@h/")


def test_the_profile_reads_those_variables_and_keeps_duckdb_the_default():
    profile = yaml.safe_load((PROFILES_DIR / "profiles.yml").read_text())["kinerja"]
    assert profile["target"] == "dev" and profile["outputs"]["dev"]["type"] == "duckdb"
    postgres = profile["outputs"]["postgres"]
    assert postgres["type"] == "postgres"
    rendered = " ".join(str(v) for v in postgres.values())
    for variable in POSTGRES_PROFILE_ENV.values():
        assert f"env_var('{variable}'" in rendered


def test_the_spark_profile_starts_the_session_copy_raw_to_spark_starts(tmp_path):
    spark = yaml.safe_load((PROFILES_DIR / "profiles.yml").read_text())["kinerja"]["outputs"]["spark"]
    assert (spark["type"], spark["method"]) == ("spark", "session")
    rendered = {
        k: str(v).replace(f"{{{{ env_var('{SPARK_DIR_ENV}') }}}}", str(tmp_path))
        for k, v in spark["server_side_parameters"].items()
    }
    expected = spark_session_conf(tmp_path)
    assert expected.pop("spark.sql.ansi.enabled") == "false"  # dbt-spark sets it in the session itself
    assert rendered == expected
    assert spark_profile_env(tmp_path) == {SPARK_DIR_ENV: str(tmp_path.resolve())}
    with pytest.raises(ValueError, match="JDBC URL"):
        spark_session_conf(tmp_path / "a;b")


def test_the_comparison_normalises_only_what_it_says_and_sees_any_other_difference():
    assert normalise(0.1 + 0.2) == normalise(0.3) == 0.3
    assert normalise(1234.56789012345) == normalise(1234.56789012999) != normalise(1234.56799012345)
    assert normalise(Decimal("42")) == 42 and isinstance(normalise(Decimal("42")), int)
    assert normalise(Decimal("0.25")) == 0.25
    assert normalise(dt.datetime(2024, 4, 1)) == dt.date(2024, 4, 1)
    assert normalise(dt.datetime(2024, 4, 1, 0, 0, 1)) == dt.datetime(2024, 4, 1, 0, 0, 1)
    a = {"marts.m": table(["k", "v"], [("b", None), ("a", 1.0)])}
    assert differences(a, {"marts.m": table(["k", "v"], [("a", 1), ("b", None)])}) == []  # order and 1 == 1.0
    assert differences(a, {"marts.m": table(["k", "v"], [("a", 1.0), ("b", 0)])})  # NULL is not 0
    assert differences(a, {"marts.m": table(["k", "w"], [("a", 1.0), ("b", None)])})  # a column renamed
    assert differences(a, {}) == ["marts.m: missing"]


# --- Postgres --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def duckdb_results(published_baseline):
    return duckdb_tables(published_baseline.working_db)


@pytest.fixture(scope="module")
def postgres_build(published_baseline, postgres_server, tmp_path_factory):
    name = f"kinerja_engines_{secrets.token_hex(3)}"
    postgres_server.sql(f"CREATE DATABASE {name}")
    dsn = postgres_server.url(dbname=name)
    copied = copy_raw_to_postgres(published_baseline.working_db, dsn)
    build = run_engine_build("postgres", tmp_path_factory.mktemp("dbt-postgres"), postgres_profile_env(dsn))
    return {"dsn": dsn, "copied": copied, **build}


@pytest.mark.slow
def test_every_node_builds_and_passes_on_postgres(postgres_build):
    assert {"sampling", "perkara", "budget_summary", "budget_units", "rkp_indicators", "staff"} <= set(
        postgres_build["copied"]
    )
    assert len(postgres_build["nodes"]) > 250, "the manifest lists the project's models, seeds and tests"
    assert not_passed(postgres_build) == [], postgres_build["output"][-3000:]
    assert postgres_build["returncode"] == 0


@pytest.mark.slow
def test_postgres_marts_and_reference_tables_equal_duckdbs_row_for_row(postgres_build, duckdb_results):
    on_postgres = postgres_tables(postgres_build["dsn"])
    assert len(duckdb_results) >= 18 and all(rows for _, rows in duckdb_results.values())
    assert differences(duckdb_results, on_postgres) == []


# --- Spark (`make test-spark`: pyspark and a JDK) --------------------------------------------------


def report(request, line: str) -> None:
    """A line on the terminal even while pytest captures output (the Spark timings CI reports)."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(line, flush=True)


@pytest.fixture(scope="module")
def spark_build(published_baseline, tmp_path_factory, request):
    spark_dir = tmp_path_factory.mktemp("spark")
    started = time.monotonic()
    copied = copy_raw_to_spark(published_baseline.working_db, spark_dir)
    copy_seconds = time.monotonic() - started
    build = run_engine_build("spark", spark_dir / "dbt-target", spark_profile_env(spark_dir))
    report(
        request,
        f"\nSpark: {len(copied)} raw tables registered in {copy_seconds:.0f} s; "
        f"dbt build --target spark ({len(build['nodes'])} nodes) in {build['seconds']:.0f} s",
    )
    return {"spark_dir": spark_dir, "copied": copied, **build}


@pytest.mark.slow
@pytest.mark.spark
def test_every_node_builds_and_passes_on_spark(spark_build):
    assert {"sampling", "perkara", "budget_summary", "budget_units", "rkp_indicators", "staff"} <= set(
        spark_build["copied"]
    )
    assert len(spark_build["nodes"]) > 250, "the manifest lists the project's models, seeds and tests"
    assert not_passed(spark_build) == [], spark_build["output"][-3000:]
    assert spark_build["returncode"] == 0


@pytest.mark.slow
@pytest.mark.spark
def test_spark_marts_and_reference_tables_equal_duckdbs_row_for_row(spark_build, duckdb_results):
    on_spark = spark_tables(spark_build["spark_dir"])
    assert len(duckdb_results) >= 18 and all(rows for _, rows in duckdb_results.values())
    assert differences(duckdb_results, on_spark) == []
