"""Column types, row counts and column lineage on the dbt materializations: read from the
working database in one read-only connection once dbt has exited, lineage cached by the SQL
and column types it was computed from."""

import duckdb
import pytest
from dagster import AssetCheckResult, AssetKey, Output, TableColumnDep, TableColumnLineage

from orchestration.defs import dbt_metadata
from orchestration.defs.dbt_metadata import LineageCache, column_lineage_wanted, describe_events
from orchestration.warehouse.relations import describe_relations


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "working.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA staging")
    con.execute("CREATE TABLE marts.mart_x (period VARCHAR, n BIGINT, rate DECIMAL(9,4))")
    con.execute("INSERT INTO marts.mart_x VALUES ('2024-Q2', 3, 0.5), ('2024-Q1', 1, 0.25)")
    con.execute("CREATE VIEW staging.stg_x AS SELECT period, n FROM marts.mart_x")
    con.close()
    return path


def node(name, schema, materialized, columns=None, deps=()):
    return {
        "unique_id": f"model.kinerja.{name}",
        "resource_type": "model",
        "name": name,
        "alias": name,
        "schema": schema,
        "package_name": "kinerja",
        "original_file_path": f"models/{name}.sql",
        "relation_name": f'"working"."{schema}"."{name}"',
        "config": {"materialized": materialized},
        "columns": columns or {},
        "depends_on": {"nodes": list(deps)},
    }


MANIFEST = {
    "nodes": {
        "model.kinerja.mart_x": node(
            "mart_x", "marts", "table", {"rate": {"description": "failed / examined"}}, ["model.kinerja.stg_x"]
        ),
        "model.kinerja.stg_x": node("stg_x", "staging", "view"),
    },
    "sources": {},
}


def output(unique_id):
    return Output(None, output_name=unique_id.split(".")[-1], metadata={"unique_id": unique_id})


def test_relations_give_columns_in_order_with_types_and_rows_for_tables_only(db):
    relations = describe_relations(db, [("marts", "mart_x"), ("staging", "stg_x")])
    mart, view = relations[("marts", "mart_x")], relations[("staging", "stg_x")]
    assert mart.columns == (("period", "VARCHAR"), ("n", "BIGINT"), ("rate", "DECIMAL(9,4)"))
    assert mart.row_count == 2 and view.row_count is None
    assert view.columns == (("period", "VARCHAR"), ("n", "BIGINT"))
    # the connection is closed: a writer can open the file at once (DuckDB refuses a second
    # configuration in one process while a read-only connection is open)
    duckdb.connect(str(db)).close()


def test_materializations_get_types_descriptions_and_row_counts_and_checks_pass_unchanged(db, tmp_path):
    check = AssetCheckResult(asset_key=AssetKey(["marts", "mart_x"]), passed=True, metadata={"unique_id": "test.x"})
    events = [output("model.kinerja.stg_x"), output("model.kinerja.mart_x"), check]
    out = describe_events(events, MANIFEST, db, None, tmp_path, None, lineage=False)
    assert out[2] is check
    schema = out[1].metadata["dagster/column_schema"].schema
    assert [(c.name, c.type, c.description) for c in schema.columns] == [
        ("period", "VARCHAR", None),
        ("n", "BIGINT", None),
        ("rate", "DECIMAL(9,4)", "failed / examined"),
    ]
    assert out[1].metadata["dagster/row_count"].value == 2
    assert "dagster/row_count" not in out[0].metadata  # a view
    assert out[0].metadata["unique_id"].text == "model.kinerja.stg_x"


def test_column_lineage_is_computed_once_per_sql_and_types_then_read_from_the_cache(db, tmp_path, monkeypatch):
    compiled = tmp_path / "compiled" / "kinerja" / "models"
    compiled.mkdir(parents=True)
    (compiled / "mart_x.sql").write_text("select period, n, n / 2 as rate from stg_x")
    (compiled / "stg_x.sql").write_text("select period, n from mart_x")
    calls = []
    dep = TableColumnDep(asset_key=AssetKey(["staging", "stg_x"]), column_name="n")

    def fake(node, columns, parents, manifest, translator, target, project):
        calls.append((node["unique_id"], sorted(parents)))
        return {"dagster/column_lineage": TableColumnLineage(deps_by_column={"rate": [dep]})}

    monkeypatch.setattr(dbt_metadata, "dbt_column_lineage", fake)
    events = [output("model.kinerja.mart_x")]
    cache_path = tmp_path / "lineage.json"
    first = describe_events(events, MANIFEST, db, None, tmp_path, None, cache=LineageCache(cache_path))
    assert calls == [("model.kinerja.mart_x", ['"working"."staging"."stg_x"'])]
    lineage = first[0].metadata["dagster/column_lineage"].value
    assert lineage.deps_by_column["rate"] == [dep]
    again = describe_events(events, MANIFEST, db, None, tmp_path, None, cache=LineageCache(cache_path))
    assert len(calls) == 1 and again[0].metadata["dagster/column_lineage"].value == lineage
    (compiled / "mart_x.sql").write_text("select period, n, n / 4 as rate from stg_x")
    describe_events(events, MANIFEST, db, None, tmp_path, None, cache=LineageCache(cache_path))
    assert len(calls) == 2  # the SQL changed: computed again


def test_column_lineage_can_be_left_out():
    assert column_lineage_wanted({}) is True
    assert column_lineage_wanted({"KINERJA_DBT_COLUMN_LINEAGE": "0"}) is False
    assert column_lineage_wanted({"KINERJA_DBT_COLUMN_LINEAGE": "off"}) is False


def test_a_failed_build_yields_its_events_then_the_failure(db, tmp_path):
    class Invocation:
        manifest = MANIFEST
        target_path = tmp_path

        def stream(self):
            yield output("model.kinerja.stg_x")
            raise RuntimeError("dbt test failed")

    seen = []
    with pytest.raises(RuntimeError, match="dbt test failed"):
        for event in dbt_metadata.stream_described(Invocation(), db, None, None, lineage=False):
            seen.append(event)
    assert [e.metadata["unique_id"].text for e in seen] == ["model.kinerja.stg_x"]


def test_held_dbt_events_still_show_progress_as_they_come():
    from dagster import AssetCheckResult, AssetKey, Output

    from orchestration.defs.dbt_metadata import progress_line

    assert progress_line(Output(None, output_name="marts__mart_book_figures")) == "dbt: built marts/mart_book_figures"
    failed = AssetCheckResult(asset_key=AssetKey(["marts", "mart_x"]), check_name="not_null_x", passed=False)
    assert progress_line(failed) == "dbt: check marts/mart_x not_null_x FAILED"
    passed = AssetCheckResult(asset_key=AssetKey(["marts", "mart_x"]), check_name="not_null_x", passed=True)
    assert progress_line(passed) is None


def test_the_command_lines_progress_prints_those_lines_and_no_other_log_message():
    import io
    import logging

    from orchestration.defs.progress import _ProgressHandler

    out = io.StringIO()
    handler = _ProgressHandler(out)
    for message in ("dbt: built marts/mart_book_figures", "Copying partial_parse.msgpack"):
        record = logging.LogRecord("x", logging.INFO, "", 0, message, None, None)
        record.dagster_meta = {"orig_message": message}
        handler.emit(record)
    assert out.getvalue().count("\n") == 1 and out.getvalue().endswith("dbt: built marts/mart_book_figures\n")
