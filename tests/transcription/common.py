"""Reading helpers the chapter transcribers share."""

import re


def one_line(lines: list[str], *needles: str) -> str:
    """The one body line holding every needle (contents-list lines, with '.....', are skipped)."""
    hits = [line for line in lines if all(n in line for n in needles) and "....." not in line]
    if len(hits) != 1:
        raise ValueError(f"expected one line with {needles!r}, found {len(hits)}")
    return hits[0]


def search(rx: str, text: str) -> re.Match:
    m = re.search(rx, text)
    if m is None:
        raise ValueError(f"pattern {rx!r} not found in: {text[:120]}...")
    return m
