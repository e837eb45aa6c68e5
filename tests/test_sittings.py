"""Quorum, majorities, proxies and the casting vote: table-driven and property tests."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bylaws.engine import Citation
from bylaws.sittings import (
    Choice,
    Majority,
    MajorityRule,
    Presence,
    QuorumRule,
    Tally,
    attendance,
    decide,
    quorum_reached,
    sitting_rules,
    tally_ballots,
)

CITE = Citation("test", "test quote")
RULES = sitting_rules("cper")


def majority(kind: Majority, casting: bool = True) -> MajorityRule:
    return MajorityRule(kind, casting, CITE)


@pytest.mark.parametrize(
    ("members", "required"),
    [(9, 5), (10, 6), (11, 6), (17, 9), (1, 1)],
)
def test_the_cper_quorum_is_more_than_half_of_the_members_in_office(members, required):
    assert RULES.quorum.required(members) == required


def test_an_at_least_half_quorum_rounds_up():
    rule = QuorumRule(Fraction(1, 2), False, True, False, 5, 8, CITE)
    assert [rule.required(n) for n in (9, 10, 11)] == [5, 5, 6]


def test_proxies_count_only_where_the_rule_says_so():
    assert not RULES.quorum.reached(10, present=4, remote=1, proxies=3)
    counting = QuorumRule(Fraction(1, 2), True, True, True, 5, 8, CITE)
    assert counting.reached(10, present=4, remote=1, proxies=3)


V, M, T = Majority.VOTES_CAST, Majority.MEMBERS, Majority.TWO_THIRDS
DECISIONS = [  # tally, kind, president's vote, adopted, words of the sentence
    (Tally(9, 0, 0), V, None, True, "Adopté à l’unanimité"),
    (Tally(8, 2, 1), V, None, True, "Adopté par 8 voix pour, 2 contre, 1 abstention"),
    (Tally(3, 6, 2), V, None, False, "Rejeté par 3 voix pour, 6 contre, 2 abstentions"),
    (Tally(7, 0, 2), V, None, True, "à l’unanimité des suffrages exprimés (2 abstentions)"),
    (Tally(5, 5, 0), V, Choice.FOR, True, "la voix du président étant prépondérante"),
    (Tally(5, 5, 0), V, Choice.AGAINST, False, "Rejeté par 5 voix pour, 5 contre, la voix"),
    (Tally(5, 5, 0), V, Choice.ABSTAIN, False, "Rejeté par 5 voix pour, 5 contre"),
    (Tally(6, 0, 5), M, None, True, "Adopté à l’unanimité des suffrages"),
    (Tally(5, 1, 5), M, None, False, "majorité absolue des membres en exercice requise"),
    (Tally(6, 3, 0), T, None, True, "Adopté par 6 voix pour, 3 contre"),
    (Tally(6, 4, 0), T, None, False, "majorité des deux tiers"),
    (Tally(0, 0, 4), V, None, False, "Aucun suffrage exprimé"),
]


@pytest.mark.parametrize(("tally", "kind", "president", "adopted", "words"), DECISIONS)
def test_decisions_and_their_sentences(tally, kind, president, adopted, words):
    outcome = decide(tally, majority(kind), members_in_office=11, president_vote=president)
    assert outcome.adopted is adopted
    assert words in outcome.sentence


def test_without_a_casting_vote_a_tie_is_rejected():
    outcome = decide(
        Tally(4, 4), majority(Majority.VOTES_CAST, casting=False), members_in_office=9,
        president_vote=Choice.FOR,
    )  # fmt: skip
    assert not outcome.adopted and not outcome.casting_vote_used


def test_a_proxy_adds_its_weight_to_the_ballot():
    assert tally_ballots([(Choice.FOR, 2), (Choice.AGAINST, 1), (Choice.ABSTAIN, 1)]) == Tally(
        2, 1, 1
    )
    with pytest.raises(ValueError):
        tally_ballots([(Choice.FOR, 0)])


counts = st.integers(min_value=0, max_value=40)
kinds = st.sampled_from(list(Majority))
votes = st.sampled_from([None, *Choice])


@given(counts, counts, counts, kinds, votes, st.integers(min_value=1, max_value=60))
def test_adding_a_vote_for_never_turns_adopted_into_rejected(f, a, ab, kind, president, members):
    rule = majority(kind)
    before = decide(Tally(f, a, ab), rule, members_in_office=members, president_vote=president)
    after = decide(Tally(f + 1, a, ab), rule, members_in_office=members, president_vote=president)
    assert not (before.adopted and not after.adopted)


@given(counts, counts, counts, kinds, st.integers(min_value=1, max_value=60))
def test_adding_a_vote_against_never_turns_rejected_into_adopted(f, a, ab, kind, members):
    rule = majority(kind)
    before = decide(Tally(f, a, ab), rule, members_in_office=members)
    after = decide(Tally(f, a + 1, ab), rule, members_in_office=members)
    assert not (not before.adopted and after.adopted)


@given(counts, counts, counts)
def test_the_sentence_always_matches_the_decision(f, a, ab):
    outcome = decide(Tally(f, a, ab), RULES.majority, members_in_office=60)
    assert outcome.sentence.startswith("Adopté") == outcome.adopted


presences = st.sampled_from(list(Presence))
seats = st.lists(st.tuples(st.sampled_from(["teacher", "student_representative"]), presences))
guests = st.lists(st.tuples(st.just("guest"), presences))


@given(seats, guests)
def test_a_quorum_never_counts_a_guest(members, invited):
    without = attendance(members, {"guest"})
    with_guests = attendance(members + invited, {"guest"})
    assert with_guests == without
    if without.members_in_office:
        assert quorum_reached(with_guests, RULES.quorum) == quorum_reached(without, RULES.quorum)


@given(st.integers(1, 200))
def test_the_quorum_is_more_than_half_and_never_more_than_needed(members):
    required = RULES.quorum.required(members)
    assert required > members / 2 and required - 1 <= members / 2


def test_the_default_rules_cite_the_code_word_for_word(db):
    from law.citations import quote_in_article

    for citation in (RULES.quorum.citation, RULES.majority.citation):
        assert citation.code_line is not None
        assert quote_in_article(citation.code_line, citation.quote)
