"""A dbt process started before it is needed. It imports dbt (about 1,6 s) and parses the
project (about 1,1 s) while the refresh loads Dagster and ingests the submissions, then waits
for the command line dagster-dbt would have started dbt with, and runs it in process, on the
manifest it parsed ahead when nothing that parsing reads has changed since (dbt's documented
`dbtRunner(manifest=...)`). Like the `dbt-child` wrapper, it dies with the refresh that started
it (PR_SET_PDEATHSIG), and exits at once when the refresh ends without needing it.

    python -m orchestration.warehouse.dbt_warm   (then JSON lines on stdin: a parse job, a build job)

`kinerja refresh` starts it first thing (`start_ahead`), before it imports Dagster; a run
started elsewhere (the UI, a schedule) starts it when its dbt resource is set up. Each job is
{"kind": "parse" | "build", "args", "env", "cwd"}; what it did goes to `dbt_warm.log` in the
run's dbt target folder.
"""

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse.dbt_project import DBT_FILE_LOG_VAR

LOG_NAME = "dbt_warm.log"
# dbt command-line options that choose what to build, not what is parsed (each takes a value)
SELECTION_FLAGS = {"--select", "-s", "--exclude", "--selector", "--indirect-selection"}
SELECTION_SWITCHES = {"--fail-fast", "-x", "--no-fail-fast"}
# dbt reads its settings from DBT_* variables and the profile ours from KINERJA_*; these only
# choose the log format or the selection
ENV_NOT_PARSED = {"DBT_INDIRECT_SELECTION", "DBT_LOG_FORMAT", DBT_FILE_LOG_VAR}


def exit_code(result) -> int:
    """dbt's own exit codes: 0 success, 1 a failed node or test, 2 an error dbt did not handle."""
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


def parse_inputs(job: dict) -> dict:
    """What dbt's parse of a job depends on, beside the project's files: the folder, the
    command-line flags less the command and the selection, and the dbt and profile settings."""
    args, flags, skip = list(job["args"]), [], 0
    for i, arg in enumerate(args):
        if skip:
            skip -= 1
        elif i == 0 and not arg.startswith("-"):
            continue  # the command: build, parse, run
        elif arg.split("=", 1)[0] in SELECTION_FLAGS:
            skip = 0 if "=" in arg else 1
        elif arg not in SELECTION_SWITCHES:
            flags.append(arg)
    env = {
        k: v
        for k, v in job["env"].items()
        if (k.startswith("DBT_") or k.startswith("KINERJA_")) and k not in ENV_NOT_PARSED
    }
    return {"cwd": str(job["cwd"]), "flags": flags, "env": env}


def differences(a: dict, b: dict) -> list[str]:
    """The parse inputs that differ, by name (values are left out: they may hold a password)."""
    out = [k for k in ("cwd", "flags") if a[k] != b[k]]
    out += sorted(k for k in a["env"].keys() | b["env"].keys() if a["env"].get(k) != b["env"].get(k))
    return out


def dagster_dbt_env(base: dict, target_path: Path, project_dir: str, profiles_dir: str | None) -> dict:
    """The environment dagster-dbt's `DbtCliResource.cli` (0.29) gives dbt. Only used to parse
    ahead: if it drifts from dagster-dbt's, the build notices (`parse_inputs`) and parses again."""
    return {
        "PYTHONLEGACYWINDOWSSTDIO": "1",
        **base,
        "DAGSTER_DBT_CLI": "true",
        "PYTHONUNBUFFERED": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_LOG_FORMAT": "json",
        "DBT_TARGET_PATH": os.fspath(target_path),
        "DBT_LOG_PATH": os.fspath(target_path),
        **({"DBT_PROFILES_DIR": profiles_dir} if profiles_dir else {}),
        "DBT_PROJECT_DIR": str(project_dir),
    }


@dataclass
class Started:
    """A started dbt process and the target folder its parse wrote (the run's dbt target path)."""

    process: subprocess.Popen
    target_path: Path


_ahead: Started | None = None


def start(project_dir: str | None = None, profiles_dir: str | None = None) -> Started:
    """Start the process for a refresh of the working database the environment names, and hand
    it the parse job: dbt's partial-parse state is seeded into a new target folder, as
    dagster-dbt seeds it, and the project is parsed there as the refresh's dbt step will run it."""
    from orchestration.warehouse.dbt_project import (
        DBT_ASSETS_NAME,
        PROFILES_DIR,
        TARGET_DIR,
        build_args,
        dbt_run_env,
    )
    from orchestration.warehouse.engine import Engine
    from orchestration.warehouse.paths import REPO_ROOT, Paths

    project_dir = str(project_dir or REPO_ROOT)
    profiles_dir = str(profiles_dir or PROFILES_DIR)
    target_path = TARGET_DIR / f"{DBT_ASSETS_NAME}-{uuid.uuid4().hex[:12]}"
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.warehouse.dbt_warm"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=project_dir,
    )
    try:
        engine = Engine.from_env()
        env = dagster_dbt_env(
            {**os.environ, **dbt_run_env(Paths.from_env().working_db, engine)}, target_path, project_dir, profiles_dir
        )
    except ValueError:  # a bad engine setting: the dbt step reports it; nothing to parse ahead
        return Started(process, target_path)
    target_path.mkdir(parents=True, exist_ok=True)
    state = TARGET_DIR / "partial_parse.msgpack"
    if state.exists():
        shutil.copyfile(state, target_path / state.name)
    flags = parse_inputs({"args": build_args(target=engine.dbt_target), "env": {}, "cwd": ""})["flags"]
    job = {"kind": "parse", "args": ["parse", *flags], "env": env, "cwd": project_dir}
    try:
        process.stdin.write((json.dumps(job) + "\n").encode())
        process.stdin.flush()
    except OSError:  # it is gone already: the run starts dbt the usual way
        pass
    return Started(process, target_path)


def start_ahead() -> None:
    """Start one for the next run in this process to take (`kinerja refresh`)."""
    global _ahead
    _ahead = start()


def take_ahead() -> Started | None:
    """The process `start_ahead` started, if it is still there; each is taken once."""
    global _ahead
    started, _ahead = _ahead, None
    if started is not None and started.process.poll() is not None:
        return None
    return started


def outcome(target_path: Path) -> list[str]:
    """What the started process did for the run whose dbt target folder this is (parsed ahead,
    built on that manifest or parsed again, and why); empty when dbt was started the usual way."""
    try:
        lines = (Path(target_path) / LOG_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.split(" ", 1)[-1] for line in lines if line.strip()]


def _log(message: str) -> None:
    path = Path(os.environ.get("DBT_TARGET_PATH", ".")) / LOG_NAME
    with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{time.strftime('%H:%M:%S')} {message}\n")


def _enter(job: dict) -> None:
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["cwd"])


def _parse(job: dict):
    """dbt's parse, quietly (its log goes to dbt.log, not to the build's stream)."""
    from dbt.cli.main import dbtRunner

    _enter(job)
    began = time.monotonic()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            result = dbtRunner().invoke(job["args"])
        except Exception as exc:  # noqa: BLE001 - the build parses again and reports it
            _log(f"parse ahead failed ({type(exc).__name__}); the build parses itself")
            return None
    if not result.success or result.result is None:
        _log("parse ahead failed; the build parses itself")
        return None
    _log(f"parsed ahead in {time.monotonic() - began:.2f} s")
    return parse_inputs(job), result.result


def _build(job: dict, parsed) -> int:
    from dbt.cli.main import dbtRunner

    _enter(job)
    inputs = parse_inputs(job)
    if parsed is not None and parsed[0] == inputs:
        _log("build on the manifest parsed ahead")
        runner = dbtRunner(manifest=parsed[1])
    else:
        why = "no parse ahead" if parsed is None else "changed: " + ", ".join(differences(parsed[0], inputs))
        _log(f"build parses the project itself ({why})")
        runner = dbtRunner()
    result = runner.invoke(job["args"])
    sys.stdout.flush()
    return exit_code(result)


def main() -> int:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() == 1:
        return 2
    import dbt.cli.main

    try:
        import dbt.adapters.duckdb  # noqa: F401 - the default target's adapter, loaded ahead too
    except ImportError:
        pass
    parsed = None
    while line := sys.stdin.readline():
        if not line.strip():
            continue
        job = json.loads(line)
        if job.get("kind") == "parse":
            parsed = _parse(job)
        else:
            return _build(job, parsed)
    return 0  # the refresh ended without a dbt build


if __name__ == "__main__":
    # a normal exit, as the dbt command line's: the working database is closed, and so
    # checkpointed, on the way out (os._exit would leave the build in its write-ahead log)
    sys.exit(main())
