"""Read and check a figure dataset (rows of figure, breakdown, value), and apply the book's
declared arithmetic to the figures of a quarter.

A broken rule of severity `error` (impossible data: a part larger than its whole) refuses the
dataset; one of severity `finding` (a printed total or percentage that a unit computed and
that disagrees with its parts) is recorded and published, because the real book has such
slips and its quarter must still load. `kinerja check` and the refresh call the same code."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from orchestration.submissions import numerals
from orchestration.submissions.catalog import FigureDataset, Ref, Rule, figure_datasets
from orchestration.submissions.files import SourceTable
from orchestration.submissions.numerals import indonesian
from orchestration.submissions.problems import Problem

FRAME_COLUMNS = ["figure", "breakdown", "value_text", "value"]
SUM_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Evaluation:
    """One rule applied to one set of figures: what was printed and what the parts give."""

    dataset: str
    rule_id: str
    kind: str
    severity: str
    description: str
    subject: str  # the printed figure the rule is about, as a reference
    printed: float | None
    computed: float | None
    numerator: float | None
    denominator: float | None
    passed: bool
    source_file: str | None
    source_row: int | None

    def as_problem(self) -> Problem:
        return Problem(
            self.source_file or self.dataset,
            self.source_row,
            "value",
            None if self.printed is None else indonesian(self.printed),
            f"rule {self.rule_id} ({self.kind}): {self.description or self.subject}",
            None if self.computed is None else f"the other figures give {indonesian(self.computed)}",
        )

    def __str__(self) -> str:
        where = f"{self.source_file}, row {self.source_row}" if self.source_file else self.dataset
        printed = "-" if self.printed is None else indonesian(self.printed)
        computed = "-" if self.computed is None else indonesian(self.computed)
        return f"{where}: {self.subject} is {printed}, the rule {self.rule_id} ({self.kind}) gives {computed}"


def _text(cell: object) -> str:
    if numerals.is_blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def parse_value(kind: str, cell: object) -> tuple[str, float | None]:
    """(text as submitted, number) for one value cell of the given kind; raises NumberFormatError."""
    text = _text(cell)
    if kind == "text":
        return text, None
    if kind == "count":
        value = numerals.parse_count(cell)
    elif kind == "amount":
        value = numerals.parse_amount(cell)
    elif kind == "percent":
        value = numerals.parse_percent(cell)
    else:
        value = numerals.parse_decimal(cell)
    return text, None if value is None else float(value)


def validate_figures(table: SourceTable, spec: FigureDataset) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed rows of a figure dataset, indexed by the row as seen in the file, and every problem."""
    problems: list[Problem] = []
    records: dict[int, dict[str, object]] = {}
    seen: dict[tuple[str, str], int] = {}
    codes = list(spec.figures)
    for row, cells in table.rows:
        code = _text(cells.get("figure"))
        breakdown = _text(cells.get("breakdown"))
        figure = spec.figures.get(code)
        if figure is None:
            near = difflib.get_close_matches(code, codes, n=1, cutoff=0.6)
            problems.append(
                Problem(
                    table.file,
                    row,
                    "figure",
                    code,
                    f"unknown figure for {spec.name}; accepted: {', '.join(codes)}",
                    f"did you mean {near[0]!r}?" if near else None,
                )
            )
            continue
        if not figure.accepts(breakdown):
            accepted = [b or "(blank)" for b in figure.breakdowns or ()]
            near = difflib.get_close_matches(breakdown, list(figure.breakdowns or ()), n=1, cutoff=0.6)
            problems.append(
                Problem(
                    table.file,
                    row,
                    "breakdown",
                    breakdown,
                    f"not a breakdown of {code}; accepted: {', '.join(accepted)}",
                    f"did you mean {near[0]!r}?" if near else None,
                )
            )
            continue
        if (code, breakdown) in seen:
            problems.append(
                Problem(
                    table.file,
                    row,
                    "figure",
                    f"{code} / {breakdown}" if breakdown else code,
                    f"duplicated row: this figure is already given in row {seen[(code, breakdown)]}",
                    "keep one row per figure and breakdown",
                )
            )
            continue
        cell = cells.get("value")
        if numerals.is_blank(cell):
            problems.append(
                Problem(
                    table.file,
                    row,
                    "value",
                    "",
                    "is blank; a value is required",
                    "write the figure as printed, or '-' for zero",
                )
            )
            continue
        try:
            text, value = parse_value(figure.kind, cell)
        except numerals.NumberFormatError as exc:
            problems.append(Problem(table.file, row, "value", _text(cell), f"{figure.kind}: {exc}", exc.suggestion))
            continue
        if value is not None and value < 0:
            problems.append(Problem(table.file, row, "value", text, "must not be negative"))
            continue
        seen[(code, breakdown)] = row
        records[row] = {"figure": code, "breakdown": breakdown, "value_text": text, "value": value}
    frame = pd.DataFrame.from_dict(records, orient="index", columns=FRAME_COLUMNS)
    frame.index.name = "source_row"
    frame["value"] = frame["value"].astype("float64")
    return frame, problems


@dataclass
class QuarterFigures:
    """Every figure of a quarter that passed its dataset's checks, for the rules to read."""

    values: dict[tuple[str, str, str], float | None]
    rows: dict[tuple[str, str, str], tuple[str, int]]

    @classmethod
    def from_frames(cls, frames: dict[str, tuple[pd.DataFrame, str]]) -> QuarterFigures:
        values, rows = {}, {}
        for dataset, (frame, file) in frames.items():
            for row, r in frame.iterrows():
                key = (dataset, r["figure"], r["breakdown"])
                values[key] = None if pd.isna(r["value"]) else float(r["value"])
                rows[key] = (file, int(row))
        return cls(values, rows)

    def breakdowns(self, dataset: str, figure: str) -> list[str]:
        return [b for (d, f, b) in self.values if d == dataset and f == figure and b != ""]

    def has_dataset(self, dataset: str) -> bool:
        return any(d == dataset for d, _, _ in self.values)

    def add(self, other: QuarterFigures) -> None:
        self.values.update(other.values)
        self.rows.update(other.rows)


def _key(ref: Ref, breakdown: str | None = None) -> tuple[str, str, str]:
    return (ref.dataset, ref.figure, ref.breakdown if breakdown is None else breakdown)


def _round(x: float, decimals: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def evaluate_rules(
    quarter: QuarterFigures, datasets: dict[str, FigureDataset] | None = None, only: set[str] | None = None
) -> list[Evaluation]:
    """Every declared rule applied to the quarter's figures. A rule whose figures are not all
    present (a dataset not submitted yet) is not applied."""
    datasets = figure_datasets() if datasets is None else datasets
    out: list[Evaluation] = []
    for spec in datasets.values():
        if only is not None and spec.name not in only:
            continue
        if not quarter.has_dataset(spec.name):
            continue
        for rule in spec.rules:
            out.extend(_apply(rule, quarter))
    return out


def _apply(rule: Rule, q: QuarterFigures) -> list[Evaluation]:
    r = rule.refs
    if rule.kind == "ratio" and r["percent"].every:
        return [e for b in q.breakdowns(r["percent"].dataset, r["percent"].figure) for e in _ratio(rule, q, b)]
    if rule.kind == "ratio":
        return _ratio(rule, q, None)
    if rule.kind == "part_le_whole" and r["part"].every:
        return [e for b in q.breakdowns(r["part"].dataset, r["part"].figure) for e in _part_le_whole(rule, q, b)]
    if rule.kind == "part_le_whole":
        return _part_le_whole(rule, q, None)
    if rule.kind == "sum":
        parts: list[tuple[str, str, str]] = []
        for ref in r["parts"]:
            parts += [_key(ref, b) for b in q.breakdowns(ref.dataset, ref.figure)] if ref.every else [_key(ref)]
        return _compare(rule, q, _key(r["total"]), parts, lambda vals: sum(vals)) + _parts_within(
            rule, q, _key(r["total"]), parts
        )
    if rule.kind == "equal":
        return _compare(rule, q, _key(r["left"]), [_key(r["right"])], lambda vals: vals[0])
    if rule.kind == "count_items":
        items = r["items"]
        keys = [
            k
            for k in q.values
            if k[0] == items.dataset
            and k[1] == items.figure
            and ((items.every and k[2] != "") or (not items.every and k[2] == items.breakdown))
        ]
        if not keys:
            return []
        return _compare(rule, q, _key(r["count"]), [], lambda _vals: float(len(keys)), numerator=float(len(keys)))
    raise ValueError(rule.kind)


def _evaluation(
    rule: Rule,
    q: QuarterFigures,
    subject: tuple[str, str, str],
    printed,
    computed,
    passed,
    numerator=None,
    denominator=None,
) -> Evaluation:
    file, row = q.rows.get(subject, (None, None))
    name = f"{subject[0]}.{subject[1]}" + (f"[{subject[2]}]" if subject[2] else "")
    return Evaluation(
        rule.dataset,
        rule.id,
        rule.kind,
        rule.severity,
        rule.description,
        name,
        printed,
        computed,
        numerator,
        denominator,
        passed,
        file,
        row,
    )


def _compare(rule, q, subject, parts, combine, numerator=None) -> list[Evaluation]:
    if subject not in q.values or any(p not in q.values for p in parts):
        return []
    printed = q.values[subject]
    vals = [q.values[p] for p in parts]
    if printed is None or any(v is None for v in vals):
        return []
    computed = combine(vals)
    passed = math.isclose(printed, computed, abs_tol=SUM_TOLERANCE)
    return [_evaluation(rule, q, subject, printed, computed, passed, numerator=numerator)]


def _parts_within(rule: Rule, q: QuarterFigures, total: tuple[str, str, str], parts) -> list[Evaluation]:
    """A part larger than the total it belongs to is impossible data, whatever the rule's severity."""
    if total not in q.values or q.values[total] is None:
        return []
    out = []
    for part in parts:
        value = q.values.get(part)
        if value is not None and value > q.values[total] + SUM_TOLERANCE:
            impossible = Rule(
                f"{rule.id}.part_within_total",
                rule.dataset,
                "part_le_whole",
                "error",
                f"a part cannot be larger than its total {total[1]}",
                rule.refs,
            )
            out.append(_evaluation(impossible, q, part, value, q.values[total], False, value, q.values[total]))
    return out


def _ratio(rule: Rule, q: QuarterFigures, breakdown: str | None) -> list[Evaluation]:
    r = rule.refs
    pct = _key(r["percent"], breakdown if r["percent"].every else None)
    part = _key(r["part"], breakdown if r["part"].every else None)
    whole = _key(r["whole"], breakdown if r["whole"].every else None)
    if any(k not in q.values or q.values[k] is None for k in (pct, part, whole)):
        return []
    printed, num, den = q.values[pct], q.values[part], q.values[whole]
    if den == 0:
        return [_evaluation(rule, q, pct, printed, None, printed == 0, num, den)]
    exact = num / den * 100
    decimals = 2 if rule.decimals is None else rule.decimals
    computed = _round(exact, decimals)
    return [
        _evaluation(
            rule, q, pct, printed, computed, math.isclose(printed, computed, abs_tol=10 ** -(decimals + 3)), num, den
        )
    ]


def _part_le_whole(rule: Rule, q: QuarterFigures, breakdown: str | None) -> list[Evaluation]:
    r = rule.refs
    part = _key(r["part"], breakdown if r["part"].every else None)
    whole = _key(r["whole"], breakdown if r["whole"].every else None)
    if any(k not in q.values or q.values[k] is None for k in (part, whole)):
        return []
    return [
        _evaluation(
            rule,
            q,
            part,
            q.values[part],
            q.values[whole],
            q.values[part] <= q.values[whole],
            q.values[part],
            q.values[whole],
        )
    ]


# Figures of the five core datasets that the declared rules may refer to, as
# `sampling.<count column>[Targeted|Random]` (summed over commodities) and `perkara.jumlah_perkara`
# (all stages) or `perkara.jumlah_perkara[<stage as submitted>]`.
CORE_FIGURES: dict[str, tuple[str, ...]] = {
    "sampling": (
        "jumlah_sampling",
        "masuk_lab",
        "diuji",
        "ms",
        "tms",
        "total_tms",
        "belum_selesai_uji",
        "diperiksa_diuji",
    ),
    "perkara": ("jumlah_perkara",),
}
_METHOD_LABELS = {"targeted": "Targeted", "random": "Random"}


def core_figures(frames: dict[str, pd.DataFrame]) -> QuarterFigures:
    """The core datasets' totals as figures, from their typed (raw) rows."""
    from orchestration.submissions import reference

    values: dict[tuple[str, str, str], float | None] = {}
    sampling = frames.get("sampling")
    if sampling is not None and len(sampling):
        methods = [
            _METHOD_LABELS.get(reference.canonical("sampling", "metode_sampling", m) or "", m)
            for m in sampling["metode_sampling"]
        ]
        for column in CORE_FIGURES["sampling"]:
            counts = sampling[column].fillna(0).astype("float64")
            values[("sampling", column, "")] = float(counts.sum())
            for method in sorted(set(methods)):
                values[("sampling", column, method)] = float(counts[[m == method for m in methods]].sum())
    perkara = frames.get("perkara")
    if perkara is not None and len(perkara):
        counts = perkara["jumlah_perkara"].fillna(0).astype("float64")
        values[("perkara", "jumlah_perkara", "")] = float(counts.sum())
        for stage, n in zip(perkara["tahap"], counts, strict=True):
            values[("perkara", "jumlah_perkara", str(stage))] = float(n)
    return QuarterFigures(values, {})
