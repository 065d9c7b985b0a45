"""The whole book in the warehouse: the figure datasets built for real into a temporary
directory, every printed figure in marts.mart_book_figures, the book's own slips in
marts.mart_consistency_findings, and one broken or late dataset never holding back the others."""

import csv
import shutil

import pytest
from conftest import SHIPPED, SHIPPED_QUARTER
from pipeline import environment, query, run_refresh

from orchestration.submissions.catalog import figure_datasets

pytestmark = pytest.mark.slow


def _break_and_drop(folder):
    # staff: a part larger than its whole is impossible (severity error) -> refused
    path = folder / "staff.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[2][2] = "9.999"  # PNS 4.862 -> 9.999 > 5.375 staff in all
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    (folder / "helpdesk.csv").unlink()  # late: not submitted yet


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("book")
    with environment(root):
        shutil.copytree(SHIPPED / SHIPPED_QUARTER, root / "submissions" / SHIPPED_QUARTER)
        first, _ = run_refresh([SHIPPED_QUARTER])
        served = root / "data" / "warehouse.duckdb"
        whole = {
            "figures": query(
                served,
                "select dataset, figure, breakdown, value, value_text, unit, section from marts.mart_book_figures",
            ),
            "findings": query(
                served,
                "select dataset, rule_id, printed_value, computed_value, source_file, source_row from marts.mart_consistency_findings",
            ),
            "status": dict(query(served, "select dataset, status from marts.mart_dataset_status")),
            "summary": main_output(["summary"]),
        }
        _break_and_drop(root / "submissions" / SHIPPED_QUARTER)
        second, _ = run_refresh([SHIPPED_QUARTER])
        import contextlib
        import io

        from orchestration.runtime.cli import _report_held_back
        from orchestration.warehouse.paths import Paths

        held = io.StringIO()
        with contextlib.redirect_stdout(held):
            _report_held_back(Paths.from_env(), [SHIPPED_QUARTER])
        after = {
            "figures": query(served, "select dataset, figure, breakdown, value from marts.mart_book_figures"),
            "status": dict(query(served, "select dataset, status from marts.mart_dataset_status")),
            "family_marts": family_mart_rows(served),
        }
        # the directorate sends staff again, corrected: only its lineage is refreshed
        shutil.copy(SHIPPED / SHIPPED_QUARTER / "staff.csv", root / "submissions" / SHIPPED_QUARTER / "staff.csv")
        third, records = run_refresh([SHIPPED_QUARTER], datasets=["staff"])
        materialized = {
            r.event_log_entry.dagster_event.asset_key.to_user_string()
            for rs in records.values()
            for r in rs
            if r.event_log_entry.dagster_event
            and r.event_log_entry.dagster_event.event_type_value == "ASSET_MATERIALIZATION"
        }
        status_lines = main_output(["status", SHIPPED_QUARTER])
        yield {
            "first": first,
            "second": second,
            "whole": whole,
            "after": after,
            "third": third,
            "held_back": held.getvalue(),
            "materialized": materialized,
            "status_lines": status_lines,
            "final": dict(query(served, "select dataset, status from marts.mart_dataset_status")),
            "final_family_marts": family_mart_rows(served),
        }


def family_mart_rows(served):
    from orchestration.warehouse.family_marts import families, mart_name

    return {f: sorted(map(repr, query(served, f"select * from marts.{mart_name(f)}"))) for f in families()}


def main_output(argv):
    import contextlib
    import io

    from orchestration.runtime.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue().splitlines()


def _shipped_rows(name):
    with open(SHIPPED / SHIPPED_QUARTER / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_submitted_figure_is_in_the_mart(built):
    assert all(o.success for o in built["first"])
    held = {(d, f, b): (v, t) for d, f, b, v, t, _u, _s in built["whole"]["figures"]}
    n = 0
    for name in figure_datasets():
        for row in _shipped_rows(name):
            _value, text = held[(name, row["figure"], row["breakdown"])]
            assert text == " ".join(row["value"].split())
            n += 1
    assert n > 370


def test_printed_figures_read_back_as_numbers(built):
    held = {(d, f, b): v for d, f, b, v, _t, _u, _s in built["whole"]["figures"]}
    assert held[("registrations", "approvals", "")] == 93751
    assert held[("staff", "pegawai", "")] == 5375
    assert held[("adverse_event_reports", "followed_up_pct", "Obat")] == pytest.approx(80.46)
    assert held[("sampling", "sampled", "Obat | targeted")] == 1800  # Tabel 1, as a core figure
    assert held[("budget_summary", "realisasi", "group | Total")] == 1034778306396
    sections = {s for *_, s in built["whole"]["figures"]}
    assert {"Sambutan", "BAB 1", "BAB 6", "BAB 11", "BAB 12", "Lampiran I", "Lampiran II"} <= sections
    assert all(u is not None for *_, u, _s in built["whole"]["figures"])


def test_the_books_slips_are_published_as_findings_with_file_and_row(built):
    findings = {(d, r): (p, c, f, row) for d, r, p, c, f, row in built["whole"]["findings"]}
    assert findings[("staff", "gender_adds_to_total")][:2] == (5375, 5373)
    assert findings[("label_surveillance", "tmk_pct_ratio")][:2] == (5.54, 5.25)
    assert findings[("rkp_indicators", "capaian_equals_realisasi_over_target")][:2] == (105.28, 105.25)
    assert findings[("staff", "gender_adds_to_total")][2:] == ("staff.csv", 2)
    assert len(findings) == 16


def test_a_refused_and_a_missing_dataset_do_not_hold_back_the_others(built):
    assert all(o.success for o in built["second"]), "the quarter must still publish"
    status = built["after"]["status"]
    assert status["staff"] == "refused"
    assert status["helpdesk"] == "missing"
    assert status["registrations"] == "in"
    before = {(d, f, b): v for d, f, b, v, *_ in built["whole"]["figures"]}
    after = {(d, f, b): v for d, f, b, v in built["after"]["figures"]}
    # the refused dataset keeps what was loaded before; the others are untouched
    assert after[("staff", "pegawai", "Status Kepegawaian | PNS")] == 4862
    assert {k: v for k, v in after.items() if k[0] == "registrations"} == {
        k: v for k, v in before.items() if k[0] == "registrations"
    }


def test_a_resubmitted_dataset_refreshes_only_its_lineage(built):
    assert all(o.success for o in built["third"])
    done = built["materialized"]
    assert {"raw/staff", "staging/stg_book_figures", "marts/mart_book_figures", "served/warehouse"} <= done
    assert "raw/registrations" not in done and "raw/sampling" not in done
    assert "marts/mart_sampling_tms_rates" not in done
    assert built["final"]["staff"] == "in"
    # of the family marts only staff's is rebuilt; the others cannot change, and did not
    assert "marts/mart_bab11_staff" in done
    assert not {d for d in done if d.startswith("marts/mart_bab")} - {"marts/mart_bab11_staff"}
    assert built["final_family_marts"] == built["after"]["family_marts"]


def test_status_names_what_is_in_missing_or_refused(built):
    lines = "\n".join(built["status_lines"])
    assert "in         staff" in lines
    assert "missing    helpdesk" in lines


def test_the_summary_counts_the_books_figures_and_findings(built):
    line = next(x for x in built["whole"]["summary"] if x.strip().startswith("book"))
    assert "1.796 figures from 42 datasets" in line and "16 findings" in line and "37 in" in line


def test_a_refresh_names_the_datasets_it_published_without(built):
    assert "refused  2024-Q2 staff" in built["held_back"]
    assert "missing  2024-Q2 helpdesk" in built["held_back"]
