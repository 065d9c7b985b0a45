"""The dbt project at the repository root, and the dbt command lines the refresh runs,
built by small pure functions so they can be tested without dbt."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from orchestration.warehouse.paths import REPO_ROOT

PROFILES_DIR = REPO_ROOT / "profiles"
TARGET_DIR = REPO_ROOT / "target"
MANIFEST_PATH = TARGET_DIR / "manifest.json"
# the dbt assets' op; each run's dbt target folder is named after it
DBT_ASSETS_NAME = "kinerja_dbt_assets"
DBT_FILE_LOG_VAR = "DBT_LOG_FORMAT_FILE"
INVOCATIONS_KEPT = 3
STALE_SECONDS = 600  # never remove a folder a run may still use (a dbt build takes < 1 min)


def dbt_run_env(working_db: Path, engine) -> dict[str, str]:
    """What a refresh adds to dbt's environment: the working database the profile reads (path,
    or Postgres connection). dagster-dbt reads dbt's log as JSON from stdout; the debug log file
    stays in dbt's own text format, which dbt writes about 1 s a build faster than JSON."""
    return {"KINERJA_WORKING_DB": str(working_db), DBT_FILE_LOG_VAR: "debug", **engine.dbt_env()}


def build_args(
    select: str | None = None, exclude: str | None = None, fail_fast: bool = True, target: str | None = None
) -> list[str]:
    """`dbt build` over the whole project. No --vars: partial parsing stays valid between runs.
    The profile's default target (DuckDB) unless another is named."""
    args = ["build"]
    if target and target != "dev":
        args += ["--target", target]
    if select:
        args += ["--select", select]
    if exclude:
        args += ["--exclude", exclude]
    if fail_fast:
        args.append("--fail-fast")
    return args


# The profile's outputs (profiles/profiles.yml): `dev` is the working DuckDB database, the default
# and what the refresh builds; the others build the same project on another engine.
DEFAULT_TARGET = "dev"
ENGINE_TARGETS = ("postgres", "spark")


def engine_build_args(target: str, target_path: Path, log_path: Path | None = None) -> list[str]:
    """`dbt build` of every node on another engine's target, writing its artifacts (manifest,
    run_results.json, partial-parse state) and logs to folders of its own: target/ holds the
    DuckDB manifest that Dagster reads, and a build for another target would replace it."""
    if target not in ENGINE_TARGETS:
        raise ValueError(f"unknown dbt target {target!r}: one of {', '.join(ENGINE_TARGETS)}")
    return [
        "build",
        "--target",
        target,
        "--project-dir",
        str(REPO_ROOT),
        "--profiles-dir",
        str(PROFILES_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_path if log_path is not None else Path(target_path) / "logs"),
    ]


POSTGRES_PROFILE_ENV = {
    "host": "KINERJA_PG_HOST",
    "port": "KINERJA_PG_PORT",
    "user": "KINERJA_PG_USER",
    "password": "KINERJA_PG_PASSWORD",
    "dbname": "KINERJA_PG_DATABASE",
    "sslmode": "KINERJA_PG_SSLMODE",
}


def postgres_profile_env(dsn: str) -> dict[str, str]:
    """The environment the profile's `postgres` output reads, from a libpq URL or key=value DSN
    (the working database). Only for a child process's environment: it holds the password."""
    from psycopg2.extensions import parse_dsn

    parts = parse_dsn(dsn)
    missing = [k for k in ("user", "dbname") if not parts.get(k)]
    if missing:
        raise ValueError(f"the Postgres DSN names no {' and no '.join(missing)}")
    parts.setdefault("host", "localhost")
    return {env: str(parts[key]) for key, env in POSTGRES_PROFILE_ENV.items() if parts.get(key) not in (None, "")}


SPARK_DIR_ENV = "KINERJA_SPARK_DIR"


def spark_session_conf(spark_dir: Path) -> dict[str, str]:
    """The Spark session that dbt's `spark` output (method session: pyspark in local mode) starts,
    as its server_side_parameters render with KINERJA_SPARK_DIR = spark_dir, and that
    raw_transfer.copy_raw_to_spark starts too, so both see one metastore: the Derby metastore
    (and its derby.log) and the warehouse of managed tables under spark_dir, the local driver
    bound to the loopback address (by default Spark binds it to the host's network address), UTC
    session time, no web UI, two shuffle partitions for two cores. dbt-spark adds
    spark.sql.ansi.enabled=false itself; it is here so the raw tables are read under the same rules."""
    d = Path(spark_dir).resolve()
    if ";" in str(d):
        raise ValueError(f"{d}: a ';' would end the metastore's JDBC URL")
    return {
        "spark.sql.warehouse.dir": f"{d}/warehouse",
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={d}/metastore_db;create=true",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={d}",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.enabled": "false",
        "spark.sql.ansi.enabled": "false",
    }


def spark_profile_env(spark_dir: Path) -> dict[str, str]:
    """The environment the profile's `spark` output reads."""
    return {SPARK_DIR_ENV: str(Path(spark_dir).resolve())}


CHILD_WRAPPER = """#!{python}
# Written by kinerja: runs dbt so that it dies with the refresh that started it, even when
# that refresh is killed with SIGKILL (the kernel sends the child SIGKILL: PR_SET_PDEATHSIG).
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
if os.getppid() == 1:
    sys.exit("dbt: the refresh that started it is gone")
os.execv({dbt!r}, [{dbt!r}, *sys.argv[1:]])
"""


def dbt_executable() -> str:
    """dbt from this interpreter's environment (so the venv need not be on PATH), started through
    a small wrapper that makes it die with its parent, so a killed refresh leaves no dbt behind
    holding the working database."""
    beside = Path(sys.executable).with_name("dbt")
    if not beside.exists() or not sys.platform.startswith("linux"):
        return str(beside) if beside.exists() else "dbt"
    wrapper = TARGET_DIR / "dbt-child"
    text = CHILD_WRAPPER.format(python=sys.executable, dbt=str(beside))
    if not wrapper.exists() or wrapper.read_text() != text:
        TARGET_DIR.mkdir(parents=True, exist_ok=True)
        tmp = wrapper.with_name(f".dbt-child.{os.getpid()}")
        tmp.write_text(text)
        tmp.chmod(0o755)
        os.replace(tmp, wrapper)
    return str(wrapper)


def keep_partial_parse_state(invocation_target: Path, project_target: Path, run_prefix: str) -> None:
    """dagster-dbt gives each run a target folder of its own, seeded with the project's
    partial_parse.msgpack; bring the updated state back so the next run parses partially
    too, and keep only the newest run folders."""
    state = invocation_target / "partial_parse.msgpack"
    if state.exists():
        tmp = project_target / f".partial_parse.msgpack.{os.getpid()}"
        shutil.copyfile(state, tmp)
        os.replace(tmp, project_target / "partial_parse.msgpack")
    runs = sorted((p for p in project_target.glob(f"{run_prefix}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    stale_before = time.time() - STALE_SECONDS
    for old in runs[:-INVOCATIONS_KEPT]:
        if old.stat().st_mtime < stale_before:
            shutil.rmtree(old, ignore_errors=True)
