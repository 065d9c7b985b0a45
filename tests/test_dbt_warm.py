"""The dbt process started ahead of the dbt step: it imports dbt, takes the command line
dagster-dbt would have run, runs it with dbt's exit codes, and leaves at once when not needed."""

import json
import subprocess
import sys
import time

from orchestration import private_api
from orchestration.warehouse import dbt_warm
from orchestration.warehouse.paths import REPO_ROOT


def start():
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.warehouse.dbt_warm"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=REPO_ROOT,
    )


def test_it_runs_the_handed_command_line_in_the_handed_folder_and_environment(tmp_path):
    warm = start()
    job = {"args": ["--version"], "env": {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, "cwd": str(tmp_path)}
    out, _ = warm.communicate((json.dumps(job) + "\n").encode(), timeout=120)
    assert warm.returncode == 0, out
    assert b"Core:" in out or b"installed" in out.lower(), out


def test_it_leaves_at_once_when_the_refresh_does_not_need_it():
    warm = start()
    warm.stdin.close()
    assert warm.wait(timeout=60) == 0


def test_dbts_exit_codes():
    class Result:
        def __init__(self, success, exception=None):
            self.success, self.exception = success, exception

    assert dbt_warm.exit_code(Result(True)) == 0
    assert dbt_warm.exit_code(Result(False)) == 1  # a model or test failed
    assert dbt_warm.exit_code(Result(False, RuntimeError("boom"))) == 2


def test_the_resource_hands_dbts_command_line_to_the_started_process_once(tmp_path, monkeypatch):
    from orchestration.warehouse.dbt_project import dbt_executable

    resource = private_api.FastDbtCliResource(project_dir=str(REPO_ROOT), dbt_executable=dbt_executable())
    echo = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.readline())"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    resource._warm = echo
    invocation = resource.cli(["build", "--select", "x"], raise_on_error=False, target_path=tmp_path / "t")
    assert invocation.process is echo and resource._warm is None
    handed = json.loads(echo.stdout.readline())
    assert handed["args"][0] == "build" and "x" in handed["args"]
    assert handed["cwd"] == str(REPO_ROOT) and handed["env"]["DBT_LOG_FORMAT"] == "json"
    assert subprocess.Popen is private_api.subprocess.Popen and "hand_over" not in repr(subprocess.Popen)
    echo.wait(timeout=10)
    # no started process left (used, or gone): dbt is started the usual way
    resource._warm = None
    started = []
    monkeypatch.setattr(private_api.DbtCliResource, "cli", lambda self, args, **kw: started.append(args) or "usual")
    assert resource.cli(["build"]) == "usual" and started == [["build"]]


def test_a_refresh_killed_before_dbt_takes_the_started_process_with_it():
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; "
            "p = subprocess.Popen([sys.executable, '-m', 'orchestration.warehouse.dbt_warm'], stdin=subprocess.PIPE); "
            "print(p.pid, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        cwd=REPO_ROOT,
    )
    child = int(parent.stdout.readline())
    time.sleep(0.5)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{child}/stat") as fh:
                if fh.read().split()[2] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"the started dbt process {child} outlived the refresh")


def test_a_build_through_it_leaves_the_working_database_checkpointed(published_baseline, tmp_path):
    """dbt closes the working database on its way out, as the dbt command line does: no
    write-ahead log is left behind, so a copy of the file alone holds the whole build."""
    import shutil

    from orchestration.warehouse.dbt_project import PROFILES_DIR

    db = tmp_path / "working.duckdb"
    shutil.copyfile(published_baseline.working_db, db)
    import os

    env = {**os.environ, "KINERJA_WORKING_DB": str(db), "DBT_TARGET_PATH": str(tmp_path / "target")}
    args = [
        "run",
        "--select",
        "mart_perkara_funnel",
        "--profiles-dir",
        str(PROFILES_DIR),
        "--target-path",
        str(tmp_path / "target"),
    ]
    warm = start()
    out, _ = warm.communicate(
        (json.dumps({"args": args, "env": env, "cwd": str(REPO_ROOT)}) + "\n").encode(), timeout=300
    )
    assert warm.returncode == 0, out[-2000:]
    assert not (tmp_path / "working.duckdb.wal").exists()
