"""Column types, row counts and column lineage on the dbt materializations: described from
what each node's post-hook logged while dbt built, lineage cached by the SQL and column types
it was computed from."""

import pytest
from dagster import AssetCheckResult, AssetKey, Output, TableColumnDep, TableColumnLineage

from orchestration.defs import dbt_metadata
from orchestration.defs.dbt_metadata import LineageCache, column_lineage_wanted, described, logged_relations

LOGGED_MART = {
    "relation": "marts.mart_x",
    "columns": {
        "marts.mart_x": [["period", "VARCHAR"], ["n", "BIGINT"], ["rate", "DECIMAL(9,4)"]],
        "staging.stg_x": [["period", "VARCHAR"], ["n", "BIGINT"]],
    },
    "row_count": 2,
}
LOGGED_VIEW = {"relation": "staging.stg_x", "columns": {"staging.stg_x": [["period", "VARCHAR"], ["n", "BIGINT"]]}}


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


def test_the_logged_line_gives_the_relation_and_its_parents_with_rows_for_the_built_table_only():
    own, relations = logged_relations(LOGGED_MART)
    assert own == ("marts", "mart_x")
    mart, parent = relations[("marts", "mart_x")], relations[("staging", "stg_x")]
    assert mart.columns == (("period", "VARCHAR"), ("n", "BIGINT"), ("rate", "DECIMAL(9,4)"))
    assert mart.row_count == 2 and parent.row_count is None
    assert logged_relations(LOGGED_VIEW)[1][("staging", "stg_x")].row_count is None


def test_materializations_get_types_descriptions_and_row_counts(tmp_path):
    relations = logged_relations(LOGGED_VIEW)[1] | logged_relations(LOGGED_MART)[1]
    nodes = MANIFEST["nodes"]
    mart = described(
        output("model.kinerja.mart_x"), nodes["model.kinerja.mart_x"], relations, MANIFEST, None, tmp_path, None, None
    )
    schema = mart.metadata["dagster/column_schema"].schema
    assert [(c.name, c.type, c.description) for c in schema.columns] == [
        ("period", "VARCHAR", None),
        ("n", "BIGINT", None),
        ("rate", "DECIMAL(9,4)", "failed / examined"),
    ]
    assert mart.metadata["dagster/row_count"].value == 2
    view = described(
        output("model.kinerja.stg_x"), nodes["model.kinerja.stg_x"], relations, MANIFEST, None, tmp_path, None, None
    )
    assert "dagster/row_count" not in view.metadata  # a view
    assert view.metadata["unique_id"].text == "model.kinerja.stg_x"
    assert "dagster/column_lineage" not in mart.metadata  # no cache: lineage left out


def test_column_lineage_is_computed_once_per_sql_and_types_then_read_from_the_cache(tmp_path, monkeypatch):
    compiled = tmp_path / "compiled" / "kinerja" / "models"
    compiled.mkdir(parents=True)
    (compiled / "mart_x.sql").write_text("select period, n, n / 2 as rate from stg_x")
    calls = []
    dep = TableColumnDep(asset_key=AssetKey(["staging", "stg_x"]), column_name="n")

    def fake(node, columns, parents, manifest, translator, target, project):
        calls.append((node["unique_id"], sorted(parents)))
        return {"dagster/column_lineage": TableColumnLineage(deps_by_column={"rate": [dep]})}

    monkeypatch.setattr(dbt_metadata, "dbt_column_lineage", fake)
    relations = logged_relations(LOGGED_MART)[1]
    node = MANIFEST["nodes"]["model.kinerja.mart_x"]
    cache_path = tmp_path / "lineage.json"

    def describe():
        cache = LineageCache(cache_path)
        event = described(output("model.kinerja.mart_x"), node, relations, MANIFEST, None, tmp_path, None, cache)
        cache.save()
        return event

    first = describe()
    assert calls == [("model.kinerja.mart_x", ['"working"."staging"."stg_x"'])]
    lineage = first.metadata["dagster/column_lineage"].value
    assert lineage.deps_by_column["rate"] == [dep]
    again = describe()
    assert len(calls) == 1 and again.metadata["dagster/column_lineage"].value == lineage
    (compiled / "mart_x.sql").write_text("select period, n, n / 4 as rate from stg_x")
    describe()
    assert len(calls) == 2  # the SQL changed: computed again


def test_column_lineage_can_be_left_out():
    assert column_lineage_wanted({}) is True
    assert column_lineage_wanted({"KINERJA_DBT_COLUMN_LINEAGE": "0"}) is False
    assert column_lineage_wanted({"KINERJA_DBT_COLUMN_LINEAGE": "off"}) is False


class RawEvent:
    """A dbt result event as dagster-dbt gives it: what the post-hook logged, and its Dagster events."""

    def __init__(self, logged, *events):
        self._event_history_metadata = {"kinerja_built": logged} if logged else {}
        self.events = events

    def to_default_asset_events(self, **_):
        return iter(self.events)


def test_each_event_is_yielded_as_dbt_reports_it_described_and_a_failure_comes_after_the_events(tmp_path):
    check = AssetCheckResult(asset_key=AssetKey(["marts", "mart_x"]), passed=True, metadata={"unique_id": "test.x"})
    seen = []

    class Invocation:
        manifest = MANIFEST
        target_path = tmp_path
        context = None

        def stream_raw_events(self):
            yield RawEvent(LOGGED_VIEW, output("model.kinerja.stg_x"))
            assert len(seen) == 1, "the first event waited for the next one"
            yield RawEvent(LOGGED_MART, output("model.kinerja.mart_x"))
            yield RawEvent(None, check)
            raise RuntimeError("dbt test failed")

    with pytest.raises(RuntimeError, match="dbt test failed"):
        for event in dbt_metadata.stream_described(Invocation(), None, None, lineage=False):
            seen.append(event)
    assert [e.metadata["unique_id"].text for e in seen] == ["model.kinerja.stg_x", "model.kinerja.mart_x", "test.x"]
    assert seen[1].metadata["dagster/row_count"].value == 2
    assert seen[2] is check
