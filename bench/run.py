"""Benchmark of the Kinerja warehouse on this machine (`make bench`).

Every case runs the product as a user would (`kinerja refresh`, `dbt build`, `kinerja ui`) in a
subprocess, in temporary directories only (never the repo's data/ or submissions/), and is
reported as the median of --repeat runs with the peak resident memory of the process tree
(from wait4's rusage: the largest single process, e.g. kinerja or the dbt it spawns).

    .venv/bin/python bench/run.py            # full: repeat 3, scales 1, 10, 100
    .venv/bin/python bench/run.py --quick    # smoke: repeat 1, scales 1 and 10

Results: a table on stdout and bench/results/<UTC timestamp>-<git sha>.json.
Note: each refresh leaves a dagster-dbt invocation folder (~12 MB) under the repo's target/
(that is where the product points dagster-dbt); they are counted and reported, and removed
only with --prune-dbt-targets.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
from bench import synthetic  # noqa: E402

KINERJA = str(BIN / "kinerja")
DBT = str(BIN / "dbt")
REFRESH_TIMEOUT = 1800
SCALE_100_BUDGET_S = 180

TARGETS = {
    "refresh_vs_dbt_build": 1.5,  # one-quarter refresh <= 1.5x plain dbt build
    "backfill40_vs_refresh1": 3.0,  # 40-quarter backfill, one run, <= 3x a one-quarter refresh
    "ui_seconds": 15.0,  # UI answers within 15 s
    "per_10x": 10.0,  # cost grows no faster than linearly with size
}

BI_QUERIES = {
    "tms_summary_period": """
        SELECT sampling_method, sampled, examined, failed_tms, tms_rate
        FROM marts.mart_sampling_tms_summary WHERE period = ? ORDER BY sampling_method""",
    "budget_top10_by_group": """
        SELECT group_code, rank_in_group, unit_name, realisasi_pct_of_adjusted_pagu
        FROM marts.mart_budget_rankings WHERE period = ? AND rank_in_group <= 10
        ORDER BY group_code, rank_in_group""",
    "rkp_bands_per_kegiatan": """
        SELECT program_code, kegiatan_code, band, count(*) AS n
        FROM marts.mart_rkp_capaian WHERE period = ?
        GROUP BY ALL ORDER BY ALL""",
    "tms_rate_trend_all_quarters": """
        SELECT period, sampling_method, tms_rate
        FROM marts.mart_sampling_tms_summary WHERE sampling_method = 'all' AND ? IS NOT NULL
        ORDER BY period""",
}


# ---------------------------------------------------------------- running and measuring


def run_measured(cmd: list[str], env: dict, log: Path, timeout: float = REFRESH_TIMEOUT) -> dict:
    """Run cmd to completion; wall seconds, exit code and peak RSS (MB) of its process tree."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = start + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    _stop_group(proc.pid)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
        except BaseException:  # Ctrl-C of the benchmark: stop what we started, then re-raise
            _stop_group(proc.pid, grace=5.0)
            raise
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": round(seconds, 3),
        "rc": proc.returncode,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "log": str(log),
    }


def _stop_group(pid: int, grace: float = 20.0) -> None:
    """SIGINT to the process we started, then SIGTERM, then SIGKILL to the group we created."""
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        end = time.time() + wait
        while time.time() < end:
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            except ChildProcessError:
                break
            time.sleep(0.1)
        else:
            continue
        break
    _kill_group_leftovers(pid)


def _kill_group_leftovers(pgid: int) -> bool:
    """True if nothing of the process group we created is left (SIGKILLing stragglers)."""
    for _ in range(50):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        os.killpg(pgid, signal.SIGKILL)
        time.sleep(0.1)
    return False


PROGRESS = re.compile(r"^\[\s*([\d.]+)s\] (start|done|built|check)\s+(\S+)")


def parse_refresh_log(path: Path) -> dict:
    """Where a refresh's time went, from its progress lines and dbt's output."""
    text = Path(path).read_text(errors="replace")
    info: dict = {
        "partial_parse": sorted(set(re.findall(r'Unable to do partial parsing because ([^"\n]+)', text))),
        "runs": re.findall(r"^(succeeded|FAILED): (\S+)", text, re.M),
    }
    found = re.search(r"^Found ([^\n]+)", text, re.M)
    if found:
        info["dbt_found"] = found.group(1)
    stamps = {}
    last = 0.0
    for line in text.splitlines():
        m = PROGRESS.match(line)
        if m:
            t = float(m.group(1))
            last = max(last, t)
            stamps.setdefault((m.group(2), m.group(3)), t)
    dbt_start = stamps.get(("start", "kinerja_dbt_assets"))
    dbt_done = stamps.get(("done", "kinerja_dbt_assets"))
    if dbt_start is not None and dbt_done is not None:
        info["job_seconds"] = last
        info["ingest_seconds"] = dbt_start
        info["dbt_step_seconds"] = round(dbt_done - dbt_start, 2)
        info["checks_publish_seconds"] = round(last - dbt_done, 2)
    return info


def base_env(submissions: Path, data: Path, dagster_home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KINERJA_", "DAGSTER_"))}
    dagster_home.mkdir(parents=True, exist_ok=True)  # kinerja writes its own dagster.yaml there
    env.update(
        KINERJA_SUBMISSIONS_DIR=str(submissions),
        KINERJA_DATA_DIR=str(data),
        DAGSTER_HOME=str(dagster_home),
        PYTHONUNBUFFERED="1",
        NO_COLOR="1",
    )
    return env


class Workspace:
    """A fresh submissions/data/dagster-home triple under the bench's temporary root."""

    n = 0

    def __init__(self, root: Path, label: str, submissions: Path):
        Workspace.n += 1
        self.dir = root / f"{Workspace.n:02d}-{label}"
        self.data = self.dir / "data"
        self.home = self.dir / "dagster_home"
        self.logs = self.dir / "logs"
        self.logs.mkdir(parents=True)
        self.submissions = submissions
        self.env = base_env(submissions, self.data, self.home)
        self.runs = 0

    def refresh(self, *quarters: str) -> dict:
        self.runs += 1
        log = self.logs / f"refresh-{self.runs}.log"
        before = set((REPO / "target").glob("kinerja_dbt_assets-*"))
        r = run_measured([KINERJA, "refresh", *quarters], self.env, log)
        r.update(parse_refresh_log(log))
        # the CLI hides dbt's own output; dagster-dbt keeps it in its invocation folder's dbt.log
        for d in set((REPO / "target").glob("kinerja_dbt_assets-*")) - before:
            text = (d / "dbt.log").read_text(errors="replace") if (d / "dbt.log").exists() else ""
            r["partial_parse"] = sorted(
                set(r["partial_parse"]) | set(re.findall(r'Unable to do partial parsing because ([^"\n]+)', text))
            )
            found = re.search(r"Found (\d+ models[^\n]*)", text)
            if found:
                r["dbt_found"] = found.group(1)
        if r["rc"] != 0:
            raise RuntimeError(f"kinerja refresh {' '.join(quarters)} failed (rc {r['rc']}); see {log}")
        return r


def real_quarter_submissions(root: Path) -> Path:
    sub = root / "real-submissions"
    if not sub.exists():
        shutil.copytree(REPO / "submissions" / "2024-Q2", sub / "2024-Q2")
    return sub


# ---------------------------------------------------------------- cases


def case_refresh_real(root: Path, repeat: int, say) -> tuple[list[dict], list[dict], Path]:
    cold, warm = [], []
    sub = real_quarter_submissions(root)
    ws = None
    for i in range(repeat):
        ws = Workspace(root, "refresh-real", sub)
        cold.append(ws.refresh("2024-Q2"))
        say(f"refresh 2024-Q2 cold #{i + 1}: {cold[-1]['seconds']:.1f}s")
        warm.append(ws.refresh("2024-Q2"))
        say(f"refresh 2024-Q2 warm #{i + 1}: {warm[-1]['seconds']:.1f}s")
    return cold, warm, ws.data / "working.duckdb"


def case_dbt_build(root: Path, working_db: Path, repeat: int, say) -> dict[str, list[dict]]:
    """Plain dbt build against the same working DB: no partial-parse state, warm, invalidated."""
    out = {"dbt_build_full_parse": [], "dbt_build_warm": [], "dbt_build_profile_changed": []}
    for i in range(repeat):
        d = root / f"dbt-{i + 1}"
        d.mkdir()
        db = d / "working.duckdb"
        shutil.copy2(working_db, db)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KINERJA_", "DAGSTER_"))}
        env.update(NO_COLOR="1")
        cmd = [
            DBT,
            "build",
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(REPO / "profiles"),
            "--target-path",
            str(d / "target"),
            "--log-path",
            str(d / "logs"),
        ]
        # 1: fresh target path (no partial_parse.msgpack); 2: same again (warm); 3: the profile
        # changes (same file, path spelled differently), as between `make manifest` and a refresh
        for case, path in (
            ("dbt_build_full_parse", str(db)),
            ("dbt_build_warm", str(db)),
            ("dbt_build_profile_changed", f"{d}/./working.duckdb"),
        ):
            env["KINERJA_WORKING_DB"] = path
            log = d / f"{case}.log"
            r = run_measured(cmd, env, log)
            r.update(parse_refresh_log(log))
            if r["rc"] != 0:
                raise RuntimeError(f"dbt build failed (rc {r['rc']}); see {log}")
            out[case].append(r)
            say(f"{case} #{i + 1}: {r['seconds']:.1f}s {r.get('partial_parse') or ''}")
    return out


def case_backfill(root: Path, repeat: int, say, seed: int) -> tuple[list[dict], Path, dict]:
    sub = root / "synthetic-x1"
    t0 = time.perf_counter()
    folders = synthetic.generate(sub, scale=1, seed=seed)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = synthetic.self_check(folders)
    check_s = time.perf_counter() - t0
    if problems:
        raise RuntimeError("synthetic data failed its self-check:\n" + "\n".join(problems[:20]))
    say(f"generated {len(folders)} synthetic quarters in {gen_s:.1f}s, self-check clean in {check_s:.1f}s")
    runs, ws = [], None
    for i in range(repeat):
        ws = Workspace(root, "backfill40", sub)
        ws.env["KINERJA_FIRST_QUARTER"] = folders[0].name  # the partitions start at 2024-Q1 otherwise
        r = ws.refresh()  # no arguments: every quarter folder, consecutive -> one run
        runs.append(r)
        say(f"backfill {len(folders)} quarters #{i + 1}: {r['seconds']:.1f}s runs={r['runs']}")
    gen = {
        "quarters": len(folders),
        "generate_seconds": round(gen_s, 2),
        "self_check_seconds": round(check_s, 2),
        "self_check_problems": len(problems),
    }
    return runs, ws.data / "warehouse.duckdb", gen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def case_ui(root: Path, repeat: int, say, timeout: float = 120.0) -> list[dict]:
    sub = real_quarter_submissions(root)
    out = []
    for i in range(repeat):
        ws = Workspace(root, "ui", sub)
        port = free_port()
        log = ws.logs / "ui.log"
        url = f"http://127.0.0.1:{port}/server_info"
        with open(log, "wb") as fh:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [KINERJA, "ui", "--port", str(port)],
                env=ws.env,
                cwd=REPO,
                stdout=fh,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            answered = None
            try:
                while time.perf_counter() - start < timeout and proc.poll() is None:
                    try:
                        with urllib.request.urlopen(url, timeout=2) as resp:
                            if resp.status == 200:
                                answered = time.perf_counter() - start
                                break
                    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                        pass
                    time.sleep(0.2)
            finally:
                t_stop = time.perf_counter()
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
                stop_s = time.perf_counter() - t_stop
                gone = _kill_group_leftovers(proc.pid)
        r = {
            "seconds": None if answered is None else round(answered, 3),
            "stop_seconds": round(stop_s, 2),
            "exit_code": proc.returncode,
            "group_gone": gone,
            "port": port,
            "log": str(log),
        }
        out.append(r)
        say(
            f"ui #{i + 1}: answered in {r['seconds']}s, stopped in {r['stop_seconds']}s (rc {proc.returncode}, all gone: {gone})"
        )
        if answered is None:
            raise RuntimeError(f"the UI did not answer {url} within {timeout}s; see {log}")
    return out


def case_queries(served: Path, runs: int) -> dict:
    import duckdb

    out = {}
    con = duckdb.connect(str(served), read_only=True)
    try:
        period = con.execute("SELECT max(period) FROM marts.mart_sampling_tms_summary").fetchone()[0]
        quarters = con.execute("SELECT count(DISTINCT period) FROM marts.mart_sampling_tms_summary").fetchone()[0]
        for name, sql in BI_QUERIES.items():
            con.execute(sql, [period]).fetchall()  # warm-up
            samples = []
            for _ in range(runs):
                t = time.perf_counter()
                rows = con.execute(sql, [period]).fetchall()
                samples.append((time.perf_counter() - t) * 1000)
            out[name] = {
                "median_ms": round(statistics.median(samples), 3),
                "max_ms": round(max(samples), 3),
                "rows": len(rows),
                "runs": runs,
            }
    finally:
        con.close()
    samples = []
    for _ in range(max(5, runs // 5)):
        t = time.perf_counter()
        c = duckdb.connect(str(served), read_only=True)
        c.execute(BI_QUERIES["tms_summary_period"], [period]).fetchall()
        c.close()
        samples.append((time.perf_counter() - t) * 1000)
    out["open_query_close"] = {
        "median_ms": round(statistics.median(samples), 3),
        "max_ms": round(max(samples), 3),
        "runs": len(samples),
    }
    return {
        "period": period,
        "quarters_in_file": quarters,
        "file_mb": round(served.stat().st_size / 2**20, 2),
        "queries": out,
    }


def case_scaling(root: Path, scales: list[int], repeat: int, say, seed: int) -> dict:
    out = {}
    for scale in scales:
        sub = root / f"synthetic-one-quarter-x{scale}"
        t0 = time.perf_counter()
        folders = synthetic.generate(sub, years=[2024], quarters=[2], scale=scale, seed=seed)
        gen_s = time.perf_counter() - t0
        rows = {p.name: sum(1 for _ in open(p)) - 1 for p in sorted(folders[0].glob("*.csv"))}
        ws = Workspace(root, f"scale-x{scale}", sub)
        cold = ws.refresh("2024-Q2")
        say(f"scale x{scale} cold: {cold['seconds']:.1f}s ({sum(rows.values())} rows)")
        warm = []
        if cold["seconds"] > SCALE_100_BUDGET_S:
            say(f"scale x{scale}: a refresh takes over {SCALE_100_BUDGET_S}s; no repeats, no larger scales")
            out[scale] = {
                "rows": rows,
                "generate_seconds": round(gen_s, 2),
                "cold": cold,
                "warm": [],
                "note": f"cold refresh over {SCALE_100_BUDGET_S}s: stopped here",
            }
            break
        for i in range(repeat):
            warm.append(ws.refresh("2024-Q2"))
            say(f"scale x{scale} warm #{i + 1}: {warm[-1]['seconds']:.1f}s")
        out[scale] = {"rows": rows, "generate_seconds": round(gen_s, 2), "cold": cold, "warm": warm}
        shutil.rmtree(sub, ignore_errors=True)
    return out


# ---------------------------------------------------------------- reporting


def med(runs: list[dict], key: str = "seconds") -> float | None:
    vals = [r[key] for r in runs if r.get(key) is not None]
    return round(statistics.median(vals), 3) if vals else None


def summarise(runs: list[dict]) -> dict:
    return {
        "median_s": med(runs),
        "min_s": min(r["seconds"] for r in runs),
        "max_s": max(r["seconds"] for r in runs),
        "peak_rss_mb": max((r.get("peak_rss_mb") or 0) for r in runs),
        "n": len(runs),
        "median_dbt_step_s": med(runs, "dbt_step_seconds"),
        "median_ingest_s": med(runs, "ingest_seconds"),
        "median_job_s": med(runs, "job_seconds"),
    }


def machine() -> dict:
    cpu = ""
    try:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    except OSError:
        pass
    mem = None
    try:
        mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 2**20
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version

    versions = {}
    for pkg in ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "pandera", "pandas"):
        try:
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            versions[pkg] = None
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem, 1) if mem else None,
        "cpu_model": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def git_version() -> tuple[str, bool]:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True
            ).stdout.strip()
        )
        return sha, dirty
    except (OSError, subprocess.SubprocessError):
        return "nogit", False


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def verdict(value, limit) -> str:
    if value is None:
        return "n/a"
    return "PASS" if value <= limit else "FAIL"


def print_report(res: dict) -> None:
    c = res["cases"]
    print("\n" + "=" * 100)
    print(
        f"Kinerja benchmark  {res['started_at']}  code {res['git_sha']}{'-dirty' if res['git_dirty'] else ''}  "
        f"repeat {res['repeat']}{'  (quick)' if res['quick'] else ''}"
    )
    m = res["machine"]
    print(f"machine: {m['nproc']} CPUs, {m['memory_gb']} GB, {m['cpu_model']}, Python {m['python']}")
    print("-" * 100)
    print(f"{'case':<44}{'median s':>10}{'min':>9}{'max':>9}{'peak MB':>9}{'n':>4}   where the time goes (median)")
    for name, s in c.items():
        if not isinstance(s, dict) or "median_s" not in s:
            continue
        where = ""
        if s.get("median_dbt_step_s") is not None:
            startup = round(s["median_s"] - s["median_job_s"], 1) if s.get("median_job_s") else None
            where = f"start-up {startup}s, ingest {s['median_ingest_s']}s, dbt step {s['median_dbt_step_s']}s"
        peak = f"{s['peak_rss_mb']:>9.0f}" if s["peak_rss_mb"] else f"{'-':>9}"
        print(f"{name:<44}{s['median_s']:>10.2f}{s['min_s']:>9.2f}{s['max_s']:>9.2f}{peak}{s['n']:>4}   {where}")
    for scale, s in res["scaling"].items():
        total_rows = sum(s["rows"].values())
        print(
            f"{'refresh 1 synthetic quarter x' + str(scale) + f' ({total_rows} rows)':<44}"
            f"{(s['median_s'] or float('nan')):>10.2f}{s['min_s']:>9.2f}{s['max_s']:>9.2f}{s['peak_rss_mb']:>9.0f}{s['n']:>4}"
            f"   cold {s['cold_s']:.1f}s; dbt step {s['median_dbt_step_s']}s{'; ' + s['note'] if s.get('note') else ''}"
        )
    print("-" * 100)
    q = res["queries"]
    print(
        f"BI queries on the served file ({q['quarters_in_file']} quarters, {q['file_mb']} MB, read-only), period {q['period']}:"
    )
    for name, s in q["queries"].items():
        print(f"  {name:<34} median {s['median_ms']:>8.2f} ms   max {s['max_ms']:>8.2f} ms   ({s['runs']} runs)")
    print("-" * 100)
    print("ratios and targets")
    for t in res["targets"]:
        print(f"  {t['what']:<70} {t['value']!s:>8}  (target {t['target']})  {t['verdict']}")
    if res["notes"]:
        print("-" * 100)
        for n in res["notes"]:
            print(f"  note: {n}")
    print("=" * 100)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="repeat 1, skip scale 100 (smoke run)")
    ap.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    ap.add_argument("--query-runs", type=int, default=200)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directories")
    ap.add_argument(
        "--prune-dbt-targets",
        action="store_true",
        help="delete the target/kinerja_dbt_assets-* folders that appeared during this benchmark",
    )
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    scales = [1, 10] if args.quick else [1, 10, 100]

    started = datetime.now(UTC)
    sha, dirty = git_version()
    root = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
    targets_before = set((REPO / "target").glob("kinerja_dbt_assets-*"))
    t_all = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t_all:7.1f}s] {msg}", flush=True)

    say(f"temporary root {root}; repeat {repeat}; scales {scales}")
    res: dict = {
        "started_at": started.isoformat(timespec="seconds"),
        "git_sha": sha,
        "git_dirty": dirty,
        "repeat": repeat,
        "quick": args.quick,
        "seed": args.seed,
        "machine": machine(),
        "cases": {},
        "scaling": {},
        "notes": [],
        "raw": {},
    }
    try:
        cold, warm, working_db = case_refresh_real(root, repeat, say)
        dbt = case_dbt_build(root, working_db, repeat, say)
        backfill, served, gen = case_backfill(root, repeat, say, args.seed)
        ui = case_ui(root, repeat, say)
        res["queries"] = case_queries(served, 20 if args.quick else args.query_runs)
        say("BI queries done")
        scaling = case_scaling(root, scales, repeat, say, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - t_all

    cases = res["cases"]
    cases["refresh 2024-Q2 (real), cold"] = summarise(cold)
    cases["refresh 2024-Q2 (real), warm"] = summarise(warm)
    cases["dbt build, no partial-parse state"] = summarise(dbt["dbt_build_full_parse"])
    cases["dbt build, warm (partial parse)"] = summarise(dbt["dbt_build_warm"])
    cases["dbt build, profile changed (re-parse)"] = summarise(dbt["dbt_build_profile_changed"])
    cases["backfill 40 synthetic quarters, cold"] = summarise(backfill)
    cases["ui: kinerja ui until /server_info 200"] = {
        **summarise(ui),
        "stop_s": [u["stop_seconds"] for u in ui],
        "all_stopped": all(u["group_gone"] for u in ui),
    }
    res["synthetic"] = gen
    for scale, s in scaling.items():
        res["scaling"][scale] = {
            "rows": s["rows"],
            "generate_seconds": s["generate_seconds"],
            "cold_s": s["cold"]["seconds"],
            **(
                summarise(s["warm"])
                if s["warm"]
                else {
                    "median_s": s["cold"]["seconds"],
                    "min_s": s["cold"]["seconds"],
                    "max_s": s["cold"]["seconds"],
                    "peak_rss_mb": s["cold"]["peak_rss_mb"],
                    "n": 0,
                    "median_dbt_step_s": s["cold"].get("dbt_step_seconds"),
                }
            ),
            "note": s.get("note"),
        }
    res["raw"] = {
        "refresh_cold": cold,
        "refresh_warm": warm,
        **dbt,
        "backfill": backfill,
        "ui": ui,
        "scaling": {k: {"cold": v["cold"], "warm": v["warm"]} for k, v in scaling.items()},
    }

    refresh_cold, refresh_warm = med(cold), med(warm)
    dbt_warm, dbt_full = med(dbt["dbt_build_warm"]), med(dbt["dbt_build_full_parse"])
    bf = med(backfill)
    runs_per_backfill = {len(r["runs"]) for r in backfill}
    ui_s = med(ui)
    T = []
    T.append(
        {
            "what": "refresh 1 quarter (warm) / dbt build (warm)",
            "value": ratio(refresh_warm, dbt_warm),
            "target": f"<= {TARGETS['refresh_vs_dbt_build']}",
        }
    )
    T.append(
        {
            "what": "refresh 1 quarter (cold) / dbt build (warm)",
            "value": ratio(refresh_cold, dbt_warm),
            "target": f"<= {TARGETS['refresh_vs_dbt_build']}",
        }
    )
    T.append(
        {
            "what": "refresh 1 quarter (warm) / dbt build (no partial-parse state)",
            "value": ratio(refresh_warm, dbt_full),
            "target": f"<= {TARGETS['refresh_vs_dbt_build']}",
        }
    )
    T.append(
        {
            "what": "backfill 40 quarters / refresh 1 quarter (both cold)",
            "value": ratio(bf, refresh_cold),
            "target": f"<= {TARGETS['backfill40_vs_refresh1']}",
        }
    )
    T.append(
        {
            "what": "backfill 40 quarters / refresh 1 quarter (warm)",
            "value": ratio(bf, refresh_warm),
            "target": f"<= {TARGETS['backfill40_vs_refresh1']}",
        }
    )
    T.append({"what": "backfill 40 quarters ran as one run", "value": runs_per_backfill == {1}, "target": "True"})
    T.append({"what": "UI answers /server_info (s, median)", "value": ui_s, "target": f"<= {TARGETS['ui_seconds']}"})
    sc = sorted(res["scaling"])
    for a, b in itertools.pairwise(sc):
        ra, rb = res["scaling"][a], res["scaling"][b]
        T.append(
            {
                "what": f"refresh x{b} / x{a} (warm medians; {b // a}x the rows)",
                "value": ratio(rb["median_s"], ra["median_s"]),
                "target": f"<= {TARGETS['per_10x'] * (b // a) / 10:g}",
            }
        )
        if ra.get("median_dbt_step_s") and rb.get("median_dbt_step_s"):
            T.append(
                {
                    "what": f"  dbt step only, x{b} / x{a}",
                    "value": ratio(rb["median_dbt_step_s"], ra["median_dbt_step_s"]),
                    "target": f"<= {TARGETS['per_10x'] * (b // a) / 10:g}",
                }
            )
    for t in T:
        if isinstance(t["value"], bool):
            t["verdict"] = "PASS" if t["value"] else "FAIL"
        else:
            t["verdict"] = verdict(t["value"], float(t["target"].split()[-1]))
    res["targets"] = T

    for label, runs in (("cold", cold), ("warm", warm), ("backfill", backfill)):
        reparsed = [r for r in runs if r.get("partial_parse")]
        if reparsed:
            reasons = sorted({p for r in reparsed for p in r["partial_parse"]})
            res["notes"].append(
                f"{len(reparsed)} of {len(runs)} {label} refreshes re-parsed the dbt project: "
                f"'Unable to do partial parsing because {'; '.join(reasons)}'"
            )
    dbt_parse = sorted({p for r in dbt["dbt_build_profile_changed"] for p in r.get("partial_parse", [])})
    if dbt_parse:
        res["notes"].append(
            "plain dbt build with the working-DB path spelled differently: 'Unable to do partial parsing because "
            + "; ".join(dbt_parse)
            + "'"
        )
    new_targets = sorted(d for d in set((REPO / "target").glob("kinerja_dbt_assets-*")) - targets_before if d.exists())
    size = sum(f.stat().st_size for d in new_targets for f in d.rglob("*") if f.is_file()) / 2**20
    res["notes"].append(
        f"{len(new_targets)} dagster-dbt invocation folders ({size:.0f} MB) remain under {REPO / 'target'}"
        + (" and pruned" if args.prune_dbt_targets else " (kept; --prune-dbt-targets removes them)")
    )
    if args.prune_dbt_targets:
        for d in new_targets:
            shutil.rmtree(d, ignore_errors=True)
    res["notes"].append(
        f"synthetic backfill data: {gen['quarters']} quarters generated in {gen['generate_seconds']}s, "
        f"self-check (incl. kinerja check in process) clean in {gen['self_check_seconds']}s"
    )
    res["elapsed_seconds"] = round(elapsed, 1)
    res["notes"].append(f"benchmark wall time {elapsed / 60:.1f} min")

    print_report(res)
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = (
        out_dir
        / f"{started.strftime('%Y%m%dT%H%M%SZ')}-{sha}{'-dirty' if dirty else ''}{'-quick' if args.quick else ''}.json"
    )
    out.write_text(json.dumps(res, indent=2, default=str) + "\n")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
