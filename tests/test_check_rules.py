"""`kinerja check` refuses what the refresh refuses, with the file and row: rules across the
rows of one file that the refresh's dbt tests apply as well."""

import csv
import shutil

from conftest import SHIPPED, SHIPPED_QUARTER

from orchestration.submissions.check import check_report


def _quarter(tmp_path):
    folder = tmp_path / SHIPPED_QUARTER
    shutil.copytree(SHIPPED / SHIPPED_QUARTER, folder)
    return folder


def _rewrite(path, change):
    rows = list(csv.reader(path.open(encoding="utf-8")))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_a_stage_written_two_ways_is_one_stage_given_twice(tmp_path):
    folder = _quarter(tmp_path)
    _rewrite(folder / "perkara.csv", lambda rows: rows.append(["Tahap 1", "3"]))
    problems = check_report(folder).problems
    found = [p for p in problems if p.file == "perkara.csv" and p.row == 8]
    assert found and "written another way" in found[0].rule and "row 3" in found[0].rule


def test_a_spending_type_one_rupiah_off_is_refused_at_check(tmp_path):
    folder = _quarter(tmp_path)

    def off_by_one(rows):
        rows[5][2] = "804.240.516.001"  # Belanja Pegawai pagu

    _rewrite(folder / "budget_summary.csv", off_by_one)
    problems = [p for p in check_report(folder).problems if p.file == "budget_summary.csv"]
    assert any(p.row == 9 and p.column == "pagu" and "2.354.321.946.001" in (p.suggestion or "") for p in problems)


def test_the_shipped_quarter_passes_the_row_rules(tmp_path):
    assert check_report(_quarter(tmp_path)).problems == []


def test_a_target_of_zero_beside_a_printed_capaian_is_refused(tmp_path):
    folder = _quarter(tmp_path)
    with (folder / "rkp_indicators.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    n = next(i for i, r in enumerate(rows[1:], start=2) if r[header.index("capaian")].endswith("%"))

    def zero(rows):
        rows[n - 1][header.index("target")] = "0"

    _rewrite(folder / "rkp_indicators.csv", zero)
    found = [p for p in check_report(folder).problems if p.file == "rkp_indicators.csv" and p.row == n]
    assert found and found[0].column == "target" and "above 0" in found[0].rule
