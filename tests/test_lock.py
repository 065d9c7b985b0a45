"""One refresh at a time: the writer lock refuses a second one at once, naming the first."""

import pytest

from orchestration.warehouse.lock import WarehouseBusy, holder, writer_lock


def test_a_second_refresh_is_refused_naming_the_first(tmp_path):
    with writer_lock(tmp_path, "kinerja refresh 2024-Q2") as me:
        assert holder(tmp_path)["pid"] == me["pid"]
        with pytest.raises(WarehouseBusy, match=f"PID {me['pid']}"), writer_lock(tmp_path, "another"):
            pass
    with writer_lock(tmp_path, "after"):  # released
        pass


def test_a_database_held_by_another_process_is_refused_naming_it(tmp_path):
    import subprocess
    import sys
    import time

    from orchestration.warehouse.database import DatabaseInUse, open_database

    db = tmp_path / "working.duckdb"
    holder_proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder_proc.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseInUse, match=f"locked by PID {holder_proc.pid}"):
            open_database(db)
    finally:
        holder_proc.kill()
        holder_proc.wait()
    time.sleep(0.1)
    open_database(db).close()


def test_a_full_disk_while_publishing_says_so_and_leaves_no_partial_file(tmp_path, monkeypatch):
    import duckdb

    from orchestration.publishing import publish as pub

    working = tmp_path / "working.duckdb"
    con = duckdb.connect(str(working))
    con.execute(
        "CREATE SCHEMA raw; CREATE TABLE raw.submission_files (period VARCHAR, dataset VARCHAR, "
        "source_file VARCHAR, sha256 VARCHAR, row_count INTEGER, loaded_at TIMESTAMP, synthetic BOOLEAN)"
    )
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.m AS SELECT 1 AS x")
    con.close()
    served = tmp_path / "served" / "warehouse.duckdb"

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pub, "copy_comments", full)
    with pytest.raises(pub.PublishError, match=f"no space left on {served.parent}"):
        pub.publish(working, served)
    assert list(served.parent.iterdir()) == []
