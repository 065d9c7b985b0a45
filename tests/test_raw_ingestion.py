"""Materialise the raw assets of 2024-Q2 for real into a temporary directory and query them."""

import duckdb
import pytest
from conftest import copy_quarter, csv_to_xlsx
from dagster import DagsterInstance, materialize

from orchestration.defs.ingest import raw_assets
from orchestration.defs.resources import WarehouseResource

TABLES = ["sampling", "perkara", "budget_units", "budget_summary", "rkp_indicators"]


def load(workspace, quarter="2024-Q2", instance=None):
    result = materialize(
        raw_assets,
        partition_key=quarter,
        resources={"warehouse": WarehouseResource()},
        instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    return result


def query(workspace, sql):
    con = duckdb.connect(str(workspace / "data" / "working.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(workspace):
    return {t: query(workspace, f"select * exclude (source_file) from raw.{t} order by all") for t in TABLES}


@pytest.fixture
def loaded(workspace):
    copy_quarter(workspace / "submissions")
    assert load(workspace).success
    return workspace


def test_row_counts_and_book_totals(loaded):
    counts = {t: query(loaded, f"select count(*) from raw.{t}")[0][0] for t in TABLES}
    assert counts == {"sampling": 13, "perkara": 6, "budget_units": 103, "budget_summary": 8, "rkp_indicators": 460}
    sampled = dict(query(loaded, "select metode_sampling, sum(jumlah_sampling) from raw.sampling group by 1"))
    assert sampled == {"Tageted": 10995, "Random": 34342}
    assert query(loaded, "select sum(jumlah_perkara) from raw.perkara") == [(138,)]


def test_budget_units_add_up_to_the_bab12_group_totals(loaded):
    rows = query(
        loaded,
        """
        with units as (
            select kelompok, sum(pagu) as pagu, sum(realisasi) as realisasi from raw.budget_units group by 1),
        book as (
            select replace(kategori, '/ ', '/') as kelompok, pagu, realisasi from raw.budget_summary
            where tabel = 'kelompok' and kategori <> 'Total')
        select book.kelompok, book.pagu = units.pagu, book.realisasi = units.realisasi
        from book join units using (kelompok) order by 1""",
    )
    assert rows == [("Balai Besar/Balai POM", True, True), ("Loka POM", True, True), ("Pusat", True, True)]
    assert query(loaded, "select sum(pagu), sum(realisasi) from raw.budget_units") == [(2354321946000, 1034778306396)]


def test_status_cells_are_kept_as_data(loaded):
    statuses = dict(
        query(
            loaded,
            "select coalesce(capaian_text, realisasi_text), count(*) from raw.rkp_indicators "
            "where realisasi is null group by 1",
        )
    )
    assert statuses["Akhir Tahun"] == 221
    assert statuses["Dimulai TW III"] == 1
    assert sorted(k for k in statuses if k.startswith("Progress")) == [
        "Progress 44,95%",
        "Progress 49,43%",
        "Progress 57,24%",
    ]
    assert query(loaded, "select count(*) from raw.rkp_indicators where realisasi is not null") == [(235,)]


def test_materialisation_records_where_rows_came_from(loaded):
    instance = DagsterInstance.ephemeral()
    result = load(loaded, instance=instance)
    mats = {m.asset_key.path[-1]: m for m in result.get_asset_materialization_events()}
    meta = mats["sampling"].materialization.metadata
    assert meta["dagster/row_count"].value == 13
    assert meta["source_file"].value == "sampling.csv"
    assert len(meta["sha256"].value) == 64
    assert "jumlah_sampling" in [c.name for c in meta["dagster/column_schema"].schema.columns]


def test_a_second_run_changes_nothing(loaded):
    before = snapshot(loaded)
    assert load(loaded).success
    assert snapshot(loaded) == before


def test_a_failing_quarter_writes_nothing_and_reports_the_check(loaded):
    before = snapshot(loaded)
    sampling = loaded / "submissions" / "2024-Q2" / "sampling.csv"
    sampling.write_text(sampling.read_text().replace("Kuasi,Tageted,137", "Kuasi,Tageted,13a"))
    result = load(loaded)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.asset_key.path for e in failed] == [["raw", "sampling"]]
    assert "13a" in failed[0].metadata["failures"].value
    assert (
        "| 2024-Q2/sampling.csv | 4 | jumlah_sampling | 13a |" in failed[0].metadata["failures"].value
    )  # the folder to open
    assert snapshot(loaded) == before


def test_csv_and_xlsx_load_identical_tables(workspace):
    csv_folder = copy_quarter(workspace / "submissions")
    assert load(workspace).success
    from_csv = snapshot(workspace)
    csv_to_xlsx(csv_folder, csv_folder / "2024-Q2.xlsx")
    assert load(workspace).success
    assert snapshot(workspace) == from_csv
    assert query(workspace, "select distinct source_file from raw.perkara") == [("2024-Q2.xlsx[perkara]",)]


def test_xlsx_with_numbers_typed_as_numbers(workspace):
    """Excel stores what a clerk types as numbers: 1800, 0.6153 formatted as %, are read as such."""
    from openpyxl import load_workbook

    folder = copy_quarter(workspace / "submissions")
    assert load(workspace).success
    from_csv = snapshot(workspace)
    csv_to_xlsx(folder, folder / "2024-Q2.xlsx")
    wb = load_workbook(folder / "2024-Q2.xlsx")
    ws = wb["sampling"]
    ws["C2"] = 1800  # jumlah_sampling of Obat Targeted, "1.800" as text before
    ws = wb["budget_units"]
    ws["H2"] = 0.6153
    ws["H2"].number_format = "0.00%"
    wb.save(folder / "2024-Q2.xlsx")
    assert load(workspace).success
    assert snapshot(workspace) == from_csv


def test_a_quarter_is_loaded_whole_or_not_at_all(loaded):
    """A corrected perkara file next to a broken sampling file: neither is loaded."""
    from conftest import edit_csv

    before = snapshot(loaded)
    folder = loaded / "submissions" / "2024-Q2"
    edit_csv(folder / "perkara.csv", 2, "jumlah_perkara", "48")
    edit_csv(folder / "sampling.csv", 4, "tms", "tiga")
    result = load(loaded)
    assert not result.success
    checks = {e.asset_key.path[-1]: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["sampling"] is False and checks["perkara"] is True
    assert snapshot(loaded) == before
    failure = next(e for e in result.all_events if e.is_step_failure and "perkara" in e.step_key)
    assert "tiga" in failure.step_failure_data.error.message
