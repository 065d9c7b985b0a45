"""What is wrong with a submission, said so that the person who typed it can fix it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Problems of one kind (same file, column and rule) shown before the rest are counted in one
# line, "... and 39.990 more like this": a file with 40.000 bad rows needs one fix, not 40.000 lines.
SHOWN_PER_KIND = 10


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # row as the user sees it in the file (header = 1); None for the whole file
    column: str | None
    value: str | None
    rule: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"value {self.value!r}: "
        text += self.rule
        if self.suggestion:
            text += f" (suggestion: {self.suggestion})"
        return text


@dataclass(frozen=True)
class MoreLikeThis(Problem):
    """The count of the problems of one kind not shown: `file, column 'x': ... and 39.990 more
    like this in rows 12 to 40.001: <rule>`. Sorted right after the last one shown."""

    of_rule: str = ""
    count: int = 0
    first_row: int | None = None
    last_row: int | None = None
    after_row: int | None = None


def grouped(n: int) -> str:
    """40000 -> '40.000', as the book writes numbers."""
    return f"{n:,}".replace(",", ".")


def _more(file: str, column: str | None, rule: str, count: int, rows: list[int], after_row: int | None) -> MoreLikeThis:
    where = f" in rows {grouped(min(rows))} to {grouped(max(rows))}" if rows else ""
    return MoreLikeThis(
        file,
        None,
        column,
        None,
        f"... and {grouped(count)} more like this{where}: {rule}",
        None,
        of_rule=rule,
        count=count,
        first_row=min(rows) if rows else None,
        last_row=max(rows) if rows else None,
        after_row=after_row,
    )


def more_like_this(
    file: str, column: str | None, rule: str, count: int, first_row: int | None = None, last_row: int | None = None
) -> MoreLikeThis:
    """The count of problems of one kind that were not collected one by one (a reader that stops
    listing them after a thousand); `capped` adds it to the count of the same kind."""
    rows = [r for r in (first_row, last_row) if r]
    return _more(file, column, rule, count, rows, max(rows, default=None))


def sort_key(p: Problem) -> tuple:
    if isinstance(p, MoreLikeThis):
        row = p.after_row if p.after_row is not None else -1
        return (p.file, row, "\uffff" + (p.column or ""), p.of_rule)
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.rule)


def capped(problems: list[Problem], per_kind: int = SHOWN_PER_KIND) -> list[Problem]:
    """Every problem, sorted, but at most `per_kind` of one kind (file, column, rule); the rest
    of each kind counted in one MoreLikeThis line. Capping a capped list changes nothing."""
    kinds: dict[tuple, list[Problem]] = defaultdict(list)
    earlier: dict[tuple, list[MoreLikeThis]] = defaultdict(list)
    for p in problems:
        if isinstance(p, MoreLikeThis):
            earlier[(p.file, p.column, p.of_rule)].append(p)
        else:
            kinds[(p.file, p.column, p.rule)].append(p)
    out: list[Problem] = []
    for key in kinds.keys() | earlier.keys():
        members = sorted(kinds.get(key, []), key=sort_key)
        shown, rest = members[:per_kind], members[per_kind:]
        folded = earlier.get(key, [])
        if not rest and len(folded) <= 1:
            out += shown + folded
            continue
        rows = [p.row for p in rest if p.row is not None]
        rows += [r for m in folded for r in (m.first_row, m.last_row) if r is not None]
        count = len(rest) + sum(m.count for m in folded)
        last_shown = max((p.row for p in shown if p.row is not None), default=None)
        after = (
            last_shown if last_shown is not None else max((m.after_row for m in folded if m.after_row), default=None)
        )
        out += [*shown, _more(key[0], key[1], key[2], count, rows, after)]
    return sorted(out, key=sort_key)


class SubmissionError(Exception):
    """A submission that must not be loaded; carries every problem found (at most
    SHOWN_PER_KIND of one kind, the rest counted)."""

    def __init__(self, problems: list[Problem]):
        self.problems = capped(problems)
        count = sum(p.count if isinstance(p, MoreLikeThis) else 1 for p in self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems[:200])
        more = f"\n  ... and {len(self.problems) - 200} more lines" if len(self.problems) > 200 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the submission:\n{lines}{more}")


def markdown_table(problems: list[Problem], limit: int = 100) -> str:
    head = "| file | row | column | value | rule | suggestion |\n|---|---|---|---|---|---|\n"
    esc = lambda v: "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
    body = "".join(
        f"| {esc(p.file)} | {esc(p.row)} | {esc(p.column)} | {esc(p.value)} | {esc(p.rule)} | {esc(p.suggestion)} |\n"
        for p in problems[:limit]
    )
    more = f"\n{len(problems) - limit} more not shown.\n" if len(problems) > limit else ""
    return head + body + more
