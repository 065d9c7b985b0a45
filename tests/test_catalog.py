"""The declared figure datasets (dbt_project/models/staging/book/*.yml): specs that parse, rules
that refer to declared figures, the shipped quarter readable, and the book's own slips found by
applying the rules (each a finding, none a refusal)."""

from pathlib import Path

import pytest
from conftest import SHIPPED, SHIPPED_QUARTER

from orchestration.submissions.catalog import (
    Ref,
    SpecError,
    figure_datasets,
    load_spec_file,
    parse_ref,
    unresolved_refs,
)
from orchestration.submissions.figures import CORE_FIGURES, QuarterFigures, evaluate_rules, validate_figures
from orchestration.submissions.files import read_dataset

DATASETS = figure_datasets()


def test_specs_declare_figures_and_rules_that_resolve():
    assert len(DATASETS) >= 35
    assert unresolved_refs(DATASETS, CORE_FIGURES) == []
    for ds in DATASETS.values():
        assert ds.figures, ds.name
        assert ds.section and ds.family and ds.description, ds.name


def test_refs():
    assert parse_ref("pegawai[Gender | laki-laki]", "staff") == Ref("staff", "pegawai", "Gender | laki-laki")
    assert parse_ref("registrations.approvals", "headline_figures") == Ref("registrations", "approvals", "")
    assert parse_ref("x[*]", "d").every
    with pytest.raises(SpecError):
        parse_ref("Not a ref!", "d")


def test_a_spec_with_an_unknown_rule_kind_is_refused(tmp_path):
    spec = tmp_path / "x.yml"
    spec.write_text("""version: 2
sources:
  - name: raw
    tables:
      - name: x
        config: {meta: {kinerja: {shape: figures, figures: [{figure: a, kind: count}], rules: [{id: r, kind: avg, total: a, parts: [a]}]}}}
""")
    with pytest.raises(SpecError, match="kind 'avg'"):
        load_spec_file(spec)


def _shipped_quarter():
    folder = Path(SHIPPED / SHIPPED_QUARTER)
    frames, problems = {}, []
    for name, spec in DATASETS.items():
        table = read_dataset(folder, spec)
        frame, found = validate_figures(table, spec)
        problems += found
        frames[name] = (frame, table.file)
    return frames, problems


def test_the_shipped_quarter_reads_without_a_problem():
    frames, problems = _shipped_quarter()
    assert problems == []
    assert sum(len(f) for f, _ in frames.values()) > 370


def test_applying_the_rules_finds_the_books_own_slips():
    frames, _ = _shipped_quarter()
    evaluations = evaluate_rules(QuarterFigures.from_frames(frames), DATASETS)
    failed = {(e.dataset, e.rule_id) for e in evaluations if not e.passed}
    assert all(e.severity == "finding" for e in evaluations if not e.passed)
    # Slips a reader can verify by hand in the book:
    assert ("label_surveillance", "tmk_pct_ratio") in failed  # 4.501 / 85.688 is 5,25%, printed 5,54%
    assert ("staff", "gender_adds_to_total") in failed  # 1.520 + 3.853 = 5.373, printed 5.375
    assert ("ideas", "akun_eksternal_belajar_quarters") in failed  # 429 + 307 = 736, printed 766
    passed = {(e.dataset, e.rule_id) for e in evaluations if e.passed}
    assert ("crime_vulnerability_cases", "cases_sum_of_commodities") in passed  # 2.163 = 797 + 381 + 115 + 686 + 184
    assert len(passed) > 90


def test_dbt_unions_exactly_the_declared_figure_datasets():
    import yaml

    project = yaml.safe_load((Path(__file__).resolve().parent.parent / "dbt_project.yml").read_text())
    assert project["vars"]["figure_datasets"] == list(DATASETS), "update vars.figure_datasets in dbt_project.yml"


def test_a_part_larger_than_its_total_is_refused_whatever_the_rules_severity():
    spec = DATASETS["crime_vulnerability_cases"]
    frames, _ = _shipped_quarter()
    frame = frames[spec.name][0].copy()
    first_part = frame.index[frame["breakdown"] != ""][0]
    frame.loc[first_part, "value"] = 99_999.0
    evaluations = evaluate_rules(QuarterFigures.from_frames({spec.name: (frame, "x.csv")}), {spec.name: spec})
    errors = [e for e in evaluations if not e.passed and e.severity == "error"]
    assert errors and errors[0].source_row == first_part


def test_a_year_to_date_figure_below_the_previous_quarter_is_a_finding_naming_both():
    from orchestration.warehouse.figures import CUMULATIVE_RULE, cumulative_findings

    q1 = QuarterFigures(
        {
            ("registrations", "approvals", ""): 50_000.0,
            ("staff", "pegawai", ""): 5_400.0,
            ("perkara", "jumlah_perkara", "SPDP"): 60.0,
        },
        {},
    )
    q2 = QuarterFigures(
        {
            ("registrations", "approvals", ""): 49_000.0,
            ("staff", "pegawai", ""): 5_375.0,
            ("perkara", "jumlah_perkara", "SPDP"): 47.0,
        },
        {("registrations", "approvals", ""): ("registrations.csv", 3)},
    )
    found = cumulative_findings(q2, q1, "2024-Q1")
    assert [(f.subject, f.printed, f.computed, f.source_row) for f in found] == [
        ("registrations.approvals", 49_000.0, 50_000.0, 3)
    ]  # staff is a headcount, SPDP a stage
    assert found[0].rule_id == CUMULATIVE_RULE and "2024-Q1" in found[0].description
