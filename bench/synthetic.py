"""Deterministic synthetic history of quarterly submissions, for benchmarks and tests.

Built on the shape of the real 2024-Q2 submission (`submissions/2024-Q2/*.csv`, read as a
template, never written): the same five CSVs in the same Indonesian cell style, figures
cumulative within a year, and every row satisfying the checks of `kinerja check` and dbt.
Everything it writes is marked synthetic: a `_synthetic.json` in every quarter folder,
"SYNTHETIC" in every generated name, and a README in the output directory.

    .venv/bin/python bench/synthetic.py                      # 2015-Q1..2024-Q4, scale 1
    .venv/bin/python bench/synthetic.py --scale 10 --years 2024 --quarters 2
    .venv/bin/python bench/synthetic.py --check              # also run the self-check

From Python (e.g. a test): `generate(tmp_path, years=[2024], quarters=[1, 2])` returns the
quarter folders; `self_check(folders)` returns a list of problems (empty = clean).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "submissions" / "2024-Q2"
SEEDS = REPO / "seeds"
DEFAULT_SEED = 20240630
DEFAULT_YEARS = tuple(range(2015, 2025))
DEFAULT_QUARTERS = (1, 2, 3, 4)
MARK = "SYNTHETIC"
FILES = ("sampling.csv", "perkara.csv", "budget_units.csv", "budget_summary.csv", "rkp_indicators.csv")
TEMPLATE_YEAR = 2024
GROWTH = 1.04  # yearly growth of budgets and sample counts, backwards from 2024


# ---------------------------------------------------------------- formatting (Indonesian style)


def idn_int(n: int) -> str:
    """1800 -> '1.800'; 0 -> '-' (the book's zero)."""
    return "-" if n == 0 else f"{n:,}".replace(",", ".")


def idn_amount(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # amounts never use '-'


def pct2(num: int, den: int) -> Decimal:
    """num / den x 100 rounded half-up to two decimals, exactly."""
    if den == 0:
        return Decimal("0.00")
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def idn_pct(d: Decimal) -> str:
    """Decimal('45.10') -> '45,10%'."""
    whole, frac = f"{d:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac + "%"


def _read(name: str) -> list[dict[str, str]]:
    with open(TEMPLATE / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _header(name: str) -> list[str]:
    with open(TEMPLATE / name, newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


def _count(cell: str) -> int:
    cell = (cell or "").strip()
    return 0 if cell in ("", "-") else int(cell.replace(".", ""))


def _units_of_measure() -> set[str]:
    with open(SEEDS / "units_of_measure.csv", newline="", encoding="utf-8") as fh:
        return {r["submitted"] for r in csv.DictReader(fh)}


def _rng(seed: int, scale: int, year: int, part: str) -> random.Random:
    # one stream per (seed, scale, year, dataset): a subset of quarters or years gives the same
    # figures as the full history
    return random.Random(f"{seed}|{scale}|{year}|{part}")


def _cum_fractions(
    rng: random.Random, lo=(0.10, 0.20, 0.15, 0.10), hi=(0.25, 0.30, 0.25, 0.20), cap=0.995
) -> list[float]:
    """Four strictly increasing cumulative fractions of an annual figure, the last <= cap."""
    out, f = [], 0.0
    for a, b in zip(lo, hi):
        f = min(cap, f + rng.uniform(a, b))
        out.append(f)
    return out


# ---------------------------------------------------------------- datasets, one year at a time


def sampling_year(seed: int, scale: int, year: int) -> dict[int, list[list[str]]]:
    """Rows per quarter. 13 rows, as the real file: commodities are a fixed category list."""
    rng = _rng(seed, scale, year, "sampling")
    growth = GROWTH ** (year - TEMPLATE_YEAR)
    s_frac = _cum_fractions(rng, lo=(0.20, 0.22, 0.22, 0.22), hi=(0.26, 0.28, 0.28, 0.28), cap=1.0)
    s_frac[-1] = 1.0
    lag = [rng.uniform(0.55, 0.75), rng.uniform(0.65, 0.8), rng.uniform(0.75, 0.88), rng.uniform(0.9, 0.97)]
    t_frac = [min(s, l * s) for s, l in zip(s_frac, lag)]
    for i in range(1, 4):  # tested is cumulative too
        t_frac[i] = max(t_frac[i], t_frac[i - 1])
    out = {q: [] for q in (1, 2, 3, 4)}
    for t in _read("sampling.csv"):
        a2 = _count(t["jumlah_sampling"])
        blank_b = t["tmk_tie"].strip() == ""
        if a2 == 0:  # e.g. Rokok targeted: nothing sampled, printed as in the real file
            for q in out:
                out[q].append(
                    [t["komoditi"], t["metode_sampling"], "-", "", "", "", "", "-", "-", "-", "-", "-", "-", "-"]
                )
            continue
        noise = rng.uniform(0.85, 1.15)
        annual = max(4, round(a2 * 2 * growth * noise))
        tie = round(_count(t["tmk_tie"]) * 2 * noise * rng.uniform(0.5, 1.5))
        ked = round(_count(t["tmk_kedaluwarsa"]) * 2 * noise * rng.uniform(0.5, 1.5)) + (1 if rng.random() < 0.2 else 0)
        rus = round(_count(t["tmk_rusak"]) * 2 * noise * rng.uniform(0.5, 1.5))
        label = round(_count(t["tmk_label"]) * 2 * noise * rng.uniform(0.7, 1.3))
        b_annual = tie + ked + rus
        if b_annual > annual // 10:
            tie = ked = 0
            rus = annual // 10
            b_annual = rus
        tested_cap = annual - b_annual
        g_share = _count(t["tms"]) / max(1, _count(t["diuji"])) * rng.uniform(0.6, 1.4)
        g_share = min(0.5, g_share)
        for q in (1, 2, 3, 4):
            sf, tf = s_frac[q - 1], t_frac[q - 1]
            a = round(annual * sf)
            parts = [round(x * sf) for x in (tie, ked, rus)]
            if sum(parts) > a:
                parts = [0, 0, 0]
            b = sum(parts)
            c = round(label * sf)
            d = a - b
            e = min(d, round(tested_cap * tf))
            g = min(e, round(e * g_share))
            f = e - g
            h = b + g
            i = d - e
            j = b + e
            cells = [t["komoditi"], t["metode_sampling"], idn_int(a)]
            cells += ["", "", "", ""] if blank_b and b == 0 and c == 0 else [idn_int(x) for x in parts] + [idn_int(c)]
            cells += [idn_int(x) for x in (d, e, f, g, h, i, j)]
            out[q].append(cells)
    # rounding is monotone in the fraction, so cumulative counts never fall (asserted in self_check)
    return out


def perkara_year(seed: int, scale: int, year: int) -> dict[int, list[list[str]]]:
    rng = _rng(seed, scale, year, "perkara")
    stages = [r["tahap"] for r in _read("perkara.csv")]
    template = [_count(r["jumlah_perkara"]) for r in _read("perkara.csv")]
    total_q2 = sum(template)
    out = {}
    total = 0
    for q in (1, 2, 3, 4):
        total = max(total + rng.randint(5, 20), round(total_q2 / 2 * q * rng.uniform(0.7, 1.2)))
        # later quarters move cases along the funnel
        weights = [w * (1 + 0.25 * (q - 1) * k / 5) * rng.uniform(0.7, 1.3) for k, w in enumerate(template)]
        counts = [int(total * w / sum(weights)) for w in weights]
        counts[0] += total - sum(counts)
        out[q] = [[s, str(n)] for s, n in zip(stages, counts)]
    return out


def _rank_desc(keys: list[float]) -> list[int]:
    order = sorted(range(len(keys)), key=lambda i: -keys[i])
    rank = [0] * len(keys)
    for r, i in enumerate(order, start=1):
        rank[i] = r
    return rank


def budget_year(seed: int, scale: int, year: int) -> tuple[dict[int, list[list[str]]], dict[int, list[list[str]]]]:
    """(budget_units rows per quarter, budget_summary rows per quarter)."""
    rng = _rng(seed, scale, year, "budget")
    growth = GROWTH ** (year - TEMPLATE_YEAR)
    template = _read("budget_units.csv")
    groups: dict[str, list[dict]] = {}
    for t in template:
        groups.setdefault(t["kelompok"], []).append(t)
    short = {"Pusat": "PUSAT", "Balai Besar/Balai POM": "BALAI", "Loka POM": "LOKA"}
    units = []  # (group, name, pagu, pagu_aa, [realisasi q1..q4])
    for group, rows in groups.items():
        n = len(rows) * scale
        width = len(str(n))
        for k in range(n):
            t = rows[k % len(rows)]
            pagu = round(_count(t["pagu"]) * growth * rng.uniform(0.8, 1.2) / 1000) * 1000
            aa_ratio = _count(t["pagu_setelah_aa"]) / _count(t["pagu"])
            pagu_aa = min(pagu, round(pagu * min(1.0, aa_ratio * rng.uniform(0.97, 1.03)) / 1000) * 1000)
            fr = _cum_fractions(rng)
            real = [int(pagu_aa * f) for f in fr]
            units.append([group, f"{MARK} UNIT {short[group]} {k + 1:0{width}d}", pagu, pagu_aa, real])
    # no exact ties in realisasi / pagu_setelah_aa within a group and quarter: nudge by one rupiah
    for q in range(4):
        for group in groups:
            seen = set()
            for u in (u for u in units if u[0] == group):
                while u[4][q] / u[3] in seen:
                    u[4][q] -= 1
                seen.add(u[4][q] / u[3])
    units_out, summary_out = {}, {}
    spending = [("Belanja Pegawai", 0.34, 1.20), ("Belanja Barang", 0.53, 1.0), ("Belanja Modal", 0.13, 0.5)]
    sp_shares = [s * rng.uniform(0.9, 1.1) for _, s, _ in spending]
    for q in (1, 2, 3, 4):
        rows = []
        sums = {}
        for group in groups:
            members = [u for u in units if u[0] == group]
            ranks = _rank_desc([u[4][q - 1] / u[3] for u in members])
            for r, u in sorted(zip(ranks, members), key=lambda x: x[0]):
                real = u[4][q - 1]
                rows.append(
                    [
                        group,
                        str(r),
                        u[1],
                        idn_amount(u[2]),
                        idn_amount(u[3]),
                        idn_amount(real),
                        idn_pct(pct2(real, u[2])),
                        idn_pct(pct2(real, u[3])),
                    ]
                )
                s = sums.setdefault(group, [0, 0])
                s[0] += u[2]
                s[1] += real
        units_out[q] = rows
        summary_label = {"Balai Besar/Balai POM": "Balai Besar/ Balai POM"}  # as the real BAB 12 prints it
        srows = []
        total_p = sum(s[0] for s in sums.values())
        total_r = sum(s[1] for s in sums.values())
        for group, (p, r) in sums.items():
            srows.append(
                ["kelompok", summary_label.get(group, group), idn_amount(p), idn_amount(r), idn_pct(pct2(r, p))]
            )
        srows.append(["kelompok", "Total", idn_amount(total_p), idn_amount(total_r), idn_pct(pct2(total_r, total_p))])
        # spending types: the same total, split with each type's realisasi within its pagu
        sp_pagu = [round(total_p * s / sum(sp_shares) / 1000) * 1000 for s in sp_shares]
        sp_pagu[1] = total_p - sp_pagu[0] - sp_pagu[2]
        rate = total_r / total_p
        sp_real = [min(p, int(p * rate * w)) for p, (_, _, w) in zip(sp_pagu, spending)]
        rest = total_r - sum(sp_real)
        for i in (1, 2, 0):  # hand the remainder to types with headroom
            take = max(-sp_real[i], min(rest, sp_pagu[i] - sp_real[i]))
            sp_real[i] += take
            rest -= take
        assert rest == 0 and all(0 <= r <= p for r, p in zip(sp_real, sp_pagu))
        for (name, _, _), p, r in zip(spending, sp_pagu, sp_real):
            srows.append(["jenis_belanja", name, idn_amount(p), idn_amount(r), idn_pct(pct2(r, p))])
        srows.append(
            ["jenis_belanja", "Total", idn_amount(total_p), idn_amount(total_r), idn_pct(pct2(total_r, total_p))]
        )
        summary_out[q] = srows
    return units_out, summary_out


def _fmt_like(value: Decimal, template_text: str) -> str:
    decimals = len(template_text.split(".")[1]) if "." in template_text else 0
    return f"{value:.{decimals}f}"


def rkp_year(seed: int, scale: int, year: int) -> dict[int, list[list[str]]]:
    rng = _rng(seed, scale, year, "rkp")
    uoms = _units_of_measure()
    out = {q: [] for q in (1, 2, 3, 4)}
    for k in range(scale):
        for t in _read("rkp_indicators.csv"):
            name = f"{MARK} {t['indikator']}" + (f" (replika {k + 1})" if k else "")
            program = f"{MARK} {t['program']}"
            kegiatan = f"{MARK} {t['kegiatan']}" if t["kegiatan"].strip() else ""
            satuan = t["satuan"] if t["satuan"] in uoms else "%"
            target_text = t["target"].strip()
            numeric = target_text not in ("", "WTP")
            if numeric:
                base = Decimal(target_text.replace(",", "."))
                target = (base * Decimal(str(round(rng.uniform(0.9, 1.1), 3)))).quantize(
                    Decimal(1) if "." not in target_text and "," not in target_text else Decimal("0.01")
                )
                target = max(target, Decimal(1))
                target_text = _fmt_like(target, target_text.replace(",", "."))
                target = Decimal(target_text)
            real_t, cap_t = t["realisasi"].strip(), t["capaian"].strip()
            if not numeric:
                kind = "year_end_always"  # the WTP audit opinion and the blank target
            elif real_t.lower().startswith("progress"):
                kind = "progress"
            elif cap_t.startswith("Dimulai"):
                kind = "starts_q3"
            elif real_t == "-":
                kind = "year_end"
            else:
                kind = "measured"
            achieve = rng.uniform(0.6, 1.15)
            count_like = numeric and target == target.to_integral_value() and target > 100
            # counts build up over the year; rates and indices hover near their level
            growth_q = [*sorted(rng.uniform(0.4 if count_like else 0.85, 1.0) for _ in range(3)), 1.0]
            if not count_like:
                achieve = rng.uniform(0.8, 1.12)
            for q in (1, 2, 3, 4):
                measured = (
                    kind == "measured"
                    or (kind in ("year_end", "progress") and q == 4)
                    or (kind == "starts_q3" and q >= 3)
                )
                if measured:
                    r = target * Decimal(str(achieve * growth_q[q - 1]))
                    r = r.quantize(Decimal(1) if count_like else Decimal("0.01"), rounding=ROUND_HALF_UP)
                    cap = (r / target * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                    realisasi, capaian = str(r), f"{cap}%"
                elif kind == "progress":
                    p = Decimal(str(100 * achieve * growth_q[q - 1] * 0.7)).quantize(Decimal("0.01"))
                    p = min(p, Decimal("99.99"))
                    realisasi, capaian = "Progress " + idn_pct(p)[:-1] + "%", ""
                elif kind == "starts_q3":
                    realisasi, capaian = "-", "Dimulai TW III"
                else:
                    realisasi, capaian = "-", "Akhir Tahun"
                out[q].append(
                    [
                        t["program_kode"],
                        program,
                        t["kode_kegiatan"],
                        kegiatan,
                        name,
                        target_text,
                        satuan,
                        realisasi,
                        capaian,
                    ]
                )
    return out


# ---------------------------------------------------------------- writing


def figures_year(seed: int, scale: int, year: int) -> dict[str, dict[int, list[list[str]]]]:
    """The figure datasets (dbt_project/models/staging/book/*.yml) for each quarter of a year, in
    the shape of 2024-Q2's files: counts and amounts grown or shrunk by one seeded factor per
    dataset and quarter (so no part outgrows its whole), year-to-date ones cumulative; percentages,
    numbers and texts as in the template."""
    sys.path.insert(0, str(REPO))
    from orchestration.submissions.catalog import figure_datasets

    out: dict[str, dict[int, list[list[str]]]] = {}
    for name, spec in figure_datasets().items():
        rows = _read(f"{name}.csv")
        out[name] = {}
        for q in (1, 2, 3, 4):
            rng = _rng(seed, scale, year, f"figures:{name}:{q}")
            level = scale * GROWTH ** (year - TEMPLATE_YEAR) * rng.uniform(0.97, 1.03)
            quarter_rows = []
            for r in rows:
                figure = spec.figures.get(r["figure"])
                value = r["value"]
                if figure is not None and figure.kind in ("count", "amount") and value not in ("", "-"):
                    factor = level * (q / 2 if figure.period == "ytd" else 1)  # year-to-date figures accumulate
                    value = idn_int(max(0, int(Decimal(_count(value) * factor).quantize(Decimal(1), ROUND_HALF_UP))))
                quarter_rows.append([r["figure"], r["breakdown"], value])
            out[name][q] = quarter_rows
    return out


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _refuse_repo_submissions(out_dir: Path) -> None:
    target = Path(out_dir).resolve()
    forbidden = (REPO / "submissions").resolve()
    if target == forbidden or forbidden in target.parents:
        raise SystemExit(f"refusing to write synthetic data inside {forbidden}: choose another --out")


README = """# SYNTHETIC submissions: not real BPOM data

Generated by `bench/synthetic.py` (seed {seed}, scale {scale}) from the shape of the real
2024-Q2 submission. Every figure here is invented. Every quarter folder holds a
`_synthetic.json` marker, and every unit, program, kegiatan and indicator name contains
"SYNTHETIC". Use for benchmarks and tests only; never copy into `submissions/`.

Quarters: {quarters}
Rows per quarter: sampling 13, perkara 6, budget_units {units}, budget_summary 8, rkp_indicators {rkp}
"""


def generate(
    out_dir, years=DEFAULT_YEARS, quarters=DEFAULT_QUARTERS, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write quarter folders `YYYY-Qn/` under out_dir; returns them in period order."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    out_dir = Path(out_dir)
    _refuse_repo_submissions(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    headers = {name: _header(name) for name in FILES}
    folders = []
    units_n = rkp_n = 0
    for year in sorted({int(y) for y in years}):
        sampling = sampling_year(seed, scale, year)
        perkara = perkara_year(seed, scale, year)
        units, summary = budget_year(seed, scale, year)
        rkp = rkp_year(seed, scale, year)
        figures = figures_year(seed, scale, year)
        for q in sorted({int(q) for q in quarters}):
            folder = out_dir / f"{year}-Q{q}"
            folder.mkdir(exist_ok=True)
            for name, rows in (
                ("sampling.csv", sampling[q]),
                ("perkara.csv", perkara[q]),
                ("budget_units.csv", units[q]),
                ("budget_summary.csv", summary[q]),
                ("rkp_indicators.csv", rkp[q]),
            ):
                _write_csv(folder / name, headers[name], rows)
            for name, by_quarter in figures.items():
                _write_csv(folder / f"{name}.csv", ["figure", "breakdown", "value"], by_quarter[q])
            (folder / "_synthetic.json").write_text(
                json.dumps({"synthetic": True, "generator": "bench/synthetic.py", "seed": seed, "scale": scale}) + "\n"
            )
            folders.append(folder)
            units_n, rkp_n = len(units[q]), len(rkp[q])
    (out_dir / "README.md").write_text(
        README.format(seed=seed, scale=scale, quarters=", ".join(f.name for f in folders), units=units_n, rkp=rkp_n)
    )
    return folders


# ---------------------------------------------------------------- self-check (no pytest needed)


def _num(cell: str) -> int:
    return _count(cell)


def self_check(folders, kinerja_check: bool = True) -> list[str]:
    """Problems found in generated folders (empty list = clean): the product's own validation
    (`kinerja check`, in process), the synthetic markers, and the cross-file and cross-quarter
    rules the per-file checks do not see (sums, ranks, cumulative figures)."""
    problems: list[str] = []
    folders = sorted(Path(f) for f in folders)
    if kinerja_check:
        sys.path.insert(0, str(REPO))
        from orchestration.submissions.check import check_path

        for f in folders:
            _, found = check_path(f)
            problems += [f"{f.name}: {p}" for p in found]
    previous: dict[str, dict] = {}
    for f in folders:
        year, q = f.name.split("-Q")
        marker = f / "_synthetic.json"
        if not marker.exists() or not json.loads(marker.read_text()).get("synthetic"):
            problems.append(f"{f.name}: no _synthetic.json marker")
        rd = lambda n: list(csv.DictReader(open(f / n, newline="", encoding="utf-8")))
        units, summary, rkp = rd("budget_units.csv"), rd("budget_summary.csv"), rd("rkp_indicators.csv")
        for u in units:
            if MARK not in u["unit_kerja"]:
                problems.append(f"{f.name}: unit name without {MARK}: {u['unit_kerja']}")
        for r in rkp:
            for col in ("program", "indikator") + (("kegiatan",) if r["kegiatan"] else ()):
                if MARK not in r[col]:
                    problems.append(f"{f.name}: rkp {col} without {MARK}: {r[col]}")
            if r["capaian"].startswith("Dimulai") and int(q) >= 3:
                problems.append(f"{f.name}: 'Dimulai TW III' in Q{q}")
        keys = [(r["program_kode"], r["kode_kegiatan"], r["indikator"]) for r in rkp]
        if len(keys) != len(set(keys)):
            problems.append(f"{f.name}: duplicated rkp keys")
        # group rows = sums of unit rows; totals; spending types
        sums: dict[str, list[int]] = {}
        for u in units:
            s = sums.setdefault(u["kelompok"].replace("/ ", "/"), [0, 0])
            s[0] += _num(u["pagu"])
            s[1] += _num(u["realisasi"])
        groups = {
            r["kategori"].replace("/ ", "/"): (_num(r["pagu"]), _num(r["realisasi"]))
            for r in summary
            if r["tabel"] == "kelompok"
        }
        types = {
            r["kategori"]: (_num(r["pagu"]), _num(r["realisasi"])) for r in summary if r["tabel"] == "jenis_belanja"
        }
        for g, (p, r) in sums.items():
            if groups.get(g) != (p, r):
                problems.append(f"{f.name}: budget_summary {g} {groups.get(g)} != units {(p, r)}")
        total = (sum(p for p, _ in sums.values()), sum(r for _, r in sums.values()))
        if groups.get("Total") != total or types.get("Total") != total:
            problems.append(f"{f.name}: budget totals disagree")
        if (
            sum(p for k, (p, _) in types.items() if k != "Total"),
            sum(r for k, (_, r) in types.items() if k != "Total"),
        ) != total:
            problems.append(f"{f.name}: spending types do not add up to the total")
        # printed rank = rank by realisasi / pagu_setelah_aa, descending, no ties
        for g in sums:
            members = [u for u in units if u["kelompok"] == g]
            ratios = [_num(u["realisasi"]) / _num(u["pagu_setelah_aa"]) for u in members]
            if len(set(ratios)) != len(ratios):
                problems.append(f"{f.name}: tied ratios in {g}")
            if [int(u["peringkat"]) for u in members] != _rank_desc(ratios):
                problems.append(f"{f.name}: peringkat is not the rank by realisasi / pagu_setelah_aa in {g}")
        # cumulative within the year
        now = {
            "sampling": {(r["komoditi"], r["metode_sampling"]): r for r in rd("sampling.csv")},
            "units": {u["unit_kerja"]: u for u in units},
        }
        prev = previous.get(f"{year}-Q{int(q) - 1}")
        if prev:
            for k, r in now["sampling"].items():
                for col in ("jumlah_sampling", "diuji", "ms", "tms", "diperiksa_diuji", "tmk_label"):
                    if _num(r[col]) < _num(prev["sampling"][k][col]):
                        problems.append(f"{f.name}: sampling {k} {col} falls from the previous quarter")
            for k, u in now["units"].items():
                if _num(u["realisasi"]) < _num(prev["units"][k]["realisasi"]):
                    problems.append(f"{f.name}: realisasi of {k} falls from the previous quarter")
        previous[f.name] = now
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--years", type=int, nargs="+", default=list(DEFAULT_YEARS), help="default 2015..2024")
    ap.add_argument("--quarters", type=int, nargs="+", default=list(DEFAULT_QUARTERS), choices=[1, 2, 3, 4])
    ap.add_argument("--out", type=Path, help="default bench/data/synthetic-<seed>-x<scale>/")
    ap.add_argument("--check", action="store_true", help="run self_check on what was written")
    args = ap.parse_args(argv)
    out = args.out or REPO / "bench" / "data" / f"synthetic-{args.seed}-x{args.scale}"
    folders = generate(out, years=args.years, quarters=args.quarters, scale=args.scale, seed=args.seed)
    print(f"wrote {len(folders)} SYNTHETIC quarter(s) {folders[0].name}..{folders[-1].name} to {out}")
    if args.check:
        problems = self_check(folders)
        for p in problems:
            print(f"  - {p}")
        print("self-check: " + ("clean" if not problems else f"{len(problems)} problem(s)"))
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
