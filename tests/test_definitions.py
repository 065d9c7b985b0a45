"""The Dagster definitions as the UI shows them: lineage from submission to served marts,
groups, checks, descriptions and column schemas from dbt."""

from dagster import AssetKey

from orchestration.runtime.runner import definitions
from orchestration.warehouse.dbt_project import build_args

GRAPH = definitions().resolve_asset_graph()


def upstream(key: str) -> set[str]:
    return {k.to_user_string() for k in GRAPH.get(AssetKey(key.split("/"))).parent_keys}


def test_lineage_reads_submission_raw_staging_marts_served():
    assert "raw/sampling" in upstream("staging/stg_sampling")
    assert "intermediate/int_sampling_rates" in upstream(
        "marts/mart_sampling_tms_summary"
    ) or "staging/stg_sampling" in upstream("marts/mart_sampling_tms_rates")
    assert "marts/mart_rkp_capaian" in upstream("served/warehouse")


def test_marts_never_read_raw_directly():
    for key in GRAPH.get_all_asset_keys():
        if key.path[0] == "marts":
            assert not any(p.path[0] == "raw" for p in GRAPH.get(key).parent_keys), key


def test_groups_make_the_graph_readable():
    groups = {GRAPH.get(k).group_name for k in GRAPH.get_all_asset_keys()}
    assert {"ingest", "reference", "staging", "marts", "publish"} <= groups
    assert GRAPH.get(AssetKey(["raw", "sampling"])).group_name == "ingest"
    assert GRAPH.get(AssetKey(["marts", "mart_perkara_funnel"])).group_name == "marts"


def test_dbt_descriptions_and_column_schemas_reach_the_assets():
    node = GRAPH.get(AssetKey(["marts", "mart_sampling_tms_rates"]))
    assert node.description and "TMS" in node.description
    columns = {c.name: c.description for c in node.metadata["dagster/column_schema"].columns}
    assert columns["tms_rate"]
    assert "period" in columns


def test_raw_assets_are_partitioned_by_quarter_with_checks():
    node = GRAPH.get(AssetKey(["raw", "sampling"]))
    assert "2024-Q2" in node.partitions_def.get_partition_keys()
    check_names = {c.name for c in node.check_keys}
    assert check_names == {"pandera_schema"}
    mart_checks = {c.name for c in GRAPH.get(AssetKey(["marts", "mart_rkp_capaian"])).check_keys}
    assert "pandera_contract" in mart_checks and len(mart_checks) > 5  # plus the dbt tests


def test_one_refresh_job_covers_everything():
    job = definitions().resolve_job_def("refresh_quarter")
    keys = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert {"raw/sampling", "reference/commodities", "marts/mart_budget_rankings", "served/warehouse"} <= keys


def test_dbt_build_args_never_pass_vars():
    assert build_args() == ["build", "--fail-fast"]
    assert build_args(select="tag:x", fail_fast=False) == ["build", "--select", "tag:x"]
    assert not any(a.startswith("--vars") for a in build_args("a", "b"))


def test_every_check_is_described_and_dbt_assets_have_owners_and_code_references():
    specs = [GRAPH.get_check_spec(k) for k in GRAPH.asset_check_keys]
    assert len(specs) > 300
    assert [s.key for s in specs if not s.description] == []
    singular = next(s for s in specs if s.key.name == "assert_sampling_arithmetic")
    assert "arithmetic" in singular.description
    node = GRAPH.get(AssetKey(["marts", "mart_book_figures"]))
    assert node.owners == ["team:data-engineering"]
    assert "dagster/code_references" in node.metadata


def test_the_book_asset_is_downstream_of_the_publication_and_outside_the_refresh():
    assert "served/warehouse" in upstream("publication/book")
    keys = {
        k.to_user_string() for k in definitions().resolve_job_def("refresh_quarter").asset_layer.selected_asset_keys
    }
    assert "publication/book" not in keys


def test_partitions_end_at_the_current_quarter():
    from datetime import date

    from orchestration.submissions.periods import Period, quarters_until

    keys = GRAPH.get(AssetKey(["raw", "sampling"])).partitions_def.get_partition_keys()
    today = date.today()
    assert keys[-1] == Period(today.year, (today.month - 1) // 3 + 1).key
    assert quarters_until(date(2024, 5, 1))[-1] == "2024-Q2"
    assert "2024-Q2" in keys


def test_partitions_start_with_the_year_of_the_first_book_unless_told_otherwise():
    from datetime import date

    import pytest

    from orchestration.runtime.runner import contiguous_ranges
    from orchestration.submissions.periods import Period, first_quarter, quarters_until

    keys = GRAPH.get(AssetKey(["raw", "sampling"])).partitions_def.get_partition_keys()
    assert keys[0] == "2024-Q1" and keys == quarters_until()
    assert quarters_until(date(2024, 5, 1)) == ["2024-Q1", "2024-Q2"]
    assert quarters_until(date(2025, 1, 2)) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"]
    assert len(quarters_until(date(2024, 12, 31), first="2015-Q1")) == 40
    assert first_quarter({}) == Period(2024, 1)
    assert first_quarter({"KINERJA_FIRST_QUARTER": "2015-Q1"}) == Period(2015, 1)
    with pytest.raises(ValueError, match="KINERJA_FIRST_QUARTER='2015' is not a quarter"):
        first_quarter({"KINERJA_FIRST_QUARTER": "2015"})
    with pytest.raises(ValueError, match=r"\(2024-Q1 to .*2023-Q4 \(set KINERJA_FIRST_QUARTER=2023-Q4"):
        contiguous_ranges(["2023-Q4", "2024-Q2"])


def test_dbt_assets_carry_no_unserializable_project_object():
    from dagster_dbt import DbtProject

    dbt_nodes = [GRAPH.get(k) for k in GRAPH.get_all_asset_keys() if "dagster_dbt/unique_id" in GRAPH.get(k).metadata]
    assert len(dbt_nodes) > 30
    assert [n.key for n in dbt_nodes if "dagster_dbt/project" in n.metadata] == []
    assert not [n.key for n in dbt_nodes if any(isinstance(v, DbtProject) for v in n.metadata.values())]
    assert all("dagster/code_references" in n.metadata for n in dbt_nodes if n.key.path[0] == "marts")


def test_raw_assets_carry_a_code_version_of_the_code_that_reads_them():
    from orchestration.runtime.runner import definitions

    graph = definitions().resolve_asset_graph()
    raw = [k for k in graph.get_all_asset_keys() if k.path[0] == "raw" and k.path[1] not in ("submission_files",)]
    versions = {k.path[1]: graph.get(k).code_version for k in raw}
    assert versions["sampling"] and len(versions["sampling"]) == 12
    # a figure dataset's version covers its own spec file: two specs, two versions
    assert versions["staff"] and versions["staff"] != versions["registrations"]
