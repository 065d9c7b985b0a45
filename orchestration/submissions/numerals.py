"""Numbers as BPOM writes them: parsing submitted cells, and formatting figures for people.

Each parser takes the cell text and returns a value or raises `NumberFormatError`
with a message a clerk can act on. Nothing is guessed: a cell that could mean two
things is an error. Formatting goes through Babel's Indonesian locale.

Cells read from a workbook arrive as numbers: a whole number with float noise from a formula
(4658366214.000001, within WHOLE_TOLERANCE of a whole number) is read as that whole number;
a date (a count the cell formats as a date) and a fraction in a percent column are refused.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from babel.numbers import format_decimal

_INDONESIAN_INT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")
_INDONESIAN_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^-?\d+([.,]\d+)?$")
_ENGLISH_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_GROUPED = re.compile(r"^(-?\d{1,3})((?: \d{3})+)(,\d+)?(%?)$")
_ACCOUNTING = re.compile(r"^\((.+)\)$")
_NUMBERISH = re.compile(r"^[\d.,]+%?$")

DASH = "-"
WHOLE_TOLERANCE = 1e-6  # float noise a formula leaves on a whole number (4658366214.000001)

# Characters that look like the hyphen-minus '-' but are not, by name.
LOOKALIKE_DASHES = {
    "\u2010": "a hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen (U+2011)",
    "\u2012": "a figure dash (U+2012)",
    "\u2013": "an en dash '–' (U+2013)",
    "\u2014": "an em dash '—' (U+2014)",
    "\u2015": "a horizontal bar (U+2015)",
    "\u2212": "a minus sign '−' (U+2212)",
    "\ufe63": "a small hyphen-minus (U+FE63)",
    "\uff0d": "a full-width hyphen-minus (U+FF0D)",
}
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


class NumberFormatError(ValueError):
    """A cell that is not a number in the expected style; `suggestion` may say how to fix it."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


class ExcelPercent(float):
    """A number from a workbook cell formatted as a percentage (0,9881 shown as 98,81%), already
    multiplied by 100: percent points, as typed text would give."""


class ExcelDate(_dt.datetime):
    """A workbook number shown as a date because of its cell's format; `serial` is the number."""

    serial: float | None = None


def _clean(text: object) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text).translate(_SPACES).strip()


def is_blank(text: object) -> bool:
    return _clean(text) == ""


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _whole(value: float) -> int | None:
    """The whole number a float is, allowing the noise a formula leaves (WHOLE_TOLERANCE)."""
    if not math.isfinite(value):
        return None
    r = round(value)
    if value == r:
        return int(r)
    if abs(value) < 2**53 and abs(value - r) <= min(max(WHOLE_TOLERANCE, 2 * math.ulp(value)), 1e-3):
        return int(r)
    return None


def _int_from_excel_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _whole(value)
    return None


def _refuse_dates(value: object) -> None:
    """A count, amount or percent that Excel shows as a date: its cell has a date format."""
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        serial = getattr(value, "serial", None)
        holds = ""
        if serial is not None:
            whole = _whole(float(serial))
            holds = f"; the cell holds {_grouped(whole) if whole is not None else serial}"
        raise NumberFormatError(
            f"{str(value)!r} is a date: the cell is formatted as a date in Excel",
            f"format the cell as Number (Home > Number Format > Number){holds}",
        )


def _explain(s: str, kind: str) -> NumberFormatError | None:
    """What is wrong with text that is almost a number: a look-alike dash, an accounting
    negative "(24)", thousands grouped with spaces "1 800". None if nothing familiar."""
    never_negative = kind in ("count", "amount")
    if s in LOOKALIKE_DASHES:
        name = LOOKALIKE_DASHES[s]
        if kind == "count":
            fix = "type '-' (the hyphen-minus key) or 0 for zero"
        elif kind == "amount":
            fix = "write the amount, or 0"
        else:
            fix = "write the number, or 0"
        return NumberFormatError(f"{s!r} is {name}, not the hyphen '-'", fix)
    if s[:1] in LOOKALIKE_DASHES and _NUMBERISH.match(s[1:].strip()):
        body = s[1:].strip()
        return NumberFormatError(
            f"{s!r} starts with {LOOKALIKE_DASHES[s[0]]}, not the hyphen '-'",
            f"type -{body} with the hyphen-minus key" + ("; this column is never negative" if never_negative else ""),
        )
    m = _ACCOUNTING.match(s)
    if m and _NUMBERISH.match(m.group(1).strip()):
        body = m.group(1).strip()
        return NumberFormatError(
            f"{s!r} is an accounting negative: brackets mean minus",
            f"type {body} without brackets"
            + (" (this column is never negative)" if never_negative else f", or -{body} if it is negative"),
        )
    m = _SPACE_GROUPED.match(s)
    if m:
        fixed = m.group(1) + m.group(2).replace(" ", ".") + (m.group(3) or "") + m.group(4)
        return NumberFormatError(f"{s!r} groups thousands with spaces", f"write {fixed} ('.' groups thousands)")
    return None


def _has_more_than_two_decimals(value: float) -> bool:
    return abs(value - round(value, 2)) > 1e-9


def _refuse_fraction(value: float, shown: str) -> None:
    """0,9881 in a percent column: a fraction (98,81%) typed where percent points belong."""
    if 0 < abs(value) < 1 and _has_more_than_two_decimals(value):
        points = format_decimal(round(value * 100, 2), format="#,##0.00", locale="id")
        raise NumberFormatError(
            f"{shown!r} looks like a fraction, not a percentage",
            f"{shown} is {points}%: type {points}% (or format the cell as Percentage in Excel)",
        )


def _parse_whole(text: object, kind: str) -> int | None:
    if text.__class__ is int:  # the common cases first: a workbook's whole number, plain digits
        return text
    if text.__class__ is str and text.isascii() and text.isdigit():
        return int(text)
    _refuse_dates(text)
    a_kind = f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    if isinstance(text, ExcelPercent):
        raise NumberFormatError(
            f"{str(text)!r} is a percentage: the cell is formatted as a percentage in Excel",
            f"format the cell as Number; {a_kind} is a whole number",
        )
    excel = _int_from_excel_number(text)
    if excel is not None:
        return excel
    if isinstance(text, float) and not math.isnan(text):
        raise NumberFormatError(f"{text!r} is not a whole number", f"{kind}s are whole numbers")
    s = _clean(text)
    if s == "":
        return None
    if s == DASH:
        return 0
    if _INDONESIAN_INT.match(s):
        return int(s.replace(".", ""))
    if _INDONESIAN_DECIMAL.match(s):
        raise NumberFormatError(
            f"{s!r} has a decimal part; {a_kind} is a whole number",
            f"{kind}s are whole numbers: remove the decimal comma",
        )
    if _ENGLISH_GROUPED.match(s):
        raise NumberFormatError(
            f"{s!r} uses ',' to group thousands",
            f"write thousands with '.', e.g. {s.split('.')[0].replace(',', '.')}",
        )
    if re.match(r"^-?\d+(\.\d+)+$", s):
        suggestion = f"write thousands as 1.800; {a_kind} has no decimals"
        if re.match(r"^-?\d+\.(\d{1,2}|\d{4,})$", s):
            whole = _whole(float(s))
            if whole is not None:  # 4658366214.000001: float noise written out by a program
                suggestion = f"write {_grouped(whole)}: {a_kind} has no decimals"
        raise NumberFormatError(f"{s!r} is not a whole number: '.' groups thousands in threes", suggestion)
    raise _explain(s, kind) or NumberFormatError(f"{s!r} is not a number")


def parse_count(text: object) -> int | None:
    """A whole number in Indonesian style: "1.800" = 1800, "-" = 0, blank = None."""
    return _parse_whole(text, "count")


def parse_amount(text: object) -> int | None:
    """A rupiah amount: like a count, but "-" is not accepted (an amount is always written)."""
    if _clean(text) == DASH:
        raise NumberFormatError("'-' is not an amount", "write the amount, or 0")
    return _parse_whole(text, "amount")


def _number(text: object) -> float | None:
    """A number a workbook gave (not text), or None."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and not math.isnan(text):
        return float(text)
    return None


def parse_percent(text: object) -> float | None:
    """A percentage in Indonesian style, "72,06%" = 72.06 percent points; blank = None.
    A fraction where percent points belong (0,9881 without '%') is refused."""
    _refuse_dates(text)
    number = _number(text)
    if number is not None:
        if not isinstance(text, ExcelPercent):
            _refuse_fraction(number, str(text))
        return number
    s = _clean(text)
    if s == "":
        return None
    body = s[:-1].strip() if s.endswith("%") else s
    if _INDONESIAN_DECIMAL.match(body):
        value = float(body.replace(".", "").replace(",", "."))
        if not s.endswith("%"):
            _refuse_fraction(value, s)
        return value
    if re.match(r"^-?\d+\.\d{1,2}$", body):
        raise NumberFormatError(
            f"{s!r} uses '.' as the decimal mark",
            f"write {body.replace('.', ',')}% (',' is the decimal mark)",
        )
    raise _explain(s, "percent") or NumberFormatError(f"{s!r} is not a percentage")


def parse_matrix_number(text: object) -> float | None:
    """A number in the RKP matrix, whose decimal mark is '.' or ','; no thousands separator."""
    _refuse_dates(text)
    number = _number(text)
    if number is not None:
        return number
    s = _clean(text)
    if s == "":
        return None
    if _PLAIN_DECIMAL.match(s):
        return float(s.replace(",", "."))
    raise _explain(s, "number") or NumberFormatError(f"{s!r} is not a number")


def parse_matrix_percent(text: object) -> float | None:
    """A printed capaian such as "98.81%" or "105,28%", in percent points."""
    _refuse_dates(text)
    number = _number(text)
    if number is not None:
        if not isinstance(text, ExcelPercent):
            _refuse_fraction(number, str(text))
        return number
    s = _clean(text)
    if s == "":
        return None
    if not s.endswith("%"):
        raise _explain(s, "percent") or NumberFormatError(f"{s!r} is not a percentage")
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
    _refuse_dates(text)
    number = _number(text)
    if number is not None:
        return number
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
    raise _explain(s, "number") or NumberFormatError(f"{s!r} is not a number")
