"""`kinerja`: check a submission, refresh quarters, print a summary, start the UI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from orchestration.warehouse.paths import Paths


def cmd_check(args) -> int:
    from orchestration.submissions.check import check_report

    report = check_report(Path(args.path))
    for line in report.checked:
        print(f"ok       {line}")
    for name in report.missing:
        print(f"missing  {name}: not in this folder yet (the other datasets load without it)")
    if report.findings:
        print(
            f"\n{len(report.findings)} warning{'s' if len(report.findings) != 1 else ''}: printed figures that disagree "
            "with their parts (published as findings, not refused):"
        )
        for finding in report.findings:
            print(f"  ~ {finding}")
    if report.problems:
        n = len(report.problems)
        print(f"\n{n} problem{'s' if n != 1 else ''} in {args.path}:")
        for p in report.problems:
            print(f"  - {p}")
        print("\nNothing was loaded. Fix the problems above and run `kinerja check` again.")
        return 1
    print(f"\n{args.path}: no problems found.")
    return 0


def cmd_refresh(args) -> int:
    from orchestration.runtime.runner import refresh
    from orchestration.submissions.folders import discover_quarters
    from orchestration.submissions.periods import is_period

    paths = Paths.from_env()
    quarters = args.quarters
    bad = [q for q in quarters if not is_period(q)]
    if bad:
        print(f"error: not a quarter (write YYYY-Qn, e.g. 2024-Q2): {', '.join(repr(q) for q in bad)}")
        return 2
    if not quarters:
        quarters, ignored = discover_quarters(paths.submissions)
        for name in ignored:
            print(f"skipped  {paths.submissions / name}: folder name is not a quarter (YYYY-Qn)")
        if not quarters:
            print(f"No quarter folders (YYYY-Qn) under {paths.submissions}.")
            return 1
    from orchestration.warehouse.lock import WarehouseBusy, writer_lock

    try:  # refuse at once, naming the holder, rather than fail inside the run
        with writer_lock(paths.working_db.parent, "kinerja refresh (checking)"):
            pass
    except WarehouseBusy as exc:
        print(f"error: {exc}")
        return 1
    what = f" (datasets: {', '.join(args.dataset)})" if args.dataset else ""
    print(f"Refreshing {', '.join(quarters)}{what} from {paths.submissions}")
    from orchestration.warehouse import dbt_warm

    dbt_warm.start_ahead()  # dbt imports itself and parses the project while Dagster loads
    try:
        outcomes = refresh(quarters, datasets=args.dataset or None)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    for o in outcomes:
        span = o.first if o.first == o.last else f"{o.first}..{o.last}"
        print(f"{'succeeded' if o.success else 'FAILED'}: {span} (run {o.run_id})")
    if not all(o.success for o in outcomes):
        print("The refresh failed; what was published before is unchanged. See the problems above.")
        return 1
    _report_held_back(paths, quarters)
    return 0


def _report_held_back(paths: Paths, quarters: list[str]) -> None:
    """Figure datasets that a successful refresh published without: refused or not sent yet."""
    from orchestration.warehouse.status import quarter_status

    for quarter in quarters:
        for row in quarter_status(paths, quarter):
            if row.status in ("refused", "missing"):
                print(f"{row.status:<8} {quarter} {row.dataset}: {row.detail}")


def cmd_status(args) -> int:
    from orchestration.submissions.periods import is_period
    from orchestration.warehouse.status import quarter_status

    if not is_period(args.quarter):
        print(f"error: not a quarter (write YYYY-Qn, e.g. 2024-Q2): {args.quarter!r}")
        return 2
    rows = quarter_status(Paths.from_env(), args.quarter)
    width = max(len(r.dataset) for r in rows)
    for r in rows:
        detail = f"{r.rows} rows from {r.source_file}" if r.status == "in" else (r.detail or "")
        print(f"{r.status:<10} {r.dataset:<{width}}  {detail}")
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("in", "missing", "refused", "not loaded")}
    print("\n" + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return 0


def cmd_template(args) -> int:
    from orchestration.submissions.periods import is_period
    from orchestration.submissions.template import write_template

    for q in filter(None, [args.quarter, args.fill_from]):
        if not is_period(q):
            print(f"error: not a quarter (write YYYY-Qn, e.g. 2024-Q2): {q!r}")
            return 2
    fill = Paths.from_env().submissions / args.fill_from if args.fill_from else None
    out = write_template(Path(args.out), args.quarter, fill_from=fill)
    print(f"Wrote {out}" + (f", filled with {args.fill_from}" if fill else ""))
    return 0


def cmd_book(args) -> int:
    from orchestration.publishing.book.render import render_book
    from orchestration.submissions.periods import is_period

    if not is_period(args.quarter):
        print(f"error: not a quarter (write YYYY-Qn, e.g. 2024-Q2): {args.quarter!r}")
        return 2
    paths = Paths.from_env()
    if not paths.served_db.exists():
        print(f"Nothing published yet at {paths.served_db}: run `kinerja refresh` first.")
        return 1
    editorial = paths.submissions / args.quarter / "editorial.md"
    files = render_book(paths.served_db, args.quarter, Path(args.out), editorial if editorial.exists() else None)
    for f in files:
        print(f"wrote {f}")
    return 0


def cmd_summary(args) -> int:
    from orchestration.publishing.summary import print_summary

    return print_summary(Paths.from_env())


def cmd_ui(args) -> int:
    from orchestration.runtime.ui import run_ui

    return run_ui(host=args.host, port=args.port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kinerja", description="Kinerja BPOM warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a submission folder or file; touches nothing")
    p.add_argument("path")
    p.set_defaults(fn=cmd_check)
    p = sub.add_parser("refresh", help="ingest quarters and rebuild the marts (the refresh_quarter job, in process)")
    p.add_argument("quarters", nargs="*", metavar="QUARTER", help="e.g. 2024-Q2; default: every quarter folder")
    p.add_argument(
        "--dataset",
        action="append",
        metavar="NAME",
        help="refresh only this dataset's lineage (repeatable), e.g. --dataset staff",
    )
    p.set_defaults(fn=cmd_refresh)
    p = sub.add_parser("status", help="per dataset of a quarter: in the warehouse, missing or refused")
    p.add_argument("quarter", metavar="QUARTER")
    p.set_defaults(fn=cmd_status)
    p = sub.add_parser("template", help="write the submission workbook of a quarter: a sheet per dataset")
    p.add_argument("quarter", metavar="QUARTER")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--fill-from", metavar="QUARTER", help="fill the sheets with a submitted quarter's values")
    p.set_defaults(fn=cmd_template)
    p = sub.add_parser("book", help="render the quarter's book (HTML, PDF, data workbook) from the served marts")
    p.add_argument("quarter", metavar="QUARTER")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(fn=cmd_book)
    p = sub.add_parser("summary", help="print the headline figures of the marts")
    p.set_defaults(fn=cmd_summary)
    p = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("KINERJA_UI_PORT", "3000")))
    p.set_defaults(fn=cmd_ui)
    args = parser.parse_args(argv)
    return args.fn(args)


def run() -> None:
    """Console entry point. Tearing down the ~2,700 modules Dagster and dbt import takes about a
    second at exit and does nothing useful: every file and database is closed by then."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
