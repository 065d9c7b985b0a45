"""The pre-check and the refresh refuse the same submission with the same message (file, row,
column, value, rule); and a dbt test that fails (here, with the Python row rules switched off to
let the data through) still stops the publication: the served marts stay as they were."""

import pytest
from conftest import SHIPPED_QUARTER, copy_quarter, edit_csv, kinerja_env, served_state
from dagster import DagsterInstance

from orchestration.runtime.cli import main
from orchestration.runtime.runner import refresh

pytestmark = pytest.mark.slow


def test_a_failing_dbt_test_blocks_publication(published_baseline, tmp_path, capsys, monkeypatch):
    with kinerja_env(tmp_path):
        published_baseline.install(tmp_path / "data")
        folder = copy_quarter(tmp_path / "submissions")
        # BAB 12 Pusat pagu one million higher: its printed 45,10% still matches, so each file
        # is valid alone (pandera passes), but the 30 Pusat units no longer add up to it.
        edit_csv(folder / "budget_summary.csv", 2, "pagu", "852.097.226.000")
        assert main(["check", str(folder)]) == 1
        said = capsys.readouterr().out
        assert (
            "budget_summary.csv, row 2, column 'pagu': value '852.097.226.000': must equal the sum of the Pusat rows"
            in said
        )
        assert "852.096.226.000" in said

        with DagsterInstance.ephemeral() as instance:
            refused = refresh([SHIPPED_QUARTER], instance=instance)
            run = instance.get_run_by_id(refused[0].run_id)
        out = capsys.readouterr().out
        # the run carries the job as the UI loads it: re-executing it there needs no other snapshot
        from orchestration.runtime.runner import refresh_job

        assert run.job_snapshot_id == refresh_job().get_job_snapshot_id()
        assert [o.success for o in refused] == [False]
        # the refresh names the file and row, as the check did, before dbt runs
        assert "must equal the sum of the Pusat rows" in out and "row 5" in out, out
        assert "start   kinerja_dbt_assets" not in out, out

        from orchestration.submissions import check

        monkeypatch.setattr(check, "row_rules", lambda *args: [])
        monkeypatch.setattr(check, "budget_reconciliation", lambda *args: [])
        check._VERDICTS.clear()  # verdicts are remembered per unchanged folder
        with DagsterInstance.ephemeral() as instance:
            outcomes = refresh([SHIPPED_QUARTER], instance=instance)
        out = capsys.readouterr().out

    assert [o.success for o in outcomes] == [False]
    # dbt stops at the first failing test (--fail-fast): one of the two BAB 12 reconciliations
    assert (
        "assert_budget_units_reconcile_with_bab12" in out or "assert_budget_summary_components_sum_to_total" in out
    ), out
    assert "served__warehouse" not in out  # the publish step never started
    served = tmp_path / "data" / "warehouse.duckdb"
    assert served_state(served) == (published_baseline.publication, published_baseline.digest)
