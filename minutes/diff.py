"""Differences between two revisions, line by line, for people rather than programmers."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    change: str  # "same", "added" or "removed"
    text: str


def diff_lines(before: str, after: str) -> list[Line]:
    lines: list[Line] = []
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("same", t) for t in old[a1:a2]]
            continue
        lines += [Line("removed", t) for t in old[a1:a2]]
        lines += [Line("added", t) for t in new[b1:b2]]
    return lines
