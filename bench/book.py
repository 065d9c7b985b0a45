"""Benchmark of the whole-book targets, measured side by side in rounds (these machines are
noisy, so the cases of one round run back to back and the ratios are of medians):
- a one-quarter refresh of the whole book against plain `dbt build` of the same project (<= 1.5x);
- refreshing one re-submitted dataset against a full quarter refresh (<= 0.5x);
- `kinerja check` of a whole quarter (< 2 s).

    .venv/bin/python bench/book.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.run import DBT, KINERJA, Workspace, git_version, machine, real_quarter_submissions, run_measured  # noqa: E402

TARGETS = {"refresh_vs_dbt_build": 1.5, "dataset_vs_quarter": 0.5, "check_seconds": 2.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dataset", default="staff")
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="kinerja-bench-book-"))
    runs: dict[str, list[float]] = {"refresh": [], "refresh_dataset": [], "dbt_build": [], "check": []}
    try:
        sub = real_quarter_submissions(root)
        ws = Workspace(root, "book", sub)
        ws.refresh("2024-Q2")  # cold, not counted
        dbt_dir = root / "dbt"
        dbt_dir.mkdir()
        env = {**ws.env, "KINERJA_WORKING_DB": str(dbt_dir / "working.duckdb"), "NO_COLOR": "1"}
        cmd = [
            DBT,
            "build",
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(REPO / "profiles"),
            "--target-path",
            str(dbt_dir / "target"),
            "--log-path",
            str(dbt_dir / "logs"),
        ]
        shutil.copy2(ws.data / "working.duckdb", dbt_dir / "working.duckdb")
        run_measured(cmd, env, dbt_dir / "first.log")  # writes partial-parse state, not counted
        for i in range(args.repeat):
            runs["refresh"].append(ws.refresh("2024-Q2")["seconds"])
            r = run_measured(
                [KINERJA, "refresh", "2024-Q2", "--dataset", args.dataset], ws.env, ws.logs / f"ds-{i}.log"
            )
            assert r["rc"] == 0, f"refresh --dataset failed; see {ws.logs / f'ds-{i}.log'}"
            runs["refresh_dataset"].append(r["seconds"])
            r = run_measured(cmd, env, dbt_dir / f"build-{i}.log")
            assert r["rc"] == 0, f"dbt build failed; see {dbt_dir / f'build-{i}.log'}"
            runs["dbt_build"].append(r["seconds"])
            r = run_measured([KINERJA, "check", str(sub / "2024-Q2")], ws.env, ws.logs / f"check-{i}.log")
            runs["check"].append(r["seconds"])
            print(f"round {i + 1}: " + ", ".join(f"{k} {v[-1]:.1f}s" for k, v in runs.items()), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in runs.items()}
    result = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": git_version(),
        "machine": machine(),
        "repeat": args.repeat,
        "dataset": args.dataset,
        "runs": runs,
        "medians": med,
        "ratios": {
            "refresh / dbt build": round(med["refresh"] / med["dbt_build"], 2),
            f"refresh --dataset {args.dataset} / refresh": round(med["refresh_dataset"] / med["refresh"], 2),
        },
        "targets": TARGETS,
    }
    out = REPO / "bench" / "results" / f"book-{result['at'].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({"medians": med, "ratios": result["ratios"]}, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
