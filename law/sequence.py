"""How the Code's article numbers follow one another: the numbers a run of unnumbered
articles can take between two numbered ones.

The Code numbers a chapter's articles 1, 2, 3…; an article inserted later after
D. 421-159 becomes D. 421-159-1, then D. 421-159-2, and one inserted after
D. 612-1-26 becomes D. 612-1-27. Repealed articles leave holes, so a sequence is only
trusted when the number of articles matches the numbers that can stand between the
two ends, or when the two ends leave room for a single reading. Pure Python.
"""

from __future__ import annotations

import itertools

from law.numbers import Number

# Ranges wider than this in a citation are chapter summaries, not lists to expand.
MAX_RANGE = 40


def siblings_between(a: Number, b: Number) -> list[Number]:
    """The numbers strictly between a and b when both are of one level under one parent
    (D. 612-1-24 … D. 612-1-27 between D. 612-1-23 and D. 612-1-28) or b is inserted
    under a (D. 426-13-1 between D. 426-13 and D. 426-13-2). The letter is a's, to be
    decided by the caller."""
    if a.chapter != b.chapter or not a.rest or not b.rest:
        return []
    if len(b.rest) == len(a.rest) + 1 and b.rest[:-1] == a.rest:
        # b is inserted under a (D. 426-13, D. 426-13-2): its elder siblings come first.
        return [Number(a.letter, a.chapter, (*a.rest, value)) for value in range(1, b.rest[-1])]
    if len(a.rest) != len(b.rest) or a.rest[:-1] != b.rest[:-1]:
        return []
    return [
        Number(a.letter, a.chapter, (*a.rest[:-1], value))
        for value in range(a.rest[-1] + 1, b.rest[-1])
    ]


def inserted_between(a: Number, b: Number, count: int) -> list[Number]:
    """The numbers `count` articles must take between two numbers with no room left
    between them at a's level, or [] when a and b leave room for another reading.

    b follows a at once (D. 421-159, D. 421-160): the articles were inserted after a and
    are numbered under it, D. 421-159-1 … D. 421-159-`count`.
    b follows a's parent at once (D. 612-1-26, D. 612-2): they continue a's level,
    D. 612-1-27 ….
    """
    if count <= 0 or a.chapter != b.chapter or not a.rest or not b.rest:
        return []
    depth = len(b.rest)
    if len(a.rest) == depth and a.rest[:-1] == b.rest[:-1] and b.rest[-1] == a.rest[-1] + 1:
        return [Number(a.letter, a.chapter, (*a.rest, value)) for value in range(1, count + 1)]
    parent_next = (
        len(a.rest) == depth + 1
        and a.rest[: depth - 1] == b.rest[:-1]
        and b.rest[-1] == a.rest[depth - 1] + 1
    )
    if parent_next:
        return [
            Number(a.letter, a.chapter, (*a.rest[:-1], a.rest[-1] + value))
            for value in range(1, count + 1)
        ]
    return []


def range_members(start: Number, end: Number) -> list[Number]:
    """The numbers a cited range names between its ends, when both ends are of one level
    under one parent ("R. 811-10 à R. 811-42", "D. 612-32-1 à D. 612-32-3"). A range does
    not say whether its members still exist: callers treat them as candidates."""
    members = siblings_between(start, end)
    if not members or len(members) >= MAX_RANGE:
        return []
    return [Number(start.letter, n.chapter, n.rest) for n in members]


def letter_between(left: Number | None, right: Number | None) -> str | None:
    """The letter (R. or D.) of an article whose own letter nothing states, from the
    nearest articles of its chapter on both sides: only when they agree."""
    if left is None or right is None or left.chapter != right.chapter:
        return None
    return left.letter if left.letter == right.letter else None


def run_between(a: Number, b: Number) -> list[Number] | None:
    """The numbers between a and b of one chapter if the numbering runs on from a to b
    without a hole, a ending its own series of inserted numbers (D. 612-1-26 then
    D. 612-2: nothing between), or None when no such run reaches b."""
    if a.chapter != b.chapter or not a.rest or not b.rest or b.order <= a.order:
        return None
    depth = len(b.rest)
    if depth <= len(a.rest) and a.rest[: depth - 1] == b.rest[:-1]:
        start = a.rest[depth - 1] + 1
        if b.rest[-1] - start > MAX_RANGE:
            return None
        return [
            Number(a.letter, a.chapter, (*b.rest[:-1], value)) for value in range(start, b.rest[-1])
        ]
    if depth == len(a.rest) + 1 and b.rest[:-1] == a.rest:
        return siblings_between(a, b)
    if depth > 1:
        parent = Number(b.letter, b.chapter, b.rest[:-1])
        before = run_between(a, parent)
        if before is None:
            return None
        elders = [Number(b.letter, b.chapter, (*b.rest[:-1], v)) for v in range(1, b.rest[-1])]
        return [*before, parent, *elders]
    return None


def filled_between(a: Number, b: Number, known: list[Number]) -> list[Number] | None:
    """The numbers between a and b if the numbering runs without a hole through the
    numbers known to exist between them (those the text cites), every chapter it enters
    starting at 1 (R. 822-1 before R. 822-16) and every chapter it leaves ending at the
    last known number: a and b excluded, in order; None when the known numbers cannot
    be joined so (a citation of a number far away)."""
    inside = {n.order: n for n in known if a.order < n.order < b.order}
    points = [a, *(inside[key] for key in sorted(inside)), b]
    for before, number in itertools.pairwise(points):
        if number.chapter != before.chapter and number.rest != (1,):
            start = Number(number.letter, number.chapter, (1,))
            inside.setdefault(start.order, start)
    points = [a, *(inside[key] for key in sorted(inside)), b]
    found = dict(inside)
    for before, number in itertools.pairwise(points):
        if number.chapter != before.chapter:
            continue
        run = run_between(before, number)
        if run is None:
            return None
        for middle in run:
            found.setdefault(middle.order, middle)
    return [found[key] for key in sorted(found)]
