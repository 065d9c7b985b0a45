"""Transcribe BAB 3 to BAB 7 of the 2024-Q2 book into figure rows. Each function takes the book's
lines (list[str], newline stripped) and returns [[figure, breakdown, value], ...] read FROM THE TEXT
with regular expressions / table cell splitting, not typed-in constants. Figure codes and breakdown
labels are constants; values (and list-item titles) are not.

Conventions of this module:
- Markdown emphasis stars of the text extraction (`*Special Access Scheme*`) are not part of the
  printed text and are removed from list-item titles; everything else is kept as printed.
- A printed range ("2-3 unggahan per hari", "2 – 3 hari") is two figures, `..._min` and `..._max`.
- A number printed twice in two statements (a stated count and the count of the list that follows,
  a total and the same total as the base of a split, text and dashboard) is two figures joined by a
  rule in the dataset spec.
Numbers only in pictures (Gambar 12-32 except the Gambar 32 dashboard cells) are not here."""

from __future__ import annotations

import re

from transcription.common import one_line, search

_TAG = re.compile(r"</?b>")
NUM = r"(\d{1,3}(?:\.\d{3})*)"  # Indonesian whole number: 1.896, 22.338, 13
PCT = r"(\d+(?:,\d+)?%)"  # printed percent with its sign: 45%, 83,33%, 12,5%


_line = one_line
_search = search


def _index(lines: list[str], pred, start: int = 0) -> int:
    return next(i for i in range(start, len(lines)) if pred(lines[i]))


def _block(lines: list[str], start: str, stop: str, after: int = 0) -> tuple[int, list[str]]:
    """Lines strictly between the first line equal to `start` (from index `after`) and the next
    line equal to `stop`."""
    i = _index(lines, lambda l: l.strip() == start, after)
    j = _index(lines, lambda l: l.strip() == stop, i + 1)
    return i, lines[i + 1 : j]


def _unstar(text: str) -> str:
    return text.replace("*", "")


_ITEM = re.compile(r"^(\d+)\. (.+) \(" + PCT + r"\)\.$")


def _items(block: list[str]) -> list[tuple[str, str, str]]:
    """Numbered list items 'N. Title (P%).' of a block: (number, title, percent)."""
    out = []
    for l in block:
        m = _ITEM.match(l.strip())
        if m:
            out.append((m.group(1), _unstar(m.group(2)), m.group(3)))
    return out


# --- BAB 3, Penyusunan Peraturan/Standar/Pedoman ----------------------------------------------

_REG_GROUPS = [
    # (heading line, next heading line, group label as printed, figure code of the list items)
    ("### Obat", "## Obat Tradisional, Suplemen Kesehatan dan Kosmetik", "Obat", "progress_pct_obat"),
    (
        "## Obat Tradisional, Suplemen Kesehatan dan Kosmetik",
        "## Pangan",
        "Obat Tradisional, Suplemen Kesehatan dan Kosmetik",
        "progress_pct_ot_sk_kosmetik",
    ),
    ("## Pangan", "# BAB 4", "Pangan", "progress_pct_pangan"),
]


def regulation_drafting(lines: list[str]) -> list[list[str]]:
    bab = _index(lines, lambda l: l.strip() == "# BAB 3")
    rows = []
    for start, stop, group, code in _REG_GROUPS:
        _, block = _block(lines, start, stop, bab)
        intro = next(l for l in block if "peraturan/standar/pedoman" in l and "Daftar" in l)
        m = _search(rf"[Tt]erdapat {NUM} peraturan/standar/pedoman .*?\. Daftar {NUM} peraturan/standar/pedoman", intro)
        rows += [["items_planned", group, m.group(1)], ["items_listed", group, m.group(2)]]
        rows += [[code, f"{group} | {no} | {title}", pct] for no, title, pct in _items(block)]
    return rows


def technical_reviews(lines: list[str]) -> list[list[str]]:
    k = _search(
        rf"telah diselesaikan {NUM} kajian dan seluruhnya diselesaikan tepat waktu \(tidak lebih dari {NUM} hari kerja\)",
        _line(lines, "kajian dan seluruhnya diselesaikan tepat waktu"),
    )
    r = _search(
        rf"telah diselesaikan {NUM} rekomendasi kebijakan dan seluruhnya diselesaikan tepat waktu",
        _line(lines, "rekomendasi kebijakan dan seluruhnya"),
    )
    return [
        ["reviews_completed", "", k.group(1)],
        ["review_deadline_days", "", k.group(2)],
        ["policy_recommendations_completed", "", r.group(1)],
    ]


# --- BAB 4, Analisis Kebijakan Obat dan Makanan ------------------------------------------------


def policy_research(lines: list[str]) -> list[list[str]]:
    _, block = _block(lines, "# BAB 4", "# BAB 5")
    m = _search(rf"terdapat {NUM} topik riset dan kajian", _line(block, "topik riset dan kajian"))
    return [["topics", "", m.group(1)]] + [["progress_pct", f"{no} | {title}", pct] for no, title, pct in _items(block)]


# --- BAB 5, Pengembangan dan Pengujian Obat dan Makanan -----------------------------------------


def lab_development(lines: list[str]) -> list[list[str]]:
    _, b = _block(lines, "# BAB 5", "# BAB 6")
    methods = _search(rf"telah dikembangkan {NUM} metode analisis", _line(b, "metode analisis."))
    standards = _search(rf"telah dikembangkan {NUM} baku pembanding", _line(b, "baku pembanding."))
    samples = _search(rf"terdapat {NUM} sampel yang telah selesai uji dan memenuhi ketentuan", _line(b, "selesai uji"))
    calib = _search(rf"kalibrasi terhadap {NUM} peralatan laboratorium", _line(b, "peralatan laboratorium"))
    net = _search(
        rf"menargetkan partisipasi dalam {NUM} jejaring laboratorium\. .*berpartisipasi dalam {NUM} jejaring laboratorium",
        _line(b, "menargetkan partisipasi"),
    )
    return [
        ["analysis_methods", "", methods.group(1)],
        ["reference_standards", "", standards.group(1)],
        ["samples_on_time", "", samples.group(1)],
        ["instruments_calibrated", "", calib.group(1)],
        ["lab_networks_target", "", net.group(1)],
        ["lab_networks_joined", "", net.group(2)],
    ]


# --- BAB 6, Optimalisasi Pemberdayaan Mitra Kerja dan Masyarakat --------------------------------


def press_and_media(lines: list[str]) -> list[list[str]]:
    p = _search(
        rf"telah menerbitkan {NUM} siaran pers dan {NUM} penjelasan/clarifikasi",
        _line(lines, "siaran pers dan", "penjelasan/clarifikasi terkait"),
    )
    w = _search(
        rf"menerima {NUM} permohonan wawancara dari media\. Sebanyak {NUM} permohonan sudah ditindaklanjuti "
        rf"dengan rincian {NUM} wawancara langsung dan {NUM} jawaban tertulis",
        _line(lines, "permohonan wawancara dari media"),
    )
    return [
        ["press_releases", "", p.group(1)],
        ["clarifications", "", p.group(2)],
        ["interview_requests", "", w.group(1)],
        ["requests_followed_up", "", w.group(2)],
        ["live_interviews", "", w.group(3)],
        ["written_answers", "", w.group(4)],
    ]


def news_coverage(lines: list[str]) -> list[list[str]]:
    t = _search(
        rf"terdapat {NUM} pemberitaan terkait Obat dan Makanan.*?sejumlah {PCT} bertonasi positif \({NUM} berita\), "
        rf"{PCT} bertonasi netral \({NUM} berita\), dan {PCT} bertonasi negatif \({NUM} berita\)",
        _line(lines, "bertonasi positif ("),
    )
    ev = _search(r"pemusnahan (\d+(?:,\d+)?) ton roti", _line(lines, "ton roti"))
    md = _search(
        rf"media \*?online\*? sebesar {PCT} \({NUM} berita\), sedangkan media cetak sebesar {PCT} \({NUM} berita\) "
        rf"dan media elektronik {PCT} \({NUM} berita\)",
        _line(lines, "Berdasarkan jenis media"),
    )
    rows = [["news_total", "", t.group(1)]]
    for i, tone in enumerate(["positif", "netral", "negatif"]):
        rows += [
            ["news_share_pct", f"Tonasi | {tone}", t.group(2 + 2 * i)],
            ["news_items", f"Tonasi | {tone}", t.group(3 + 2 * i)],
        ]
    rows.append(["milk_bun_destroyed", "", ev.group(1)])
    for i, medium in enumerate(["Media Online", "Media Cetak", "Media Elektronik"]):  # legend of Gambar 15
        rows += [
            ["news_share_pct", f"Media | {medium}", md.group(1 + 2 * i)],
            ["news_items", f"Media | {medium}", md.group(2 + 2 * i)],
        ]
    return rows


MONTH = r"(Januari|Februari|Maret|April|Mei|Juni)"


def social_media(lines: list[str]) -> list[list[str]]:
    act = _line(lines, "aktivitas media sosial Badan POM pada")
    a = _search(
        rf"pada {NUM} \*?platform\*? media sosial yaitu Facebook, Instagram, X, dan Youtube memiliki rata-rata "
        rf"(\d+)-(\d+) unggahan per hari",
        act,
    )
    b = _search(
        rf"\*?[Pp]latform\*? (X) merupakan .*?sebanyak {NUM} tweets dibandingkan dengan {NUM} \*?platform\*? media sosial lainnya",
        act,
    )
    c = _search(
        rf"(Instagram) dengan {NUM} unggahan, menyusul (Facebook) sebanyak {NUM} unggahan, serta (Youtube) sebanyak {NUM} unggahan",
        act,
    )
    rows = [
        ["platforms_active", "", a.group(1)],
        ["posts_per_day_min", "", a.group(2)],
        ["posts_per_day_max", "", a.group(3)],
        ["posts", b.group(1), b.group(2)],
        ["other_platforms", "", b.group(3)],
    ]
    rows += [["posts", c.group(i), c.group(i + 1)] for i in (1, 3, 5)]

    tot = _line(lines, "total unggahan selama triwulan II")
    rows.append(["posts_total", "", _search(rf"adalah {NUM} konten", tot).group(1)])
    rows += [["posts_month", mon, n] for n, mon in re.findall(rf"{NUM} unggahan di bulan {MONTH}", tot)]

    aud = _line(lines, "pertumbuhan audiens/khalayak/pengunjung")
    d = _search(rf"terhadap {NUM} \*?platform\*? media sosial terpantau", aud)
    e = _search(
        rf"(Instagram) merupakan .*?dengan jumlah {NUM} audiens, sementara .*?(Youtube) dengan jumlah {NUM} audiens, "
        rf"dilanjutkan dengan (Facebook) dengan jumlah {NUM} audiens, dan dengan {NUM} audiens\.",
        aud,
    )
    rows.append(["platforms_audience", "", d.group(1)])
    rows += [["audience_growth", e.group(i), e.group(i + 1)] for i in (1, 3, 5)]
    rows.append(["audience_growth", "(tidak disebut)", e.group(7)])  # the platform's name is missing in print
    f = _search(
        rf"bulan {MONTH} yaitu {NUM} audiens, disusul bulan {MONTH} sebanyak {NUM} audiens dan bulan {MONTH} sebanyak {NUM} audiens",
        aud,
    )
    rows += [["audience_growth_month", f.group(i), f.group(i + 1)] for i in (1, 3, 5)]

    eng = _line(lines, "*Engagement* tertinggi terjadi pada bulan Mei, dengan jumlah")
    g = _search(
        rf"bulan {MONTH}, dengan jumlah {NUM}, diikuti bulan {MONTH} {NUM}, dan bulan {MONTH} sebesar {NUM}", eng
    )
    rows += [["engagement_month", g.group(i), g.group(i + 1)] for i in (1, 3, 5)]
    return rows


def publications(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "Majalah POM (MaPOM)")
    m = _search(
        r"menerbitkan (Majalah POM \(MaPOM\)) (Vol\.\d+/No\.\d+/\d{4}) dengan mengusung tema utama (.+?)\. Tema ini",
        text,
    )
    n = _search(r"diresmikannya (\w+) Loka POM dan peningkatan status (\w+) Loka POM menjadi Balai POM", text)
    cap = _search(
        r"^Gambar 20\. (Majalah Pengawasan Obat dan Makanan \(MaPOM\)) (Vol\.\d+/No\.\d+/\d{4})$",
        _line(lines, "Gambar 20. Majalah").strip(),
    )
    pub = m.group(1)
    return [
        ["issue", pub, m.group(2)],
        ["main_theme", pub, m.group(3)],
        ["loka_pom_inaugurated", pub, n.group(1)],
        ["loka_pom_upgraded", pub, n.group(2)],
        ["issue_in_caption", pub, cap.group(2)],
    ]


def public_information_requests(lines: list[str]) -> list[list[str]]:
    a = _line(lines, "PPID) di lingkungan Badan POM telah menerima")
    m = _search(rf"telah menerima {NUM} permintaan informasi dari pemohon informasi publik", a)
    rows = [["requests_received", "", m.group(1)]]
    prof = _search(r"berdasarkan profesi yaitu (.+)\.$", a).group(1)
    for label, pct in re.findall(rf"(?:^|, )(?:dan )?([^,()]+?) \({PCT}\)", prof):
        rows.append(["requester_share_pct", f"Profesi | {label}", pct])

    b = _line(lines, "permintaan informasi dikabulkan sepenuhnya")
    o = _search(
        rf"Dari {NUM} permintaan informasi publik yang diterima oleh Badan POM, sebanyak {NUM} \({PCT}\) permintaan "
        rf"informasi dikabulkan sepenuhnya, {NUM} \({PCT}\) permintaan informasi dikabulkan sebagian, dan {NUM} "
        rf"\({PCT}\) permintaan informasi yang ditolak",
        b,
    )
    rows.append(["requests_decided", "", o.group(1)])
    for i, outcome in enumerate(["dikabulkan sepenuhnya", "dikabulkan sebagian", "ditolak"]):
        rows += [
            ["requests", f"Hasil | {outcome}", o.group(2 + 2 * i)],
            ["requests_pct", f"Hasil | {outcome}", o.group(3 + 2 * i)],
        ]
    t = _search(
        r"tidak lebih dari (\d+) hari kerja dengan rata-rata waktu penyelesaian adalah (\d+(?:,\d+)?) hari kerja", b
    )
    rows += [["max_days", "", t.group(1)], ["avg_days", "", t.group(2)]]
    return rows


def complaints_information(lines: list[str]) -> list[list[str]]:
    a = _line(lines, "layanan pengaduan masyarakat dan informasi Obat dan Makanan melalui ULPK")
    m = _search(
        rf"ULPK Pusat dan {NUM} Balai Besar/Balai/Loka POM .*?sebanyak {NUM} layanan, terdiri dari {NUM} \({PCT}\) "
        rf"layanan permintaan informasi dan {NUM} \({PCT}\) layanan pengaduan",
        a,
    )
    rows = [
        ["upt_units", "", m.group(1)],
        ["services_total", "", m.group(2)],
        ["information_total", "", m.group(3)],
        ["information_total_pct", "", m.group(4)],
        ["complaints_total", "", m.group(5)],
        ["complaints_total_pct", "", m.group(6)],
    ]

    def pair(code, dim, c1, c2, mm, first):
        return [
            [code, f"{dim} | {c1}", mm.group(first)],
            [f"{code}_pct", f"{dim} | {c1}", mm.group(first + 1)],
            [code, f"{dim} | {c2}", mm.group(first + 2)],
            [f"{code}_pct", f"{dim} | {c2}", mm.group(first + 3)],
        ]

    p = _search(
        rf"layanan informasi sebagian besar berasal dari pelaku usaha sebanyak {NUM} \({PCT}\) layanan dan karyawan "
        rf"sebanyak {NUM} \({PCT}\) layanan, sementara untuk layanan pengaduan sebagian besar berasal dari pelaku usaha "
        rf"sebanyak {NUM} \({PCT}\) layanan dan karyawan sebanyak {NUM} \({PCT}\) layanan",
        _line(lines, "Profil profesi masyarakat yang mengakses layanan informasi"),
    )
    rows += pair("information", "Profesi", "pelaku usaha", "karyawan", p, 1)
    rows += pair("complaints", "Profesi", "pelaku usaha", "karyawan", p, 5)

    md = _search(
        rf"aplikasi WhatsApp sebanyak {NUM} \({PCT}\) layanan dan langsung sebanyak {NUM} \({PCT}\) layanan, sementara "
        rf"untuk media pengaduan .*? yaitu WhatsApp sebanyak {NUM} \({PCT}\) layanan dan email sebanyak {NUM} \({PCT}\) layanan",
        _line(lines, "Media komunikasi yang paling banyak digunakan"),
    )
    rows += pair("information", "Media", "WhatsApp", "langsung", md, 1)
    rows += pair("complaints", "Media", "WhatsApp", "email", md, 5)

    k = _search(
        rf"terkait pangan sebanyak {NUM} \({PCT}\) layanan dan kosmetik sebanyak {NUM} \({PCT}\) layanan\. Untuk layanan "
        rf"pengaduan, komoditi yang banyak diadukan yaitu pangan sebanyak {NUM} \({PCT}\) layanan dan kosmetika sebanyak "
        rf"{NUM} \({PCT}\) layanan",
        _line(lines, "Berdasarkan komoditi, informasi yang banyak ditanyakan"),
    )
    rows += pair("information", "Komoditi", "pangan", "kosmetik", k, 1)
    rows += pair("complaints", "Komoditi", "pangan", "kosmetika", k, 5)

    ti = _search(
        rf"terkait legalitas sebanyak {NUM} \({PCT}\) layanan dan proses pendaftaran sebanyak {NUM} \({PCT}\) layanan",
        _line(lines, "Topik informasi yang paling banyak ditanyakan"),
    )
    rows += pair("information", "Topik", "legalitas", "proses pendaftaran", ti, 1)
    tc = _search(
        rf"tentang legalitas produk sebanyak {NUM} \({PCT}\) layanan dan inspeksi seperti .*? sebanyak {NUM} \({PCT}\) layanan",
        _line(lines, "topik yang banyak diadukan"),
    )
    rows += pair("complaints", "Topik", "legalitas produk", "inspeksi", tc, 1)
    return rows


# --- BAB 7, Digitalisasi Pelayanan Publik -----------------------------------------------------


def digital_programmes(lines: list[str]) -> list[list[str]]:
    m = _search(
        r"Kebijakan implementasi (2D) \*?Barcode\*? sudah berlangsung selama (\d+) tahun sejak ditetapkan",
        _line(lines, "Kebijakan implementasi 2D"),
    )
    return [["years_in_force", "2D Barcode", m.group(2)]]


def bpom_mobile(lines: list[str]) -> list[list[str]]:
    m = _search(
        rf"pada bulan {MONTH} sebanyak {NUM} user, pada bulan {MONTH} sebanyak {NUM} user, dan sebanyak {NUM} user pada bulan {MONTH}",
        _line(lines, "Jumlah unduh aplikasi BPOM Mobile pada bulan"),
    )
    return [
        ["downloads", m.group(1), m.group(2)],
        ["downloads", m.group(3), m.group(4)],
        ["downloads", m.group(6), m.group(5)],
    ]


_STATUS = {
    "Tiket Terbit": "tickets_issued",
    "Dalam Proses": "in_process",
    "Selesai": "completed",
    "Ditolak": "rejected",
}


def helpdesk(lines: list[str]) -> list[list[str]]:
    t = _line(lines, "total pengajuan permohonan dan pengaduan")
    s = _search(r"terdapat (\d+) macam layanan yang disediakan yaitu permohonan dan pengaduan", t)
    m = _search(rf"adalah sebanyak {NUM} layanan yang terdiri dari {NUM} permohonan dan {NUM} pengaduan", t)
    d = _search(
        r"Rata-rata waktu tindak lanjut yaitu (\d+) – (\d+) hari untuk permohonan dan (\d+) – (\d+) hari untuk pengaduan",
        t,
    )
    rows = [
        ["service_types", "", s.group(1)],
        ["submissions_total", "", m.group(1)],
        ["submissions", "Permohonan", m.group(2)],
        ["submissions", "Pengaduan", m.group(3)],
        ["followup_days_min", "Permohonan", d.group(1)],
        ["followup_days_max", "Permohonan", d.group(2)],
        ["followup_days_min", "Pengaduan", d.group(3)],
        ["followup_days_max", "Pengaduan", d.group(4)],
    ]
    # Gambar 32 dashboard: the tab-separated lines right above its caption
    cap = _index(lines, lambda l: l.startswith("Gambar 32. Dashboard") and "....." not in l)
    start = _index(lines, lambda l: "Jumlah Permohonan" in l and "\t" in l, cap - 10)
    for l in lines[start:cap]:
        if "\t" not in l:
            continue
        for cell in (_TAG.sub("", c).strip() for c in l.split("\t")):
            c = _search(r"^(\d[\d.]*) (Jumlah (Permohonan|Pengaduan)|(Permohonan|Pengaduan) (.+))$", cell)
            if c.group(3):
                rows.append(["dashboard_total", c.group(3), c.group(1)])
            else:
                rows.append([_STATUS[c.group(5)], c.group(4), c.group(1)])
    return rows


DATASETS = {
    "regulation_drafting": regulation_drafting,
    "technical_reviews": technical_reviews,
    "policy_research": policy_research,
    "lab_development": lab_development,
    "press_and_media": press_and_media,
    "news_coverage": news_coverage,
    "social_media": social_media,
    "publications": publications,
    "public_information_requests": public_information_requests,
    "complaints_information": complaints_information,
    "digital_programmes": digital_programmes,
    "bpom_mobile": bpom_mobile,
    "helpdesk": helpdesk,
}
