"""The declared datasets of the book beyond the five core tables: one spec per dataset, a dbt
source file under `dbt_project/models/staging/book/`, whose `meta.kinerja` says which figures
the dataset holds (code, kind, unit, label, accepted breakdowns, period) and which of the
book's arithmetic rules tie them together. Python reads the same file dbt reads: adding a
dataset is a spec and its rows, not code."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml when PyYAML has it (about 8x faster over the 41 spec files), the pure-Python loader otherwise
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SPEC_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "staging" / "book"
KINDS = ("count", "amount", "percent", "number", "text")
SEVERITIES = ("error", "finding")
RULE_KINDS = ("sum", "ratio", "count_items", "equal", "part_le_whole")
PERIODS = ("ytd", "quarter", "as_at", "month", "unspecified")
ANY = "any"

_REF = re.compile(r"^(?:(?P<dataset>[a-z0-9_]+)\.)?(?P<figure>[a-z0-9_]+)(?:\[(?P<breakdown>.*)\])?$")


class SpecError(ValueError):
    """A dataset spec that cannot be used as written."""


@dataclass(frozen=True)
class Figure:
    code: str
    kind: str
    unit: str
    label: str
    breakdowns: tuple[str, ...] | None  # None: any text (list items); () means only the blank breakdown
    period: str

    def accepts(self, breakdown: str) -> bool:
        return self.breakdowns is None or breakdown in self.breakdowns


@dataclass(frozen=True)
class Ref:
    """A figure reference in a rule: `figure`, `figure[breakdown]`, `figure[*]`, `dataset.figure[...]`."""

    dataset: str
    figure: str
    breakdown: str  # '' is the blank breakdown, '*' every non-blank one

    @property
    def every(self) -> bool:
        return self.breakdown == "*"

    def __str__(self) -> str:
        suffix = f"[{self.breakdown}]" if self.breakdown else ""
        return f"{self.dataset}.{self.figure}{suffix}"


@dataclass(frozen=True)
class Rule:
    id: str
    dataset: str
    kind: str
    severity: str
    description: str
    refs: dict[str, Ref | tuple[Ref, ...]]
    decimals: int | None = None


@dataclass(frozen=True)
class FigureDataset:
    name: str
    description: str
    family: str
    section: str
    book_source: str
    period: str
    figures: dict[str, Figure]
    rules: tuple[Rule, ...]
    spec_file: Path

    @property
    def column_names(self) -> list[str]:
        return ["figure", "breakdown", "value"]


def parse_ref(text: str, dataset: str) -> Ref:
    m = _REF.match(str(text).strip())
    if not m:
        raise SpecError(f"{dataset}: {text!r} is not a figure reference like figure, figure[Obat] or other.figure[*]")
    return Ref(m.group("dataset") or dataset, m.group("figure"), (m.group("breakdown") or "").strip())


def _rule(raw: dict, dataset: str) -> Rule:
    kind = raw.get("kind")
    if kind not in RULE_KINDS:
        raise SpecError(f"{dataset}: rule {raw.get('id')!r} has kind {kind!r}; expected one of {', '.join(RULE_KINDS)}")
    severity = raw.get("severity", "finding")
    if severity not in SEVERITIES:
        raise SpecError(f"{dataset}: rule {raw.get('id')!r} has severity {severity!r}")
    roles = {
        "sum": ("total", "parts"),
        "ratio": ("percent", "part", "whole"),
        "count_items": ("count", "items"),
        "equal": ("left", "right"),
        "part_le_whole": ("part", "whole"),
    }[kind]
    refs: dict[str, Ref | tuple[Ref, ...]] = {}
    for role in roles:
        if role not in raw:
            raise SpecError(f"{dataset}: rule {raw.get('id')!r} ({kind}) needs {role!r}")
        value = raw[role]
        refs[role] = (
            tuple(parse_ref(v, dataset) for v in value) if isinstance(value, list) else parse_ref(value, dataset)
        )
    return Rule(
        str(raw["id"]),
        dataset,
        kind,
        severity,
        str(raw.get("description", "")),
        refs,
        int(raw["decimals"]) if "decimals" in raw else None,
    )


def _figure(raw: dict, default_period: str, dataset: str) -> Figure:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SpecError(
            f"{dataset}: figure {raw.get('figure')!r} has kind {kind!r}; expected one of {', '.join(KINDS)}"
        )
    breakdowns = raw.get("breakdowns", [])
    accepted = None if breakdowns == ANY else tuple("" if b is None else str(b) for b in breakdowns)
    if accepted == ():
        accepted = ("",)
    return Figure(
        str(raw["figure"]),
        kind,
        str(raw.get("unit", "")),
        str(raw.get("label", "")),
        accepted,
        str(raw.get("period", default_period)),
    )


def load_spec_file(path: Path) -> list[FigureDataset]:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    out = []
    for source in doc.get("sources", []):
        for table in source.get("tables", []):
            meta = (table.get("config") or {}).get("meta", {}).get("kinerja") or table.get("meta", {}).get("kinerja")
            if not meta or meta.get("shape") != "figures":
                continue
            name = table["name"]
            period = meta.get("period", "ytd")
            figures = {}
            for raw in meta.get("figures", []):
                fig = _figure(raw, period, name)
                if fig.code in figures:
                    raise SpecError(f"{name}: figure {fig.code!r} is declared twice")
                figures[fig.code] = fig
            rules = tuple(_rule(r, name) for r in meta.get("rules", []))
            out.append(
                FigureDataset(
                    name,
                    table.get("description", ""),
                    meta.get("family", name),
                    str(meta.get("section", "")),
                    str(meta.get("book_source", "")),
                    period,
                    figures,
                    rules,
                    path,
                )
            )
    return out


@functools.cache
def figure_datasets(spec_dir: Path = SPEC_DIR) -> dict[str, FigureDataset]:
    """Every declared figure dataset, by name, in the book's order of sections."""
    found: dict[str, FigureDataset] = {}
    for path in sorted(spec_dir.glob("*.yml")):
        for ds in load_spec_file(path):
            if ds.name in found:
                raise SpecError(f"dataset {ds.name!r} is declared in {found[ds.name].spec_file.name} and {path.name}")
            found[ds.name] = ds
    return dict(sorted(found.items(), key=lambda kv: (_section_order(kv[1].section), kv[0])))


def _section_order(section: str) -> tuple[int, str]:
    m = re.match(r"BAB (\d+)", section)
    if m:
        return (int(m.group(1)) + 1, section)
    return (0 if section.lower().startswith("sambutan") else 1, section)


def unresolved_refs(datasets: dict[str, FigureDataset], core: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Rule references to a dataset or figure nobody declares: a spec mistake, found by a test.
    `core` names the figures the core datasets offer to rules (figures.CORE_FIGURES)."""
    problems = []
    core = core or {}
    for ds in datasets.values():
        for rule in ds.rules:
            for ref in _all_refs(rule):
                if ref.figure in core.get(ref.dataset, ()):
                    continue
                target = datasets.get(ref.dataset)
                if target is None or ref.figure not in target.figures:
                    problems.append(f"{ds.name}: rule {rule.id} refers to {ref}, which is not declared")
    return problems


def _all_refs(rule: Rule) -> list[Ref]:
    refs: list[Ref] = []
    for value in rule.refs.values():
        refs.extend(value if isinstance(value, tuple) else (value,))
    return refs
