"""The book as data, before any output: sections in the book's order holding sentences (text
and figures, each figure with where it came from), tables, charts, lists and notes. The HTML,
the PDF and the workbook are all written from this one model, so they cannot disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Num:
    """A figure in a sentence: its printed text, the mart cell it reads (`ref`), and its source."""

    text: str
    ref: str
    fmt: str  # count | ratio | points:N | number:N | rupiah | signed | ratio_change
    source: str = ""
    note: str | None = None  # id of a consistency finding about this figure, if any

    is_num = True


@dataclass
class Para:
    parts: list[str | Num]
    kind: str = "p"  # p | lead | note | missing

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Num) else p for p in self.parts)

    @property
    def nums(self) -> list[Num]:
        return [p for p in self.parts if isinstance(p, Num)]


def sentence(template: str, style: str = "p", /, **values: str | Num) -> Para:
    """A paragraph from a template such as 'dari {a} sampel, {b} ...': each {name} a Num or text."""
    parts: list[str | Num] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > pos:
            parts.append(template[pos : m.start()])
        parts.append(values[m.group(1)])
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return Para(parts, style)


@dataclass
class Cell:
    text: str
    value: float | int | str | None = None  # as stored in the workbook
    xlsx_format: str | None = None  # Excel number format; None for text
    ratio_for_xlsx: bool = False  # value is a fraction to store with a percent format
    align: str = "num"  # num | text
    colspan: int = 1


@dataclass
class Row:
    cells: list[Cell]
    kind: str = "data"  # data | group | total
    anchor: str | None = None


@dataclass
class Table:
    key: str  # stable id, also the workbook's sheet name
    number: str | None  # '1'..'8' as printed; None for the book's unnumbered tables
    caption: str
    header: list[list[tuple[str, int, int]]]  # rows of (text, colspan, rowspan)
    columns: list[str]  # one flat name per column, for the workbook
    rows: list[Row]
    source_note: str = ""
    sources: list[str] = field(default_factory=list)  # submitted datasets the table reads
    marts: list[str] = field(default_factory=list)
    wide: bool = False
    small: bool = False
    widths: list[float] | None = None  # column widths in percent: a fixed layout, fast to paginate

    @property
    def label(self) -> str:
        return f"Tabel {self.number}" if self.number else "Tabel"

    @property
    def anchor(self) -> str:
        return f"tabel-{self.key}"


@dataclass
class Chart:
    """A bar chart: categories and one or more series of values, each value with its label."""

    key: str
    categories: list[str]
    series: list[tuple[str, list[float | None], list[str]]]  # (name, values, value labels)
    horizontal: bool = True
    axis_label: str = ""
    stacked: bool = False
    svg: str = ""


@dataclass
class Figure:
    key: str
    number: str  # as printed ('11'), or a letter for charts the print does not have ('A')
    caption: str
    chart: Chart | None  # None: not reproduced (its data are only in the printed picture, or missing)
    note: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Gambar {self.number}"

    @property
    def anchor(self) -> str:
        return f"gambar-{self.key}"


@dataclass
class ItemList:
    title: str
    items: list[Para]
    ordered: bool = True


@dataclass
class Heading:
    text: str
    level: int = 3


@dataclass
class Html:
    """Editorial text, already rendered from Markdown."""

    html: str
    placeholder: bool = False


@dataclass
class Missing:
    """A section or part whose data the warehouse does not hold (yet)."""

    what: str
    datasets: list[str]


Block = Para | Table | Figure | ItemList | Heading | Html | Missing


@dataclass
class Section:
    key: str
    title: str
    kicker: str = ""  # 'BAB 1', 'Lampiran I'
    blocks: list[Block] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    page_class: str = ""

    @property
    def anchor(self) -> str:
        return f"bagian-{self.key}"

    @property
    def toc_title(self) -> str:
        return f"{self.kicker} {self.title}".strip()

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


@dataclass
class Book:
    quarter: str
    title: str
    subtitle: str
    sections: list[Section]
    missing_datasets: list[str]
    draft: bool
    synthetic: bool
    publication: dict | None
    generated_note: str = ""

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def paragraphs(self) -> list[Para]:
        out = []
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Para):
                    out.append(b)
                elif isinstance(b, ItemList):
                    out.extend(b.items)
        return out
