import pytest

from orchestration.submissions.numerals import (
    NumberFormatError,
    parse_amount,
    parse_count,
    parse_matrix_number,
    parse_matrix_percent,
    parse_percent,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.800", 1800),
        ("137", 137),
        ("-", 0),
        ("", None),
        ("  2.354.321.946.000 ", 2354321946000),
        ("1800", 1800),
        (1800, 1800),
        (1800.0, 1800),
        ("0", 0),
    ],
)
def test_counts_in_indonesian_style(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("1.80", "groups thousands"),  # a thousands group of two digits
        ("1,800.5", "',' to group thousands"),  # English style
        ("12a", "not a number"),
        ("1.800,5", "decimal part"),  # a decimal comma in a count
        ("1.8000", "groups thousands"),
        ("1..800", "not a number"),
    ],
)
def test_counts_that_do_not_parse_cleanly_are_errors(text, fragment):
    with pytest.raises(NumberFormatError, match=fragment):
        parse_count(text)


def test_a_count_error_suggests_the_fix():
    with pytest.raises(NumberFormatError) as err:
        parse_count("1.800,5")
    assert "remove the decimal comma" in err.value.suggestion


def test_negative_counts_parse_so_the_schema_can_name_them():
    assert parse_count("-5") == -5


def test_an_amount_is_never_a_dash():
    assert parse_amount("852.096.226.000") == 852096226000
    with pytest.raises(NumberFormatError):
        parse_amount("-")


@pytest.mark.parametrize(
    "text, value", [("72,06%", 72.06), ("45,10%", 45.10), ("100%", 100.0), ("43,95", 43.95), ("1.234,5%", 1234.5)]
)
def test_percentages_use_a_decimal_comma(text, value):
    assert parse_percent(text) == pytest.approx(value)


def test_a_percentage_with_a_decimal_point_is_refused_with_the_fix():
    with pytest.raises(NumberFormatError) as err:
        parse_percent("72.06%")
    assert "72,06%" in err.value.suggestion


@pytest.mark.parametrize("text, value", [("93.62", 93.62), ("50,0", 50.0), ("3400", 3400.0), ("4.21", 4.21)])
def test_matrix_numbers_take_either_decimal_mark(text, value):
    assert parse_matrix_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.105.5", "12a", "1,800.5", "n/a"])
def test_matrix_numbers_refuse_anything_else(text):
    with pytest.raises(NumberFormatError):
        parse_matrix_number(text)


def test_matrix_percentages():
    assert parse_matrix_percent("98.81%") == pytest.approx(98.81)
    assert parse_matrix_percent("105,28%") == pytest.approx(105.28)
    with pytest.raises(NumberFormatError):
        parse_matrix_percent("98.81")
