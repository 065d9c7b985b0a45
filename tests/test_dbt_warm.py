"""The dbt process started ahead of the dbt step: it imports dbt, takes the command line
dagster-dbt would have run, runs it with dbt's exit codes, and leaves at once when not needed."""

import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

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
    resource._warm = dbt_warm.Started(echo, tmp_path / "parsed-here")
    invocation = resource.cli(["build", "--select", "x"], raise_on_error=False)
    assert invocation.process is echo and resource._warm is None
    # dbt builds in the target folder the started process parsed into
    assert invocation.target_path == tmp_path / "parsed-here"
    handed = json.loads(echo.stdout.readline())
    assert handed["kind"] == "build" and handed["args"][0] == "build" and "x" in handed["args"]
    assert handed["env"]["DBT_TARGET_PATH"] == str(tmp_path / "parsed-here")
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


@pytest.mark.slow  # a real dbt build on the refreshed baseline
def test_a_build_through_it_leaves_the_working_database_checkpointed(published_baseline, tmp_path):
    """dbt closes the working database on its way out, as the dbt command line does: no
    write-ahead log is left behind, so a copy of the file alone holds the whole build."""

    from orchestration.warehouse.dbt_project import PROFILES_DIR

    db = tmp_path / "working.duckdb"
    shutil.copyfile(published_baseline.working_db, db)

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


def test_what_parsing_depends_on_leaves_out_the_command_and_the_selection():
    env = {"DBT_TARGET_PATH": "/t", "KINERJA_WORKING_DB": "/w.duckdb", "HOME": "/root", "DBT_LOG_FORMAT": "json"}
    build = {"args": ["build", "--fail-fast", "--select", "a b", "--exclude=c"], "env": env, "cwd": "/p"}
    parse = {"args": ["parse"], "env": {**env, "HOME": "/elsewhere", "DBT_LOG_FORMAT": "text"}, "cwd": "/p"}
    assert dbt_warm.parse_inputs(build) == dbt_warm.parse_inputs(parse)
    assert dbt_warm.parse_inputs(build)["env"] == {"DBT_TARGET_PATH": "/t", "KINERJA_WORKING_DB": "/w.duckdb"}
    # what dbt parses with: another target, other vars, another database, another folder
    for changed, named in (
        ({**build, "args": ["build", "--target", "postgres"]}, "flags"),
        ({**build, "args": ["build", "--vars", "{q: 1}"]}, "flags"),
        ({**build, "env": {**env, "KINERJA_WORKING_DB": "/other.duckdb"}}, "KINERJA_WORKING_DB"),
        ({**build, "env": {**env, "DBT_PROFILES_DIR": "/profiles"}}, "DBT_PROFILES_DIR"),
        ({**build, "cwd": "/copy"}, "cwd"),
    ):
        assert dbt_warm.parse_inputs(changed) != dbt_warm.parse_inputs(parse)
        assert dbt_warm.differences(dbt_warm.parse_inputs(parse), dbt_warm.parse_inputs(changed)) == [named]


@pytest.mark.slow  # a real dbt build on the refreshed baseline
def test_it_builds_on_the_manifest_it_parsed_ahead_only_when_nothing_parsed_has_changed(
    published_baseline, tmp_path, monkeypatch
):

    db = tmp_path / "working.duckdb"
    shutil.copyfile(published_baseline.working_db, db)
    monkeypatch.setenv("KINERJA_WORKING_DB", str(db))
    monkeypatch.delenv("KINERJA_ENGINE", raising=False)
    for database, expected in (
        (db, "build on the manifest parsed ahead"),
        (tmp_path / "other.duckdb", "changed: KINERJA_WORKING_DB"),
    ):
        if database != db:
            shutil.copyfile(db, database)
        started = dbt_warm.start()
        try:
            job = {
                "kind": "build",
                "args": ["run", "--select", "mart_perkara_funnel"],
                "env": {
                    **dbt_warm.dagster_dbt_env(dict(os.environ), started.target_path, str(REPO_ROOT), None),
                    "KINERJA_WORKING_DB": str(database),
                    "DBT_PROFILES_DIR": str(REPO_ROOT / "profiles"),
                },
                "cwd": str(REPO_ROOT),
            }
            out, _ = started.process.communicate((json.dumps(job) + "\n").encode(), timeout=300)
            assert started.process.returncode == 0, out[-2000:]
            # the build's own log is all the stream holds: the parse ahead was quiet
            assert out.count(b"Running with dbt") == 1, out[:2000]
            said = dbt_warm.outcome(started.target_path)
            assert said[0].startswith("parsed ahead in") and expected in said[1], said
            with duckdb.connect(str(database), read_only=True) as con:
                assert con.execute("select count(*) from marts.mart_perkara_funnel").fetchone()[0] > 0
        finally:
            shutil.rmtree(started.target_path, ignore_errors=True)


@pytest.mark.slow  # a real dbt build on the refreshed baseline
def test_a_run_started_outside_the_command_line_parses_ahead_too(published_baseline):
    """The baseline refresh ran the job through the runner (as the UI and the schedule do): its
    dbt resource started the process when the run started, and dbt built on its parse."""
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(published_baseline.root / "dagster_home")) as instance:
        run = instance.get_runs()[-1]  # the baseline refresh, the first run there
        said = [r.user_message for r in instance.all_logs(run.run_id) if "started ahead" in (r.user_message or "")]
    assert len(said) == 2 and said[0].startswith("dbt process started ahead: parsed ahead in"), said
    assert said[1] == "dbt process started ahead: build on the manifest parsed ahead", said


def test_the_process_started_ahead_is_taken_once_and_only_while_alive(monkeypatch):
    class Process:
        def __init__(self, code):
            self.code = code

        def poll(self):
            return self.code

    monkeypatch.setattr(dbt_warm, "start", lambda: dbt_warm.Started(Process(None), REPO_ROOT / "target" / "x"))
    dbt_warm.start_ahead()
    assert dbt_warm.take_ahead().target_path.name == "x"
    assert dbt_warm.take_ahead() is None
    monkeypatch.setattr(dbt_warm, "start", lambda: dbt_warm.Started(Process(2), REPO_ROOT / "target" / "y"))
    dbt_warm.start_ahead()
    assert dbt_warm.take_ahead() is None  # it died: the run starts its own
