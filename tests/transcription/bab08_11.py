"""Transcribe BAB 8 to BAB 11 of the 2024-Q2 book into figure rows. Each function takes the book's
lines (list[str], newline stripped) and returns [[figure, breakdown, value], ...] read FROM THE TEXT
with regular expressions / table cell splitting, not typed-in constants.

Figure codes and breakdown labels are constants here; every value comes out of the book's lines.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"</?b>")
_NUM = r"(\d{1,3}(?:\.\d{3})*(?:,\d+)?)"  # Indonesian number as printed: 5.375, 84,87


def _cells(line: str) -> list[str]:
    return [_TAG.sub("", c).strip() for c in line.split("\t")]


def _index(lines: list[str], start: str, after: int = 0) -> int:
    """First line (from `after`) starting with `start`, skipping contents-list entries ('.....')."""
    return next(n for n in range(after, len(lines)) if lines[n].startswith(start) and "....." not in lines[n])


def _line(lines: list[str], needle: str, after: int = 0) -> str:
    return next(lines[n] for n in range(after, len(lines)) if needle in lines[n])


def _search(pattern: str, text: str) -> re.Match:
    m = re.search(pattern, text)
    if m is None:
        raise ValueError(f"pattern not found: {pattern!r}")
    return m


def _table(lines: list[str], caption: str) -> list[list[str]]:
    """Tab-separated rows after a Tabel caption, up to the first text line that is not a table row
    (blank lines and repeated page headers / column headers are skipped by the callers)."""
    i = _index(lines, caption)
    rows = []
    for line in lines[i + 1 :]:
        if not line.strip():
            continue
        if "\t" not in line:
            if line.startswith("Kinerja Bpom Dalam Angka"):
                continue
            break
        rows.append(_cells(line))
    return rows


def _bab(lines: list[str], n: int) -> int:
    return _index(lines, f"# BAB {n}")


# --------------------------------------------------------------------------------------------- BAB 8
def regulations_enacted(lines: list[str]) -> list[list[str]]:
    start = _bab(lines, 8)
    text = _line(lines, "telah ditetapkan", start)
    m = _search(
        rf"ditetapkan {_NUM} Peraturan Badan POM, {_NUM} Keputusan/Surat Edaran Kepala Badan POM, "
        rf"dan {_NUM} Rumusan Perjanjian",
        text,
    )
    rows = [
        ["instrumen_ditetapkan", "Peraturan Badan POM", m.group(1)],
        ["instrumen_ditetapkan", "Keputusan/Surat Edaran Kepala Badan POM", m.group(2)],
        ["instrumen_ditetapkan", "Rumusan Perjanjian", m.group(3)],
    ]
    stop = _index(lines, "## 2. Layanan Advokasi Hukum", start)
    for line in lines[_index(lines, "#### Judul Peraturan Badan POM", start) + 1 : stop]:
        item = re.match(r"^(\d+)\. (Peraturan Badan Pengawas Obat dan Makanan (Nomor \d+ Tahun \d{4}) .*)$", line)
        if item:
            rows.append(["peraturan_badan", f"{item.group(1)} | {item.group(2)}", item.group(3)])
    return rows


# --------------------------------------------------------------------------------------------- BAB 9
def organisation(lines: list[str]) -> list[list[str]]:
    start = _bab(lines, 9)
    score = _search(rf"nilai rata-tata sebesar {_NUM}", _line(lines, "hasil evaluasi kelembagaan", start))
    upt = _search(rf"terhadap {_NUM} UPT", _line(lines, "Evaluasi klasifikasi UPT", start))
    rows = [["nilai_evaluasi_kelembagaan", "", score.group(1)], ["upt_dievaluasi", "", upt.group(1)]]
    stop = _index(lines, "## 2. Koordinasi Pelaksanaan Reformasi Birokrasi", start)
    for line in lines[start:stop]:
        m = re.match(rf"^\s*- \d+\) Peningkatan {_NUM} (.+)$", line)
        if m:
            rows.append(["peningkatan_klasifikasi_upt", m.group(2), m.group(1)])
    return rows


def _governance_headings(lines: list[str], start: int, stop: int) -> list[tuple[int, str]]:
    """(line index, title) of the sub-sections a. .. e. of BAB 9 section 3 Tata Laksana."""
    out = []
    for n in range(start, stop):
        m = re.match(r"^(?:### )?[a-e]\. (?:\*\*)?(.+?)(?:\*\*)?$", lines[n])
        if m:
            out.append((n, m.group(1)))
    return out


def governance_events(lines: list[str]) -> list[list[str]]:
    start = _index(lines, "## 3. Tata Laksana", _bab(lines, 9))
    stop = _bab(lines, 10)
    heads = _governance_headings(lines, start, stop)
    rows = []
    for k, (n, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else stop
        text = " ".join(lines[n + 1 : end])
        m = re.search(
            rf"nilai \*post-test\* yaitu menjadi {_NUM} dari {_NUM} pada\s+rata-rata nilai \*pre-test\*", text
        )
        if m:
            rows += [["nilai_post_test", title, m.group(1)], ["nilai_pre_test", title, m.group(2)]]
        m = re.search(rf"sertifikat Bimtek pada {_NUM} peserta atau ({_NUM}%) dari keseluruhan peserta", text)
        if m:
            rows += [["peserta_bersertifikat", title, m.group(1)], ["peserta_bersertifikat_pct", title, m.group(2)]]
        m = re.search(r"selama (\w+) hari", text)
        if m:
            rows.append(["durasi_hari", title, m.group(1)])
        m = re.search(r"dibagi dalam (\d+) \(\w+\) tahap", text)
        if m:
            rows.append(["tahap", title, m.group(1)])
            for line in lines[n + 1 : end]:
                t = re.match(
                    r"^- \d+\) (Tahap [IVX]+) .*? di (?:Aula Balai Besar POM di )?(\w+) pada "
                    r"(\d+-\d+ \w+ \d{4})\.$",
                    line,
                )
                if t:
                    rows.append(["tahap_pelaksanaan", f"{t.group(1)} | {t.group(2)}", t.group(3)])
    return rows


def business_process_review(lines: list[str]) -> list[list[str]]:
    rows = []
    for cells in _table(lines, "Tabel 4. Hasil Tinjau Ulang"):
        if cells[0] == "URAIAN":
            continue
        rows += [["semula", cells[0], cells[1]], ["menjadi", cells[0], cells[2]]]
    return rows


# -------------------------------------------------------------------------------------------- BAB 10
def international_cooperation(lines: list[str]) -> list[list[str]]:
    start, stop = _bab(lines, 10), _bab(lines, 11)
    rows = []
    title = None
    for line in lines[start:stop]:
        h = re.match(r"^(?:#+ )?(?:\*\*)?(?:\d+|[a-f])\. (.+?)(?:\*\*)?$", line)
        if h and len(line) < 200:
            title = h.group(1)
            continue
        m = re.search(rf"Sebanyak {_NUM} peserta", line)
        if m:
            rows.append(["peserta_pelatihan", title, m.group(1)])
        m = re.search(r"Peserta kegiatan terbagi dalam (\w+) kelas", line)
        if m:
            rows.append(["kelas_pelatihan", title, m.group(1)])
        m = re.search(rf"pembuatan vaksin dalam {_NUM} hari", line)
        if m:
            rows.append(["waktu_pembuatan_vaksin", title, m.group(1)])
    return rows


# -------------------------------------------------------------------------------------------- BAB 11
def staff(lines: list[str]) -> list[list[str]]:
    text = _line(lines, "total pegawai di Badan POM", _bab(lines, 11))
    m = _search(
        rf"sebanyak {_NUM} pegawai yang terdiri dari {_NUM} orang PNS, {_NUM} PPPK, dan {_NUM} POLRI/Jaksa", text
    )
    rows = [
        ["pegawai", "", m.group(1)],
        ["pegawai", "Status Kepegawaian | PNS", m.group(2)],
        ["pegawai", "Status Kepegawaian | PPPK", m.group(3)],
        ["pegawai", "Status Kepegawaian | POLRI/Jaksa", m.group(4)],
    ]
    g = _search(
        rf"gender terdiri dari {_NUM} orang \(({_NUM}%)\) laki-laki dan {_NUM} orang \(({_NUM}%)\) perempuan", text
    )
    rows += [
        ["pegawai", "Gender | laki-laki", g.group(1)],
        ["pegawai_pct", "Gender | laki-laki", g.group(2)],
        ["pegawai", "Gender | perempuan", g.group(4)],
        ["pegawai_pct", "Gender | perempuan", g.group(5)],
    ]
    t = _search(
        rf"tipe kepegawaian, pegawai Badan POM terdiri dari {_NUM} orang \(({_NUM}%)\) Fungsional, "
        rf"{_NUM} orang \(({_NUM}%)\) Pelaksana, dan {_NUM} orang \(({_NUM}%)\) Struktural",
        text,
    )
    for k, name in enumerate(("Fungsional", "Pelaksana", "Struktural")):
        rows += [
            ["pegawai", f"Tipe Kepegawaian | {name}", t.group(3 * k + 1)],
            ["pegawai_pct", f"Tipe Kepegawaian | {name}", t.group(3 * k + 2)],
        ]
    return rows


def competency_apps(lines: list[str]) -> list[list[str]]:
    start = _index(lines, "### 2. Pengembangan Kompetensi Sumber Daya Manusia", _bab(lines, 11))
    stop = _bab(lines, 12)
    m = _search(rf"mengelola {_NUM} aplikasi", _line(lines, "mengelola", start))
    rows = [["aplikasi", "", m.group(1)]]
    for line in lines[start:stop]:
        h = re.match(r"^(?:#### |\*\*)([a-g])\. (.+?)(?:\*\*)?$", line)
        if h:
            rows.append(["aplikasi_dikelola", h.group(2), h.group(1)])
    e = _search(rf"berjumlah {_NUM} jurnal dan {_NUM} artikel", _line(lines, "aplikasi ERUDITIO", start))
    rows += [["jurnal_terbit", "ERUDITIO", e.group(1)], ["artikel_terbit", "ERUDITIO", e.group(2)]]
    c = _search(
        rf"terlaksana {_NUM} kegiatan \*coaching\* dan {_NUM} kegiatan \*mentoring\*",
        _line(lines, "aplikasi CMC", start),
    )
    rows += [["kegiatan_coaching", "CMC", c.group(1)], ["kegiatan_mentoring", "CMC", c.group(2)]]
    s = _search(
        rf"publikasi sebanyak {_NUM} pengetahuan dan {_NUM} proses revisi", _line(lines, "pengetahuan dan", start)
    )
    rows += [["publikasi_pengetahuan", "SIMPHONI", s.group(1)], ["proses_revisi", "SIMPHONI", s.group(2)]]
    return rows


def lsp_certification(lines: list[str]) -> list[list[str]]:
    rows = []
    for cells in _table(lines, "Tabel 5. Hasil Evaluasi Pemanfaatan Aplikasi LSP BPOM"):
        if cells[0] == "No." or cells[0] == "":
            continue  # the two header lines
        breakdown = "" if cells[0] == "Total" else cells[1]
        for fig, value in zip(
            ("peserta", "kompeten", "kompeten_pct", "belum_kompeten", "belum_kompeten_pct"), cells[2:7]
        ):
            rows.append([fig, breakdown, value])
    return rows


def penkomtek(lines: list[str]) -> list[list[str]]:
    rows = []
    for cells in _table(lines, "Tabel 6. Hasil Monitoring Pemanfaatan Aplikasi PENKOMTEK"):
        if cells[0] == "No.":
            continue
        breakdown = "" if cells[0] == "Total" else f"{cells[1]} | {cells[2]}"
        rows += [["peserta_diterima", breakdown, cells[3]], ["peserta_ditolak", breakdown, cells[4]]]
    return rows


def sipenatemanku(lines: list[str]) -> list[list[str]]:
    """Continuation rows (no item number) inherit the item above. In one continuation row (item 4,
    19 Maret 2024) the SJT cell's '-' came out in the No column: it is read as the SJT cell."""
    rows = []
    item = None
    for cells in _table(lines, "Tabel 7. Hasil Monitoring Pemanfaatan Aplikasi SIPENATEMANKU"):
        cells = (cells + [""] * 5)[:5]
        if cells[0] == "No" or (cells[0] == "" and cells[2] == "SJT"):
            continue  # header lines, repeated after the page break
        no, uraian, sjt, ac, waktu = cells
        if no.isdigit():
            item = f"{no} | {uraian}"
        elif no == "-" and uraian == "" and sjt == "":
            sjt = no  # shifted cell
        breakdown = f"{item} | {waktu}"
        rows += [["peserta_sjt", breakdown, sjt], ["peserta_ac", breakdown, ac]]
    return rows


IDEAS_FIGURES = {
    "Pegawai BPOM yang belajar IDEAS": "pegawai_bpom_belajar",
    "ASN Non BPOM yang belajar IDEAS": "asn_non_bpom_belajar",
    "Pelaku usaha yang belajar IDEAS": "pelaku_usaha_belajar",
    "Akun eksternal yang belajar IDEAS": "akun_eksternal_belajar",
    "Modul terbaru yang diupload": "modul_diunggah",
    "Webinar yang dilaksanakan": "webinar_dilaksanakan",
}


def ideas(lines: list[str]) -> list[list[str]]:
    rows = []
    for cells in _table(lines, "Tabel 8. Hasil Monitoring Pemanfaatan Aplikasi IDEAS"):
        if cells[0] == "No.":
            continue
        fig = IDEAS_FIGURES[cells[1]]
        rows += [[fig, "TW I", cells[2]], [fig, "TW II", cells[3]]]
        m = re.fullmatch(rf"{_NUM}(?: \(({_NUM}%)\))?", cells[4])
        rows.append([fig, "", m.group(1)])
        if m.group(2):
            rows.append([f"{fig}_pct", "", m.group(2)])
    return rows


DATASETS = {
    "regulations_enacted": regulations_enacted,
    "organisation": organisation,
    "governance_events": governance_events,
    "business_process_review": business_process_review,
    "international_cooperation": international_cooperation,
    "staff": staff,
    "competency_apps": competency_apps,
    "lsp_certification": lsp_certification,
    "penkomtek": penkomtek,
    "sipenatemanku": sipenatemanku,
    "ideas": ideas,
}
