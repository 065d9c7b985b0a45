"""Bar charts as inline vector SVG, legible in grayscale print: greys and hatching tell the
series apart, never colour alone, and every bar carries its value in the Indonesian style.

matplotlib is imported on first use (object-oriented API, no pyplot), so importing the book
package stays cheap. Text stays text in the SVG (`svg.fonttype: none`), so the PDF's text
layer carries the charts' numbers too."""

from __future__ import annotations

import io
import json
import re
import sys
import textwrap
from dataclasses import asdict

from orchestration.publishing.book.model import Chart

FILLS = ["#4d4d4d", "#bdbdbd", "#ffffff", "#8c8c8c", "#e0e0e0"]
HATCHES = ["", "////", "xx", "\\\\\\\\", "--"]  # line hatches only: dotted ones are slow to paint in PDF
EDGE = "#1a1a1a"
WIDTH_IN = 6.3
FONT = "DejaVu Sans"

_RC = {
    "svg.fonttype": "none",
    "font.family": FONT,
    "font.size": 8,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.6,
    "hatch.linewidth": 0.6,
    "hatch.color": EDGE,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "svg.image_inline": True,
}


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def render_svg(chart: Chart) -> str:
    """The chart as an `<svg>` element to inline in HTML (no XML prolog, ids unique to the chart)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context({**_RC, "svg.hashsalt": f"kinerja-{chart.key}"}):
        n_cat = max(len(chart.categories), 1)
        n_ser = max(len(chart.series), 1)
        if chart.horizontal:
            per = 0.34 if chart.stacked else 0.2 + 0.17 * n_ser
            height = min(0.7 + per * n_cat + (0.3 if n_ser > 1 else 0), 11.5)
        else:
            height = 2.9
        fig = Figure(figsize=(WIDTH_IN, height))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot(1, 1, 1)
        _draw(ax, chart)
        fig.subplots_adjust(**_margins(chart, height))
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    # matplotlib names its groups figure_1, axes_1, ...: unique within a chart, not within a page
    prefix = f"{chart.key}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', svg)
    # size by the page, keep the aspect through the viewBox; ids are salted per chart already
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 class="chart" role="img"', svg, count=1)
    return svg


CHAR_IN = 0.066  # average width of a character of the 8 pt labels, in inches
LINE_IN = 0.15


def _margins(chart: Chart, height: float) -> dict[str, float]:
    """Fixed margins from the labels' lengths: cheaper than tight_layout, which draws the chart twice."""
    legend = 0.32 if len(chart.series) > 1 else 0.08
    if chart.horizontal:
        wrap = 34 if len(chart.series) > 1 else 40
        longest = max((len(line) for c in chart.categories for line in _wrap(c, wrap).split("\n")), default=4)
        left = (longest * CHAR_IN + 0.15) / WIDTH_IN
        bottom = (0.32 + (0.16 if chart.axis_label else 0)) / height
    else:
        lines = max((len(_wrap(c, 16).split("\n")) for c in chart.categories), default=1)
        left = (0.5 + (0.18 if chart.axis_label else 0)) / WIDTH_IN
        bottom = (0.12 + LINE_IN * lines) / height
    return {
        "left": min(left, 0.5),
        "right": 0.97,
        "bottom": min(bottom, 0.45),
        "top": 1 - legend / height,
    }


def _draw(ax, chart: Chart) -> None:
    cats = chart.categories
    n_ser = len(chart.series)
    values = [[0.0 if v is None else float(v) for v in vals] for _, vals, _ in chart.series]
    top = max((v for vals in values for v in vals), default=0.0) or 1.0
    if chart.horizontal:
        wrap = 34 if n_ser > 1 else 40
        labels = [_wrap(c, wrap) for c in cats]
        positions = list(range(len(cats)))
        if chart.stacked:
            left = [0.0] * len(cats)
            for i, (name, vals, texts) in enumerate(chart.series):
                bars = ax.barh(
                    positions,
                    [0.0 if v is None else v for v in vals],
                    left=left,
                    height=0.66,
                    color=FILLS[i % len(FILLS)],
                    hatch=HATCHES[i % len(HATCHES)],
                    edgecolor=EDGE,
                    linewidth=0.5,
                    label=name,
                )
                for bar, v, t in zip(bars, vals, texts):
                    if v:
                        dark = FILLS[i % len(FILLS)] in ("#4d4d4d", "#8c8c8c")
                        ax.text(
                            bar.get_x() + bar.get_width() / 2,
                            bar.get_y() + bar.get_height() / 2,
                            t,
                            ha="center",
                            va="center",
                            fontsize=6.5,
                            color="#ffffff" if dark else "#000000",
                            bbox=None if dark else {"boxstyle": "square,pad=0.1", "fc": "#ffffff", "ec": "none"},
                        )
                left = [a + (0.0 if v is None else v) for a, v in zip(left, vals)]
            top = max(left, default=1.0) or 1.0
        else:
            height = 0.8 / n_ser
            for i, (name, vals, texts) in enumerate(chart.series):
                offs = [p - 0.4 + height * (i + 0.5) for p in positions]
                bars = ax.barh(
                    offs,
                    [0.0 if v is None else v for v in vals],
                    height=height * 0.92,
                    color=FILLS[i % len(FILLS)],
                    hatch=HATCHES[i % len(HATCHES)],
                    edgecolor=EDGE,
                    linewidth=0.5,
                    label=name,
                )
                for bar, v, t in zip(bars, vals, texts):
                    if v is None:
                        continue
                    ax.text(
                        bar.get_width() + top * 0.01,
                        bar.get_y() + bar.get_height() / 2,
                        t,
                        ha="left",
                        va="center",
                        fontsize=7,
                    )
        ax.set_yticks(positions)
        ax.set_yticklabels(labels, fontsize=7 if len(cats) > 12 else 8, linespacing=1.0)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.22)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=6.5)
        ax.xaxis.set_major_formatter(_indonesian_ticks())
        if _whole(chart):
            ax.xaxis.set_major_locator(_integer_ticks())
        if chart.axis_label:
            ax.set_xlabel(chart.axis_label, fontsize=7)
        ax.grid(axis="x", color="#dddddd", linewidth=0.4)
    else:
        positions = list(range(len(cats)))
        width = 0.8 / n_ser
        for i, (name, vals, texts) in enumerate(chart.series):
            offs = [p - 0.4 + width * (i + 0.5) for p in positions]
            bars = ax.bar(
                offs,
                [0.0 if v is None else v for v in vals],
                width=width * 0.92,
                color=FILLS[i % len(FILLS)],
                hatch=HATCHES[i % len(HATCHES)],
                edgecolor=EDGE,
                linewidth=0.5,
                label=name,
            )
            for bar, v, t in zip(bars, vals, texts):
                if v is None:
                    continue
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_height() + top * 0.015,
                    t,
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
        ax.set_xticks(positions)
        ax.set_xticklabels([_wrap(c, 16) for c in cats])
        ax.set_ylim(0, top * 1.18)
        ax.tick_params(axis="x", length=0)
        ax.tick_params(axis="y", labelsize=6.5)
        ax.yaxis.set_major_formatter(_indonesian_ticks())
        if _whole(chart):
            ax.yaxis.set_major_locator(_integer_ticks())
        if chart.axis_label:
            ax.set_ylabel(chart.axis_label, fontsize=7)
        ax.grid(axis="y", color="#dddddd", linewidth=0.4)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if n_ser > 1:
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(n_ser, 4),
            frameon=False,
            fontsize=7,
            handlelength=2.2,
            handleheight=1.1,
        )


def _integer_ticks():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _whole(chart: Chart) -> bool:
    return all(v is None or float(v).is_integer() for _, vals, _ in chart.series for v in vals)


def _indonesian_ticks():
    from matplotlib.ticker import FuncFormatter

    from orchestration.publishing.book import fmt

    def label(x, _pos):
        return fmt.number(x, 0 if float(x).is_integer() else 1)

    return FuncFormatter(label)


def to_json(charts: list[Chart]) -> str:
    return json.dumps([{**asdict(c), "svg": ""} for c in charts])


def render_all(spec_json: str) -> dict[str, str]:
    """Every chart of a JSON list (as `to_json` writes it) as SVG, by key."""
    return {c["key"]: render_svg(Chart(**c)) for c in json.loads(spec_json)}


def main(argv: list[str]) -> int:
    """`python -m orchestration.publishing.book.charts SPEC.json`: the SVGs as JSON on stdout, so
    the charts are drawn in a second process while the first lays out the PDF."""
    with open(argv[0], encoding="utf-8") as fh:
        svgs = render_all(fh.read())
    sys.stdout.write(json.dumps(svgs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
