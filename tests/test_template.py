"""`kinerja template`: the submission workbook, filled with 2024-Q2's values, reads exactly like
the shipped CSV files; left empty, its figure sheets count as not submitted yet."""

import shutil

from conftest import SHIPPED, SHIPPED_QUARTER
from openpyxl import load_workbook

from orchestration.submissions.catalog import figure_datasets
from orchestration.submissions.check import check_dataset, check_figure_dataset, check_report
from orchestration.submissions.specs import DATASETS


def test_filled_template_reads_like_the_csvs(tmp_path):
    csvs = tmp_path / "csv"
    shutil.copytree(SHIPPED / SHIPPED_QUARTER, csvs / SHIPPED_QUARTER)
    book = tmp_path / "xlsx" / SHIPPED_QUARTER
    book.mkdir(parents=True)
    from orchestration.submissions.template import write_template

    write_template(book / "kinerja.xlsx", SHIPPED_QUARTER, fill_from=csvs / SHIPPED_QUARTER)
    report = check_report(book)
    assert report.problems == [] and report.missing == []
    for name, dataset in DATASETS.items():
        a = check_dataset(csvs, dataset, SHIPPED_QUARTER).result.frame
        b = check_dataset(book.parent, dataset, SHIPPED_QUARTER).result.frame
        assert a.equals(b), name
    for name, spec in figure_datasets().items():
        a = check_figure_dataset(csvs, spec, SHIPPED_QUARTER).frame
        b = check_figure_dataset(book.parent, spec, SHIPPED_QUARTER).frame
        assert a.equals(b), name


def test_empty_template_has_dropdowns_and_guidance(tmp_path):
    from orchestration.submissions.template import GUIDE_SHEET, LISTS_SHEET, write_template

    folder = tmp_path / "2024-Q3"
    out = write_template(folder / "kinerja-2024-Q3.xlsx", "2024-Q3")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == GUIDE_SHEET and wb.sheetnames[-1] == LISTS_SHEET
    assert set(DATASETS) | set(figure_datasets()) <= set(wb.sheetnames)
    assert all(len(name) <= 31 for name in wb.sheetnames)
    staff = wb["staff"]
    assert [c.value for c in staff[1]] == ["figure", "breakdown", "value"]
    assert staff.data_validations.dataValidation, "no drop-down on the figure column"
    assert "Cara mengisi" in wb[GUIDE_SHEET]["A2"].value
    report = check_report(folder)
    assert set(report.missing) == set(figure_datasets())  # unfilled sheets are not submissions
