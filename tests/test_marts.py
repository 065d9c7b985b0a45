"""Build the marts for real from the shipped 2024-Q2 (and a synthetic 2024-Q1 copy of it,
to exercise the quarter-on-quarter columns) and assert the book's printed figures."""

import shutil

import pytest
from conftest import SHIPPED
from pipeline import environment, mark_synthetic, query, run_refresh

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("marts")
    with environment(root):
        subs = root / "submissions"
        shutil.copytree(SHIPPED / "2024-Q2", subs / "2024-Q2")
        shutil.copytree(SHIPPED / "2024-Q2", subs / "2024-Q1")
        mark_synthetic(subs / "2024-Q1", "copy of 2024-Q2, to test quarter-on-quarter columns")
        outcomes, records = run_refresh(["2024-Q1", "2024-Q2"])
        yield {
            "served": root / "data" / "warehouse.duckdb",
            "working": root / "data" / "working.duckdb",
            "outcomes": outcomes,
            "records": records,
        }


def served(built, sql, *params):
    return query(built["served"], sql, list(params))


def test_two_consecutive_quarters_are_one_successful_run(built):
    assert [(o.first, o.last, o.success) for o in built["outcomes"]] == [("2024-Q1", "2024-Q2", True)]


def test_sampling_headlines_match_the_book(built):
    rows = served(
        built,
        """select sampling_method, sampled, examined, failed_tms, round(tms_rate * 100, 2)
                            from marts.mart_sampling_tms_summary where period = '2024-Q2' order by 1""",
    )
    assert rows == [
        ("all", 45337, 31687, 2297, 7.25),
        ("random", 34342, 24038, 1591, 6.62),
        ("targeted", 10995, 7649, 706, 9.23),
    ]


def test_sampling_rates_carry_numerator_and_denominator(built):
    rows = served(
        built,
        """select count(*), count(*) filter (where abs(tms_rate - failed_tms / examined) > 1e-12),
                                   count(*) filter (where examined = 0 and tms_rate is not null)
                            from marts.mart_sampling_tms_rates where period = '2024-Q2'""",
    )
    assert rows == [(13, 0, 0)]


def test_perkara_funnel(built):
    rows = served(
        built,
        """select stage_label, cases_in_stage, cases_reached_stage, total_cases
                            from marts.mart_perkara_funnel where period = '2024-Q2' order by stage_order""",
    )
    assert [r[1] for r in rows] == [47, 24, 19, 11, 26, 11]
    assert rows[0][2] == rows[0][3] == 138
    assert [r[2] for r in rows] == [138, 91, 67, 48, 37, 11]


def test_first_ranked_unit_of_each_group(built):
    rows = served(
        built,
        """select group_code, unit_name, round(realisasi_pct_of_adjusted_pagu * 100, 2)
                            from marts.mart_budget_rankings where period = '2024-Q2' and rank_in_group = 1 order by 1""",
    )
    assert rows == [
        ("balai", "BALAI PENGAWAS OBAT DAN MAKANAN JAMBI", 62.92),
        ("loka", "LOKA POM DI KABUPATEN INDRAGIRI HULU", 66.26),
        ("pusat", "DIT. INTELIJEN OBAT DAN MAKANAN", 61.53),
    ]
    assert served(
        built,
        """select count(*), count(*) filter (where rank_in_group <> printed_rank)
                            from marts.mart_budget_rankings where period = '2024-Q2'""",
    ) == [(103, 0)]


def test_agency_total_and_reconciliation(built):
    rows = served(
        built,
        """select category_code, pagu, realisasi, round(realisasi_pct * 100, 2), reconciles_with_units
                            from marts.mart_budget_summary where period = '2024-Q2' and dimension = 'group' order by category_order""",
    )
    assert rows[-1] == ("total", 2354321946000, 1034778306396, 43.95, True)
    assert ("pusat", 852096226000, 384336144592, 45.10, True) in rows
    assert all(r[4] for r in rows)


def test_printed_capaian_equals_recomputed_but_for_the_books_one_rounding_slip(built):
    rows = served(
        built,
        """select indicator, target, realisasi, capaian_printed, capaian_recomputed
                            from marts.mart_rkp_capaian where period = '2024-Q2' and capaian_mismatch""",
    )
    assert len(rows) == 1
    indicator, target, realisasi, printed, recomputed = rows[0]
    assert indicator == "Nilai Penilaian Mandiri Maturitas SPIP BPOM"
    assert (target, realisasi) == (4, 4.21)
    assert printed == pytest.approx(1.0528) and recomputed == pytest.approx(1.0525)
    status = dict(
        served(built, "select status, count(*) from marts.mart_rkp_capaian where period = '2024-Q2' group by 1")
    )
    assert status == {"measured": 235, "year_end": 221, "progress": 3, "starts_later": 1}


def test_quarter_increments_use_the_previous_quarter_of_the_same_year(built):
    rows = served(
        built,
        """select period, sampled_in_quarter, tms_rate_change from marts.mart_sampling_tms_summary
                            where sampling_method = 'targeted' order by period""",
    )
    # Q1 has no previous quarter; the synthetic Q1 equals Q2, so Q2's own increment is zero.
    assert rows == [("2024-Q1", None, None), ("2024-Q2", 0, 0.0)]


def test_publication_describes_itself(built):
    pub = served(
        built, "select quarters, refreshed_quarters, contains_synthetic_data, code_version from meta.publication"
    )
    assert pub[0][0] == ["2024-Q1", "2024-Q2"]
    assert pub[0][1] == ["2024-Q1", "2024-Q2"]
    assert pub[0][2] is True  # the Q1 copy is marked synthetic
    assert pub[0][3]
    sources = served(
        built,
        "select period, dataset, source_file, length(sha256), synthetic from meta.publication_sources order by 1, 2",
    )
    from orchestration.submissions.catalog import figure_datasets
    from orchestration.submissions.specs import DATASETS

    assert len(sources) == 2 * (len(DATASETS) + len(figure_datasets()))  # every file of both quarters
    assert ("2024-Q2", "sampling", "sampling.csv", 64, False) in sources
    assert ("2024-Q1", "sampling", "sampling.csv", 64, True) in sources


def test_dbt_tests_and_pandera_contracts_ran_as_checks(built):
    from dagster import DagsterEventType

    (records,) = built["records"].values()
    evaluations = [
        r.event_log_entry.dagster_event.event_specific_data
        for r in records
        if r.event_log_entry.dagster_event
        and r.event_log_entry.dagster_event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    assert evaluations and all(e.passed for e in evaluations)
    names = {(e.asset_key.to_user_string(), e.check_name) for e in evaluations}
    assert ("marts/mart_rkp_capaian", "pandera_contract") in names
    assert ("raw/sampling", "pandera_schema") in names
    assert ("served/warehouse", "publication_complete") in names and ("served/warehouse", "serving") in names
    ours = ("pandera_contract", "pandera_schema", "publication_complete", "serving")
    dbt_checks = [n for n in names if n[1] not in ours]
    assert len(dbt_checks) > 100
    # each raw check result comes after its materialization, so it belongs to that partition
    kinds = []
    for r in records:
        event = r.event_log_entry.dagster_event
        if event is None:
            continue
        if (
            event.event_type == DagsterEventType.ASSET_MATERIALIZATION
            and event.asset_key.to_user_string() == "raw/sampling"
        ):
            kinds.append("materialization")
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION and (
            event.event_specific_data.asset_key.to_user_string() == "raw/sampling"
        ):
            kinds.append("check")
    assert kinds.index("materialization") < kinds.index("check"), kinds


def test_served_file_holds_marts_and_reference_not_raw(built):
    schemas = {r[0] for r in served(built, "select distinct table_schema from information_schema.tables")}
    assert schemas == {"marts", "reference", "meta"}
