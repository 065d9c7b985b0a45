"""Numbers as the book prints them, always through Babel's Indonesian locale.

Counts and amounts are grouped with '.', decimals use ','. Rates held by the marts as
fractions print as percentages with two decimals (9,23%); percentages submitted in percent
points keep the precision they were submitted with (75%, 12,5%, 0,10%), which is how the
book prints them."""

from __future__ import annotations

import math
import re

from babel.numbers import format_decimal

from orchestration.submissions.numerals import LOCALE, indonesian, indonesian_percent

DASH = "-"
NOT_AVAILABLE = "belum tersedia"


def is_missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return isinstance(x, float) and math.isnan(x)
    except TypeError:
        return False


def count(x: float | int | None) -> str:
    """A whole number, 10995 -> '10.995'."""
    if is_missing(x):
        return DASH
    return indonesian(round(float(x)))


def count_or_dash(x: float | int | None) -> str:
    """As the book's tables print counts: zero as '-'."""
    if is_missing(x) or float(x) == 0:
        return DASH
    return count(x)


def decimals_of(text: str | None) -> int:
    """Digits after the decimal comma of a figure as submitted ('12,5%' -> 1, '1.800' -> 0)."""
    if not text:
        return 0
    m = re.search(r",(\d+)", text)
    return len(m.group(1)) if m else 0


def matrix_decimals(text: str | None) -> int:
    """Digits after the decimal mark of an RKP matrix number, where '.' or ',' marks decimals."""
    if not text:
        return 0
    m = re.search(r"[.,](\d+)\s*%?\s*$", text.strip())
    return len(m.group(1)) if m else 0


def decimal(x: float | None, decimals: int) -> str:
    if is_missing(x):
        return DASH
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round(float(x), decimals), format=pattern, locale=LOCALE)


def number(x: float | None, decimals: int | None = None) -> str:
    """A measured number; with `decimals` None, whole numbers bare and others with two decimals."""
    if is_missing(x):
        return DASH
    if decimals is None:
        return indonesian(float(x))
    return decimal(x, decimals)


def ratio(r: float | None) -> str:
    """A fraction held by a mart as a printed percentage: 0.0923 -> '9,23%'."""
    if is_missing(r):
        return DASH
    return indonesian_percent(float(r))


def points(x: float | None, decimals: int = 2) -> str:
    """A percentage held in percent points: 72.06 -> '72,06%'."""
    if is_missing(x):
        return DASH
    return decimal(x, decimals) + "%"


def rupiah(x: float | int | None) -> str:
    if is_missing(x):
        return DASH
    return "Rp" + count(x)


def signed(x: float | int | None, decimals: int = 0) -> str:
    """A change with its sign: +1.234, -12, 0."""
    if is_missing(x):
        return DASH
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round(float(x), decimals), format=f"+{pattern};-{pattern}", locale=LOCALE)


def ratio_change(delta: float | None) -> str:
    """The change of a rate held as a fraction, in percentage points: 0.005 -> '+0,50 poin persen'."""
    if is_missing(delta):
        return DASH
    return signed(float(delta) * 100, 2) + " poin persen"
