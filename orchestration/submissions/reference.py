"""Reference data shared by ingestion and dbt. The seeds under `seeds/` are the one source
of accepted categories, so every value the validator accepts is one that dbt can map."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

# (dataset, submitted column) -> alias domains in seeds/category_aliases.csv
_ALIAS_DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("sampling", "komoditi"): ("commodity",),
    ("sampling", "metode_sampling"): ("sampling_method",),
    ("perkara", "tahap"): ("perkara_stage",),
    ("budget_units", "kelompok"): ("budget_unit_group",),
    ("budget_summary", "tabel"): ("budget_summary_table",),
    ("budget_summary", "kategori"): ("budget_unit_group", "spending_type"),
}
_NOT_A_UNIT_GROUP = {"total"}


@cache
def seed_rows(seed: str) -> tuple[dict[str, str], ...]:
    with open(SEEDS_DIR / f"{seed}.csv", newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def _aliases(dataset: str, column: str) -> dict[str, str]:
    domains = _ALIAS_DOMAINS[(dataset, column)]
    found = {r["alias"]: r["code"] for r in seed_rows("category_aliases") if r["domain"] in domains}
    if (dataset, column) == ("budget_units", "kelompok"):
        found = {a: c for a, c in found.items() if c not in _NOT_A_UNIT_GROUP}
    return found


@cache
def accepted_values(dataset: str, column: str) -> tuple[str, ...]:
    """Every spelling of a category that a submission may use in this column."""
    if (dataset, column) == ("rkp_indicators", "satuan"):
        return tuple(r["submitted"] for r in seed_rows("units_of_measure"))
    return tuple(_aliases(dataset, column))


def canonical(dataset: str, column: str, value: str) -> str | None:
    return _aliases(dataset, column).get(value)


def codes(seed: str) -> tuple[str, ...]:
    return tuple(r["code"] for r in seed_rows(seed))
