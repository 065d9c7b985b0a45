"""Faults around publishing: a refresh killed with SIGKILL while dbt writes or while the new
served file is being written leaves the served file as it was, and the next refresh recovers
on its own; the same quarter twice gives the same marts; a BI reader polling the served file
during a refresh always sees one whole publication, the old or the new.

The module works in one directory: the baseline installed, then two killed refreshes
(subprocesses of `kinerja refresh`), then one refresh in process with a reader running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import SHIPPED_QUARTER, copy_quarter, kinerja_env, leftovers, served_publication, served_state

pytestmark = pytest.mark.slow

KINERJA = Path(sys.executable).with_name("kinerja")
KILL_TIMEOUT = 240  # seconds a refresh may take to reach the moment we kill it

# What a BI tool would show, read in one connection with the publication's run_id.
READER_SQL = """
SELECT (SELECT run_id FROM meta.publication),
       (SELECT tables FROM meta.publication),
       (SELECT sum(sampled) FROM marts.mart_sampling_tms_summary WHERE sampling_method = 'all'),
       (SELECT sum(failed_tms) FROM marts.mart_sampling_tms_rates),
       (SELECT sum(cases_in_stage) FROM marts.mart_perkara_funnel),
       (SELECT sum(pagu) FROM marts.mart_budget_rankings),
       (SELECT count(*) FROM marts.mart_rkp_capaian),
       (SELECT count(*) FROM marts.mart_rkp_kegiatan_summary),
       (SELECT count(*) FROM marts.mart_budget_summary)
"""

READER = r"""
import duckdb, json, os, sys, time
served, out, stop, sql = sys.argv[1:5]
with open(out, "w") as fh:
    while not os.path.exists(stop):
        t = time.time()
        try:
            con = duckdb.connect(served, read_only=True)
            try:
                row = con.execute(sql).fetchone()
                present = {f"{s}.{n}" for s, n in con.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables").fetchall()}
            finally:
                con.close()
            rec = {"t": t, "run_id": row[0], "missing": sorted(set(row[1]) - present),
                   "values": [None if v is None else str(v) for v in row[2:]]}
        except Exception as exc:  # every failure is an observation the test judges
            rec = {"t": t, "error": f"{type(exc).__name__}: {exc}"}
        fh.write(json.dumps(rec) + "\n")
        fh.flush()
        time.sleep(0.005)
"""


def reader_values(served: Path) -> tuple[str, list[str]]:
    con = duckdb.connect(str(served), read_only=True)
    try:
        row = con.execute(READER_SQL).fetchone()
    finally:
        con.close()
    return row[0], [None if v is None else str(v) for v in row[2:]]


# --------------------------------------------------------------------------- killing a refresh


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class Kill:
    moment: str
    killed: bool = False
    trigger: str = ""
    output: list[str] = field(default_factory=list)
    pid: int = 0
    survivors: list[int] = field(default_factory=list)
    served_after: tuple | None = None
    leftovers_after: list[str] = field(default_factory=list)
    returncode: int | None = None


def kill_refresh(root: Path, moment: str) -> Kill:
    """Run `kinerja refresh 2024-Q2` in a session of its own and SIGKILL the whole process
    group at `moment`: "dbt" (dbt has started writing the working database) or "publish"
    (the new served file is being written)."""
    data = root / "data"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kill = Kill(moment)
    proc = subprocess.Popen(
        [str(KINERJA), "refresh", SHIPPED_QUARTER],
        env=env,
        cwd=root,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    kill.pid = proc.pid
    dbt_started = threading.Event()

    def read():
        for line in proc.stdout:
            kill.output.append(line.rstrip("\n"))
            if "start   kinerja_dbt_assets" in line:
                dbt_started.set()

    def dbt_writing() -> bool:
        # dbt's step has started and the working database has a write-ahead log: dbt is writing it
        if dbt_started.is_set() and (data / "working.duckdb.wal").exists():
            kill.trigger = "working.duckdb.wal while kinerja_dbt_assets runs"
            return True
        return False

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + KILL_TIMEOUT
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if moment == "dbt" and dbt_writing():
                break
            if moment == "publish":
                partial = leftovers(data)
                if partial:
                    kill.trigger = partial[0]
                    break
                time.sleep(0.001)
            else:
                time.sleep(0.01)
        if proc.poll() is None:
            family = descendants(proc.pid)
            os.killpg(proc.pid, signal.SIGKILL)
            kill.killed = bool(kill.trigger)
            proc.wait(timeout=30)
            end = time.monotonic() + 10
            while time.monotonic() < end and any(alive(p) for p in family):
                time.sleep(0.05)
            kill.survivors = [p for p in family if alive(p)]
            for p in kill.survivors:  # our own descendants that escaped the group: stop them, and report it
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        reader.join(timeout=10)
        kill.returncode = proc.returncode
    kill.leftovers_after = leftovers(data)
    kill.served_after = served_state(data / "warehouse.duckdb")
    return kill


@pytest.fixture(scope="module")
def site(tmp_path_factory, published_baseline):
    root = tmp_path_factory.mktemp("faults")
    with kinerja_env(root):
        copy_quarter(root / "submissions")
        published_baseline.install(root / "data")
        yield root


@pytest.fixture(scope="module")
def kills(site) -> dict[str, Kill]:
    return {moment: kill_refresh(site, moment) for moment in ("dbt", "publish")}


def explain(kill: Kill) -> str:
    return f"killed at {kill.trigger!r}; exit {kill.returncode}; last output:\n" + "\n".join(kill.output[-15:])


@pytest.mark.parametrize("moment", ["dbt", "publish"])
def test_a_killed_refresh_leaves_the_served_file_as_it_was(moment, kills, published_baseline):
    kill = kills[moment]
    assert kill.killed, f"the refresh never reached the {moment} moment:\n" + explain(kill)
    publication, digest = kill.served_after
    assert publication == published_baseline.publication, explain(kill)
    assert digest == published_baseline.digest, explain(kill)


def test_the_kill_during_dbt_hit_dbt_while_it_ran(kills):
    kill = kills["dbt"]
    assert kill.killed, explain(kill)
    assert "start   kinerja_dbt_assets" in "\n".join(kill.output), explain(kill)
    assert not any("done    kinerja_dbt_assets" in line for line in kill.output), explain(kill)


def test_the_kill_during_publishing_hit_the_half_written_file(kills):
    kill = kills["publish"]
    assert kill.killed, explain(kill)
    assert f"warehouse.duckdb.publishing-{kill.pid}" in kill.leftovers_after, (
        f"no half-written file left by pid {kill.pid}: {kill.leftovers_after}; " + explain(kill)
    )


@pytest.mark.parametrize("moment", ["dbt", "publish"])
def test_no_process_of_a_killed_refresh_lives_on(moment, kills):
    """dbt runs as a child process; killing the refresh's process group must stop it too, or
    it would keep writing to the working database the next refresh opens."""
    assert kills[moment].survivors == [], f"still running after the refresh was killed: {kills[moment].survivors}"


# --------------------------------------------------------------------------- the next refresh


@dataclass
class SecondRun:
    success: bool
    run_id: str
    leftovers_before: list[str]
    leftovers_after: list[str]
    observations: list[dict]
    env_before: str | None
    env_after: str | None


@pytest.fixture(scope="module")
def second_run(site, kills, tmp_path_factory) -> SecondRun:
    """After the kills, refresh 2024-Q2 again in process, with no clean-up in between, while a
    reader process opens the served file read-only in a loop."""
    from dagster import DagsterInstance

    from orchestration.runtime.runner import refresh

    data = site / "data"
    work = tmp_path_factory.mktemp("reader")
    out, stop = work / "observations.jsonl", work / "stop"
    leftovers_before = leftovers(data)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(data / "warehouse.duckdb"), str(out), str(stop), READER_SQL],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 5):
            time.sleep(0.05)
        with pytest.MonkeyPatch.context() as mp:
            # Paths come from KINERJA_DATA_DIR alone, as for a user who sets only that.
            mp.delenv("KINERJA_WORKING_DB", raising=False)
            env_before = os.environ.get("KINERJA_WORKING_DB")
            with DagsterInstance.ephemeral() as instance:
                outcomes = refresh([SHIPPED_QUARTER], instance=instance, quiet=True)
            env_after = os.environ.get("KINERJA_WORKING_DB")
        time.sleep(0.5)  # let the reader see the new publication
    finally:
        stop.touch()
        try:
            reader.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(reader.pid, signal.SIGKILL)
            reader.wait(timeout=10)
    observations = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    return SecondRun(
        bool(outcomes) and all(o.success for o in outcomes),
        outcomes[-1].run_id if outcomes else "",
        leftovers_before,
        leftovers(data),
        observations,
        env_before,
        env_after,
    )


def test_the_next_refresh_succeeds_and_removes_the_leftovers(second_run, site):
    assert second_run.leftovers_before, "the kills left nothing to clean up; the test proves less than it should"
    assert second_run.success
    assert second_run.leftovers_after == []
    assert served_publication(site / "data" / "warehouse.duckdb")["run_id"] == second_run.run_id


def test_the_same_quarter_twice_gives_identical_marts(second_run, site, published_baseline):
    assert second_run.success
    publication, digest = served_state(site / "data" / "warehouse.duckdb")
    assert digest == published_baseline.digest
    differs = {k for k in publication if publication[k] != published_baseline.publication.get(k)}
    # code_version may legitimately change if someone commits while the suite runs
    assert differs - {"code_version"} == {"published_at", "run_id"}, differs
    assert publication["published_at"] > published_baseline.publication["published_at"]


def test_readers_during_a_refresh_always_see_a_whole_publication(second_run, published_baseline):
    obs = second_run.observations
    errors = [o for o in obs if "error" in o]
    assert not errors, f"{len(errors)} of {len(obs)} reads failed, e.g. {errors[:3]}"
    run_ids = [o["run_id"] for o in obs]
    old_run, expected = reader_values(published_baseline.served_db)
    assert set(run_ids) == {old_run, second_run.run_id}, f"saw publications {set(run_ids)}"
    first_new = run_ids.index(second_run.run_id)
    assert all(r == second_run.run_id for r in run_ids[first_new:]), "a reader went back to the old publication"
    for o in obs:
        assert o["missing"] == [], f"publication {o['run_id']} lacks tables it lists: {o['missing']}"
        assert o["values"] == expected, f"publication {o['run_id']} showed {o['values']}, expected {expected}"
    assert len(obs) >= 50, f"only {len(obs)} reads during the refresh"


def test_a_refresh_leaves_the_process_environment_as_it_found_it(second_run):
    """The dbt resource exports KINERJA_WORKING_DB into os.environ for dbt's profile and never
    removes it: a later Paths.from_env() in the same process (a UI code server, a notebook,
    the next test) then points at the previous data directory's working database."""
    assert second_run.env_before is None
    assert second_run.env_after is None, f"a refresh left KINERJA_WORKING_DB={second_run.env_after} in os.environ"


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def test_dbt_dies_with_a_refresh_killed_alone_and_the_next_refresh_runs(tmp_path, published_baseline):
    """kill -9 of the refresh's own PID (not its process group): its dbt child must not live on
    holding the working database; the next refresh then runs."""
    import time

    with kinerja_env(tmp_path):
        published_baseline.install(tmp_path / "data")
        copy_quarter(tmp_path / "submissions")
        proc = subprocess.Popen(
            [str(KINERJA), "refresh", SHIPPED_QUARTER],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            cwd=tmp_path,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        building = threading.Event()

        def read():
            for line in proc.stdout:
                if "start   kinerja_dbt_assets" in line:
                    building.set()

        threading.Thread(target=read, daemon=True).start()
        # dbt is started ahead, before the run; wait until its step has handed it the build
        assert building.wait(180), "the refresh never reached its dbt step"
        time.sleep(1.0)
        dbt = [c for c in _children(proc.pid) if b"dbt" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert dbt, "the refresh never started dbt"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in dbt) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in dbt), f"dbt {dbt} outlived the refresh that started it"
        again = subprocess.run(
            [str(KINERJA), "refresh", SHIPPED_QUARTER],
            env=dict(os.environ),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert again.returncode == 0, again.stdout[-3000:]
        # `kinerja refresh` parsed the dbt project ahead, while Dagster loaded, and dbt built on it
        from dagster import DagsterInstance

        with DagsterInstance.from_config(os.environ["DAGSTER_HOME"]) as instance:
            run = instance.get_runs(limit=1)[0]
            said = [r.user_message for r in instance.all_logs(run.run_id) if "started ahead" in (r.user_message or "")]
        assert any("build on the manifest parsed ahead" in m for m in said), said
