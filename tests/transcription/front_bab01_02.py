"""Transcribe the foreword (Sambutan), the Highlight section, BAB 1 and BAB 2 of the 2024-Q2 book
into figure rows. Each function takes the book's lines (list[str], newline stripped) and returns
[[figure, breakdown, value], ...] read FROM THE TEXT with regular expressions / table cell
splitting, not typed-in constants. Breakdown labels and figure codes are constants; values are not.

Left out on purpose: the tables Tabel 1 and Tabel 2 (warehouse dataset `sampling`) and the perkara
stage counts of BAB 2 section 4 (warehouse dataset `perkara`)."""

from __future__ import annotations

import re

from transcription.common import one_line, search

_TAG = re.compile(r"</?b>")
NUM = r"(\d{1,3}(?:\.\d{3})*)"  # Indonesian whole number: 1.800, 133.877, 13
PCT = r"(\d+,\d+%)"  # printed percent with its sign: 72,06%


_line = one_line
_search = search


def _cells(line: str) -> list[str]:
    return [_TAG.sub("", c).strip() for c in line.split("\t")]


# --- Sambutan -------------------------------------------------------------------------------


def headline_figures(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "persetujuan", "NIE", "sarana produksi dan sarana distribusi")
    m = _search(
        rf"persetujuan {NUM} NIE, pemeriksaan terhadap {NUM} sarana produksi dan sarana distribusi, "
        rf"pengujian {NUM} sampel, {NUM} perkara, dan {NUM} kegiatan pelaksanaan KIE",
        text,
    )
    codes = ["nie_approvals", "facilities_inspected", "samples_tested", "perkara", "kie_activities"]
    return [[code, "", m.group(i)] for i, code in enumerate(codes, start=1)]


# --- Highlight ------------------------------------------------------------------------------


def highlight_events(lines: list[str]) -> list[list[str]]:
    """Only one highlight item prints a figure: the participants of Rakontek PPID 2024."""
    start = next(i for i, l in enumerate(lines) if l.strip() == "# Highlight")
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "# BAB 1")
    section = lines[start:stop]
    rows = []
    headline = None
    for l in section:
        h = re.match(r"#{1,3} (.+)$", l)
        if h and h.group(1).strip() != "Highlight":
            headline = h.group(1).strip()
        m = re.search(r"diikuti oleh lebih kurang (\d+) peserta", l)
        if m:
            e = _search(r"\((Rakontek PPID)\) (Tahun \d{4})", "\n".join(section))
            event = f"{e.group(1)} {e.group(2)}"
            rows.append(["participants", f"{headline} | {event}", m.group(1)])
    return rows


# --- BAB 1, Pengawasan Pre-market -------------------------------------------------------------


def registrations(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "berkas permohonan registrasi")
    m = _search(rf"diterbitkan {NUM} keputusan dan {NUM} persetujuan izin edar dari {NUM} berkas", text)
    return [["decisions", "", m.group(1)], ["approvals", "", m.group(2)], ["applications", "", m.group(3)]]


def ad_pre_approval(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "permohonan persetujuan rancangan iklan")
    m = _search(rf"dari {NUM} permohonan persetujuan rancangan iklan, telah disetujui {NUM} \({PCT}\) iklan", text)
    return [["applications", "", m.group(1)], ["approvals", "", m.group(2)], ["approvals_pct", "", m.group(3)]]


# --- BAB 1, Pengawasan Post-market ------------------------------------------------------------


def facility_inspections(lines: list[str]) -> list[list[str]]:
    """The text prints the production facilities only; distribution is in Gambar 4 (picture)."""
    text = _line(lines, "sarana produksi Obat dan Makanan dengan")
    m = _search(
        rf"diperiksa sebanyak {NUM} sarana produksi Obat dan Makanan dengan {NUM} \({PCT}\) sarana adalah TMK", text
    )
    return [["inspected", "Produksi", m.group(1)], ["tmk", "Produksi", m.group(2)], ["tmk_pct", "Produksi", m.group(3)]]


def sampling_summary(lines: list[str]) -> list[list[str]]:
    rows = []
    for method, word in (("Targeted", r"\*targeted\*"), ("Random", r"random")):
        text = _line(lines, "yang disampling terdapat", word.replace("\\", ""))
        m = _search(
            rf"dari {NUM} sampel {word} yang disampling terdapat {NUM} sampel yang selesai "
            rf"diperiksa dan diuji laboratorium, [Dd]imana {NUM} \({PCT}\) sampel tidak memenuhi syarat",
            text,
        )
        rows += [
            ["sampled", method, m.group(1)],
            ["examined", method, m.group(2)],
            ["tms", method, m.group(3)],
            ["tms_pct", method, m.group(4)],
        ]
    return rows


def certificates(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "telah diterbitkan", "SKI", "SKE")
    m = _search(rf"telah diterbitkan {NUM} SKI, {NUM} SKE, {NUM} SAS, {NUM} Uji Klinik, dan {NUM} AHP", text)
    kinds = ["SKI", "SKE", "SAS", "Uji Klinik", "AHP"]
    return [["issued", kind, m.group(i)] for i, kind in enumerate(kinds, start=1)]


def ad_surveillance(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "iklan Obat dan Makanan yang diawasi")
    m = _search(
        rf"dari {NUM} iklan Obat dan Makanan yang diawasi, {NUM} \({PCT}\) iklan tidak memenuhi ketentuan", text
    )
    return [["ads_monitored", "", m.group(1)], ["tmk", "", m.group(2)], ["tmk_pct", "", m.group(3)]]


def label_surveillance(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "label Obat dan Makanan yang diawasi")
    m = _search(
        rf"dari {NUM} label Obat dan Makanan yang diawasi, sebanyak {NUM} atau sekitar {PCT} label tidak memenuhi ketentuan",
        text,
    )
    return [["labels_monitored", "", m.group(1)], ["tmk", "", m.group(2)], ["tmk_pct", "", m.group(3)]]


def adverse_event_reports(lines: list[str]) -> list[list[str]]:
    """Tabel 3: header row 'Jumlah Laporan | Jumlah laporan Tindaklanjut | %', one row per commodity."""
    start = next(
        i for i, l in enumerate(lines) if l.startswith("Tabel 3. Profil Laporan Efek Samping") and "....." not in l
    )
    header = next(i for i in range(start + 1, len(lines)) if "Jumlah Laporan" in lines[i])
    if _cells(lines[header])[1:] != ["Jumlah Laporan", "Jumlah laporan Tindaklanjut", "%"]:
        raise ValueError("Tabel 3 header changed")
    rows = []
    for l in lines[header + 1 :]:
        if not l.strip():
            if rows:
                break
            continue
        if "Kinerja Bpom Dalam Angka" in l or not _TAG.sub("", l).strip():
            continue
        cells = _cells(l)
        if len(cells) != 4:
            break
        commodity, reports, followed, pct = cells
        rows += [
            ["reports", commodity, reports],
            ["followed_up", commodity, followed],
            ["followed_up_pct", commodity, pct],
        ]
    return rows


# --- BAB 2, Penindakan ------------------------------------------------------------------------


def crime_vulnerability_cases(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "data kasus yang sudah diverifikasi")
    m = _search(
        rf"sebanyak {NUM} kasus yang terdiri dari {NUM} kasus terkait obat, {NUM} kasus terkait obat tradisional, "
        rf"{NUM} kasus suplemen kesehatan, {NUM} kasus terkait kosmetik dan {NUM} kasus terkait komoditi pangan",
        text,
    )
    parts = ["Obat", "Obat Tradisional", "Suplemen Kesehatan", "Kosmetik", "Pangan"]
    return [["cases", "", m.group(1)]] + [["cases", p, m.group(i)] for i, p in enumerate(parts, start=2)]


def intelligence(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "laporan informasi dari pelaksanaan kegiatan intelijen")
    m = _search(
        rf"telah disusun {NUM} laporan informasi dari pelaksanaan kegiatan intelijen dan {NUM} laporan intelijen "
        rf"dari pelaksanaan operasi intelijen",
        text,
    )
    r = _search(
        rf"telah dihasilkan {NUM} rekomendasi intelijen dengan {NUM} rekomendasi terkait kasus peredaran obat ilegal, "
        rf"{NUM} rekomendasi terkait kasus obat tradisional ilegal, {NUM} rekomendasi kasus obat-obat tertentu, "
        rf"{NUM} rekomendasi kasus suplemen kesehatan serta {NUM} rekomendasi terkait kasus pangan olahan",
        text,
    )
    cases = [
        "Peredaran obat ilegal",
        "Obat tradisional ilegal",
        "Obat-obat tertentu",
        "Suplemen kesehatan",
        "Pangan olahan",
    ]
    return [
        ["information_reports", "", m.group(1)],
        ["intelligence_reports", "", m.group(2)],
        ["recommendations", "", r.group(1)],
    ] + [["recommendations", c, r.group(i)] for i, c in enumerate(cases, start=2)]


def cyber_patrol(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "hasil patroli siber Obat dan Makanan sampai dengan")
    m = _search(rf"ditemukan {NUM} \*link\* yang teridentifikasi menjual", text)
    return [["links", "", m.group(1)]]


DATASETS = {
    "headline_figures": headline_figures,
    "highlight_events": highlight_events,
    "registrations": registrations,
    "ad_pre_approval": ad_pre_approval,
    "facility_inspections": facility_inspections,
    "sampling_summary": sampling_summary,
    "certificates": certificates,
    "ad_surveillance": ad_surveillance,
    "label_surveillance": label_surveillance,
    "adverse_event_reports": adverse_event_reports,
    "crime_vulnerability_cases": crime_vulnerability_cases,
    "intelligence": intelligence,
    "cyber_patrol": cyber_patrol,
}
