"""The family marts, one per family of figure datasets (`marts.mart_<family>`): a row per
period x dataset x breakdown and a column per declared figure, so a BI user gets a family's
figures side by side instead of the long `mart_book_figures`. A printed percentage that a
ratio rule ties to its part and whole carries four more columns: `_numerator`, `_denominator`,
`_rate` (recomputed, a fraction) and `_agrees`.

The dataset specs are the declaration. This module derives each mart's columns from them and
writes, under `dbt_project/models/marts/families/`, the mart's yml (every column with its
description and, in `config.meta.kinerja`, which figure it holds) and a one-line model calling
the macro `figure_family_mart`, which renders the pivot from those declared columns. So the
columns dbt builds are exactly the ones documented, and adding a figure or a dataset is a spec
and `python -m orchestration.warehouse.family_marts` (tests/test_family_marts.py fails while the
files and the specs disagree). Nothing here runs at import."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration.submissions.catalog import FigureDataset, Ref, figure_datasets
from orchestration.warehouse.paths import REPO_ROOT

MODELS_DIR = REPO_ROOT / "dbt_project" / "models" / "marts" / "families"
SEPARATOR = "__"  # dataset__figure: dataset and figure codes themselves contain single underscores
MAX_NAME = 63  # the longest identifier Postgres keeps whole
GRAIN = ("period", "dataset", "breakdown")

# The families of the figure datasets, in the book's order, one mart each (tests check this
# list against the specs; the contracts need it when the definitions are imported).
FAMILIES = (
    "headline",
    "bab01_premarket",
    "bab01_postmarket",
    "bab02_penindakan",
    "bab03_05_standards_research",
    "bab06_communication",
    "bab07_digital",
    "bab08_regulation",
    "bab09_organisation",
    "bab10_cooperation",
    "bab11_staff",
)

PERIOD_SCOPES = {
    "ytd": "cumulative from 1 January to the end of the quarter",
    "quarter": "for the quarter alone",
    "as_at": "as at the end of the quarter",
    "month": "for the month named in breakdown",
    "unspecified": "period not stated in the book",
}
TYPES = {"count": "bigint", "amount": "double", "percent": "double", "number": "double", "text": "varchar"}


def mart_name(family: str) -> str:
    return f"mart_{family}"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    data_type: str
    dataset: str | None = None  # None: a key or lineage column, not a figure
    figure: str | None = None
    take: str | None = None  # value, text, numerator, denominator, rate, agrees

    @property
    def holds_figure(self) -> bool:
        return self.dataset is not None


def families(datasets: dict[str, FigureDataset] | None = None) -> dict[str, list[FigureDataset]]:
    """{family: its datasets}, both in the book's order."""
    out: dict[str, list[FigureDataset]] = {}
    for ds in (figure_datasets() if datasets is None else datasets).values():
        out.setdefault(ds.family, []).append(ds)
    return out


def affected_families(changed: set[str], datasets: dict[str, FigureDataset] | None = None) -> set[str]:
    """The families whose mart can change when the `changed` datasets do: their own families,
    and the family of every printed percentage a ratio rule ties to one of them. A family mart
    reads only its own datasets' figures and the ratios of their percentages."""
    datasets = figure_datasets() if datasets is None else datasets
    out = {datasets[name].family for name in changed if name in datasets}
    for ds in datasets.values():
        for rule in ds.rules:
            if rule.kind != "ratio":
                continue
            refs = [r for v in rule.refs.values() for r in (v if isinstance(v, tuple) else (v,))]
            percent = rule.refs["percent"].dataset
            if percent in datasets and any(r.dataset in changed for r in refs):
                out.add(datasets[percent].family)
    return out


def ratio_rules(datasets: dict[str, FigureDataset]) -> dict[tuple[str, str], list[tuple[str, Ref, Ref]]]:
    """{(dataset, percent figure): [(rule id, part, whole), ...]} over every declared ratio rule."""
    out: dict[tuple[str, str], list[tuple[str, Ref, Ref]]] = {}
    for ds in datasets.values():
        for rule in ds.rules:
            if rule.kind == "ratio":
                pct = rule.refs["percent"]
                out.setdefault((pct.dataset, pct.figure), []).append((rule.id, rule.refs["part"], rule.refs["whole"]))
    return out


def _rows(breakdowns: tuple[str, ...] | None) -> str:
    if breakdowns is None:
        return "one row per item listed (breakdown names the item)"
    if breakdowns == ("",):
        return "on the row with a blank breakdown"
    shown = ", ".join(b or "(blank)" for b in breakdowns)
    return f"on the rows with breakdown {shown}"


def _refs(refs: list[Ref]) -> str:
    texts = list(dict.fromkeys(f"{r.figure}[{r.breakdown}]" if r.breakdown else r.figure for r in refs))
    return ", ".join(texts[:4]) + (f" and {len(texts) - 4} more" if len(texts) > 4 else "")


KEYS = [
    Column("period", "Reporting period 'YYYY-Qn'.", "varchar"),
    Column("period_start", "First day of the period (2024-Q2 -> 2024-04-01), for time axes.", "date"),
    Column("year", "Reporting year.", "integer"),
    Column("quarter", "Reporting quarter, 1..4.", "integer"),
    Column("section", "Where the book prints the dataset (Sambutan, Highlight, BAB 1..BAB 11).", "varchar"),
    Column(
        "dataset",
        "Figure dataset the row comes from (its spec: dbt_project/models/staging/book/<dataset>.yml); "
        "only that dataset's columns are filled on the row.",
        "varchar",
    ),
    Column(
        "breakdown",
        "Category the row's figures are printed for ('' for none; several dimensions joined with ' | ').",
        "varchar",
    ),
]


LINEAGE = [
    Column("source_file", "Submitted file (and sheet) the row's figures came from.", "varchar"),
    Column(
        "first_source_row",
        "First row of that file holding one of the row's figures (header = 1); sort by it for the book's order.",
        "integer",
    ),
]


def figure_columns(ds: FigureDataset, ratios: dict) -> list[Column]:
    out = []
    for fig in ds.figures.values():
        name = f"{ds.name}{SEPARATOR}{fig.code}"
        scope = PERIOD_SCOPES.get(fig.period, fig.period)
        what = "the text as printed" if fig.kind == "text" else f"{fig.kind}, in {fig.unit}"
        out.append(
            Column(
                name,
                f"{fig.label} ({what}; {scope}). Figure {fig.code} of {ds.name}, {ds.section}, "
                f"{_rows(fig.breakdowns)}.",
                TYPES[fig.kind],
                ds.name,
                fig.code,
                "text" if fig.kind == "text" else "value",
            )
        )
        rules = ratios.get((ds.name, fig.code))
        if not rules:
            continue
        ids = ", ".join(r[0] for r in rules)
        parts, wholes = _refs([r[1] for r in rules]), _refs([r[2] for r in rules])
        out += [
            Column(
                f"{name}_numerator",
                f"Numerator of {name}: the part its ratio rule divides ({parts}; rule {ids}).",
                "double",
                ds.name,
                fig.code,
                "numerator",
            ),
            Column(
                f"{name}_denominator",
                f"Denominator of {name}: the whole its ratio rule divides by ({wholes}; rule {ids}).",
                "double",
                ds.name,
                fig.code,
                "denominator",
            ),
            Column(
                f"{name}_rate",
                f"{name}_numerator / {name}_denominator, recomputed, as a fraction (the printed {name} is in "
                "persen); NULL when the denominator is 0. Over several rows use sum(numerator) / sum(denominator), "
                "never the average of rates.",
                "double",
                ds.name,
                fig.code,
                "rate",
            ),
            Column(
                f"{name}_agrees",
                f"Whether the printed {name} equals the recomputed rate at the printed precision (false: a finding "
                "in mart_consistency_findings).",
                "boolean",
                ds.name,
                fig.code,
                "agrees",
            ),
        ]
    return out


def columns(family: str, datasets: dict[str, FigureDataset] | None = None) -> list[Column]:
    """Every column of a family mart, in order: keys, each dataset's figures (in spec order, a
    percentage's rate columns beside it), lineage."""
    datasets = figure_datasets() if datasets is None else datasets
    members = families(datasets)[family]
    ratios = ratio_rules(datasets)
    figures = [c for ds in members for c in figure_columns(ds, ratios)]
    return [*KEYS, *figures, *LINEAGE]


def _description(family: str, members: list[FigureDataset]) -> str:
    sections = ", ".join(dict.fromkeys(ds.section for ds in members))
    names = ", ".join(ds.name for ds in members)
    return (
        f"The figures of the {family} family ({sections}: {names}), one row per period x dataset x breakdown "
        "and a column per declared figure, named dataset__figure; a column is filled only on its dataset's rows, "
        "and NULL where the figure is not printed for that breakdown or printed as '-'. Printed percentages tied "
        "by a ratio rule have their _numerator, _denominator, recomputed _rate (a fraction) and _agrees beside "
        "them. The same figures, one per row with label and unit, are in mart_book_figures. Generated from the "
        "dataset specs by orchestration/warehouse/family_marts.py."
    )


def render_yml(family: str, datasets: dict[str, FigureDataset] | None = None) -> str:
    datasets = figure_datasets() if datasets is None else datasets
    cols = []
    for c in columns(family, datasets):
        entry: dict = {"name": c.name, "description": c.description, "data_type": c.data_type}
        if c.holds_figure:
            entry["config"] = {"meta": {"kinerja": {"dataset": c.dataset, "figure": c.figure, "take": c.take}}}
        cols.append(entry)
    model = {
        "name": mart_name(family),
        "description": _description(family, families(datasets)[family]),
        # one node for the grain and the keys (see tests/generic/grain.sql); the pandera contract
        # checks the rest (datasets of the family, rates, signs)
        "data_tests": [{"grain": {"arguments": {"columns": list(GRAIN), "also_not_null": ["year", "quarter"]}}}],
        "columns": cols,
    }
    header = "# Generated by orchestration/warehouse/family_marts.py from the dataset specs: do not edit.\n"
    return header + yaml.safe_dump({"version": 2, "models": [model]}, sort_keys=False, allow_unicode=True, width=120)


def render_sql(family: str) -> str:
    return (
        f"-- The {family} family's figures, wide: the columns are declared in {mart_name(family)}.yml\n"
        "-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).\n"
        f"{{{{ figure_family_mart('{family}') }}}}\n"
    )


def rendered(datasets: dict[str, FigureDataset] | None = None) -> dict[Path, str]:
    """{path: text} of every generated file."""
    datasets = figure_datasets() if datasets is None else datasets
    out = {}
    for family in families(datasets):
        out[MODELS_DIR / f"{mart_name(family)}.yml"] = render_yml(family, datasets)
        out[MODELS_DIR / f"{mart_name(family)}.sql"] = render_sql(family)
    return out


def out_of_date(models_dir: Path = MODELS_DIR) -> list[str]:
    """The generated files that differ from the specs, are missing or are left over."""
    want = {p.name: text for p, text in rendered().items()}
    have = {p.name for p in models_dir.glob("*") if p.is_file()}
    problems = [f"{n}: missing" for n in sorted(set(want) - have)]
    problems += [f"{n}: not generated from a spec (left over?)" for n in sorted(have - set(want))]
    problems += [
        f"{n}: differs from the specs" for n in sorted(set(want) & have) if (models_dir / n).read_text() != want[n]
    ]
    return problems


def write(models_dir: Path = MODELS_DIR) -> list[Path]:
    models_dir.mkdir(parents=True, exist_ok=True)
    files = rendered()
    for stale in set(models_dir.glob("*")) - {models_dir / p.name for p in files}:
        stale.unlink()
    written = []
    for path, text in files.items():
        target = models_dir / path.name
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the family marts' models and docs from the dataset specs.")
    parser.add_argument("--check", action="store_true", help="only say whether the files are up to date")
    args = parser.parse_args(argv)
    if args.check:
        problems = out_of_date()
        for p in problems:
            print(p)
        return 1 if problems else 0
    for path in write():
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
