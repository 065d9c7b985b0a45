"""The shipped quarter is the book, cell for cell. Reads ../shared (the reference book),
which a user's clone does not have: skipped there, with the reason."""

import csv

import pytest
from book_transcription import BOOK_RELATIVE, read_book
from conftest import REPO, SHIPPED, SHIPPED_QUARTER

BOOK = (REPO / BOOK_RELATIVE).resolve()

pytestmark = pytest.mark.skipif(not BOOK.exists(), reason=f"reference book not present at {BOOK}")


@pytest.mark.parametrize("name", ["sampling", "perkara", "budget_units", "budget_summary", "rkp_indicators"])
def test_shipped_csv_equals_the_book(name):
    columns, rows = read_book(BOOK)[name]
    with open(SHIPPED / SHIPPED_QUARTER / f"{name}.csv", newline="", encoding="utf-8") as fh:
        shipped = list(csv.reader(fh))
    assert shipped[0] == columns
    assert shipped[1:] == rows


def test_book_counts_as_documented():
    book = read_book(BOOK)
    assert len(book["budget_units"][1]) == 103
    assert len(book["rkp_indicators"][1]) == 460
    assert len(book["sampling"][1]) == 13


def _figure_transcribers():
    from transcription import bab03_07, bab08_11, front_bab01_02

    found = {}
    for module in (front_bab01_02, bab03_07, bab08_11):
        found.update(module.DATASETS)
    return found


FIGURE_TRANSCRIBERS = _figure_transcribers()


@pytest.mark.parametrize("name", sorted(FIGURE_TRANSCRIBERS))
def test_shipped_figure_dataset_equals_the_book(name):
    lines = BOOK.read_text(encoding="utf-8").splitlines()
    rows = FIGURE_TRANSCRIBERS[name](lines)
    with open(SHIPPED / SHIPPED_QUARTER / f"{name}.csv", newline="", encoding="utf-8") as fh:
        shipped = list(csv.reader(fh))
    assert shipped[0] == ["figure", "breakdown", "value"]
    assert shipped[1:] == rows


def test_every_declared_figure_dataset_is_transcribed_from_the_book():
    from orchestration.submissions.catalog import figure_datasets

    assert set(figure_datasets()) == set(FIGURE_TRANSCRIBERS)
