"""The pandera schemas and the reading of files: the real quarter passes, broken copies
fail naming the file, the row as seen in the file, the column, the value and the rule."""

import pytest
from conftest import SHIPPED, SHIPPED_QUARTER, copy_quarter, edit_csv

from orchestration.submissions.check import check_dataset
from orchestration.submissions.problems import SubmissionError
from orchestration.submissions.specs import DATASETS


@pytest.mark.parametrize("name", list(DATASETS))
def test_the_real_quarter_passes(name):
    checked = check_dataset(SHIPPED, DATASETS[name], SHIPPED_QUARTER)
    assert checked.result.problems == []
    expected_rows = {"sampling": 13, "perkara": 6, "budget_units": 103, "budget_summary": 8, "rkp_indicators": 460}
    assert len(checked.result.frame) == expected_rows[name]


def problems_after(tmp_path, dataset, row, column, value):
    folder = copy_quarter(tmp_path)
    edit_csv(folder / f"{dataset}.csv", row, column, value)
    with pytest.raises(SubmissionError) as err:
        check_dataset(tmp_path, DATASETS[dataset], SHIPPED_QUARTER)
    return err.value.problems


def only(problems, column):
    hits = [p for p in problems if p.column == column]
    assert hits, f"no problem on {column}: {problems}"
    return hits[0]


def test_text_in_a_count(tmp_path):
    p = only(problems_after(tmp_path, "sampling", 4, "tms", "12a"), "tms")
    assert (p.file, p.row, p.value) == ("sampling.csv", 4, "12a")
    assert "not a number" in p.rule


def test_negative_count(tmp_path):
    p = only(problems_after(tmp_path, "sampling", 5, "tmk_label", "-3"), "tmk_label")
    assert p.row == 5 and "negative" in p.rule


def test_broken_arithmetic_names_the_formula_and_the_expected_value(tmp_path):
    # Obat Random (row 9): diuji 5.491 = ms 5.369 + tms 122; make it 5.492
    problems = problems_after(tmp_path, "sampling", 9, "diuji", "5.492")
    p = next(p for p in problems if p.column == "diuji")
    assert p.row == 9 and p.value == "5.492"
    assert "e = f + g" in p.rule
    assert "5.491" in p.suggestion


def test_unknown_commodity_suggests_the_near_miss(tmp_path):
    p = only(problems_after(tmp_path, "sampling", 6, "komoditi", "Kosmetk"), "komoditi")
    assert p.row == 6 and "unknown value" in p.rule and "Kosmetik" in p.suggestion


def test_budget_percentage_must_match_its_amounts(tmp_path):
    p = only(problems_after(tmp_path, "budget_units", 2, "persen_pagu_aa", "62,53%"), "persen_pagu_aa")
    assert p.file == "budget_units.csv" and p.row == 2
    assert "realisasi / pagu_setelah_aa" in p.rule and "61,53%" in p.suggestion


def test_a_duplicated_stage(tmp_path):
    problems = problems_after(tmp_path, "perkara", 3, "tahap", "SPDP")
    rows = sorted(p.row for p in problems if "duplicated" in p.rule)
    assert rows == [2, 3]
    assert any("every stage" in p.rule for p in problems)


def test_rkp_status_text_is_checked(tmp_path):
    p = only(problems_after(tmp_path, "rkp_indicators", 2, "capaian", "Akhir Tahn"), "capaian")
    assert p.row == 2 and "Akhir Tahun" in (p.suggestion or "")


def test_every_problem_is_reported_at_once(tmp_path):
    folder = copy_quarter(tmp_path)
    edit_csv(folder / "sampling.csv", 3, "ms", "1,800.5")
    edit_csv(folder / "sampling.csv", 7, "komoditi", "Rokk")
    edit_csv(folder / "sampling.csv", 10, "tms", "1.80")
    with pytest.raises(SubmissionError) as err:
        check_dataset(tmp_path, DATASETS["sampling"], SHIPPED_QUARTER)
    located = {(p.row, p.column) for p in err.value.problems}
    assert {(3, "ms"), (7, "komoditi"), (10, "tms")} <= located
    assert "sampling.csv, row 10, column 'tms'" in str(err.value)
