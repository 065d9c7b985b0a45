"""The sections of the book in its printed order, each built from the marts of one quarter.

Every sentence is a template written for this book (the figures are the book's, the wording is
ours); every figure in it is a `Num` that names the mart cell it reads, so a test can check
each one against the served file. A part whose data the warehouse does not hold renders as
"belum tersedia" and the book becomes a draft."""

from __future__ import annotations

from collections.abc import Callable

from orchestration.publishing.book import fmt
from orchestration.publishing.book.data import BookData, Fig
from orchestration.publishing.book.model import (
    Cell,
    Chart,
    Figure,
    Heading,
    ItemList,
    Missing,
    Num,
    Para,
    Row,
    Section,
    Table,
    sentence,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]
MONTHS += ["November", "Desember"]
COUNT_FMT = "#,##0"
AMOUNT_FMT = "#,##0"

# Gambar as numbered in the print; '{sd}' is the period ('s.d. Triwulan II Tahun 2024').
GAMBAR = {
    "1": "Profil Registrasi Obat dan Makanan",
    "2": "Profil Pengawasan Iklan Obat dan Makanan Sebelum Beredar/Dipublikasikan",
    "3": "Profil Pemeriksaan Sarana Produksi Obat dan Makanan",
    "4": "Profil Pemeriksaan Sarana Distribusi Obat dan Makanan",
    "5": "Profil Sertifikasi Obat dan Makanan",
    "6": "Profil Pengawasan Iklan Obat dan Makanan",
    "7": "Profil Pengawasan Label Obat dan Makanan",
    "8": "Peta Kerawanan Kejahatan Obat dan Makanan",
    "9": "Hasil Operasi Intelijen {sd}",
    "10": "Hasil Patroli Siber Obat dan Makanan {sd}",
    "11": "Grafik Kemajuan Perkara Tindak Pidana Obat dan Makanan Seluruh Indonesia {sd}",
    "12": "Jumlah Publikasi Siaran Pers/Penjelasan/Klarifikasi Badan POM {sd}",
    "13": "Data Kegiatan Pelayanan Informasi kepada Media {sd}",
    "14": "Tren Tonasi Pemberitaan Terkait Isu Obat dan Makanan {sd}",
    "15": "Sebaran Pemberitaan Isu Obat dan Makanan di Media {sd}",
    "16": "Total Unggahan Media Sosial Badan POM Berdasarkan Platform {sd}",
    "17": "Pertumbuhan Audiens Berdasarkan Platform {sd}",
    "18": "Engagement per Platform {sd}",
    "19": "Top Engagement Content terkait Badan POM pada Platform Facebook, X, Instagram dan Youtube {sd}",
    "20": "Majalah Pengawasan Obat dan Makanan (MaPOM)",
    "21": "Komunikasi, Informasi dan Edukasi Obat dan Makanan {sd}",
    "22": "Statistik Jumlah Permintaan Informasi Publik pada {tw}",
    "23": "Profil Pengguna Layanan Informasi dan Pengaduan Badan POM Berdasarkan Profesi",
    "24": "Profil Media Permintaan Layanan Informasi dan Pengaduan Badan POM",
    "25": "Profil Layanan Informasi dan Pengaduan yang Diberikan oleh Badan POM Berdasarkan Komoditi",
    "26": "Topik Layanan Informasi dan Pengaduan yang Diberikan atau Ditanyakan kepada Badan POM",
    "27": "Fitur BPOM Mobile",
    "28": "Aktivitas BPOM Mobile Tahun 2018 {sd}",
    "29": "Aktivitas BPOM Mobile {tw}",
    "30": "Tampilan Login Portal SIPT",
    "31": "Tampilan Menu Login pada Aplikasi SMART POM",
    "32": "Dashboard Data Pengajuan pada Layanan Helpdesk Pusdatin",
    "33": "Layanan Advokasi Hukum yang Diberikan oleh Badan POM {sd}",
    "34": "Realisasi Anggaran {sd}",
    "A": "Persentase Sampel Tidak Memenuhi Syarat per Komoditi, Targeted dan Random {sd}",
    "B": "Capaian Indikator RKP per Program dan Kegiatan {sd}",
}
ONLY_IN_PRINT = "tidak direproduksi: angkanya hanya ada pada gambar di edisi cetak, tidak dalam data yang disampaikan"
PICTURE = "tidak direproduksi: gambar ini berupa foto atau tangkapan layar, bukan data"

# Every dataset the book reads, by the section that reads it (the five core tables first).
SECTION_DATASETS = {
    "sambutan": ["headline_figures"],
    "highlight": ["highlight_events"],
    "bab1": [
        "registrations",
        "ad_pre_approval",
        "facility_inspections",
        "sampling",
        "sampling_summary",
        "certificates",
        "ad_surveillance",
        "label_surveillance",
        "adverse_event_reports",
    ],
    "bab2": ["crime_vulnerability_cases", "intelligence", "cyber_patrol", "perkara"],
    "bab3": ["regulation_drafting", "technical_reviews"],
    "bab4": ["policy_research"],
    "bab5": ["lab_development"],
    "bab6": [
        "press_and_media",
        "news_coverage",
        "social_media",
        "publications",
        "public_information_requests",
        "complaints_information",
    ],
    "bab7": ["digital_programmes", "bpom_mobile", "helpdesk"],
    "bab8": ["regulations_enacted"],
    "bab9": ["organisation", "governance_events", "business_process_review"],
    "bab10": ["international_cooperation"],
    "bab11": ["staff", "competency_apps", "lsp_certification", "penkomtek", "sipenatemanku", "ideas"],
    "bab12": ["budget_summary", "budget_units"],
    "bab13": ["rkp_indicators"],
}
CORE = ("sampling", "perkara", "budget_summary", "budget_units", "rkp_indicators")


class Ctx:
    """One quarter's data with the helpers every section uses."""

    def __init__(self, data: BookData):
        self.d = data
        self.f = data.figures
        p = data.period
        self.year = p.year
        self.tw = f"Triwulan {ROMAN[p.quarter]} Tahun {p.year}"
        self.sd = f"s.d. {self.tw}"
        self.months = f"Januari–{MONTHS[p.quarter * 3 - 1]} {p.year}"
        self.notes: dict[str, str] = {}
        for i, finding in enumerate(data.findings, 1):
            if finding.get("subject"):
                self.notes.setdefault(str(finding["subject"]), f"T{i}")
        statuses = {s["dataset"]: s["status"] for s in data.dataset_status}
        self.stale = sorted(d for d, s in statuses.items() if s not in ("in", None))
        self.missing: list[str] = []
        self.incomplete: list[str] = []  # tables the book reads that are not in the served file

    # -- figures -------------------------------------------------------------------------------
    def has(self, dataset: str) -> bool:
        if dataset in CORE:
            return self.d.core_available(dataset)
        return self.f.has(dataset)

    def need(self, section: Section, what: str, *datasets: str) -> bool:
        """True when every dataset is there; otherwise a 'belum tersedia' block and False."""
        absent = [d for d in datasets if not self.has(d)]
        for d in absent:
            if d not in self.missing:
                self.missing.append(d)
        if absent:
            section.add(Missing(what, absent))
        return not absent

    def num(self, f: Fig | None) -> Num | None:
        if f is None:
            return None
        if f.kind in ("count", "amount"):
            text, kind = fmt.count(f.value), "count"
        elif f.kind == "percent":
            d = fmt.decimals_of(f.value_text) if f.value_text else 2
            text, kind = fmt.points(f.value, d), f"points:{d}"
        elif f.kind == "number":
            d = fmt.decimals_of(f.value_text)
            text, kind = fmt.number(f.value, d), f"number:{d}"
        else:
            text, kind = (f.value_text or ""), "text"
        subject = f"{f.dataset}.{f.figure}" + (f"[{f.breakdown}]" if f.breakdown else "")
        return Num(text, f.ref, kind, f.where, self.notes.get(subject))

    def fig(self, dataset: str, figure: str, breakdown: str = "") -> Num | None:
        return self.num(self.f.get(dataset, figure, breakdown))

    def items(self, dataset: str, figure: str) -> list[Fig]:
        return self.f.items(dataset, figure)

    def increment(self, dataset: str, figure: str, breakdown: str = "") -> Num | None:
        """A year-to-date count's increment over the previous quarter of the year, when it exists."""
        now = self.f.get(dataset, figure, breakdown)
        before = self.d.previous_figures.get(dataset, figure, breakdown)
        if now is None or before is None or now.value is None or before.value is None:
            return None
        if now.period_scope != "ytd" or now.kind not in ("count", "amount"):
            return None
        return Num(
            fmt.signed(now.value - before.value), f"figdelta:{dataset}:{figure}:{breakdown}", "signed", now.where
        )

    def mart(self, mart: str, row: dict, column: str, kind: str, *keys: str) -> Num:
        value = row.get(column)
        text = {
            "count": fmt.count,
            "ratio": fmt.ratio,
            "rupiah": fmt.rupiah,
            "signed": fmt.signed,
            "ratio_change": fmt.ratio_change,
        }[kind](value)
        ref = f"mart:{mart}:{column}:" + ",".join(f"{k}={row[k]}" for k in keys)
        source = f"marts.{mart}"
        if row.get("source_file"):
            source += f" ({row['source_file']}, baris {row['source_row']})"
        return Num(text, ref, kind, source)

    def count_of(self, mart: str, n: int, **filters: str) -> Num:
        ref = f"count:{mart}:" + ",".join(f"{k}={v}" for k, v in filters.items())
        return Num(fmt.count(n), ref, "count", f"marts.{mart}")

    def sum_of(self, mart: str, column: str, n: float, **filters: str) -> Num:
        ref = f"sum:{mart}:{column}:" + ",".join(f"{k}={v}" for k, v in filters.items())
        return Num(fmt.count(n), ref, "count", f"marts.{mart}")

    def caption(self, number: str) -> str:
        return GAMBAR[number].format(sd=self.sd, tw=self.tw)


def say(template: str, style: str = "p", /, **values: str | Num | None) -> Para | None:
    """The sentence, or None when one of its figures is missing."""
    if any(v is None for v in values.values()):
        return None
    return sentence(template, style, **values)


def add(section: Section, *blocks) -> None:
    section.add(*(b for b in blocks if b is not None))


def listing(parts: list[str], last: str = "dan") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f", {last} " + parts[-1]


def enumerate_nums(ctx: Ctx, figs: list[Fig], pattern: str, label: Callable[[Fig], str] | None = None) -> Para | None:
    """'{n} kasus Obat, {n} kasus Kosmetik, dan ...' as one run of text with a Num per item."""
    if not figs:
        return None
    values: dict[str, Num | str] = {}
    parts = []
    for i, f in enumerate(figs):
        values[f"v{i}"] = ctx.num(f)
        values[f"l{i}"] = label(f) if label else f.breakdown
        parts.append(pattern.replace("{n}", f"{{v{i}}}").replace("{label}", f"{{l{i}}}"))
    return sentence(listing(parts), **values)


def join_paras(*paras: Para | None, kind: str = "p") -> Para | None:
    parts: list = []
    for p in paras:
        if p is None:
            return None
        parts.extend(p.parts)
    return Para(parts, kind)


def text_para(text: str, kind: str = "p") -> Para:
    return Para([text], kind)


def fig_chart(
    ctx: Ctx,
    number: str,
    key: str,
    categories: list[str],
    series: list[tuple[str, list[Fig | None]]],
    horizontal: bool = True,
    axis_label: str = "",
    note: str = "",
    sources: list[str] | None = None,
) -> Figure:
    """A Gambar whose bars are printed figures: values as numbers, labels as the book prints them."""
    out = []
    for name, figs in series:
        values = [None if f is None or f.value is None else f.value for f in figs]
        labels = ["" if f is None else ctx.num(f).text for f in figs]
        out.append((name, values, labels))
    chart = Chart(key, categories, out, horizontal=horizontal, axis_label=axis_label)
    return Figure(key, number, ctx.caption(number), chart, note, sources or [])


def not_reproduced(ctx: Ctx, number: str, why: str = ONLY_IN_PRINT) -> Figure:
    return Figure(f"g{number}", number, ctx.caption(number), None, why)


def count_cell(x, dash: bool = False) -> Cell:
    if fmt.is_missing(x):
        return Cell(fmt.DASH, None, None)
    return Cell(fmt.count_or_dash(x) if dash else fmt.count(x), round(float(x)), COUNT_FMT)


def ratio_cell(r) -> Cell:
    if fmt.is_missing(r):
        return Cell(fmt.DASH, None, None)
    return Cell(fmt.ratio(r), float(r), "0.00%", ratio_for_xlsx=True)


def fig_cell(ctx: Ctx, f: Fig | None, dash: bool = False) -> Cell:
    if f is None:
        return Cell(fmt.DASH)
    if f.kind == "percent":
        d = fmt.decimals_of(f.value_text) if f.value_text else 2
        return Cell(
            fmt.points(f.value, d),
            None if f.value is None else f.value / 100,
            "0" + ("." + "0" * d if d else "") + "%",
            ratio_for_xlsx=True,
        )
    if f.kind == "text":
        return Cell(f.value_text or "", f.value_text or "", None, align="text")
    if f.kind == "number":
        d = fmt.decimals_of(f.value_text)
        return Cell(fmt.number(f.value, d), f.value, "#,##0" + ("." + "0" * d if d else ""))
    return count_cell(f.value, dash)


def text_cell(text: str, colspan: int = 1) -> Cell:
    return Cell(text, text, None, align="text", colspan=colspan)


def simple_header(names: list[str]) -> list[list[tuple[str, int, int]]]:
    return [[(n, 1, 1) for n in names]]


# =============================================================================================
# Front matter


def sambutan(ctx: Ctx, editorial: dict) -> Section:
    s = Section("sambutan", "Sambutan Kepala BPOM RI", page_class="chapter")
    s.datasets = SECTION_DATASETS["sambutan"]
    if editorial.get("sambutan"):
        s.add(editorial["sambutan"])
    else:
        s.add(Missing("Teks sambutan (berkas editorial triwulan ini)", ["editorial.md"]))
    s.add(Heading("Angka utama", 3))
    if ctx.need(s, "Angka utama sambutan", "headline_figures"):
        add(
            s,
            say(
                "Beberapa angka kinerja BPOM {sd}: {nie} persetujuan NIE, {sarana} sarana produksi dan distribusi yang "
                "diperiksa, {sampel} sampel yang diuji, {perkara} perkara yang ditindaklanjuti, serta {kie} kegiatan "
                "komunikasi, informasi, dan edukasi (KIE).",
                "lead",
                sd=ctx.sd,
                nie=ctx.fig("headline_figures", "nie_approvals"),
                sarana=ctx.fig("headline_figures", "facilities_inspected"),
                sampel=ctx.fig("headline_figures", "samples_tested"),
                perkara=ctx.fig("headline_figures", "perkara"),
                kie=ctx.fig("headline_figures", "kie_activities"),
            ),
        )
    return s


def highlight(ctx: Ctx, editorial: dict) -> Section:
    s = Section("highlight", "Highlight", page_class="chapter")
    s.datasets = SECTION_DATASETS["highlight"]
    if editorial.get("highlight"):
        s.add(editorial["highlight"])
    else:
        s.add(Missing("Berita pilihan triwulan ini (berkas editorial triwulan ini)", ["editorial.md"]))
    if ctx.need(s, "Angka kegiatan pilihan", "highlight_events"):
        for f in ctx.items("highlight_events", "participants"):
            parts = [p.strip() for p in f.breakdown.split("|")]
            event = parts[-1]
            add(
                s,
                say(
                    "Kegiatan {event} dalam rangkaian “{item}” dihadiri kurang lebih {n} peserta.",
                    event=event,
                    item=parts[0],
                    n=ctx.num(f),
                ),
            )
    return s


# =============================================================================================
# BAB 1


def _sampling_table(ctx: Ctx, method: str, number: str, title: str) -> Table:
    rates = [r for r in ctx.d.rows("mart_sampling_tms_rates") if r["sampling_method"] == method]
    rates.sort(key=lambda r: r["commodity_display_order"])
    summary = next((r for r in ctx.d.rows("mart_sampling_tms_summary") if r["sampling_method"] == method), None)
    label = {"targeted": "Targeted", "random": "Random"}.get(method, method)
    cols = [
        "tmk_tie",
        "tmk_expired",
        "tmk_damaged",
        "tmk_label",
        "entered_lab",
        "tested",
        "passed_ms",
        "failed_tms",
        "total_tms",
        "unfinished",
        "examined",
    ]
    rows = []
    for r in rates:
        rows.append(
            Row(
                [text_cell(r["commodity_name"]), text_cell(label), count_cell(r["sampled"], True)]
                + [count_cell(r[c], True) for c in cols]
            )
        )
    if summary:
        rows.append(
            Row(
                [text_cell("Jumlah"), text_cell(label), count_cell(summary["sampled"], True)]
                + [count_cell(summary[c], True) for c in cols],
                "total",
            )
        )
    header = [
        [
            ("Komoditi", 1, 3),
            ("Metode Sampling", 1, 3),
            ("Jumlah sampling", 1, 2),
            ("TMK", 3, 1),
            ("TMK Label / Penandaan", 1, 2),
            ("Jumlah sampel masuk Lab", 1, 2),
            ("Jumlah sampel yang diuji", 1, 2),
            ("Hasil uji", 2, 1),
            ("Total TMS yang diperiksa", 1, 2),
            ("Belum selesai uji", 1, 2),
            ("Jumlah sampel diperiksa dan diuji sesuai standar", 1, 2),
        ],
        [("TIE/ Ilegal/ Palsu", 1, 1), ("Kedaluwarsa", 1, 1), ("Rusak", 1, 1), ("MS", 1, 1), ("TMS*", 1, 1)],
        [
            ("(a)", 1, 1),
            ("(b)", 3, 1),
            ("(c)", 1, 1),
            ("(d=a-b)", 1, 1),
            ("(e=f+g)", 1, 1),
            ("(f)", 1, 1),
            ("(g)", 1, 1),
            ("(h=b+g)", 1, 1),
            ("(i=d-e)", 1, 1),
            ("(j=b+e)", 1, 1),
        ],
    ]
    columns = [
        "Komoditi",
        "Metode sampling",
        "Jumlah sampling (a)",
        "TMK TIE/Ilegal/Palsu (b)",
        "TMK kedaluwarsa (b)",
        "TMK rusak (b)",
        "TMK label/penandaan (c)",
        "Sampel masuk lab (d=a-b)",
        "Sampel diuji (e=f+g)",
        "MS (f)",
        "TMS (g)",
        "Total TMS (h=b+g)",
        "Belum selesai uji (i=d-e)",
        "Diperiksa dan diuji sesuai standar (j=b+e)",
    ]
    return Table(
        f"tabel{number}",
        number,
        title,
        header,
        columns,
        rows,
        source_note="Sumber: Rekapitulasi Hasil Pelaksanaan Kegiatan (RHPK) BB/BPOM; "
        "marts.mart_sampling_tms_rates dan mart_sampling_tms_summary.",
        sources=["sampling"],
        marts=["mart_sampling_tms_rates", "mart_sampling_tms_summary"],
        small=True,
        widths=[10, 7.6] + [82.4 / 12] * 12,
    )


def _sampling_sentences(ctx: Ctx, method: str, word: str) -> list[Para]:
    row = next((r for r in ctx.d.rows("mart_sampling_tms_summary") if r["sampling_method"] == method), None)
    if row is None:
        return []
    m = lambda c, k="count": ctx.mart("mart_sampling_tms_summary", row, c, k, "sampling_method")
    out = [
        sentence(
            "Dari {sampled} sampel {word} yang diambil {sd}, sebanyak {examined} sampel telah tuntas diperiksa dan "
            "diuji laboratorium; {tms} sampel di antaranya ({rate}) dinyatakan tidak memenuhi syarat (TMS).",
            sampled=m("sampled"),
            word=word,
            sd=ctx.sd,
            examined=m("examined"),
            tms=m("failed_tms"),
            rate=m("tms_rate", "ratio"),
        )
    ]
    if row.get("has_previous_quarter"):
        out.append(
            sentence(
                "Khusus pada triwulan ini, bertambah {sq} sampel {word} yang diambil, {eq} yang tuntas diperiksa, dan "
                "{tq} sampel TMS; persentase TMS bergeser {chg} dibanding triwulan sebelumnya.",
                sq=m("sampled_in_quarter"),
                word=word,
                eq=m("examined_in_quarter"),
                tq=m("failed_tms_in_quarter"),
                chg=m("tms_rate_change", "ratio_change"),
            )
        )
    return out


def _monitoring(
    ctx: Ctx, s: Section, title: str, ds: str, total: str, gambar: str, labels: tuple[str, str], template: str
) -> None:
    """A monitoring paragraph (how many were watched, how many TMK and its share) and its chart."""
    if not ctx.need(s, title, ds):
        return
    n, tmk, pct = _two(ctx, ds, total, "tmk", "tmk_pct")
    add(s, say(template, n=n, sd=ctx.sd, tmk=tmk, pct=pct))
    g = ctx.f
    s.add(
        fig_chart(
            ctx, gambar, f"g{gambar}", list(labels), [("Jumlah", [g.get(ds, total), g.get(ds, "tmk")])], sources=[ds]
        )
    )


def _two(ctx: Ctx, ds: str, total: str, part: str, pct: str, bd: str = "") -> tuple:
    return ctx.fig(ds, total, bd), ctx.fig(ds, part, bd), ctx.fig(ds, pct, bd)


def bab1(ctx: Ctx) -> Section:
    s = Section("bab1", "Hasil Pengawasan Keamanan, Khasiat, dan Mutu Produk Obat dan Makanan", "BAB 1", [])
    s.datasets = SECTION_DATASETS["bab1"]
    s.page_class = "chapter"
    s.add(Heading("Pengawasan Pre-market", 3))
    if ctx.need(s, "Registrasi Obat dan Makanan", "registrations"):
        add(
            s,
            say(
                "Sepanjang {months}, BPOM menerima {app} berkas permohonan registrasi Obat dan Makanan. Dari berkas "
                "tersebut telah terbit {dec} keputusan, termasuk {nie} persetujuan izin edar.",
                months=ctx.months,
                app=ctx.fig("registrations", "applications"),
                dec=ctx.fig("registrations", "decisions"),
                nie=ctx.fig("registrations", "approvals"),
            ),
            _inc_sentence(ctx, "registrations", "approvals", "persetujuan izin edar"),
        )
        g = ctx.f
        s.add(
            fig_chart(
                ctx,
                "1",
                "g1",
                ["Berkas permohonan", "Keputusan terbit", "Persetujuan izin edar"],
                [
                    (
                        "Jumlah",
                        [
                            g.get("registrations", "applications"),
                            g.get("registrations", "decisions"),
                            g.get("registrations", "approvals"),
                        ],
                    )
                ],
                sources=["registrations"],
            )
        )
    else:
        s.add(not_reproduced(ctx, "1", "belum tersedia"))
    if ctx.need(s, "Persetujuan rancangan iklan", "ad_pre_approval"):
        app, ok, pct = _two(ctx, "ad_pre_approval", "applications", "approvals", "approvals_pct")
        add(
            s,
            say(
                "Rancangan iklan obat bebas, obat bebas terbatas, obat tradisional, dan suplemen kesehatan dievaluasi "
                "sebelum tayang agar klaimnya benar. Dari {app} permohonan persetujuan {sd}, {ok} rancangan iklan "
                "({pct}) disetujui.",
                app=app,
                sd=ctx.sd,
                ok=ok,
                pct=pct,
            ),
        )
        g = ctx.f
        s.add(
            fig_chart(
                ctx,
                "2",
                "g2",
                ["Permohonan", "Disetujui"],
                [("Jumlah", [g.get("ad_pre_approval", "applications"), g.get("ad_pre_approval", "approvals")])],
                sources=["ad_pre_approval"],
            )
        )
    else:
        s.add(not_reproduced(ctx, "2", "belum tersedia"))

    s.add(Heading("Pengawasan Post-market", 3))
    s.add(Heading("Pemeriksaan Sarana Produksi dan Distribusi", 4))
    if ctx.need(s, "Pemeriksaan sarana", "facility_inspections"):
        for number, kind, word in (("3", "Produksi", "produksi"), ("4", "Distribusi", "distribusi")):
            insp, tmk, pct = _two(ctx, "facility_inspections", "inspected", "tmk", "tmk_pct", kind)
            p = say(
                "Pemeriksaan sarana {word} Obat dan Makanan {sd} mencakup {insp} sarana; {tmk} sarana ({pct}) "
                "tidak memenuhi ketentuan (TMK).",
                word=word,
                sd=ctx.sd,
                insp=insp,
                tmk=tmk,
                pct=pct,
            )
            if p is None:  # the print gives distribution inspections only in its picture
                s.add(not_reproduced(ctx, number))
                continue
            s.add(p)
            g = ctx.f
            s.add(
                fig_chart(
                    ctx,
                    number,
                    f"g{number}",
                    ["Sarana diperiksa", "Sarana TMK"],
                    [
                        (
                            "Jumlah",
                            [
                                g.get("facility_inspections", "inspected", kind),
                                g.get("facility_inspections", "tmk", kind),
                            ],
                        )
                    ],
                    sources=["facility_inspections"],
                )
            )
    s.add(Heading("Sampling dan Pengujian Laboratorium", 4))
    if ctx.need(s, "Sampling dan pengujian (Tabel 1 dan 2)", "sampling"):
        s.add(Heading("a. Targeted", 5))
        s.add(_sampling_table(ctx, "targeted", "1", "Profil Sampling dan Pengujian Obat dan Makanan (Target)"))
        s.add(*_sampling_sentences(ctx, "targeted", "targeted"))
        s.add(Heading("b. Random", 5))
        s.add(_sampling_table(ctx, "random", "2", "Profil Sampling dan Pengujian Obat dan Makanan (Random)"))
        s.add(*_sampling_sentences(ctx, "random", "random"))
        s.add(
            text_para(
                "Keterangan: MS = Memenuhi Syarat; TMS = Tidak Memenuhi Syarat; TMK = Tidak Memenuhi Ketentuan; "
                "TIE = Tanpa Izin Edar.",
                "note",
            )
        )
        s.add(_sampling_chart(ctx))
    s.add(Heading("Sertifikasi", 4))
    if ctx.need(s, "Sertifikasi", "certificates"):
        items = ctx.items("certificates", "issued")
        add(
            s,
            join_paras(
                sentence("Untuk mendukung ekspor dan impor, {sd} BPOM telah menerbitkan ", sd=ctx.sd),
                enumerate_nums(ctx, items, "{n} {label}"),
                text_para(" Obat dan Makanan."),
            ),
        )
        s.add(
            fig_chart(ctx, "5", "g5", [f.breakdown for f in items], [("Diterbitkan", items)], sources=["certificates"])
        )
    s.add(Heading("Pengawasan Iklan", 4))
    _monitoring(
        ctx,
        s,
        "Pengawasan iklan",
        "ad_surveillance",
        "ads_monitored",
        "6",
        ("Iklan diawasi", "Iklan TMK"),
        "Iklan Obat dan Makanan di media cetak, televisi, radio, luar ruang, dan leaflet/brosur terus dipantau. "
        "Dari {n} iklan yang diawasi {sd}, {tmk} iklan ({pct}) tidak memenuhi ketentuan.",
    )
    s.add(Heading("Pengawasan Label", 4))
    _monitoring(
        ctx,
        s,
        "Pengawasan label",
        "label_surveillance",
        "labels_monitored",
        "7",
        ("Label diawasi", "Label TMK"),
        "Kesesuaian label produk yang beredar dengan yang disetujui juga diawasi: dari {n} label yang diperiksa "
        "{sd}, {tmk} label (sekitar {pct}) tidak memenuhi ketentuan.",
    )
    s.add(Heading("Monitoring Efek Samping (MESO, MESOT, MESSK, MESKOS)", 4))
    if ctx.need(s, "Laporan efek samping (Tabel 3)", "adverse_event_reports"):
        rows = []
        for f in ctx.items("adverse_event_reports", "reports"):
            rows.append(
                Row(
                    [
                        text_cell(f.breakdown),
                        fig_cell(ctx, f),
                        fig_cell(ctx, ctx.f.get("adverse_event_reports", "followed_up", f.breakdown)),
                        fig_cell(ctx, ctx.f.get("adverse_event_reports", "followed_up_pct", f.breakdown)),
                    ]
                )
            )
        s.add(
            Table(
                "tabel3",
                "3",
                "Profil Laporan Efek Samping",
                simple_header(["Komoditi", "Jumlah Laporan", "Jumlah laporan Tindaklanjut", "%"]),
                ["Komoditi", "Jumlah laporan", "Jumlah laporan ditindaklanjuti", "Persentase ditindaklanjuti"],
                rows,
                sources=["adverse_event_reports"],
                marts=["mart_book_figures"],
            )
        )
        parts = []
        values: dict = {}
        for i, f in enumerate(ctx.items("adverse_event_reports", "reports")):
            fu = ctx.fig("adverse_event_reports", "followed_up", f.breakdown)
            pc = ctx.fig("adverse_event_reports", "followed_up_pct", f.breakdown)
            if fu is None or pc is None:
                continue
            values.update({f"c{i}": f.breakdown, f"n{i}": ctx.num(f), f"f{i}": fu, f"p{i}": pc})
            parts.append(f"{{c{i}}} {{n{i}}} laporan ({{f{i}}} ditindaklanjuti, {{p{i}}})")
        if parts:
            s.add(
                sentence(
                    "Seluruh laporan efek samping dari masyarakat dan tenaga kesehatan dievaluasi aspek keamanannya. "
                    "Menurut komoditi, {sd} tercatat: " + listing(parts) + ".",
                    sd=ctx.sd,
                    **values,
                )
            )
    return s


def _inc_sentence(ctx: Ctx, ds: str, figure: str, what: str, bd: str = "") -> Para | None:
    inc = ctx.increment(ds, figure, bd)
    if inc is None:
        return None
    return sentence("Dibanding posisi akhir triwulan sebelumnya, jumlah {what} bertambah {inc}.", what=what, inc=inc)


def _sampling_chart(ctx: Ctx) -> Figure:
    rates = ctx.d.rows("mart_sampling_tms_rates")
    names = []
    for r in sorted(rates, key=lambda r: r["commodity_display_order"]):
        if r["commodity_name"] not in names and r["examined"]:
            names.append(r["commodity_name"])
    series = []
    for method, label in (("targeted", "Targeted"), ("random", "Random")):
        by = {r["commodity_name"]: r for r in rates if r["sampling_method"] == method}
        vals, texts = [], []
        for n in names:
            r = by.get(n)
            rate = None if r is None or fmt.is_missing(r["tms_rate"]) else r["tms_rate"] * 100
            vals.append(rate)
            texts.append("" if rate is None else fmt.ratio(r["tms_rate"]))
        series.append((label, vals, texts))
    chart = Chart("gA", names, series, horizontal=True, axis_label="Persentase sampel TMS (%)")
    return Figure(
        "gA",
        "A",
        ctx.caption("A"),
        chart,
        "Grafik pendamping Tabel 1 dan 2 yang tidak ada pada edisi cetak: TMS (g) dibagi sampel yang diperiksa dan "
        "diuji sesuai standar (j).",
        ["sampling"],
    )


# =============================================================================================
# BAB 2


def bab2(ctx: Ctx) -> Section:
    s = Section("bab2", "Penindakan di Bidang Obat dan Makanan", "BAB 2", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab2"]
    s.add(Heading("1. Peta Kerawanan Kejahatan Obat dan Makanan", 3))
    if ctx.need(s, "Kasus untuk peta kerawanan", "crime_vulnerability_cases"):
        items = ctx.items("crime_vulnerability_cases", "cases")
        add(
            s,
            join_paras(
                say(
                    "Peta kerawanan kejahatan Obat dan Makanan dibangun dari kasus yang telah diverifikasi. {sd} "
                    "terkumpul {total} kasus, yaitu ",
                    sd=ctx.sd.capitalize(),
                    total=ctx.fig("crime_vulnerability_cases", "cases"),
                ),
                enumerate_nums(ctx, items, "{n} kasus {label}", lambda f: f.breakdown.lower()),
                text_para("."),
            ),
        )
        s.add(
            fig_chart(
                ctx,
                "8",
                "g8",
                [f.breakdown for f in items],
                [("Kasus terverifikasi", items)],
                note="Pada edisi cetak berupa peta; di sini jumlah kasus per komoditi sebagai grafik batang.",
                sources=["crime_vulnerability_cases"],
            )
        )
    else:
        s.add(not_reproduced(ctx, "8", "belum tersedia"))
    s.add(Heading("2. Hasil Kegiatan dan Operasi Intelijen", 3))
    if ctx.need(s, "Hasil intelijen", "intelligence"):
        items = ctx.items("intelligence", "recommendations")
        add(
            s,
            say(
                "Kegiatan intelijen {sd} menghasilkan {info} laporan informasi, sedangkan operasi intelijen menghasilkan "
                "{intel} laporan intelijen. Dari keduanya lahir {rec} rekomendasi intelijen untuk ditindaklanjuti unit "
                "penerima.",
                sd=ctx.sd,
                info=ctx.fig("intelligence", "information_reports"),
                intel=ctx.fig("intelligence", "intelligence_reports"),
                rec=ctx.fig("intelligence", "recommendations"),
            ),
            join_paras(
                text_para("Rinciannya menurut jenis kasus: "),
                enumerate_nums(ctx, items, "{n} rekomendasi {label}", lambda f: f.breakdown.lower()),
                text_para("."),
            ),
        )
        g = ctx.f
        cats = ["Laporan informasi", "Laporan intelijen"] + [f"Rekomendasi: {f.breakdown}" for f in items]
        figs = [g.get("intelligence", "information_reports"), g.get("intelligence", "intelligence_reports"), *items]
        s.add(fig_chart(ctx, "9", "g9", cats, [("Jumlah", figs)], sources=["intelligence"]))
    else:
        s.add(not_reproduced(ctx, "9", "belum tersedia"))
    s.add(Heading("3. Hasil Patroli Siber", 3))
    if ctx.need(s, "Hasil patroli siber", "cyber_patrol"):
        add(
            s,
            say(
                "Patroli siber {sd} mengidentifikasi {links} tautan (link) yang menawarkan Obat dan Makanan ilegal atau "
                "tidak memenuhi ketentuan peraturan perundang-undangan.",
                sd=ctx.sd,
                links=ctx.fig("cyber_patrol", "links"),
            ),
            _inc_sentence(ctx, "cyber_patrol", "links", "tautan yang teridentifikasi"),
        )
    s.add(not_reproduced(ctx, "10"))
    s.add(Heading("4. Hasil Penyidikan di Bidang Obat dan Makanan", 3))
    if ctx.need(s, "Perkara (Gambar 11)", "perkara"):
        stages = sorted(ctx.d.rows("mart_perkara_funnel"), key=lambda r: r["stage_order"])
        m = lambda r, c, k="count": ctx.mart("mart_perkara_funnel", r, c, k, "stage_code")
        values: dict = {"total": m(stages[0], "total_cases"), "sd": ctx.sd}
        parts = []
        for i, r in enumerate(stages):
            values[f"n{i}"] = m(r, "cases_in_stage")
            values[f"s{i}"] = r["stage_label"]
            parts.append(f"{{n{i}}} pada tahap {{s{i}}}" if r["stage_code"] != "putusan" else f"{{n{i}}} telah diputus")
        s.add(
            sentence(
                "PPNS BPOM menindaklanjuti {total} perkara tindak pidana Obat dan Makanan {sd}. Menurut tahap terakhir "
                "yang dicapai, perkara tersebut terdiri atas " + listing(parts) + " pengadilan.",
                **values,
            )
        )
        by = {r["stage_code"]: r for r in stages}
        if "p21" in by and "putusan" in by:
            s.add(
                sentence(
                    "Dilihat sebagai alur, {p21} perkara telah sampai sekurang-kurangnya tahap P21 dan {put} di "
                    "antaranya telah memperoleh putusan.",
                    p21=m(by["p21"], "cases_reached_stage"),
                    put=m(by["putusan"], "cases_reached_stage"),
                )
            )
        if stages[0].get("has_previous_quarter"):
            s.add(
                sentence(
                    "Selama triwulan ini, jumlah perkara bertambah {q}.",
                    q=m(stages[0], "total_cases_in_quarter", "signed"),
                )
            )
        chart = Chart(
            "g11",
            [r["stage_label"] for r in stages],
            [
                (
                    "Berada pada tahap ini",
                    [float(r["cases_in_stage"]) for r in stages],
                    [fmt.count(r["cases_in_stage"]) for r in stages],
                ),
                (
                    "Telah mencapai tahap ini",
                    [float(r["cases_reached_stage"]) for r in stages],
                    [fmt.count(r["cases_reached_stage"]) for r in stages],
                ),
            ],
            horizontal=True,
            axis_label="Perkara",
        )
        s.add(Figure("g11", "11", ctx.caption("11"), chart, "", ["perkara"]))
    else:
        s.add(not_reproduced(ctx, "11", "belum tersedia"))
    return s


# =============================================================================================
# BAB 3-5


def _progress_items(ctx: Ctx, figs: list[Fig], skip: int) -> ItemList:
    items = []
    for f in figs:
        parts = [p.strip() for p in f.breakdown.split("|", skip + 1)]
        title = parts[-1]
        items.append(sentence("{title} ({pct}).", title=title, pct=ctx.num(f)))
    return ItemList("", items, ordered=True)


def bab3(ctx: Ctx) -> Section:
    s = Section("bab3", "Penyusunan Peraturan/Standar/Pedoman", "BAB 3", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab3"]
    groups = [
        ("Obat", "progress_pct_obat"),
        ("Obat Tradisional, Suplemen Kesehatan dan Kosmetik", "progress_pct_ot_sk_kosmetik"),
        ("Pangan", "progress_pct_pangan"),
    ]
    if ctx.need(s, "Daftar penyusunan peraturan/standar/pedoman", "regulation_drafting"):
        for group, figure in groups:
            s.add(Heading(group, 3))
            add(
                s,
                say(
                    "Pada {year}, kelompok {group} menyusun {n} peraturan/standar/pedoman. Progres masing-masing {sd}:",
                    year=str(ctx.year),
                    group=group,
                    n=ctx.fig("regulation_drafting", "items_planned", group),
                    sd=ctx.sd,
                ),
            )
            s.add(_progress_items(ctx, ctx.items("regulation_drafting", figure), 1))
            if group.startswith("Obat Tradisional") and ctx.has("technical_reviews"):
                add(
                    s,
                    say(
                        "{sd} telah diselesaikan {n} kajian atas permintaan pemangku kepentingan, dengan batas waktu "
                        "penyelesaian {days} hari kerja.",
                        sd=ctx.sd.capitalize(),
                        n=ctx.fig("technical_reviews", "reviews_completed"),
                        days=ctx.fig("technical_reviews", "review_deadline_days"),
                    ),
                )
        if ctx.has("technical_reviews"):
            add(
                s,
                say(
                    "Untuk pangan olahan, {n} rekomendasi kebijakan telah diselesaikan {sd}.",
                    n=ctx.fig("technical_reviews", "policy_recommendations_completed"),
                    sd=ctx.sd,
                ),
            )
    ctx.need(s, "Kajian dan rekomendasi kebijakan", "technical_reviews")
    return s


def bab4(ctx: Ctx) -> Section:
    s = Section("bab4", "Analisis Kebijakan Obat dan Makanan", "BAB 4", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab4"]
    if ctx.need(s, "Riset dan kajian kebijakan", "policy_research"):
        add(
            s,
            say(
                "Riset dan kajian kebijakan menjadi dasar pengambilan keputusan pengawasan. Pada {year} terdapat {n} "
                "topik; progresnya {sd}:",
                year=str(ctx.year),
                n=ctx.fig("policy_research", "topics"),
                sd=ctx.sd,
            ),
        )
        s.add(_progress_items(ctx, ctx.items("policy_research", "progress_pct"), 0))
    return s


def bab5(ctx: Ctx) -> Section:
    s = Section("bab5", "Pengembangan dan Pengujian Obat dan Makanan", "BAB 5", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab5"]
    if ctx.need(s, "Pengembangan laboratorium", "lab_development"):
        g = lambda c: ctx.fig("lab_development", c)
        add(
            s,
            say(
                "{sd}, BPOM telah mengembangkan {m} metode analisis dan {b} baku pembanding untuk memperkuat pengujian "
                "laboratorium.",
                sd=ctx.sd.capitalize(),
                m=g("analysis_methods"),
                b=g("reference_standards"),
            ),
            say(
                "Sebanyak {s} sampel, termasuk produk biologi dan lot release vaksin, selesai diuji sesuai timeline, "
                "dan {c} peralatan laboratorium telah dikalibrasi sesuai ISO/IEC 17025:2017.",
                s=g("samples_on_time"),
                c=g("instruments_calibrated"),
            ),
            say(
                "Dari target {t} jejaring laboratorium pada {year}, BPOM telah berpartisipasi dalam {j} jejaring.",
                t=g("lab_networks_target"),
                year=str(ctx.year),
                j=g("lab_networks_joined"),
            ),
        )
    return s


# =============================================================================================
# BAB 6


def _share_pairs(ctx: Ctx, ds: str, count_fig: str, pct_fig: str, prefix: str, lower: bool = True) -> Para | None:
    figs = [f for f in ctx.items(ds, count_fig) if f.breakdown.startswith(prefix + " | ")]
    if not figs:
        return None
    values: dict = {}
    parts = []
    for i, f in enumerate(figs):
        pct = ctx.fig(ds, pct_fig, f.breakdown)
        name = f.breakdown.split(" | ", 1)[1]
        values.update({f"c{i}": name.lower() if lower else name, f"n{i}": ctx.num(f)})
        if pct is not None:
            values[f"p{i}"] = pct
            parts.append(f"{{c{i}}} {{n{i}}} ({{p{i}}})")
        else:
            parts.append(f"{{c{i}}} {{n{i}}}")
    return sentence(listing(parts), **values)


def bab6(ctx: Ctx) -> Section:
    s = Section("bab6", "Optimalisasi Pemberdayaan Mitra Kerja dan Masyarakat", "BAB 6", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab6"]
    g = ctx.f
    s.add(Heading("Siaran pers dan pelayanan informasi kepada media", 3))
    if ctx.need(s, "Siaran pers dan layanan media", "press_and_media"):
        p = lambda c: ctx.fig("press_and_media", c)
        add(
            s,
            say(
                "{sd}, BPOM menerbitkan {pr} siaran pers dan {cl} penjelasan/klarifikasi tentang isu Obat dan Makanan, "
                "seluruhnya dipublikasikan melalui laman dan media sosial BPOM.",
                sd=ctx.sd.capitalize(),
                pr=p("press_releases"),
                cl=p("clarifications"),
            ),
        )
        s.add(
            fig_chart(
                ctx,
                "12",
                "g12",
                ["Siaran pers", "Penjelasan/klarifikasi"],
                [("Jumlah", [g.get("press_and_media", "press_releases"), g.get("press_and_media", "clarifications")])],
                horizontal=False,
                sources=["press_and_media"],
            )
        )
        add(
            s,
            say(
                "Media mengajukan {req} permohonan wawancara; {fu} di antaranya telah dilayani, berupa {live} wawancara "
                "langsung dan {wr} jawaban tertulis.",
                req=p("interview_requests"),
                fu=p("requests_followed_up"),
                live=p("live_interviews"),
                wr=p("written_answers"),
            ),
        )
        codes = ["interview_requests", "requests_followed_up", "live_interviews", "written_answers"]
        s.add(
            fig_chart(
                ctx,
                "13",
                "g13",
                ["Permohonan wawancara", "Ditindaklanjuti", "Wawancara langsung", "Jawaban tertulis"],
                [("Jumlah", [g.get("press_and_media", c) for c in codes])],
                horizontal=False,
                sources=["press_and_media"],
            )
        )
    s.add(Heading("Pemberitaan", 3))
    if ctx.need(s, "Pemberitaan", "news_coverage"):
        n = lambda c, b="": ctx.fig("news_coverage", c, b)
        add(
            s,
            say(
                "Pemberitaan tentang Obat dan Makanan maupun BPOM {sd} berjumlah {total} berita. Menurut tonasi, "
                "{pos} berita ({ppos}) bernada positif, {net} ({pnet}) netral, dan {neg} ({pneg}) negatif.",
                sd=ctx.sd,
                total=n("news_total"),
                pos=n("news_items", "Tonasi | positif"),
                ppos=n("news_share_pct", "Tonasi | positif"),
                net=n("news_items", "Tonasi | netral"),
                pnet=n("news_share_pct", "Tonasi | netral"),
                neg=n("news_items", "Tonasi | negatif"),
                pneg=n("news_share_pct", "Tonasi | negatif"),
            ),
            say(
                "Salah satu pendorong berita positif pada Maret adalah pemusnahan {t} ton roti milk bun bersama Bea "
                "Cukai.",
                t=n("milk_bun_destroyed"),
            ),
        )
        tones = [f for f in ctx.items("news_coverage", "news_items") if f.breakdown.startswith("Tonasi")]
        s.add(
            fig_chart(
                ctx,
                "14",
                "g14",
                [f.breakdown.split(" | ")[1].capitalize() for f in tones],
                [("Berita", tones)],
                horizontal=False,
                note="Edisi cetak menampilkan tren bulanan; data yang disampaikan hanya memuat jumlah per tonasi.",
                sources=["news_coverage"],
            )
        )
        add(
            s,
            say(
                "Menurut jenis media, {on} berita ({pon}) dimuat media online, {ce} ({pce}) media cetak, dan {el} "
                "({pel}) media elektronik.",
                on=n("news_items", "Media | Media Online"),
                pon=n("news_share_pct", "Media | Media Online"),
                ce=n("news_items", "Media | Media Cetak"),
                pce=n("news_share_pct", "Media | Media Cetak"),
                el=n("news_items", "Media | Media Elektronik"),
                pel=n("news_share_pct", "Media | Media Elektronik"),
            ),
        )
        media = [f for f in ctx.items("news_coverage", "news_items") if f.breakdown.startswith("Media")]
        s.add(
            fig_chart(
                ctx,
                "15",
                "g15",
                [f.breakdown.split(" | ")[1] for f in media],
                [("Berita", media)],
                sources=["news_coverage"],
            )
        )
    s.add(Heading("Media sosial", 3))
    if ctx.need(s, "Media sosial", "social_media"):
        m = lambda c, b="": ctx.fig("social_media", c, b)
        posts = sorted(ctx.items("social_media", "posts"), key=lambda f: -(f.value or 0))
        add(
            s,
            say(
                "Pada triwulan ini BPOM aktif di {n} platform media sosial dengan rata-rata {lo}–{hi} unggahan per hari.",
                n=m("platforms_active"),
                lo=m("posts_per_day_min"),
                hi=m("posts_per_day_max"),
            ),
            join_paras(
                text_para("Menurut platform, unggahan terbanyak ada di "),
                enumerate_nums(ctx, posts, "{label} ({n})"),
                text_para("."),
            ),
        )
        months = sorted(ctx.items("social_media", "posts_month"), key=lambda f: _month(f.breakdown))
        add(
            s,
            join_paras(
                say(
                    "Sepanjang {months} terdapat {total} konten, dengan rincian per bulan ",
                    months=ctx.months,
                    total=m("posts_total"),
                ),
                enumerate_nums(ctx, months, "{label} {n}"),
                text_para("."),
            ),
        )
        s.add(
            fig_chart(ctx, "16", "g16", [f.breakdown for f in posts], [("Unggahan", posts)], sources=["social_media"])
        )
        aud = sorted(ctx.items("social_media", "audience_growth"), key=lambda f: -(f.value or 0))
        label = lambda f: "platform lain yang tidak disebut namanya" if f.breakdown.startswith("(") else f.breakdown
        add(
            s,
            join_paras(
                text_para("Pertumbuhan audiens pada triwulan ini tertinggi di "),
                enumerate_nums(ctx, aud, "{label} ({n})", label),
                text_para("."),
            ),
        )
        aud_m = sorted(ctx.items("social_media", "audience_growth_month"), key=lambda f: _month(f.breakdown))
        add(
            s,
            join_paras(
                text_para("Per bulan, audiens bertambah "),
                enumerate_nums(ctx, aud_m, "{n} pada {label}"),
                text_para("."),
            ),
        )
        s.add(
            fig_chart(
                ctx,
                "17",
                "g17",
                [label(f) for f in aud],
                [("Pertumbuhan audiens", aud)],
                sources=["social_media"],
            )
        )
        eng = sorted(ctx.items("social_media", "engagement_month"), key=lambda f: _month(f.breakdown))
        if eng:
            top = max(eng, key=lambda f: f.value or 0)
            add(
                s,
                join_paras(
                    text_para("Engagement pada triwulan ini tercatat "),
                    enumerate_nums(ctx, eng, "{n} pada {label}"),
                    sentence("; puncaknya pada bulan {m}.", m=top.breakdown),
                ),
            )
            s.add(
                fig_chart(
                    ctx,
                    "18",
                    "g18",
                    [f.breakdown for f in eng],
                    [("Engagement", eng)],
                    horizontal=False,
                    note="Edisi cetak merinci engagement per platform; data yang disampaikan memuat jumlah per bulan.",
                    sources=["social_media"],
                )
            )
    s.add(not_reproduced(ctx, "19", PICTURE))
    s.add(Heading("Publikasi", 3))
    if ctx.need(s, "Majalah POM", "publications"):
        pub = "Majalah POM (MaPOM)"
        add(
            s,
            say(
                "Pada triwulan ini terbit {pub} edisi {issue} dengan tema utama “{theme}”.",
                pub=pub,
                issue=ctx.fig("publications", "issue", pub),
                theme=ctx.fig("publications", "main_theme", pub),
            ),
        )
        caption_issue = ctx.f.get("publications", "issue_in_caption", pub)
        issue = ctx.f.get("publications", "issue", pub)
        if caption_issue and issue and caption_issue.value_text != issue.value_text:
            s.add(
                sentence(
                    "Catatan: keterangan Gambar 20 pada edisi cetak menyebut edisi {cap}, berbeda dengan edisi yang "
                    "disebut dalam teks.",
                    "note",
                    cap=ctx.num(caption_issue),
                )
            )
    s.add(not_reproduced(ctx, "20", PICTURE))
    s.add(not_reproduced(ctx, "21", PICTURE))
    s.add(Heading("Permintaan informasi publik (PPID)", 3))
    if ctx.need(s, "Permintaan informasi publik", "public_information_requests"):
        ds = "public_information_requests"
        add(
            s,
            join_paras(
                say(
                    "Pada triwulan ini PPID BPOM menerima {n} permintaan informasi publik. Menurut profesi, pemohon "
                    "terdiri atas ",
                    n=ctx.fig(ds, "requests_received"),
                ),
                enumerate_nums(
                    ctx, ctx.items(ds, "requester_share_pct"), "{label} ({n})", lambda f: f.breakdown.split(" | ", 1)[1]
                ),
                text_para("."),
            ),
            say(
                "Dari {n} permintaan, {a} ({pa}) dikabulkan sepenuhnya, {b} ({pb}) dikabulkan sebagian, dan {c} ({pc}) "
                "ditolak. Rata-rata penyelesaiannya {avg} hari kerja, di bawah batas {max} hari kerja.",
                n=ctx.fig(ds, "requests_decided"),
                a=ctx.fig(ds, "requests", "Hasil | dikabulkan sepenuhnya"),
                pa=ctx.fig(ds, "requests_pct", "Hasil | dikabulkan sepenuhnya"),
                b=ctx.fig(ds, "requests", "Hasil | dikabulkan sebagian"),
                pb=ctx.fig(ds, "requests_pct", "Hasil | dikabulkan sebagian"),
                c=ctx.fig(ds, "requests", "Hasil | ditolak"),
                pc=ctx.fig(ds, "requests_pct", "Hasil | ditolak"),
                avg=ctx.fig(ds, "avg_days"),
                max=ctx.fig(ds, "max_days"),
            ),
        )
        shares = ctx.items(ds, "requester_share_pct")
        s.add(
            fig_chart(
                ctx,
                "22",
                "g22",
                [f.breakdown.split(" | ", 1)[1] for f in shares],
                [("Persentase pemohon", shares)],
                axis_label="Persen",
                sources=[ds],
            )
        )
    s.add(Heading("Layanan informasi dan pengaduan", 3))
    if ctx.need(s, "Layanan informasi dan pengaduan", "complaints_information"):
        ds = "complaints_information"
        c = lambda f, b="": ctx.fig(ds, f, b)
        add(
            s,
            say(
                "Melalui ULPK Pusat, {upt} Balai Besar/Balai/Loka POM, dan Contact Center HALOBPOM, BPOM memberikan "
                "{total} layanan {sd}: {info} ({pinfo}) berupa permintaan informasi dan {comp} ({pcomp}) berupa "
                "pengaduan.",
                upt=c("upt_units"),
                total=c("services_total"),
                sd=ctx.sd,
                info=c("information_total"),
                pinfo=c("information_total_pct"),
                comp=c("complaints_total"),
                pcomp=c("complaints_total_pct"),
            ),
        )
        for number, dim, word in (
            ("23", "Profesi", "profesi"),
            ("24", "Media", "media"),
            ("25", "Komoditi", "komoditi"),
            ("26", "Topik", "topik"),
        ):
            info = _share_pairs(ctx, ds, "information", "information_pct", dim, lower=dim != "Media")
            comp = _share_pairs(ctx, ds, "complaints", "complaints_pct", dim, lower=dim != "Media")
            add(
                s,
                join_paras(
                    text_para(f"Menurut {word}, layanan informasi terbanyak: "),
                    info,
                    text_para("; pengaduan terbanyak: "),
                    comp,
                    text_para("."),
                ),
            )
            infos = [f for f in ctx.items(ds, "information_pct") if f.breakdown.startswith(dim + " | ")]
            comps = [f for f in ctx.items(ds, "complaints_pct") if f.breakdown.startswith(dim + " | ")]
            cats: list[str] = []
            for f in infos + comps:
                name = f.breakdown.split(" | ", 1)[1]
                if name.lower() not in [x.lower() for x in cats]:
                    cats.append(name)
            find = lambda figs, name: next(
                (f for f in figs if f.breakdown.split(" | ", 1)[1].lower() == name.lower()), None
            )
            s.add(
                fig_chart(
                    ctx,
                    number,
                    f"g{number}",
                    cats,
                    [
                        ("Layanan informasi", [find(infos, n) for n in cats]),
                        ("Layanan pengaduan", [find(comps, n) for n in cats]),
                    ],
                    axis_label="Persen dari jenis layanannya",
                    note="Hanya dua kategori teratas tiap jenis layanan yang disebut dalam teks; rincian lengkap "
                    "hanya ada pada gambar cetak.",
                    sources=[ds],
                )
            )
    return s


def _month(name: str) -> int:
    return MONTHS.index(name) if name in MONTHS else 99


# =============================================================================================
# BAB 7-10


def bab7(ctx: Ctx) -> Section:
    s = Section("bab7", "Digitalisasi Pelayanan Publik", "BAB 7", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab7"]
    s.add(Heading("1. 2D Barcode", 3))
    if ctx.need(s, "2D Barcode", "digital_programmes"):
        add(
            s,
            say(
                "Kebijakan 2D Barcode telah berjalan {n} tahun; percepatannya didukung desk konsultasi, helpdesk "
                "teknis, dan sosialisasi kepada masyarakat.",
                n=ctx.fig("digital_programmes", "years_in_force", "2D Barcode"),
            ),
        )
    s.add(Heading("2. BPOM Mobile", 3))
    s.add(not_reproduced(ctx, "27", PICTURE))
    s.add(not_reproduced(ctx, "28"))
    if ctx.need(s, "Unduhan BPOM Mobile", "bpom_mobile"):
        dl = sorted(ctx.items("bpom_mobile", "downloads"), key=lambda f: _month(f.breakdown))
        add(
            s,
            join_paras(
                text_para("Unduhan aplikasi BPOM Mobile pada triwulan ini tercatat "),
                enumerate_nums(ctx, dl, "{n} pengguna pada {label}"),
                text_para("."),
            ),
        )
        s.add(
            fig_chart(
                ctx,
                "29",
                "g29",
                [f.breakdown for f in dl],
                [("Unduhan", dl)],
                horizontal=False,
                sources=["bpom_mobile"],
            )
        )
    else:
        s.add(not_reproduced(ctx, "29", "belum tersedia"))
    s.add(not_reproduced(ctx, "30", PICTURE))
    s.add(not_reproduced(ctx, "31", PICTURE))
    s.add(Heading("7. Layanan Helpdesk Pusdatin", 3))
    if ctx.need(s, "Helpdesk Pusdatin", "helpdesk"):
        h = lambda c, b="": ctx.fig("helpdesk", c, b)
        add(
            s,
            say(
                "Aplikasi Help Pusdatin (ITSM) menyediakan {k} jenis layanan. Pada triwulan ini masuk {total} pengajuan: "
                "{perm} permohonan dan {peng} pengaduan. Rata-rata tindak lanjut {a}–{b} hari untuk permohonan dan "
                "{c}–{d} hari untuk pengaduan.",
                k=h("service_types"),
                total=h("submissions_total"),
                perm=h("submissions", "Permohonan"),
                peng=h("submissions", "Pengaduan"),
                a=h("followup_days_min", "Permohonan"),
                b=h("followup_days_max", "Permohonan"),
                c=h("followup_days_min", "Pengaduan"),
                d=h("followup_days_max", "Pengaduan"),
            ),
        )
        for kind in ("Permohonan", "Pengaduan"):
            add(
                s,
                say(
                    "Di dashboard, {kind} berjumlah {n}: {t} tiket terbit, {p} dalam proses, {sel} selesai, dan {r} "
                    "ditolak.",
                    kind=kind.lower(),
                    n=h("dashboard_total", kind),
                    t=h("tickets_issued", kind),
                    p=h("in_process", kind),
                    sel=h("completed", kind),
                    r=h("rejected", kind),
                ),
            )
        statuses = [
            ("tickets_issued", "Tiket terbit"),
            ("in_process", "Dalam proses"),
            ("completed", "Selesai"),
            ("rejected", "Ditolak"),
        ]
        g = ctx.f
        s.add(
            fig_chart(
                ctx,
                "32",
                "g32",
                [label for _, label in statuses],
                [(kind, [g.get("helpdesk", c, kind) for c, _ in statuses]) for kind in ("Permohonan", "Pengaduan")],
                sources=["helpdesk"],
            )
        )
    else:
        s.add(not_reproduced(ctx, "32", "belum tersedia"))
    return s


def bab8(ctx: Ctx) -> Section:
    s = Section(
        "bab8", "Perkuatan Peraturan Perundang-Undangan Pengawasan Obat dan Makanan", "BAB 8", page_class="chapter"
    )
    s.datasets = SECTION_DATASETS["bab8"]
    s.add(Heading("1. Penyusunan Regulasi", 3))
    if ctx.need(s, "Regulasi yang ditetapkan", "regulations_enacted"):
        r = lambda b: ctx.fig("regulations_enacted", "instrumen_ditetapkan", b)
        add(
            s,
            say(
                "{sd} telah ditetapkan {a} Peraturan Badan POM, {b} Keputusan/Surat Edaran Kepala Badan POM, dan {c} "
                "Rumusan Perjanjian. Peraturan Badan POM yang ditetapkan:",
                sd=ctx.sd.capitalize(),
                a=r("Peraturan Badan POM"),
                b=r("Keputusan/Surat Edaran Kepala Badan POM"),
                c=r("Rumusan Perjanjian"),
            ),
        )
        items = []
        for f in ctx.items("regulations_enacted", "peraturan_badan"):
            title = f.breakdown.split("|", 1)[-1].strip()
            items.append(Para([title]))
        s.add(ItemList("Judul Peraturan Badan POM", items))
    s.add(Heading("2. Layanan Advokasi Hukum", 3))
    s.add(not_reproduced(ctx, "33"))
    return s


def bab9(ctx: Ctx) -> Section:
    s = Section(
        "bab9",
        "Penguatan dan Penataan Organisasi dan Tata Laksana serta Pelaksanaan Reformasi Birokrasi",
        "BAB 9",
        page_class="chapter",
    )
    s.datasets = SECTION_DATASETS["bab9"]
    s.add(Heading("1. Penataan dan Penguatan Organisasi", 3))
    if ctx.need(s, "Evaluasi kelembagaan dan klasifikasi UPT", "organisation"):
        o = lambda c, b="": ctx.fig("organisation", c, b)
        add(
            s,
            say(
                "Evaluasi kelembagaan BPOM tahun {year} menghasilkan nilai rata-rata {v}, yang menggolongkan organisasi "
                "BPOM sangat efektif dari sisi struktur dan proses.",
                year=str(ctx.year),
                v=o("nilai_evaluasi_kelembagaan"),
            ),
            say(
                "Evaluasi klasifikasi terhadap {n} UPT menghasilkan peningkatan {a} Loka POM menjadi Balai POM dan {b} "
                "Balai POM menjadi Balai Besar POM.",
                n=o("upt_dievaluasi"),
                a=o("peningkatan_klasifikasi_upt", "Loka POM menjadi Balai POM"),
                b=o("peningkatan_klasifikasi_upt", "Balai POM menjadi Balai Besar POM"),
            ),
        )
    s.add(Heading("3. Tata Laksana", 3))
    if ctx.need(s, "Kegiatan tata laksana", "governance_events"):
        spip = "Bimbingan Teknis Penilaian Maturitas Penyelenggaraan SPIP Terintegrasi Badan POM"
        smt = "Bimbingan Teknis Awareness Sistem Manajemen Terintegrasi Badan POM"
        e = lambda c, b: ctx.fig("governance_events", c, b)
        add(
            s,
            say(
                "Bimtek penilaian maturitas SPIP Terintegrasi menaikkan rata-rata nilai peserta dari {pre} pada "
                "pre-test menjadi {post} pada post-test; {n} peserta ({pct}) memperoleh sertifikat.",
                pre=e("nilai_pre_test", spip),
                post=e("nilai_post_test", spip),
                n=e("peserta_bersertifikat", spip),
                pct=e("peserta_bersertifikat_pct", spip),
            ),
        )
        stages = ctx.items("governance_events", "tahap_pelaksanaan")
        add(
            s,
            join_paras(
                say(
                    "Bimtek awareness Sistem Manajemen Terintegrasi dilaksanakan selama {d} hari dalam {n} tahap: ",
                    d=e("durasi_hari", smt),
                    n=e("tahap", smt),
                ),
                enumerate_nums(ctx, stages, "{label} ({n})", lambda f: f.breakdown.replace(" | ", " di ")),
                text_para("."),
            ),
        )
    if ctx.need(s, "Tinjau ulang proses bisnis (Tabel 4)", "business_process_review"):
        rows = []
        for f in ctx.items("business_process_review", "semula"):
            rows.append(
                Row(
                    [
                        text_cell(f.breakdown),
                        fig_cell(ctx, f),
                        fig_cell(ctx, ctx.f.get("business_process_review", "menjadi", f.breakdown)),
                    ]
                )
            )
        s.add(
            Table(
                "tabel4",
                "4",
                "Hasil Tinjau Ulang Manual Sistem Manajemen Terintegrasi Badan POM",
                simple_header(["Uraian", "Semula", "Menjadi"]),
                ["Uraian", "Semula", "Menjadi"],
                rows,
                sources=["business_process_review"],
                marts=["mart_book_figures"],
            )
        )
        items = ctx.items("business_process_review", "semula")
        values: dict = {}
        parts = []
        for i, f in enumerate(items):
            after = ctx.fig("business_process_review", "menjadi", f.breakdown)
            if after is None:
                continue
            values.update({f"l{i}": f.breakdown.lower(), f"a{i}": ctx.num(f), f"b{i}": after})
            parts.append(f"{{l{i}}} dari {{a{i}}} menjadi {{b{i}}}")
        if parts:
            s.add(
                sentence("Tinjau ulang proses bisnis dan SOP makro mengubah jumlah " + listing(parts) + ".", **values)
            )
    return s


def bab10(ctx: Ctx) -> Section:
    s = Section("bab10", "Kerja Sama Internasional", "BAB 10", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab10"]
    if ctx.need(s, "Kerja sama internasional", "international_cooperation"):
        pal = "Badan POM Memberikan Pelatihan Pengawasan Obat dan Makanan untuk Mendukung Perjuangan Palestina"
        i = lambda c, b: ctx.fig("international_cooperation", c, b)
        add(
            s,
            say(
                "Dalam kerangka Kerja Sama Selatan-Selatan, BPOM melatih regulator Palestina di Amman, Yordania; "
                "pelatihan diikuti {n} peserta yang terbagi dalam {k} kelas, pengawasan obat dan keamanan pangan.",
                n=i("peserta_pelatihan", pal),
                k=i("kelas_pelatihan", pal),
            ),
            say(
                "Dalam kunjungan ke RNA Cure, mitra menyampaikan kemampuannya menyelesaikan pembuatan vaksin dalam "
                "{n} hari.",
                n=i("waktu_pembuatan_vaksin", "Kunjungan ke RNA Cure"),
            ),
        )
    return s


# =============================================================================================
# BAB 11


def bab11(ctx: Ctx) -> Section:
    s = Section("bab11", "Sumber Daya Manusia", "BAB 11", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab11"]
    s.add(Heading("1. Pengelolaan Sumber Daya Manusia", 3))
    if ctx.need(s, "Jumlah dan komposisi pegawai", "staff"):
        p = lambda b="": ctx.fig("staff", "pegawai", b)
        q = lambda b: ctx.fig("staff", "pegawai_pct", b)
        add(
            s,
            say(
                "Pada akhir {tw}, BPOM memiliki {n} pegawai: {pns} PNS, {pppk} PPPK, dan {pol} POLRI/Jaksa.",
                tw=ctx.tw.replace("Triwulan", "triwulan"),
                n=p(),
                pns=p("Status Kepegawaian | PNS"),
                pppk=p("Status Kepegawaian | PPPK"),
                pol=p("Status Kepegawaian | POLRI/Jaksa"),
            ),
            say(
                "Menurut gender, pegawai terdiri atas {l} laki-laki ({pl}) dan {w} perempuan ({pw}); menurut tipe "
                "kepegawaian, {f} fungsional ({pf}), {e} pelaksana ({pe}), dan {st} struktural ({ps}).",
                l=p("Gender | laki-laki"),
                pl=q("Gender | laki-laki"),
                w=p("Gender | perempuan"),
                pw=q("Gender | perempuan"),
                f=p("Tipe Kepegawaian | Fungsional"),
                pf=q("Tipe Kepegawaian | Fungsional"),
                e=p("Tipe Kepegawaian | Pelaksana"),
                pe=q("Tipe Kepegawaian | Pelaksana"),
                st=p("Tipe Kepegawaian | Struktural"),
                ps=q("Tipe Kepegawaian | Struktural"),
            ),
        )
    s.add(Heading("2. Pengembangan Kompetensi Sumber Daya Manusia", 3))
    if ctx.need(s, "Aplikasi pengembangan kompetensi", "competency_apps"):
        add(
            s,
            say(
                "Untuk sertifikasi, uji kompetensi, pengembangan kompetensi, dan pengelolaan pengetahuan, BPOM "
                "mengelola {n} aplikasi; pemanfaatannya dipantau sebagai berikut.",
                n=ctx.fig("competency_apps", "aplikasi"),
            ),
        )
    s.add(Heading("a. LSP BPOM", 4))
    if ctx.need(s, "Sertifikasi LSP BPOM (Tabel 5)", "lsp_certification"):
        ds = "lsp_certification"
        figs = ctx.items(ds, "peserta")
        rows = []
        for i, f in enumerate([*figs, ctx.f.get(ds, "peserta")], 1):
            if f is None:
                continue
            b = f.breakdown
            cells = [
                text_cell(f"{i}." if b else ""),
                text_cell(b or "Total"),
                fig_cell(ctx, f),
                fig_cell(ctx, ctx.f.get(ds, "kompeten", b)),
                fig_cell(ctx, ctx.f.get(ds, "kompeten_pct", b)),
                fig_cell(ctx, ctx.f.get(ds, "belum_kompeten", b)),
                fig_cell(ctx, ctx.f.get(ds, "belum_kompeten_pct", b)),
            ]
            rows.append(Row(cells, "data" if b else "total"))
        s.add(
            Table(
                "tabel5",
                "5",
                f"Hasil Evaluasi Pemanfaatan Aplikasi LSP BPOM {ctx.sd}",
                [
                    [("No.", 1, 2), ("Uraian", 1, 2), ("Jumlah", 1, 2), ("Kompeten", 2, 1), ("Belum Kompeten", 2, 1)],
                    [("Jumlah", 1, 1), ("Persentase", 1, 1), ("Jumlah", 1, 1), ("Persentase", 1, 1)],
                ],
                ["No.", "Uraian", "Jumlah", "Kompeten", "Kompeten (%)", "Belum kompeten", "Belum kompeten (%)"],
                rows,
                sources=[ds],
                marts=["mart_book_figures"],
            )
        )
        add(
            s,
            say(
                "Dari {n} peserta sertifikasi kompetensi bidang keamanan pangan, {k} dinyatakan kompeten ({pk}) dan {b} "
                "belum kompeten ({pb}).",
                n=ctx.fig(ds, "peserta"),
                k=ctx.fig(ds, "kompeten"),
                pk=ctx.fig(ds, "kompeten_pct"),
                b=ctx.fig(ds, "belum_kompeten"),
                pb=ctx.fig(ds, "belum_kompeten_pct"),
            ),
        )
    s.add(Heading("b. PENKOMTEK", 4))
    if ctx.need(s, "Penilaian kompetensi teknis (Tabel 6)", "penkomtek"):
        ds = "penkomtek"
        rows = []
        for i, f in enumerate(ctx.items(ds, "peserta_diterima"), 1):
            what, _, when = f.breakdown.partition(" | ")
            rows.append(
                Row(
                    [
                        text_cell(f"{i}."),
                        text_cell(what),
                        text_cell(when),
                        fig_cell(ctx, f),
                        fig_cell(ctx, ctx.f.get(ds, "peserta_ditolak", f.breakdown)),
                    ]
                )
            )
        rows.append(
            Row(
                [
                    text_cell(""),
                    text_cell("Total"),
                    text_cell(""),
                    fig_cell(ctx, ctx.f.get(ds, "peserta_diterima")),
                    fig_cell(ctx, ctx.f.get(ds, "peserta_ditolak")),
                ],
                "total",
            )
        )
        s.add(
            Table(
                "tabel6",
                "6",
                f"Hasil Monitoring Pemanfaatan Aplikasi PENKOMTEK {ctx.sd}",
                simple_header(
                    ["No.", "Keterangan", "Periode", "Jumlah Peserta yang diterima", "Jumlah Peserta yang ditolak"]
                ),
                ["No.", "Keterangan", "Periode", "Peserta diterima", "Peserta ditolak"],
                rows,
                sources=[ds],
                marts=["mart_book_figures"],
            )
        )
        add(
            s,
            say(
                "Melalui PENKOMTEK, {a} peserta penilaian kompetensi teknis diterima dan {b} ditolak {sd}.",
                a=ctx.fig(ds, "peserta_diterima"),
                b=ctx.fig(ds, "peserta_ditolak"),
                sd=ctx.sd,
            ),
        )
    s.add(Heading("c. SIPENATEMANKU", 4))
    if ctx.need(s, "Penilaian kompetensi manajerial (Tabel 7)", "sipenatemanku"):
        ds = "sipenatemanku"
        rows = []
        last = None
        for f in ctx.items(ds, "peserta_sjt"):
            parts = [p.strip() for p in f.breakdown.split("|")]
            no, what, when = [*parts, "", "", ""][:3]
            same = last == (no, what)
            last = (no, what)
            rows.append(
                Row(
                    [
                        text_cell("" if same else no),
                        text_cell("" if same else what),
                        fig_cell(ctx, f, dash=True),
                        fig_cell(ctx, ctx.f.get(ds, "peserta_ac", f.breakdown), dash=True),
                        text_cell(when),
                    ]
                )
            )
        s.add(
            Table(
                "tabel7",
                "7",
                f"Hasil Monitoring Pemanfaatan Aplikasi SIPENATEMANKU {ctx.sd}",
                [
                    [("No", 1, 2), ("Uraian", 1, 2), ("Jumlah Peserta", 2, 1), ("Waktu Pelaksanaan", 1, 2)],
                    [("SJT", 1, 1), ("AC", 1, 1)],
                ],
                ["No", "Uraian", "Peserta SJT", "Peserta AC", "Waktu pelaksanaan"],
                rows,
                sources=[ds],
                marts=["mart_book_figures"],
            )
        )
    if ctx.has("competency_apps"):
        c = lambda f, b: ctx.fig("competency_apps", f, b)
        s.add(Heading("d–f. ERUDITIO, CMC, SIMPHONI", 4))
        add(
            s,
            say(
                "Jurnal ERUDITIO telah menerbitkan {j} jurnal dan {a} artikel pada periode 2020–{year}.",
                j=c("jurnal_terbit", "ERUDITIO"),
                a=c("artikel_terbit", "ERUDITIO"),
                year=str(ctx.year),
            ),
            say(
                "Melalui aplikasi CMC telah terlaksana {co} kegiatan coaching dan {me} kegiatan mentoring {sd}.",
                co=c("kegiatan_coaching", "CMC"),
                me=c("kegiatan_mentoring", "CMC"),
                sd=ctx.sd,
            ),
            say(
                "Platform knowledge management SIMPHONI memuat {p} pengetahuan yang dipublikasikan dan {r} proses revisi.",
                p=c("publikasi_pengetahuan", "SIMPHONI"),
                r=c("proses_revisi", "SIMPHONI"),
            ),
        )
    s.add(Heading("g. IDEAS", 4))
    if ctx.need(s, "Pemanfaatan IDEAS (Tabel 8)", "ideas"):
        ds = "ideas"
        totals = [f for f in ctx.f.of(ds) if f.breakdown == "" and f.kind == "count"]
        rows = []
        for i, f in enumerate(totals, 1):
            total = fig_cell(ctx, f)
            pct = ctx.f.get(ds, f.figure + "_pct")
            if pct is not None:
                total = Cell(f"{total.text} ({ctx.num(pct).text})", total.value, total.xlsx_format)
            rows.append(
                Row(
                    [
                        text_cell(str(i)),
                        text_cell(f.label),
                        fig_cell(ctx, ctx.f.get(ds, f.figure, "TW I")),
                        fig_cell(ctx, ctx.f.get(ds, f.figure, "TW II")),
                        total,
                    ]
                )
            )
        s.add(
            Table(
                "tabel8",
                "8",
                f"Hasil Monitoring Pemanfaatan Aplikasi IDEAS {ctx.sd}",
                simple_header(["No.", "Uraian", "TW I", "TW II", "Jumlah"]),
                ["No.", "Uraian", "TW I", "TW II", "Jumlah"],
                rows,
                sources=[ds],
                marts=["mart_book_figures"],
            )
        )
        add(
            s,
            say(
                "Sebanyak {n} pegawai BPOM ({p}) telah belajar melalui IDEAS {sd}.",
                n=ctx.fig(ds, "pegawai_bpom_belajar"),
                p=ctx.fig(ds, "pegawai_bpom_belajar_pct"),
                sd=ctx.sd,
            ),
        )
    return s


# =============================================================================================
# BAB 12-13


def bab12(ctx: Ctx) -> Section:
    q = ROMAN[ctx.d.period.quarter]
    month = MONTHS[ctx.d.period.quarter * 3 - 1]
    s = Section("bab12", f"Realisasi Anggaran Sampai dengan {month} {ctx.year}", "BAB 12", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab12"]
    if not ctx.need(s, "Realisasi anggaran", "budget_summary"):
        s.add(not_reproduced(ctx, "34", "belum tersedia"))
        return s
    rows = ctx.d.rows("mart_budget_summary")
    groups = sorted([r for r in rows if r["dimension"] == "group"], key=lambda r: r["category_order"])
    types = sorted([r for r in rows if r["dimension"] == "spending_type"], key=lambda r: r["category_order"])
    total = next((r for r in groups if r["category_code"] == "total"), None)
    m = lambda r, c, k: ctx.mart("mart_budget_summary", r, c, k, "dimension", "category_code")
    units = {}
    for r in ctx.d.rows("mart_budget_rankings"):
        units.setdefault(r["group_code"], r)
    if total:
        s.add(
            sentence(
                "Pagu anggaran BPOM Tahun Anggaran {year} sebesar {pagu} untuk seluruh kegiatan di pusat dan daerah, "
                "terdiri atas belanja pegawai, belanja barang, dan belanja modal. Realisasi hingga {month} {year} "
                "mencapai {real} ({pct}).",
                year=str(ctx.year),
                pagu=m(total, "pagu", "rupiah"),
                month=month,
                real=m(total, "realisasi", "rupiah"),
                pct=m(total, "realisasi_pct", "ratio"),
            )
        )
    if {"pusat", "balai", "loka"} <= set(units):
        u = lambda g: ctx.count_of("mart_budget_rankings", int(units[g]["group_units"]), group_code=g)
        s.add(
            sentence(
                "Anggaran tersebut tersebar pada {a} satker pusat, {b} Balai Besar/Balai POM, dan {c} Loka POM.",
                a=u("pusat"),
                b=u("balai"),
                c=u("loka"),
            )
        )
    parts, values = [], {}
    for i, r in enumerate(g for g in groups if g["category_code"] != "total"):
        values.update(
            {
                f"l{i}": r["category_label"],
                f"r{i}": m(r, "realisasi", "rupiah"),
                f"p{i}": m(r, "realisasi_pct", "ratio"),
            }
        )
        parts.append(f"{{l{i}}} {{r{i}}} ({{p{i}}})")
    if parts:
        s.add(sentence("Menurut kelompok unit kerja, realisasinya: " + listing(parts) + ".", **values))
    parts, values = [], {}
    for i, r in enumerate(t for t in types if t["category_code"] != "total"):
        values.update(
            {
                f"l{i}": r["category_label"].lower(),
                f"r{i}": m(r, "realisasi", "rupiah"),
                f"p{i}": m(r, "realisasi_pct", "ratio"),
            }
        )
        parts.append(f"{{l{i}}} {{r{i}}} ({{p{i}}})")
    if parts:
        s.add(sentence("Menurut jenis belanja: " + listing(parts) + ".", **values))
    if total and total.get("has_previous_quarter"):
        s.add(
            sentence(
                "Realisasi pada triwulan {q} saja sebesar {inc}; persentase realisasi naik {chg} dari triwulan "
                "sebelumnya.",
                q=q,
                inc=m(total, "realisasi_in_quarter", "rupiah"),
                chg=m(total, "realisasi_pct_change", "ratio_change"),
            )
        )
    non_total = [g for g in groups if g["category_code"] != "total"]
    chart = Chart(
        "g34",
        [g["category_label"] for g in groups],
        [
            ("Pagu", [g["pagu"] / 1e9 for g in groups], [fmt.count(g["pagu"] / 1e9) for g in groups]),
            (
                "Realisasi",
                [g["realisasi"] / 1e9 for g in groups],
                [f"{fmt.count(g['realisasi'] / 1e9)} ({fmt.ratio(g['realisasi_pct'])})" for g in groups],
            ),
        ],
        horizontal=True,
        axis_label="Miliar rupiah",
    )
    s.add(
        Figure(
            "g34",
            "34",
            ctx.caption("34"),
            chart,
            "Dalam miliar rupiah (dibulatkan); angka penuh pada tabel di bawah." if non_total else "",
            ["budget_summary"],
        )
    )
    table_rows = []
    for r in groups:
        table_rows.append(
            Row(
                [
                    text_cell(r["category_label"]),
                    count_cell(r["pagu"]),
                    count_cell(r["realisasi"]),
                    ratio_cell(r["realisasi_pct"]),
                ],
                "total" if r["category_code"] == "total" else "data",
            )
        )
    for row in table_rows:
        for c in row.cells[1:3]:
            c.xlsx_format = AMOUNT_FMT
    s.add(
        Table(
            "bab12_kelompok",
            None,
            f"Realisasi Anggaran per Kelompok Unit Kerja s.d. {month} {ctx.year}",
            simple_header(["Unit Kerja", "Pagu", "Realisasi", "%"]),
            ["Unit kerja", "Pagu (Rp)", "Realisasi (Rp)", "Persentase realisasi"],
            table_rows,
            sources=["budget_summary"],
            marts=["mart_budget_summary"],
        )
    )
    if types:
        header = ["", *[t["category_label"] for t in types]]
        trows = [
            Row([text_cell("Pagu"), *[count_cell(t["pagu"]) for t in types]]),
            Row([text_cell("Realisasi"), *[count_cell(t["realisasi"]) for t in types]]),
            Row([text_cell("%"), *[ratio_cell(t["realisasi_pct"]) for t in types]], "total"),
        ]
        s.add(
            Table(
                "bab12_jenis_belanja",
                None,
                f"Realisasi Anggaran per Jenis Belanja s.d. {month} {ctx.year}",
                simple_header(header),
                ["Uraian", *[t["category_label"] for t in types]],
                trows,
                sources=["budget_summary"],
                marts=["mart_budget_summary"],
            )
        )
    return s


STATUS_LABEL = {
    "met": "Tercapai",
    "near": "Mendekati",
    "behind": "Di bawah target",
    "year_end": "Diukur akhir tahun",
    "progress": "Progres",
    "starts_later": "Dimulai kemudian",
}


def bab13(ctx: Ctx, editorial: dict) -> Section:
    s = Section("bab13", "Pemantauan Capaian Rencana Kerja Pemerintah (RKP) BPOM", "BAB 13", page_class="chapter")
    s.datasets = SECTION_DATASETS["bab13"]
    if ctx.need(s, "Capaian RKP", "rkp_indicators"):
        rows = ctx.d.rows("mart_rkp_capaian")
        cnt = lambda **kw: ctx.count_of(
            "mart_rkp_capaian", sum(all(r[k] == v for k, v in kw.items()) for r in rows), **kw
        )
        s.add(
            sentence(
                "BPOM memantau pelaksanaan RKP setiap bulan, membandingkan realisasi anggaran dan capaian sasaran "
                "dengan targetnya. Matriks {sd} (Lampiran I) memuat {n} indikator kinerja program dan kegiatan.",
                sd=ctx.sd,
                n=ctx.count_of("mart_rkp_capaian", len(rows)),
            )
        )
        s.add(
            sentence(
                "Dari {m} indikator yang sudah terukur, {met} telah mencapai target (capaian 100% atau lebih), {near} "
                "mendekati target (90% hingga kurang dari 100%), dan {behind} masih di bawah 90%. Sebanyak {ye} "
                "indikator baru diukur pada akhir tahun, {pr} dilaporkan sebagai progres, dan {later} baru dimulai "
                "pada triwulan berikutnya.",
                m=cnt(status="measured"),
                met=cnt(status="measured", band="met"),
                near=cnt(status="measured", band="near"),
                behind=cnt(status="measured", band="behind"),
                ye=cnt(status="year_end"),
                pr=cnt(status="progress"),
                later=cnt(status="starts_later"),
            )
        )
        summ = ctx.d.rows("mart_rkp_kegiatan_summary")
        if summ:
            cats, met, near, behind = [], [], [], []
            order = lambda r: (r["program_code"], [int(x) for x in (r["kegiatan_code"] or "0").split(".")])
            for r in sorted(summ, key=order):
                code = r["kegiatan_code"] or r["program_code"]
                name = r["kegiatan_name"] if r["kegiatan_code"] else f"{r['program_name']} (tingkat program)"
                label = f"{code} {name}"
                cats.append(label if len(label) <= 52 else label[:50].rstrip() + "…")
                met.append(float(r["met"]))
                near.append(float(r["near"]))
                behind.append(float(r["behind"]))
            lab = lambda xs: [fmt.count(x) if x else "" for x in xs]
            chart = Chart(
                "gB",
                cats,
                [("Tercapai", met, lab(met)), ("Mendekati", near, lab(near)), ("Di bawah target", behind, lab(behind))],
                horizontal=True,
                stacked=True,
                axis_label="Indikator yang sudah terukur",
            )
            s.add(
                Figure(
                    "gB",
                    "B",
                    ctx.caption("B"),
                    chart,
                    "Grafik tambahan, tidak ada pada edisi cetak: indikator terukur menurut capaiannya.",
                    ["rkp_indicators"],
                )
            )
    if editorial.get("penutup"):
        s.add(Heading("Penutup", 3))
        s.add(editorial["penutup"])
    return s


def lampiran1(ctx: Ctx) -> Section:
    s = Section(
        "lampiran1",
        f"Matriks Capaian Indikator Kinerja Program dan Kegiatan BPOM {ctx.sd}",
        "Lampiran I",
        page_class="chapter appendix",
    )
    s.datasets = ["rkp_indicators"]
    if not ctx.need(s, "Matriks capaian RKP", "rkp_indicators"):
        return s
    rows = sorted(ctx.d.rows("mart_rkp_capaian"), key=lambda r: r["source_row"] or 0)
    out: list[Row] = []
    seen_prog, seen_keg = None, None
    for n, r in enumerate(rows, 1):
        if r["program_code"] != seen_prog:
            seen_prog, seen_keg = r["program_code"], None
            out.append(Row([text_cell(f"{r['program_code']}. {r['program_name']}", 7)], "group"))
        if r["kegiatan_code"] and r["kegiatan_code"] != seen_keg:
            seen_keg = r["kegiatan_code"]
            out.append(Row([text_cell(f"{r['kegiatan_code']} {r['kegiatan_name']}", 7)], "group"))
        out.append(Row(_rkp_cells(n, r)))
    s.add(
        Table(
            "lampiran1",
            None,
            f"Matriks Capaian Indikator Kinerja Program dan Kegiatan BPOM {ctx.sd}",
            simple_header(
                [
                    "No",
                    "Indikator Kinerja Program/Kegiatan",
                    "Target " + str(ctx.year),
                    "Satuan",
                    f"Realisasi s.d. Triwulan {ROMAN[ctx.d.period.quarter]}",
                    "Capaian (%)",
                    "Keterangan",
                ]
            ),
            ["No", "Indikator", "Target", "Satuan", "Realisasi", "Capaian", "Keterangan"],
            out,
            source_note="Capaian sebagaimana dicetak; yang tidak sama dengan realisasi/target tercantum pada "
            "Lampiran III.",
            sources=["rkp_indicators"],
            marts=["mart_rkp_capaian"],
            small=True,
            widths=[4, 44, 9, 9, 11, 10, 13],
        )
    )
    return s


def _rkp_cells(n: int, r: dict) -> list[Cell]:
    if r["target"] is not None:
        target = Cell(fmt.number(r["target"], fmt.matrix_decimals(r["target_text"])), r["target"], "#,##0.##")
    else:
        target = text_cell(r["target_text"] or fmt.DASH)
    status = r["status"]
    if status == "measured" and r["realisasi"] is not None:
        real = Cell(fmt.number(r["realisasi"], fmt.matrix_decimals(r["realisasi_text"])), r["realisasi"], "#,##0.##")
    elif status == "progress" and r["progress"] is not None:
        real = Cell("Progres " + fmt.ratio(r["progress"]), r["progress"], "0.00%", ratio_for_xlsx=True)
    else:
        real = text_cell(fmt.DASH)
    if r["capaian_printed"] is not None:
        cap = ratio_cell(r["capaian_printed"])
    elif status in ("year_end", "starts_later"):
        cap = text_cell(r["capaian_text"] or "")
    else:
        cap = text_cell(fmt.DASH)
    note = STATUS_LABEL.get(r["band"] or status, "")
    if r.get("capaian_mismatch"):
        note += " *"
    return [
        text_cell(str(n)),
        text_cell(r["indicator"]),
        target,
        text_cell(r["unit_of_measure"] or ""),
        real,
        cap,
        text_cell(note),
    ]


def lampiran2(ctx: Ctx) -> Section:
    s = Section("lampiran2", "Peringkat Realisasi Anggaran Unit Kerja", "Lampiran II", page_class="chapter appendix")
    s.datasets = ["budget_units"]
    if not ctx.need(s, "Peringkat realisasi anggaran", "budget_units"):
        return s
    rows = ctx.d.rows("mart_budget_rankings")
    order = {"pusat": 1, "balai": 2, "loka": 3}
    titles = {"pusat": "Unit Pusat", "balai": "Balai Besar/Balai POM", "loka": "Loka POM"}
    for g in sorted({r["group_code"] for r in rows}, key=lambda c: order.get(c, 9)):
        group = sorted([r for r in rows if r["group_code"] == g], key=lambda r: r["rank_in_group"])
        out = []
        for r in group:
            out.append(
                Row(
                    [
                        text_cell(str(r["rank_in_group"])),
                        text_cell(r["unit_name"]),
                        count_cell(r["pagu"]),
                        count_cell(r["pagu_adjusted"]),
                        count_cell(r["realisasi"]),
                        ratio_cell(r["realisasi_pct_of_pagu"]),
                        ratio_cell(r["realisasi_pct_of_adjusted_pagu"]),
                    ]
                )
            )
        label = titles.get(g, group[0]["group_label"])
        s.add(
            Table(
                f"lampiran2_{g}",
                None,
                f"Peringkat Realisasi Anggaran {label}",
                simple_header(
                    [
                        "No",
                        "Unit Kerja",
                        "Pagu",
                        "Pagu Setelah AA",
                        "Realisasi",
                        "% Realisasi Terhadap Pagu Awal",
                        "% Realisasi Terhadap Pagu Automatic Adjustment",
                    ]
                ),
                [
                    "Peringkat",
                    "Unit kerja",
                    "Pagu (Rp)",
                    "Pagu setelah AA (Rp)",
                    "Realisasi (Rp)",
                    "Realisasi thd pagu awal",
                    "Realisasi thd pagu AA",
                ],
                out,
                source_note="Peringkat menurut persentase realisasi terhadap pagu setelah automatic adjustment (AA).",
                sources=["budget_units"],
                marts=["mart_budget_rankings"],
                small=True,
                widths=[5, 35, 12.5, 12.5, 12.5, 11, 11.5],
            )
        )
    return s
