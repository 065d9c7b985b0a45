"""What is wrong with a submission, said so that the person who typed it can fix it."""

from __future__ import annotations

from dataclasses import dataclass


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


def sort_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.rule)


class SubmissionError(Exception):
    """A submission that must not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=sort_key)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems[:200])
        more = f"\n  ... and {count - 200} more" if count > 200 else ""
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
