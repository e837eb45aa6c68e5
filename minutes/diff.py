"""Differences between two revisions, line by line, for people rather than programmers."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags


@dataclass(frozen=True)
class Line:
    change: str  # "same", "added" or "removed"
    text: str


def diff_lines(before: str, after: str) -> list[Line]:
    lines: list[Line] = []
    old, new = as_text(before), as_text(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("same", t) for t in old[a1:a2]]
            continue
        lines += [Line("removed", t) for t in old[a1:a2]]
        lines += [Line("added", t) for t in new[b1:b2]]
    return lines


def as_text(html: str) -> list[str]:
    """The lines of a composed text (one block a line, minutes.composition) as people read
    them, without the markup."""
    return [unescape(strip_tags(line)) for line in html.splitlines()]
