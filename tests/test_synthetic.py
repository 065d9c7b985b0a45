"""The synthetic-history generator: seeded, valid against every check, marked, and kept out of
submissions/. One generated quarter pair also goes through the real refresh."""

import filecmp
import sys

import pytest
from conftest import REPO
from pipeline import environment, query, run_refresh

sys.path.insert(0, str(REPO))
from bench.synthetic import generate, self_check

pytestmark = pytest.mark.slow


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = generate(tmp_path / "a", years=[2023], quarters=[1, 2], seed=7)
    b = generate(tmp_path / "b", years=[2023], quarters=[1, 2], seed=7)
    c = generate(tmp_path / "c", years=[2023], quarters=[1, 2], seed=8)
    names = ["sampling.csv", "budget_units.csv", "rkp_indicators.csv"]
    assert all(filecmp.cmp(x / n, y / n, shallow=False) for x, y in zip(a, b) for n in names)
    assert not all(filecmp.cmp(x / n, y / n, shallow=False) for x, y in zip(a, c) for n in names)


def test_generated_quarters_pass_every_check_and_are_marked(tmp_path):
    folders = generate(tmp_path, years=[2022, 2023], quarters=[1, 2, 3, 4], scale=2)
    assert [f.name for f in folders][:2] == ["2022-Q1", "2022-Q2"] and len(folders) == 8
    assert self_check(folders) == []
    assert all((f / "_synthetic.json").exists() for f in folders)
    assert "SYNTHETIC" in (folders[0] / "budget_units.csv").read_text()


def test_generated_quarters_hold_every_figure_dataset_cumulative_within_the_year(tmp_path):
    import csv

    from orchestration.submissions.catalog import figure_datasets

    q1, q2 = generate(tmp_path, years=[2023], quarters=[1, 2], seed=11)
    for name in figure_datasets():
        assert (q1 / f"{name}.csv").exists(), name
    read = lambda f: {
        (r["figure"], r["breakdown"]): r["value"] for r in csv.DictReader((f / "registrations.csv").open())
    }
    a, b = read(q1), read(q2)
    as_int = lambda v: int(v.replace(".", ""))
    assert all(as_int(b[k]) > as_int(a[k]) for k in a)  # registrations are year-to-date counts


def test_refuses_to_write_into_submissions():
    with pytest.raises(SystemExit, match="refusing"):
        generate(REPO / "submissions" / "synthetic", years=[2023], quarters=[1])


def test_synthetic_quarters_refresh_and_are_flagged_in_the_publication(tmp_path):
    with environment(tmp_path):
        generate(tmp_path / "submissions", years=[2024], quarters=[1, 2])
        outcomes, _ = run_refresh(["2024-Q1", "2024-Q2"])
    assert [o.success for o in outcomes] == [True]
    served = tmp_path / "data" / "warehouse.duckdb"
    assert query(served, "select contains_synthetic_data from meta.publication") == [(True,)]
    assert query(served, "select bool_and(synthetic) from meta.publication_sources") == [(True,)]
    # Q2 minus Q1: the quarter's own increment exists for every synthetic commodity row.
    rows = query(
        served,
        "select count(*) from marts.mart_sampling_tms_rates where period = '2024-Q2' and sampled_in_quarter >= 0",
    )
    assert rows == [(13,)]
