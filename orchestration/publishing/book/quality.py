"""Lampiran III, the quality appendix: the quarter's consistency findings (printed figures
that disagree with their own parts), the checks of the core tables, what is missing, and for
each table of the book the submitted file it was read from with its sha256."""

from __future__ import annotations

from orchestration.publishing.book import fmt
from orchestration.publishing.book.model import Cell, Heading, Para, Row, Section, Table, sentence
from orchestration.publishing.book.sections import Ctx, count_cell, simple_header, text_cell

RULE_KIND = {
    "sum": "jumlah",
    "ratio": "persentase",
    "count_items": "banyak butir",
    "equal": "kesamaan",
    "part_le_whole": "bagian ≤ keseluruhan",
}


def _value(x) -> Cell:
    if fmt.is_missing(x):
        return text_cell(fmt.DASH)
    x = float(x)
    d = 0 if x.is_integer() else 2
    return Cell(fmt.number(x, d), x, "#,##0" + (".00" if d else ""))


def quality_section(ctx: Ctx, tables: list[Table], section_datasets: dict[str, list[str]]) -> Section:
    s = Section("mutu", "Catatan Mutu Data dan Asal Angka", "Lampiran III", page_class="chapter appendix")
    d = ctx.d
    pub = d.publication or {}
    quarters = ", ".join(pub.get("quarters") or []) or fmt.DASH
    s.add(
        sentence(
            "Buku ini disusun otomatis dari berkas gudang data yang diterbitkan pada {when} oleh kode versi {code} "
            "(triwulan dalam berkas: {q}). Setiap angka dalam kalimat dan tabel dibaca langsung dari mart; tidak ada "
            "angka yang diketik ulang.",
            when=str(pub.get("published_at") or fmt.DASH),
            code=str(pub.get("code_version") or fmt.DASH),
            q=quarters,
        )
    )
    if pub.get("contains_synthetic_data"):
        s.add(
            Para(["Perhatian: berkas gudang data ini memuat data sintetis (untuk uji), bukan data resmi."], "missing")
        )
    missing = sorted(set(ctx.missing))
    if missing:
        s.add(
            Para(
                [
                    "Dataset yang belum tersedia untuk triwulan ini, sehingga buku berstatus DRAF: "
                    + ", ".join(missing)
                    + "."
                ],
                "missing",
            )
        )
    if ctx.stale:
        s.add(
            Para(
                [
                    "Dataset yang berkas terakhirnya ditolak (angka yang tampil berasal dari berkas sebelumnya yang "
                    "lolos pemeriksaan): " + ", ".join(ctx.stale) + "."
                ],
                "missing",
            )
        )

    s.add(Heading("1. Temuan konsistensi", 3))
    if "marts.mart_consistency_findings" not in d.tables:
        s.add(Para(["Tabel temuan konsistensi (marts.mart_consistency_findings) belum tersedia."], "missing"))
        ctx.incomplete.append("marts.mart_consistency_findings")
    elif not d.findings:
        s.add(Para(["Tidak ada temuan konsistensi untuk triwulan ini: semua aturan hitung buku terpenuhi."]))
    else:
        s.add(
            Para(
                [
                    f"Aturan hitung yang dinyatakan dalam spesifikasi dataset diterapkan pada angka triwulan ini. "
                    f"{fmt.count(len(d.findings))} angka tercetak tidak sama dengan hasil hitung dari bagian-bagiannya. "
                    "Angka tercetak tetap dimuat sebagaimana disampaikan; kalimat yang memuatnya diberi tanda "
                    "rujukan (T1, T2, ...)."
                ]
            )
        )
        rows = []
        for i, f in enumerate(d.findings, 1):
            where = f["source_file"] or fmt.DASH
            if f.get("source_row"):
                where += f", baris {f['source_row']}"
            rows.append(
                Row(
                    [
                        text_cell(f"T{i}"),
                        text_cell(f["dataset"] or ""),
                        text_cell(f"{f['rule_id']} ({RULE_KIND.get(f['rule_kind'], f['rule_kind'] or '')})"),
                        text_cell(f["description"] or ""),
                        text_cell(f["subject"] or ""),
                        _value(f["printed_value"]),
                        _value(f["computed_value"]),
                        text_cell(where),
                    ],
                    anchor=f"temuan-T{i}",
                )
            )
        s.add(
            Table(
                "temuan",
                None,
                "Temuan Konsistensi Angka Triwulan Ini",
                simple_header(["No", "Dataset", "Aturan", "Uraian", "Angka", "Tercetak", "Hasil hitung", "Sumber"]),
                ["No", "Dataset", "Aturan", "Uraian", "Angka", "Tercetak", "Hasil hitung", "Sumber (berkas, baris)"],
                rows,
                sources=[],
                marts=["mart_consistency_findings"],
                small=True,
                widths=[4, 12, 16, 22, 18, 8, 8, 12],
            )
        )

    s.add(Heading("2. Pemeriksaan tabel inti", 3))
    checks = []
    for r in d.rows("mart_budget_summary"):
        if r.get("printed_pct_matches") is False:
            checks.append(
                sentence(
                    "Persentase realisasi {c} ({dim}) tercetak {p}, hitungan dari pagu dan realisasi {q}.",
                    c=r["category_label"],
                    dim=r["dimension"],
                    p=fmt.ratio(r["printed_pct"]),
                    q=fmt.ratio(r["realisasi_pct"]),
                )
            )
        if r.get("reconciles_with_units") is False:
            checks.append(
                sentence(
                    "Kelompok {c}: jumlah unit kerja Lampiran II tidak sama dengan baris BAB 12.", c=r["category_label"]
                )
            )
    for r in d.rows("mart_budget_rankings"):
        if r.get("rank_matches_printed") is False:
            checks.append(
                sentence(
                    "{u}: peringkat tercetak {a}, peringkat menurut persentase realisasi {b}.",
                    u=r["unit_name"],
                    a=str(r["printed_rank"]),
                    b=str(r["rank_in_group"]),
                )
            )
    mismatches = [r for r in d.rows("mart_rkp_capaian") if r.get("capaian_mismatch")]
    for r in mismatches:
        checks.append(
            sentence(
                "Lampiran I, {i} ({f}, baris {row}): capaian tercetak {p}, realisasi/target {q} (ditandai * pada "
                "Lampiran I).",
                i=r["indicator"],
                f=r["source_file"] or "",
                row=str(r["source_row"]),
                p=fmt.ratio(r["capaian_printed"]),
                q=fmt.ratio(r["capaian_recomputed"]),
            )
        )
    if checks:
        s.add(*checks)
    elif any(d.rows(m) for m in ("mart_budget_summary", "mart_budget_rankings", "mart_rkp_capaian")):
        s.add(Para(["Persentase dan peringkat anggaran serta capaian RKP sama dengan hasil hitung ulang."]))

    s.add(Heading("3. Asal setiap tabel dan gambar", 3))
    by_dataset: dict[str, list[dict]] = {}
    for src in d.sources:
        by_dataset.setdefault(src["dataset"], []).append(src)
    rows = []
    for t in tables:
        for ds in t.sources:
            rows.extend(_source_rows(f"{t.label} {t.caption}".strip(), ds, by_dataset))
    for key, datasets in section_datasets.items():  # sentences and charts, by section
        for ds in datasets:
            rows.extend(_source_rows(key, ds, by_dataset))
    if not d.sources:
        s.add(Para(["Daftar berkas sumber (meta.publication_sources) belum tersedia."], "missing"))
        ctx.incomplete.append("meta.publication_sources")
    s.add(
        Table(
            "sumber",
            None,
            "Berkas Sumber dan Sidik sha256 per Tabel dan Bagian",
            simple_header(["Tabel/Bagian", "Dataset", "Berkas", "Baris", "sha256"]),
            ["Tabel/bagian", "Dataset", "Berkas", "Baris", "sha256"],
            rows,
            source_note="Sumber: meta.publication_sources. Sidik sha256 memungkinkan setiap angka ditelusuri ke "
            "berkas yang disampaikan unit.",
            marts=["meta.publication_sources"],
            small=True,
            widths=[28, 15, 17, 6, 34],
        )
    )
    return s


def _source_rows(what: str, dataset: str, by_dataset: dict[str, list[dict]]) -> list[Row]:
    found = by_dataset.get(dataset)
    if not found:
        return [
            Row(
                [
                    text_cell(what),
                    text_cell(dataset),
                    text_cell(fmt.NOT_AVAILABLE),
                    text_cell(fmt.DASH),
                    text_cell(fmt.DASH),
                ]
            )
        ]
    return [
        Row(
            [
                text_cell(what),
                text_cell(dataset),
                text_cell(src["source_file"] or ""),
                count_cell(src.get("row_count")),
                Cell(src["sha256"] or "", src["sha256"] or "", None, align="hash"),
            ]
        )
        for src in found
    ]
