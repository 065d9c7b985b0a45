"""Quarters: the warehouse's partitions, written `2024-Q2`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

PERIOD_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")
# The warehouse's partitions start with the year of the first book it holds (2024-Q2, shipped
# under submissions/): earlier quarters have no submissions, and the UI would count them as
# missing and offer to launch them. KINERJA_FIRST_QUARTER moves the start back to load an older
# history (the benchmark's synthetic 2015-2024 backfill does).
FIRST_QUARTER = "2024-Q1"
FIRST_QUARTER_ENV = "KINERJA_FIRST_QUARTER"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        m = PERIOD_PATTERN.match(text or "")
        if not m:
            raise ValueError(f"{text!r} is not a quarter: write it as YYYY-Qn, e.g. 2024-Q2")
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def previous(self) -> Period:
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    def __str__(self) -> str:
        return self.key


def is_period(text: str) -> bool:
    return bool(PERIOD_PATTERN.match(text or ""))


def all_period_keys(first_year: int, last_year: int) -> list[str]:
    return [f"{y}-Q{q}" for y in range(first_year, last_year + 1) for q in range(1, 5)]


def first_quarter(env: dict[str, str] | None = None) -> Period:
    """The first quarter the warehouse covers: KINERJA_FIRST_QUARTER, else FIRST_QUARTER."""
    text = (os.environ if env is None else env).get(FIRST_QUARTER_ENV) or FIRST_QUARTER
    try:
        return Period.parse(text.strip())
    except ValueError:
        raise ValueError(f"{FIRST_QUARTER_ENV}={text!r} is not a quarter: write it as YYYY-Qn, e.g. 2024-Q1") from None


def quarters_until(today: date | None = None, first: str | None = None) -> list[str]:
    """Every quarter from the first one (`first_quarter()` unless given) to the current one: the
    partitions the warehouse offers (none before its first book and none in the future, so the
    UI never counts a quarter that cannot have data as missing)."""
    today = today or date.today()
    current = Period(today.year, (today.month - 1) // 3 + 1)
    start = Period.parse(first) if first else first_quarter()
    return [k for k in all_period_keys(start.year, today.year) if start <= Period.parse(k) <= current]


def last_closed_quarter(today: date) -> Period:
    """The quarter that ended most recently before `today`."""
    current = Period(today.year, (today.month - 1) // 3 + 1)
    return current.previous()
