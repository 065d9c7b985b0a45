"""The working database's raw schema copied into Postgres (orchestration/warehouse/raw_transfer.py):
exact values and explicit types, one transaction, identifiers quoted, unknown types refused."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg2
import pytest

from orchestration.warehouse.raw_transfer import (
    UnsupportedColumn,
    _LineReader,
    copy_raw_to_postgres,
    copy_raw_to_spark,
    copy_text_lines,
    copy_text_value,
    postgres_type,
    spark_identifier,
    spark_register_statements,
    spark_string,
    spark_type,
)

# --- pure functions ------------------------------------------------------------------------------


def test_every_duckdb_type_of_the_raw_schema_has_an_explicit_postgres_type():
    assert postgres_type("VARCHAR") == "text"
    assert postgres_type("INTEGER") == "integer"
    assert postgres_type("BIGINT") == "bigint"
    assert postgres_type("DOUBLE") == "double precision"
    assert postgres_type("BOOLEAN") == "boolean"
    assert postgres_type("TIMESTAMP") == "timestamp without time zone"
    assert postgres_type("DECIMAL(18,3)") == "numeric(18,3)"
    with pytest.raises(UnsupportedColumn, match=r"raw\.t\.c: DuckDB type INTEGER\[\] has no Postgres mapping"):
        postgres_type("INTEGER[]", "raw.t.c")


def test_copy_text_format_escapes_what_copy_would_misread():
    assert copy_text_value(None) == "\\N"
    assert copy_text_value("\\N") == "\\\\N"  # the text, not a NULL
    assert copy_text_value("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_text_value(True) == "t" and copy_text_value(False) == "f"
    assert copy_text_value(0.1 + 0.2) == "0.30000000000000004"  # shortest round-trip form
    assert copy_text_value(float("nan")) == "NaN"
    assert copy_text_value(float("-inf")) == "-Infinity"
    assert copy_text_value(dt.datetime(2024, 7, 1, 8, 30, 0, 123456)) == "2024-07-01 08:30:00.123456"
    assert copy_text_value(dt.date(2024, 4, 1)) == "2024-04-01"
    assert copy_text_value(Decimal("1.50")) == "1.50"
    assert list(copy_text_lines([(1, None, "x")])) == ["1\t\\N\tx\n"]


def test_the_line_reader_serves_any_read_size():
    reader = _LineReader(iter(["abc\n", "de\n", "f\n"]))
    assert reader.read(2) == "ab"
    assert reader.read(5) == "c\nde\n"
    assert reader.read(100) == "f\n"
    assert reader.read(100) == ""
    assert _LineReader(iter(["x\n", "y\n"])).read() == "x\ny\n"


# --- against a real Postgres ----------------------------------------------------------------------

ODD_COLUMN = 'odd "name"; drop table raw.t; --'
ODD_TEXT = 'tab\there, new\nline, back\\slash, quote \' and "dq", \\N, ünïcødé, 1.800'


def make_working_db(path, extra_sql: str = "") -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE SCHEMA raw")
        con.execute(f"""CREATE TABLE raw.everything (
            t VARCHAR, i INTEGER, b BIGINT, d DOUBLE, f BOOLEAN, ts TIMESTAMP, n DECIMAL(18,3), "{ODD_COLUMN.replace('"', '""')}" VARCHAR)""")
        con.execute(
            "INSERT INTO raw.everything VALUES (?, ?, ?, ?, ?, ?, ?, ?), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
            "('', 0, 0, 0.0, false, NULL, 0, '')",
            [
                ODD_TEXT,
                -2147483648,
                9007199254740993,
                0.1 + 0.2,
                True,
                dt.datetime(2024, 7, 1, 8, 30, 0, 5),
                Decimal("-12.345"),
                "x",
            ],
        )
        con.execute("CREATE TABLE raw.sampling AS SELECT range AS id, 'row ' || range AS label FROM range(25000)")
        con.execute("CREATE VIEW raw.not_a_table AS SELECT 1 AS x")  # views are not copied
        if extra_sql:
            con.execute(extra_sql)
    finally:
        con.close()


@pytest.fixture
def pg_dsn(postgres_server):
    name = f"raw_{secrets.token_hex(4)}"
    postgres_server.sql(f"CREATE DATABASE {name}")
    return postgres_server.url(dbname=name)


def pg_query(dsn, statement, params=None):
    con = psycopg2.connect(dsn)
    try:
        with con.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else None
    finally:
        con.commit()
        con.close()


def pg_columns(dsn, table):
    return pg_query(
        dsn,
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        [f"raw.{table}"],
    )


@pytest.mark.slow
def test_every_raw_table_arrives_with_exact_values_and_mapped_types(tmp_path, pg_dsn):
    working = tmp_path / "working.duckdb"
    make_working_db(working)
    assert copy_raw_to_postgres(working, pg_dsn) == ["everything", "sampling"]

    assert pg_columns(pg_dsn, "everything") == [
        ("t", "text"),
        ("i", "integer"),
        ("b", "bigint"),
        ("d", "double precision"),
        ("f", "boolean"),
        ("ts", "timestamp without time zone"),
        ("n", "numeric(18,3)"),
        (ODD_COLUMN, "text"),
    ]
    duck = duckdb.connect(str(working), read_only=True)
    try:
        expected = sorted(duck.execute("SELECT * FROM raw.everything").fetchall(), key=repr)
        sampling = duck.execute("SELECT count(*), sum(id), max(label) FROM raw.sampling").fetchone()
    finally:
        duck.close()
    assert sorted(pg_query(pg_dsn, "SELECT * FROM raw.everything"), key=repr) == expected  # floats exact too
    assert pg_query(pg_dsn, "SELECT count(*), sum(id), max(label) FROM raw.sampling")[0] == sampling
    assert pg_query(pg_dsn, "SELECT to_regclass('raw.not_a_table')") == [(None,)]
    assert pg_query(pg_dsn, "SELECT to_regclass('raw.t')") == [(None,)]  # the odd column name stayed a name


@pytest.mark.slow
def test_a_second_copy_replaces_the_schema_and_keeps_views_on_unchanged_tables(tmp_path, pg_dsn):
    first = tmp_path / "first.duckdb"
    make_working_db(first, "CREATE TABLE raw.dropped AS SELECT 1 AS x; CREATE TABLE raw.reshaped AS SELECT 1 AS x")
    copy_raw_to_postgres(first, pg_dsn)
    pg_query(pg_dsn, "CREATE SCHEMA staging")
    pg_query(pg_dsn, "CREATE VIEW staging.on_sampling AS SELECT count(*) AS n FROM raw.sampling")
    pg_query(pg_dsn, "CREATE VIEW staging.on_reshaped AS SELECT x FROM raw.reshaped")

    second = tmp_path / "second.duckdb"
    make_working_db(second, "DELETE FROM raw.sampling WHERE id >= 10; CREATE TABLE raw.reshaped AS SELECT 'a' AS y")
    assert copy_raw_to_postgres(second, pg_dsn) == ["everything", "reshaped", "sampling"]

    tables = pg_query(pg_dsn, "SELECT tablename FROM pg_tables WHERE schemaname = 'raw' ORDER BY 1")
    assert tables == [("everything",), ("reshaped",), ("sampling",)]
    assert pg_query(pg_dsn, "SELECT count(*) FROM raw.everything") == [(3,)]  # replaced, not appended
    assert pg_query(pg_dsn, "SELECT n FROM staging.on_sampling") == [(10,)]  # same columns: truncated, view kept
    assert pg_columns(pg_dsn, "reshaped") == [("y", "text")]
    assert pg_query(pg_dsn, "SELECT to_regclass('staging.on_reshaped')") == [(None,)]  # its table changed shape


@pytest.mark.slow
def test_a_failed_copy_leaves_the_postgres_schema_as_it_was(tmp_path, pg_dsn):
    good = tmp_path / "good.duckdb"
    make_working_db(good)
    copy_raw_to_postgres(good, pg_dsn)
    before = pg_query(pg_dsn, "SELECT count(*), max(label) FROM raw.sampling")

    bad = tmp_path / "bad.duckdb"  # Postgres text cannot hold a NUL character: the COPY of `zz` fails
    make_working_db(bad, "DELETE FROM raw.sampling; CREATE TABLE raw.zz AS SELECT chr(0) AS nul")
    with pytest.raises(psycopg2.Error):
        copy_raw_to_postgres(bad, pg_dsn)
    assert pg_query(pg_dsn, "SELECT count(*), max(label) FROM raw.sampling") == before
    assert pg_query(pg_dsn, "SELECT to_regclass('raw.zz')") == [(None,)]


@pytest.mark.slow
def test_unmapped_types_and_overlong_names_are_refused_before_postgres_is_touched(tmp_path, pg_dsn):
    listy = tmp_path / "list.duckdb"
    make_working_db(listy, "CREATE TABLE raw.lists AS SELECT [1, 2] AS items")
    with pytest.raises(UnsupportedColumn, match=r"raw\.lists\.items: DuckDB type INTEGER\[\]"):
        copy_raw_to_postgres(listy, pg_dsn)
    long_name = tmp_path / "long.duckdb"
    make_working_db(long_name, f"CREATE TABLE raw.{'x' * 64} AS SELECT 1 AS a")
    with pytest.raises(UnsupportedColumn, match="longer than Postgres's 63 bytes"):
        copy_raw_to_postgres(long_name, pg_dsn)
    assert pg_query(pg_dsn, "SELECT to_regnamespace('raw')") == [(None,)]


# --- Spark ------------------------------------------------------------------------------------------


def test_every_duckdb_type_of_the_raw_schema_has_an_explicit_spark_type():
    assert [spark_type(t) for t in ("VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP")] == [
        "STRING",
        "INT",
        "BIGINT",
        "DOUBLE",
        "BOOLEAN",
        "TIMESTAMP_NTZ",
    ]
    assert spark_type("DECIMAL(18,3)") == "DECIMAL(18,3)"
    with pytest.raises(UnsupportedColumn, match=r"raw\.t\.c: DuckDB type STRUCT\(a INTEGER\) has no Spark mapping"):
        spark_type("STRUCT(a INTEGER)", "raw.t.c")


def test_spark_statements_quote_names_and_the_location():
    assert spark_identifier("a`b") == "`a``b`"
    assert spark_string("it's C:\\dir") == "'it\\'s C:\\\\dir'"
    assert spark_register_statements("raw", "t`x", [("c", "INT"), ("d e", "STRING")], Path("/s/it's")) == [
        "DROP TABLE IF EXISTS `raw`.`t``x`",
        "CREATE TABLE `raw`.`t``x` (`c` INT, `d e` STRING) USING parquet LOCATION '/s/it\\'s'",
    ]


@pytest.mark.slow
@pytest.mark.spark
def test_raw_tables_reach_the_spark_metastore_with_exact_values_and_a_second_copy_replaces_them(tmp_path):
    from engine_results import spark_tables

    first = tmp_path / "first.duckdb"
    make_working_db(first, "CREATE TABLE raw.dropped AS SELECT 1 AS x")
    spark_dir = tmp_path / "spark"
    assert copy_raw_to_spark(first, spark_dir) == ["dropped", "everything", "sampling"]
    second = tmp_path / "second.duckdb"
    make_working_db(second, "DELETE FROM raw.sampling WHERE id >= 10")
    assert copy_raw_to_spark(second, spark_dir) == ["everything", "sampling"]
    assert len(list((spark_dir / "raw_files").iterdir())) == 1, "the first copy's files are removed"

    on_spark = spark_tables(spark_dir, schemas=("raw",), exact=True)
    assert sorted(on_spark) == ["raw.everything", "raw.sampling"]
    duck = duckdb.connect(str(second), read_only=True)
    try:
        cur = duck.execute("SELECT * FROM raw.everything")
        columns = [d[0] for d in cur.description]
        expected = sorted(cur.fetchall(), key=repr)
    finally:
        duck.close()
    spark_columns, spark_rows = on_spark["raw.everything"]
    assert list(spark_columns) == columns
    # compared without the tests' float rounding: read back through Spark SQL, every value is exact
    assert sorted(spark_rows, key=repr) == expected
    assert len(on_spark["raw.sampling"][1]) == 10


def test_copy_raw_to_spark_refuses_an_unmapped_type_before_starting_spark(tmp_path):
    working = tmp_path / "working.duckdb"
    make_working_db(working, "CREATE TABLE raw.lists AS SELECT [1, 2] AS items")
    with pytest.raises(UnsupportedColumn, match=r"raw\.lists\.items: DuckDB type INTEGER\[\] has no Spark mapping"):
        copy_raw_to_spark(working, tmp_path / "spark")
    assert list((tmp_path / "spark" / "raw_files").iterdir()) == []  # this copy's files are gone
    assert not (tmp_path / "spark" / "metastore_db").exists()
