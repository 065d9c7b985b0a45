"""The family marts (marts.mart_<family>): generated from the dataset specs and in sync with them,
each with its pandera contract; built for real (the session's published baseline), every figure
of mart_book_figures is in its family mart exactly once with the same value, and the rate
columns are the ratio rules' numerator / denominator."""

import math

import duckdb
import pandas as pd
import pytest

from orchestration.submissions.catalog import figure_datasets
from orchestration.warehouse import family_marts
from orchestration.warehouse.contracts import MART_SCHEMAS, failures

FAMILIES = family_marts.FAMILIES
QUARTER = "2024-Q2"


def test_the_generated_models_and_docs_are_in_sync_with_the_specs():
    assert family_marts.out_of_date() == [], "run: .venv/bin/python -m orchestration.warehouse.family_marts"


def test_one_mart_per_family_of_the_specs_each_with_a_contract():
    assert tuple(family_marts.families()) == FAMILIES
    assert {family_marts.mart_name(f) for f in FAMILIES} <= set(MART_SCHEMAS)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_declared_figure_has_one_column_with_a_name_postgres_keeps(family):
    cols = family_marts.columns(family)
    names = [c.name for c in cols]
    assert len(names) == len(set(names))
    assert max(map(len, names)) <= family_marts.MAX_NAME
    assert all(c.description for c in cols)
    held = [(c.dataset, c.figure) for c in cols if c.take in ("value", "text")]
    declared = [(ds.name, f) for ds in family_marts.families()[family] for f in ds.figures]
    assert held == declared
    rated = {(c.dataset, c.figure) for c in cols if c.take == "rate"}
    assert rated == {k for k in family_marts.ratio_rules(figure_datasets()) if k in set(declared)}
    for dataset, figure in rated:
        base = f"{dataset}__{figure}"
        assert names.index(base) + 4 == names.index(f"{base}_agrees")


def _frame(**cells) -> pd.DataFrame:
    """One row of mart_bab01_premarket: an ad_pre_approval row with the given cells."""
    row = {c.name: None for c in family_marts.columns("bab01_premarket")}
    row.update(period="2024-Q2", year=2024, quarter=2, section="BAB 1", dataset="ad_pre_approval", breakdown="")
    row.update(source_file="ad_pre_approval.csv", first_source_row=2)
    row.update(cells)
    frame = pd.DataFrame([row])
    return frame.astype({"year": "int32", "quarter": "int32"})


GOOD = {
    "ad_pre_approval__applications": 100,
    "ad_pre_approval__approvals": 72,
    "ad_pre_approval__approvals_pct": 72.0,
    "ad_pre_approval__approvals_pct_numerator": 72.0,
    "ad_pre_approval__approvals_pct_denominator": 100.0,
    "ad_pre_approval__approvals_pct_rate": 0.72,
    "ad_pre_approval__approvals_pct_agrees": True,
}


@pytest.mark.parametrize(
    "change, broken",
    [
        ({}, None),
        ({"ad_pre_approval__approvals_pct_rate": 0.5}, "must equal its _numerator / _denominator"),
        ({"registrations__decisions": 3}, "only on its own dataset's rows"),
        ({"dataset": "staff"}, "belong to a dataset of the family"),
        ({"ad_pre_approval__applications": -1}, "never negative"),
    ],
)
def test_the_contract_refuses_a_family_mart_that_breaks_its_promise(change, broken):
    cases = failures("mart_bab01_premarket", _frame(**{**GOOD, **change}))
    if broken is None:
        assert cases is None
    else:
        assert cases is not None and any(broken in c for c in cases["check"].astype(str)), cases


def test_the_contract_refuses_columns_the_specs_do_not_declare():
    cases = failures("mart_bab01_premarket", _frame(**GOOD).drop(columns=["registrations__decisions"]))
    assert cases is not None and any("the dataset specs declare" in c for c in cases["check"].astype(str))


# ---------------------------------------------------------------------------------------------
# Built for real: the shipped quarter refreshed and published once per session.


@pytest.fixture(scope="module")
def served(published_baseline):
    con = duckdb.connect(str(published_baseline.served_db), read_only=True)
    yield con
    con.close()


def _wide(con, family) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM marts.{family_marts.mart_name(family)} WHERE period = ?", [QUARTER]).df()


def _same(a, b) -> bool:
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    return a == b if isinstance(b, str) else math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_every_figure_of_the_book_is_in_its_family_mart_once_with_the_same_value(served, family):
    names = set(figure_datasets())
    book = [
        r
        for r in served.execute(
            """SELECT dataset, figure, breakdown, kind, value, value_text FROM marts.mart_book_figures
               WHERE period = ? AND family = ?""",
            [QUARTER, family],
        ).fetchall()
        if r[0] in names  # the core tables (Tabel 1-2, perkara) have marts of their own
    ]
    assert book, f"no figures of {family} in mart_book_figures"
    wide = _wide(served, family)
    keyed = wide.set_index(["dataset", "breakdown"])
    assert keyed.index.is_unique
    assert set(keyed.index) == {(d, b) for d, _, b, *_ in book}
    wrong = []
    for dataset, figure, breakdown, kind, value, text in book:
        cell = keyed.at[(dataset, breakdown), f"{dataset}__{figure}"]
        if not _same(cell, text if kind == "text" else value):
            wrong.append((dataset, figure, breakdown, cell, text if kind == "text" else value))
    assert wrong == []
    held = [c.name for c in family_marts.columns(family) if c.take in ("value", "text")]
    filled = int(wide[held].notna().sum().sum())
    assert filled == sum(1 for _, _, _, kind, value, text in book if (text if kind == "text" else value) is not None)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_rate_columns_are_the_ratio_rules_numerator_over_denominator(served, family):
    rules = {
        subject: (num, den, rate, agrees)
        for subject, num, den, rate, agrees in served.execute(
            "SELECT subject, numerator, denominator, rate, printed_rate_agrees FROM marts.mart_figure_rates "
            "WHERE period = ?",
            [QUARTER],
        ).fetchall()
    }
    wide = _wide(served, family)
    seen = 0
    for c in family_marts.columns(family):
        if c.take != "rate":
            continue
        base = c.name.removesuffix("_rate")
        for _, row in wide[wide["dataset"] == c.dataset].iterrows():
            subject = f"{c.dataset}.{c.figure}" + (f"[{row['breakdown']}]" if row["breakdown"] else "")
            got = (row[f"{base}_numerator"], row[f"{base}_denominator"], row[c.name], row[f"{base}_agrees"])
            if subject not in rules:
                assert all(pd.isna(v) for v in got), (subject, got)
                continue
            seen += 1
            assert all(_same(a, b) for a, b in zip(got, rules[subject], strict=True)), (subject, got, rules[subject])
            if got[1]:
                assert math.isclose(got[2], got[0] / got[1], abs_tol=1e-12)
    rated = {(c.dataset, c.figure) for c in family_marts.columns(family) if c.take == "rate"}
    assert seen == sum(1 for s in rules if tuple(s.split("[", 1)[0].split(".", 1)) in rated)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_the_published_mart_has_the_documented_columns_and_keeps_its_contract(served, family):
    name = family_marts.mart_name(family)
    documented = {c.name: c.description for c in family_marts.columns(family)}
    published = served.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts' AND table_name = ? "
        "ORDER BY column_index",
        [name],
    ).fetchall()
    assert [n for n, _ in published] == list(documented)
    assert all(comment == documented[n] for n, comment in published)
    frame = served.execute(f"SELECT * FROM marts.{name}").df()
    assert failures(name, frame) is None


def test_a_dataset_changes_its_own_family_mart_and_that_of_a_percentage_a_ratio_ties_to_it():
    from dataclasses import replace

    from orchestration.submissions.catalog import Ref, Rule, figure_datasets
    from orchestration.warehouse.family_marts import affected_families

    specs = figure_datasets()
    assert affected_families({"staff"}, specs) == {specs["staff"].family}
    assert affected_families({"sampling"}, specs) == set()  # a core table: no family mart
    # a headline percentage whose part is a staff figure: staff changes the headline family too
    pct = Ref("headline_figures", "persen", "")
    rule = Rule(
        "x",
        "headline_figures",
        "ratio",
        "warning",
        "",
        {"percent": pct, "part": Ref("staff", "pegawai", ""), "whole": pct},
    )
    crossed = {**specs, "headline_figures": replace(specs["headline_figures"], rules=(rule,))}
    assert affected_families({"staff"}, crossed) == {specs["staff"].family, specs["headline_figures"].family}
