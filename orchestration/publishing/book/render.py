"""Render the quarterly book from the served warehouse: one self-contained HTML file (inline CSS
and SVG, no script, no network), an A4 PDF (WeasyPrint: table of contents with page numbers,
running header and footer, "DRAF" on every page when datasets are missing) and the data
workbook (every table as a sheet, numbers as numbers).

    render_book(Path("data/warehouse.duckdb"), "2024-Q2", Path("out"), Path("submissions/2024-Q2/editorial.md"))

No Dagster here: the CLI and the asset call `render_book`."""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

from orchestration.publishing.book import data as book_data
from orchestration.publishing.book import sections as S
from orchestration.publishing.book.model import Book, Html, Section
from orchestration.publishing.book.quality import quality_section

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
EDITORIAL_SECTIONS = ("sambutan", "highlight", "penutup")
PLACEHOLDER_MARK = re.compile(r"\b(placeholder|teks sementara)\b", re.I)

log = logging.getLogger(__name__)


@dataclass
class RenderTimes:
    """Seconds spent in each step of the last render (for the benchmark and the report)."""

    steps: dict[str, float] = field(default_factory=dict)

    def total(self) -> float:
        return sum(self.steps.values())


LAST_TIMES = RenderTimes()


def output_names(quarter: str) -> tuple[str, str, str]:
    return f"kinerja-{quarter}.html", f"kinerja-{quarter}.pdf", f"kinerja-{quarter}-data.xlsx"


def read_editorial(path: Path | None) -> dict[str, Html]:
    """The editorial Markdown split at its level-2 headings (## Sambutan, ## Highlight, ## Penutup)."""
    if path is None or not Path(path).is_file():
        return {}
    import markdown

    text = Path(path).read_text(encoding="utf-8")
    chunks: dict[str, list[str]] = {}
    flags: dict[str, bool] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            title = m.group(1)
            key = re.sub(r"[^a-z]", "", title.split("(")[0].lower())
            current = key if key in EDITORIAL_SECTIONS else None
            if current:
                chunks[current] = []
                flags[current] = bool(PLACEHOLDER_MARK.search(title))
            continue
        if current:
            chunks[current].append(line)
    out = {}
    for key, lines in chunks.items():
        body = "\n".join(lines).strip()
        if not body:
            continue
        html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html")
        html = re.sub(r"<\s*(script|iframe|object|embed)\b.*?>.*?<\s*/\s*\1\s*>", "", html, flags=re.S | re.I)
        html = re.sub(r"<(/?)h[12]\b", r"<\1h4", html)
        out[key] = Html(html, flags[key] or bool(PLACEHOLDER_MARK.search(body)))
    return out


def build_book(data: book_data.BookData, editorial: dict[str, Html]) -> Book:
    ctx = S.Ctx(data)
    sections: list[Section] = [
        S.sambutan(ctx, editorial),
        S.highlight(ctx, editorial),
        S.bab1(ctx),
        S.bab2(ctx),
        S.bab3(ctx),
        S.bab4(ctx),
        S.bab5(ctx),
        S.bab6(ctx),
        S.bab7(ctx),
        S.bab8(ctx),
        S.bab9(ctx),
        S.bab10(ctx),
        S.bab11(ctx),
        S.bab12(ctx),
        S.bab13(ctx, editorial),
        S.lampiran1(ctx),
        S.lampiran2(ctx),
    ]
    tables = [b for s in sections for b in s.blocks if b.__class__.__name__ == "Table"]
    by_section = {s.toc_title: s.datasets for s in sections if s.datasets and not s.key.startswith("lampiran")}
    sections.append(quality_section(ctx, tables, by_section))
    pub = data.publication or {}
    missing = sorted(set(ctx.missing))
    return Book(
        quarter=data.quarter,
        title="Kinerja BPOM Dalam Angka",
        subtitle=ctx.tw,
        sections=sections,
        missing_datasets=missing,
        draft=bool(missing or ctx.incomplete or ctx.stale),
        synthetic=bool(pub.get("contains_synthetic_data")),
        publication=pub,
        generated_note=f"Disusun otomatis dari gudang data yang diterbitkan {pub.get('published_at') or '-'}",
    )


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["print_text"] = _print_text
    return env


def _print_text(text: str, mode: str) -> str:
    """For WeasyPrint, no line break right after a slash ("leaflet/brosur"): its line breaker
    otherwise sometimes ends a justified paragraph's first line after one word."""
    return text.replace("/", "/\u2060") if mode == "print" else text


def render_html(book: Book, mode: str) -> str:
    env = _environment()
    css = (TEMPLATES / "book.css").read_text(encoding="utf-8")
    if mode == "print":
        css += "\n" + (TEMPLATES / "print.css").read_text(encoding="utf-8")
    return env.get_template("book.html.j2").render(book=book, mode=mode, css=css)


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class ChartWorker:
    """The charts, drawn by a second Python process (`python -m ...charts`) while this one
    writes the workbook and lays out the PDF: on two cores the charts cost no wall time. If
    the process cannot run, the charts are drawn here instead."""

    def __init__(self, charts: list, workdir: Path):
        from orchestration.publishing.book.charts import to_json

        self.charts = charts
        self._svgs: dict[str, str] | None = None
        self._spec = workdir / f".charts-{os.getpid()}.json"
        self._spec.write_text(to_json(charts), encoding="utf-8")
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "orchestration.publishing.book.charts", str(self._spec)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.warning("charts drawn in process: %s", exc)
            self._proc = None

    def svgs(self) -> dict[str, str]:
        if self._svgs is None:
            if self._proc is not None:
                try:
                    out, err = self._proc.communicate(timeout=300)
                    if self._proc.returncode == 0:
                        self._svgs = json.loads(out)
                    else:
                        log.warning("chart process failed (%s): %s", self._proc.returncode, err.decode()[-2000:])
                except (subprocess.TimeoutExpired, ValueError) as exc:
                    self._proc.kill()
                    log.warning("chart process failed: %s", exc)
            if self._svgs is None:
                from orchestration.publishing.book.charts import render_svg

                self._svgs = {c.key: render_svg(c) for c in self.charts}
            self._spec.unlink(missing_ok=True)
        return self._svgs

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._spec.unlink(missing_ok=True)


def render_book(served_db: Path, quarter: str, out_dir: Path, editorial: Path | None = None) -> list[Path]:
    """Write the HTML, PDF and workbook of `quarter` into `out_dir`; returns their paths."""
    from orchestration.publishing.book.workbook import write_workbook

    times: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        times[name] = round(now - t, 3)
        t = now

    served_db, out_dir = Path(served_db), Path(out_dir)
    if not served_db.is_file():
        raise FileNotFoundError(f"no served warehouse at {served_db}: run `kinerja refresh` first")
    data = book_data.load(served_db, quarter)
    book = build_book(data, read_editorial(editorial))
    out_dir.mkdir(parents=True, exist_ok=True)
    html_name, pdf_name, xlsx_name = output_names(data.quarter)
    html_path, pdf_path, xlsx_path = out_dir / html_name, out_dir / pdf_name, out_dir / xlsx_name
    charts = [f.chart for f in book.figures() if f.chart is not None]
    worker = ChartWorker(charts, out_dir)
    lap("read and compose")
    try:
        _write_atomic(xlsx_path, lambda p: write_workbook(book, data, p))
        lap("xlsx")
        printable = render_html(book, "print")
        _write_atomic(pdf_path, lambda p: _write_pdf(printable, p, worker))
        lap("pdf (charts drawn alongside)")
        for figure in book.figures():
            if figure.chart is not None:
                label = html_escape(f"{figure.label}. {figure.caption}")
                svg = worker.svgs()[figure.chart.key]
                figure.chart.svg = svg.replace('role="img"', f'role="img" aria-label="{label}"', 1)
        screen = render_html(book, "screen")
        _write_atomic(html_path, lambda p: p.write_text(screen, encoding="utf-8"))
        lap("html")
    finally:
        worker.close()
    LAST_TIMES.steps = times
    log.info("book %s rendered in %.1f s (%s)", data.quarter, sum(times.values()), times)
    return [html_path, pdf_path, xlsx_path]


CHART_SCHEME = "kinerja-chart:"


def _write_pdf(html: str, path: Path, worker: ChartWorker) -> None:
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        """Charts from the chart process; nothing from the network or the disk."""

        def fetch(self, url, headers=None):
            if url.startswith(CHART_SCHEME):
                svg = worker.svgs()[url.removeprefix(CHART_SCHEME)]
                return URLFetcherResponse(url, svg.encode("utf-8"), {"Content-Type": "image/svg+xml"})
            raise ValueError(f"the book loads nothing from outside: {url}")

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    with _no_cyclic_gc():
        doc = weasyprint.HTML(string=html, base_url=str(TEMPLATES), url_fetcher=Fetcher())
        doc.write_pdf(str(path))
        del doc


@contextlib.contextmanager
def _no_cyclic_gc():
    """WeasyPrint builds hundreds of thousands of boxes: the cyclic collector, walking them over
    and over, costs a fifth of the PDF's time (measured: 5,8 s -> 4,5 s CPU) for no memory
    saved (peak ~220 MB either way). Off for the layout, back on, and one collection after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
