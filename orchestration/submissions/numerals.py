"""Numbers as BPOM writes them: parsing submitted cells, and formatting figures for people.

Each parser takes the cell text and returns a value or raises `NumberFormatError`
with a message a clerk can act on. Nothing is guessed: a cell that could mean two
things is an error. Formatting goes through Babel's Indonesian locale.
"""

from __future__ import annotations

import math
import re

from babel.numbers import format_decimal

_INDONESIAN_INT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")
_INDONESIAN_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^-?\d+([.,]\d+)?$")
_ENGLISH_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")

DASH = "-"


class NumberFormatError(ValueError):
    """A cell that is not a number in the expected style; `suggestion` may say how to fix it."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


def _clean(text: object) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text).replace("\u00a0", " ").strip()


def is_blank(text: object) -> bool:
    return _clean(text) == ""


def _int_from_excel_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def parse_count(text: object) -> int | None:
    """A whole number in Indonesian style: "1.800" = 1800, "-" = 0, blank = None."""
    excel = _int_from_excel_number(text)
    if excel is not None:
        return excel
    if isinstance(text, float) and not math.isnan(text):
        raise NumberFormatError(f"{text!r} is not a whole number", "counts are whole numbers")
    s = _clean(text)
    if s == "":
        return None
    if s == DASH:
        return 0
    if _INDONESIAN_INT.match(s):
        return int(s.replace(".", ""))
    if _INDONESIAN_DECIMAL.match(s):
        raise NumberFormatError(
            f"{s!r} has a decimal part; a count is a whole number",
            "counts are whole numbers: remove the decimal comma",
        )
    if _ENGLISH_GROUPED.match(s):
        raise NumberFormatError(
            f"{s!r} uses ',' to group thousands",
            f"write thousands with '.', e.g. {s.split('.')[0].replace(',', '.')}",
        )
    if re.match(r"^-?\d+(\.\d+)+$", s):
        raise NumberFormatError(
            f"{s!r} is not a whole number: '.' groups thousands in threes",
            "write thousands as 1.800; a count has no decimals",
        )
    raise NumberFormatError(f"{s!r} is not a number")


def parse_amount(text: object) -> int | None:
    """A rupiah amount: like a count, but "-" is not accepted (an amount is always written)."""
    if _clean(text) == DASH:
        raise NumberFormatError("'-' is not an amount", "write the amount, or 0")
    return parse_count(text)


def parse_percent(text: object) -> float | None:
    """A percentage in Indonesian style, "72,06%" = 72.06 percent points; blank = None."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and not math.isnan(text):
        return float(text)
    s = _clean(text)
    if s == "":
        return None
    body = s[:-1].strip() if s.endswith("%") else s
    if _INDONESIAN_DECIMAL.match(body):
        return float(body.replace(".", "").replace(",", "."))
    if re.match(r"^-?\d+\.\d{1,2}$", body):
        raise NumberFormatError(
            f"{s!r} uses '.' as the decimal mark",
            f"write {body.replace('.', ',')}% (',' is the decimal mark)",
        )
    raise NumberFormatError(f"{s!r} is not a percentage")


def parse_matrix_number(text: object) -> float | None:
    """A number in the RKP matrix, whose decimal mark is '.' or ','; no thousands separator."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and not math.isnan(text):
        return float(text)
    s = _clean(text)
    if s == "":
        return None
    if _PLAIN_DECIMAL.match(s):
        return float(s.replace(",", "."))
    raise NumberFormatError(f"{s!r} is not a number")


def parse_matrix_percent(text: object) -> float | None:
    """A printed capaian such as "98.81%" or "105,28%", in percent points."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and not math.isnan(text):
        return float(text)
    s = _clean(text)
    if s == "":
        return None
    if not s.endswith("%"):
        raise NumberFormatError(f"{s!r} is not a percentage")
    return parse_matrix_number(s[:-1].strip())


LOCALE = "id"


def indonesian(n: float | int) -> str:
    """A figure as the book prints it: whole numbers grouped (1.800), others with two decimals (45,10)."""
    if float(n).is_integer():
        return format_decimal(int(n), format="#,##0", locale=LOCALE)
    return format_decimal(n, format="#,##0.00", locale=LOCALE)


def indonesian_percent(ratio: float | None) -> str:
    """A ratio in [0, 1] as a printed percentage, 0.0923 -> 9,23%; None -> '-'."""
    if ratio is None:
        return DASH
    return format_decimal(round(ratio * 100, 2), format="#,##0.00", locale=LOCALE) + "%"


def parse_decimal(text: object) -> float | None:
    """A decimal number in Indonesian style, "84,87" or "1.234,5"; "-" = 0, blank = None."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and not math.isnan(text):
        return float(text)
    s = _clean(text)
    if s == "":
        return None
    if s == DASH:
        return 0.0
    if _INDONESIAN_DECIMAL.match(s):
        return float(s.replace(".", "").replace(",", "."))
    if re.match(r"^-?\d+\.\d{1,2}$", s):
        raise NumberFormatError(
            f"{s!r} uses '.' as the decimal mark", f"write {s.replace('.', ',')} (',' is the decimal mark)"
        )
    raise NumberFormatError(f"{s!r} is not a number")
