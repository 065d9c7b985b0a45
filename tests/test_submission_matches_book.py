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
