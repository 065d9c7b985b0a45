"""The headline figures of the served marts, as the book prints them."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.submissions.numerals import indonesian
from orchestration.warehouse.paths import Paths


def pct(x: float | None) -> str:
    return "-" if x is None else indonesian(round(x * 100, 2)) + "%"


def summary_lines(served_db: Path) -> list[str]:
    con = duckdb.connect(str(served_db), read_only=True)
    try:
        q = lambda sql, *p: con.execute(sql, list(p)).fetchall()
        pub = q("SELECT published_at, quarters, code_version FROM meta.publication")[0]
        lines = [
            f"Served warehouse {served_db}",
            f"  published {pub[0]} by code {pub[2]}; quarters: {', '.join(pub[1])}",
        ]
        for (period,) in q("SELECT DISTINCT period FROM marts.mart_sampling_tms_summary ORDER BY 1"):
            lines.append(f"\n{period}")
            for method, sampled, examined, tms, rate in q(
                "SELECT sampling_method, sampled, examined, failed_tms, tms_rate FROM marts.mart_sampling_tms_summary "
                "WHERE period = ? ORDER BY CASE sampling_method WHEN 'targeted' THEN 1 WHEN 'random' THEN 2 ELSE 3 END",
                period,
            ):
                lines.append(
                    f"  sampling {method:<9} {indonesian(sampled):>7} sampled, {indonesian(examined):>7} examined, "
                    f"{indonesian(tms):>6} TMS ({pct(rate)})"
                )
            stages = q(
                "SELECT stage_label, cases_in_stage, total_cases FROM marts.mart_perkara_funnel WHERE period = ? ORDER BY stage_order",
                period,
            )
            if stages:
                lines.append(f"  perkara  {stages[0][2]} cases: " + ", ".join(f"{s} {n}" for s, n, _ in stages))
            for label, pagu, real, rate in q(
                "SELECT category_label, pagu, realisasi, realisasi_pct FROM marts.mart_budget_summary "
                "WHERE period = ? AND dimension = 'group' ORDER BY category_order",
                period,
            ):
                lines.append(
                    f"  budget   {label:<22} pagu {indonesian(pagu):>17}  realisasi {indonesian(real):>17}  {pct(rate)}"
                )
            for group, unit, rate in q(
                "SELECT group_label, unit_name, realisasi_pct_of_adjusted_pagu FROM marts.mart_budget_rankings "
                "WHERE period = ? AND rank_in_group = 1 ORDER BY group_code",
                period,
            ):
                lines.append(f"  first    {group:<22} {unit} ({pct(rate)} of pagu after AA)")
            counts = dict(q("SELECT status, count(*) FROM marts.mart_rkp_capaian WHERE period = ? GROUP BY 1", period))
            bands = dict(
                q(
                    "SELECT band, count(*) FROM marts.mart_rkp_capaian WHERE period = ? AND band IS NOT NULL GROUP BY 1",
                    period,
                )
            )
            mismatches = q("SELECT count(*) FROM marts.mart_rkp_capaian WHERE period = ? AND capaian_mismatch", period)[
                0
            ][0]
            lines.append(
                f"  RKP      {sum(counts.values())} indicators: "
                + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                + f"; met {bands.get('met', 0)}, near {bands.get('near', 0)}, behind {bands.get('behind', 0)};"
                f" {mismatches} printed capaian disagree with their inputs"
            )
            tables = {r[0] for r in q("SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'")}
            if {"mart_book_figures", "mart_consistency_findings", "mart_dataset_status"} <= tables:
                figures = q(
                    "SELECT count(*), count(DISTINCT dataset) FROM marts.mart_book_figures WHERE period = ?", period
                )[0]
                findings = q("SELECT count(*) FROM marts.mart_consistency_findings WHERE period = ?", period)[0][0]
                status = dict(
                    q("SELECT status, count(*) FROM marts.mart_dataset_status WHERE period = ? GROUP BY 1", period)
                )
                lines.append(
                    f"  book     {indonesian(figures[0])} figures from {figures[1]} datasets; {findings} findings "
                    f"(printed figures that disagree with their parts); figure datasets: "
                    + ", ".join(f"{n} {s}" for s, n in sorted(status.items()))
                )
        return lines
    finally:
        con.close()


def print_summary(paths: Paths) -> int:
    if not paths.served_db.exists():
        print(f"Nothing published yet at {paths.served_db}: run `kinerja refresh`.")
        return 1
    print("\n".join(summary_lines(paths.served_db)))
    return 0
