"""Quarters: the warehouse's partitions, written `2024-Q2`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PERIOD_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")
FIRST_YEAR = 2015
LAST_YEAR = 2030


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


def all_period_keys(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> list[str]:
    return [f"{y}-Q{q}" for y in range(first_year, last_year + 1) for q in range(1, 5)]


def quarters_until(today: date | None = None, first_year: int = FIRST_YEAR) -> list[str]:
    """Every quarter from the first year to the current one: the partitions the warehouse
    offers (none in the future, so the UI never counts a quarter that cannot have data yet)."""
    today = today or date.today()
    current = Period(today.year, (today.month - 1) // 3 + 1)
    return [k for k in all_period_keys(first_year, today.year) if Period.parse(k) <= current]


def last_closed_quarter(today: date) -> Period:
    """The quarter that ended most recently before `today`."""
    current = Period(today.year, (today.month - 1) // 3 + 1)
    return current.previous()
