"""How the Code's numbers follow one another (law/sequence.py), on pairs of numbers that
stand around unnumbered articles in the shipped text."""

import pytest

from law.numbers import Number
from law.sequence import (
    filled_between,
    inserted_between,
    letter_between,
    range_members,
    run_between,
    siblings_between,
)


def numbers(*texts: str) -> list[Number]:
    return [Number.parse(text) for text in texts]


def texts(found: list[Number] | None) -> list[str] | None:
    return None if found is None else [str(n) for n in found]


@pytest.mark.parametrize(
    ("a", "b", "between"),
    [
        ("R. 131-13", "R. 131-17", ["R. 131-14", "R. 131-15", "R. 131-16"]),
        ("D. 612-1-23", "D. 612-1-26", ["D. 612-1-24", "D. 612-1-25"]),
        ("R. 426-13", "D. 426-13-2", ["R. 426-13-1"]),  # b inserted under a
        ("D. 421-159", "D. 421-160", []),  # nothing at a's level
        ("D. 612-1-26", "D. 612-2", []),  # levels differ
        ("D. 751-1", "D. 752-3", []),  # chapters differ
    ],
)
def test_the_plain_sequence_fills_one_level_under_one_parent(a, b, between):
    assert texts(siblings_between(*numbers(a, b))) == between


@pytest.mark.parametrize(
    ("a", "b", "count", "inserted"),
    [
        # b follows a at once: the articles between were inserted under a.
        ("D. 421-159", "D. 421-160", 1, ["D. 421-159-1"]),
        ("D. 564-3", "D. 564-4", 2, ["D. 564-3-1", "D. 564-3-2"]),
        # b follows a's parent at once: a's series of inserted numbers runs on.
        ("R. 914-13-45", "R. 914-14", 1, ["R. 914-13-46"]),
        ("D. 612-1-26", "D. 612-2", 2, ["D. 612-1-27", "D. 612-1-28"]),
        # Room left between a and b, or no article: no reading imposes itself.
        ("D. 312-28", "D. 312-33", 1, []),
        ("D. 481-6", "D. 491-10", 1, []),
        ("D. 421-159", "D. 421-160", 0, []),
    ],
)
def test_articles_between_two_numbers_that_follow_each_other_were_inserted(a, b, count, inserted):
    assert texts(inserted_between(*numbers(a, b), count)) == inserted


@pytest.mark.parametrize(
    ("a", "b", "run"),
    [
        ("D. 741-4", "D. 741-7", ["D. 741-5", "D. 741-6"]),
        ("D. 612-1-26", "D. 612-4", ["D. 612-2", "D. 612-3"]),  # a ends its series
        ("D. 312-5", "D. 312-7-2", ["D. 312-6", "D. 312-7", "D. 312-7-1"]),
        ("R. 914-58", "R. 914-58-2", ["R. 914-58-1"]),
        ("R. 914-58-7", "R. 914-59", []),
        # "R. 212-86", cited after R. 212-33-1, is too far for a run: a stale citation.
        ("R. 212-33-1", "R. 212-86", None),
        ("D. 682-3", "D. 711-1", None),
    ],
)
def test_a_run_of_numbers_joins_two_numbers_of_one_chapter_or_fails(a, b, run):
    assert texts(run_between(*numbers(a, b))) == run


def tails(found: list[Number] | None) -> list[str]:
    """The numbers without their letter, which the caller decides for the filled ones."""
    assert found is not None
    return [str(n)[3:] for n in found]


def test_the_cited_numbers_are_completed_into_a_run_each_chapter_starting_at_one():
    # Between R. 914-58 and R. 914-60 the text cites R. 914-58-2 … D. 914-58-7 and R. 914-59.
    cited = numbers("R. 914-58-2", "D. 914-58-3", "D. 914-58-4", "D. 914-58-7", "R. 914-59")
    filled = filled_between(*numbers("R. 914-58", "R. 914-60"), cited)
    assert tails(filled) == [f"914-58-{k}" for k in range(1, 8)] + ["914-59"]
    # From R. 741-4 to the next chapter, through D. 741-5 … D. 741-12: D. 751-1 is its start.
    cited = [Number("D", 741, (value,)) for value in range(5, 13)]
    filled = filled_between(*numbers("R. 741-4", "D. 751-2"), cited)
    assert tails(filled) == [f"741-{k}" for k in range(5, 13)] + ["751-1"]


def test_a_citation_far_from_its_neighbours_breaks_the_run():
    assert filled_between(*numbers("R. 212-33-1", "R. 213-1"), numbers("R. 212-86")) is None


@pytest.mark.parametrize(
    ("start", "end", "members"),
    [
        ("D. 123-20", "D. 123-22", ["D. 123-21"]),
        ("D. 612-32-1", "D. 612-32-3", ["D. 612-32-2"]),
        ("R. 811-10", "R. 811-13", ["R. 811-11", "R. 811-12"]),
        ("R. 712-9", "R. 713-1", []),  # across chapters: nothing to expand
        ("R. 811-10", "R. 811-90", []),  # a chapter's summary, not a list
    ],
)
def test_a_cited_range_names_the_numbers_between_its_ends(start, end, members):
    assert texts(range_members(*numbers(start, end))) == members


@pytest.mark.parametrize(
    ("left", "right", "letter"),
    [
        ("R. 131-13", "R. 131-16-1", "R"),
        ("D. 642-56", "D. 642-58", "D"),
        ("D. 312-1-2", "R. 312-2", None),  # the sides disagree
        ("D. 682-3", "D. 711-1", None),  # another chapter says nothing of this one
    ],
)
def test_a_letter_comes_from_both_sides_of_one_chapter_when_they_agree(left, right, letter):
    assert letter_between(*numbers(left, right)) == letter
