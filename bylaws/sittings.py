"""Quorum, majorities, proxies and the casting vote: pure rules, no Django.

A council's rules come from its pack (`[sitting]` in packs/*.toml), each with its citation.
Counts passed in are of voting members only: guests never count.

An article of the Code is the legal basis of a rule only for the council it governs. Where
a council's sitting rules are settings of its institution's internal regulations (the
CPER: the INSPE's), a pack may still take a default value from another council's article
(the quorum of the EPLE's conseil d'administration): the citation then says so, in those
words, and names the internal regulations as what sets the rule.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

from bylaws.code import cite_article
from bylaws.engine import PACKS_DIR, Citation, UnknownCouncilType, available_council_types


class Majority(StrEnum):
    VOTES_CAST = "votes_cast"  # majorité des suffrages exprimés: abstentions are not counted
    MEMBERS = "absolute_members"  # majorité absolue des membres en exercice
    TWO_THIRDS = "two_thirds"  # deux tiers des suffrages exprimés


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class QuorumRule:
    share: Fraction  # of the voting members in office
    more_than: bool  # "la majorité" = more than the share; otherwise "at least"
    count_remote: bool
    count_proxies: bool
    reconvene_min_days: int
    reconvene_max_days: int
    citation: Citation

    def required(self, members_in_office: int) -> int:
        """The smallest number of members that makes the quorum."""
        threshold = self.share * members_in_office
        if self.more_than:
            return int(threshold) + 1
        return -(-threshold.numerator // threshold.denominator)  # ceiling

    def counted(self, present: int, remote: int = 0, proxies: int = 0) -> int:
        return (
            present + (remote if self.count_remote else 0) + (proxies if self.count_proxies else 0)
        )

    def reached(
        self, members_in_office: int, present: int, remote: int = 0, proxies: int = 0
    ) -> bool:
        return self.counted(present, remote, proxies) >= self.required(members_in_office)


@dataclass(frozen=True, slots=True)
class MajorityRule:
    kind: Majority
    casting_vote: bool  # the president's vote decides a tie
    citation: Citation


@dataclass(frozen=True, slots=True)
class SittingRules:
    quorum: QuorumRule
    majority: MajorityRule
    max_proxies: int
    # What sets these rules when no article of the Code does ("Règlement intérieur de
    # l’INSPE"); empty when the cited articles govern the council.
    basis: str = ""


@dataclass(frozen=True, slots=True)
class InternalRegulations:
    """The internal regulations that set a council's sitting rules."""

    name: str
    # The article of the Code that gives them this role for this council, if one does:
    # (source line, number, quote).
    role: tuple[int, str, str] | None = None


@dataclass(frozen=True, slots=True)
class BorrowedArticle:
    """An article that governs other councils, from which a pack takes a default."""

    number: str
    # What it governs, with its preposition, as the citation says it: "au conseil
    # d’administration des EPLE", "à la commission des titres d’ingénieur".
    about: str
    bodies: frozenset[str]  # the councils it governs (slugs of law.bodies)


# The article that gives the INSPE's internal regulations their role for the INSPE's own
# councils (conseil de l'institut, D. 721-1; COSP, D. 721-3).
D_721_8 = (
    34865,
    "D. 721-8",
    "Le règlement intérieur de l'institut détermine les règles de quorum applicables aux "
    "conseils mentionnés aux articles D. 721-1 et D. 721-3",
)
# Keyed by council type (the packs' file names).
INTERNAL_REGULATIONS: dict[str, InternalRegulations] = {
    "cper": InternalRegulations("Règlement intérieur de l’INSPE"),
    "inspe_institute_council": InternalRegulations("Règlement intérieur de l’INSPE", D_721_8),
    "inspe_cosp": InternalRegulations("Règlement intérieur de l’INSPE", D_721_8),
}
# The council (slug of law.bodies) each council type is, where the names differ.
COUNCIL_BODY = {
    "cper": "conseil-perfectionnement",
    "inspe_institute_council": "conseil-institut",
    "inspe_cosp": "cosp",
}
# Articles whose sitting rules the packs borrow as defaults, by source line; the tests
# check the number and the councils against the shipped Code.
BORROWED: dict[int, BorrowedArticle] = {
    15886: BorrowedArticle(
        "R. 421-25",
        "au conseil d’administration des EPLE",
        frozenset({"conseil-administration"}),
    ),
    18406: BorrowedArticle(
        "R. 426-9",
        "au conseil d’administration du CNED",
        frozenset({"conseil-administration"}),
    ),
    # The proxy cap: the commission des titres d'ingénieur, which the index of councils
    # does not list (it governs none of the councils the product runs).
    26823: BorrowedArticle(
        "R. 642-9",
        "à la commission des titres d’ingénieur",
        frozenset(),
    ),
}


def body_of(council_type: str) -> str:
    return COUNCIL_BODY.get(council_type, council_type)


def setter_of(council_type: str) -> str:
    """What sets a council's sitting rules, with the article giving it that role if any:
    « Règlement intérieur de l’INSPE (Code de l’éducation, art. D. 721-8) »."""
    regulations = INTERNAL_REGULATIONS.get(council_type)
    setter = regulations.name if regulations else "Règlement intérieur du conseil"
    if regulations and regulations.role:
        setter += f" ({cite_article(regulations.role[1])})"
    return setter


def governing_citation(citation: Citation, council_type: str) -> Citation:
    """The citation as the council's legal basis allows it to be shown: an article that
    governs other councils is named as the source of a default, by analogy, under the
    internal regulations that set the rule."""
    borrowed = BORROWED.get(citation.code_line or -1)
    if borrowed is None or body_of(council_type) in borrowed.bodies:
        return citation
    source = (
        f"{setter_of(council_type)}, réglage du conseil ; valeur par défaut reprise, par "
        f"analogie, de l’article {borrowed.number} relatif {borrowed.about}"
    )
    return Citation(
        source=source,
        quote=citation.quote,
        document=citation.document,
        code_line=citation.code_line,
    )


@dataclass(frozen=True, slots=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int = 0

    def __post_init__(self) -> None:
        if min(self.votes_for, self.votes_against, self.abstentions) < 0:
            raise ValueError("a count of votes cannot be negative")

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against


@dataclass(frozen=True, slots=True)
class Outcome:
    adopted: bool
    casting_vote_used: bool
    sentence: str


def decide(
    tally: Tally,
    rule: MajorityRule,
    *,
    members_in_office: int,
    president_vote: Choice | None = None,
) -> Outcome:
    """Adopted or rejected, and the sentence the minutes carry."""
    casting = False
    if rule.kind is Majority.VOTES_CAST:
        adopted = tally.votes_for > tally.votes_against
        if tally.votes_for == tally.votes_against and tally.cast and rule.casting_vote:
            casting = president_vote in (Choice.FOR, Choice.AGAINST)
            adopted = president_vote is Choice.FOR
    elif rule.kind is Majority.MEMBERS:
        adopted = tally.votes_for > members_in_office / 2
    else:
        adopted = tally.cast > 0 and 3 * tally.votes_for >= 2 * tally.cast
    return Outcome(adopted, casting, sentence(tally, adopted, rule.kind, casting_vote=casting))


def sentence(tally: Tally, adopted: bool, kind: Majority, *, casting_vote: bool = False) -> str:
    """The French result sentence: « Adopté par 8 voix pour, 2 contre, 1 abstention »."""
    verdict = "Adopté" if adopted else "Rejeté"
    if tally.cast == 0:
        return "Aucun suffrage exprimé : la proposition n’est pas adoptée" + _abstentions_note(
            tally
        )
    if tally.votes_against == 0 and adopted:
        if tally.abstentions == 0:
            return "Adopté à l’unanimité"
        return f"Adopté à l’unanimité des suffrages exprimés{_abstentions_note(tally)}"
    if tally.votes_for == 0 and not adopted and tally.abstentions == 0:
        return "Rejeté à l’unanimité"
    parts = [f"{tally.votes_for} voix pour", f"{tally.votes_against} contre"]
    if tally.abstentions:
        parts.append(_abstentions(tally.abstentions))
    text = f"{verdict} par {', '.join(parts)}"
    if casting_vote:
        text += ", la voix du président étant prépondérante"
    elif kind is Majority.TWO_THIRDS:
        text += " (majorité des deux tiers des suffrages exprimés requise)"
    elif kind is Majority.MEMBERS:
        text += " (majorité absolue des membres en exercice requise)"
    return text


def _abstentions(n: int) -> str:
    return f"{n} abstention" + ("s" if n > 1 else "")


def _abstentions_note(tally: Tally) -> str:
    return f" ({_abstentions(tally.abstentions)})" if tally.abstentions else ""


class Presence(StrEnum):
    PRESENT = "present"
    REMOTE = "remote"
    ABSENT = "absent"
    EXCUSED = "excused"
    REPRESENTED = "represented"  # absent, but gave a proxy to a member who is here


@dataclass(frozen=True, slots=True)
class Attendance:
    members_in_office: int
    present: int
    remote: int
    represented: int


def attendance(
    seats: list[tuple[str, Presence]], non_voting: frozenset[str] | set[str]
) -> Attendance:
    """Count the room from (category, presence) pairs: guests are never counted."""
    voting = [presence for category, presence in seats if category not in non_voting]
    return Attendance(
        members_in_office=len(voting),
        present=voting.count(Presence.PRESENT),
        remote=voting.count(Presence.REMOTE),
        represented=voting.count(Presence.REPRESENTED),
    )


def quorum_reached(room: Attendance, rule: QuorumRule) -> bool:
    return rule.reached(room.members_in_office, room.present, room.remote, room.represented)


def can_hold_proxy(held: int, rules: SittingRules) -> bool:
    return held < rules.max_proxies


def tally_ballots(ballots: list[tuple[Choice, int]]) -> Tally:
    """Each ballot is a choice and its weight: 1 for the voter, +1 per proxy they hold."""
    counts = dict.fromkeys(Choice, 0)
    for choice, weight in ballots:
        if weight < 1:
            raise ValueError("a ballot weighs at least one vote")
        counts[choice] += weight
    return Tally(counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.ABSTAIN])


@cache
def sitting_rules(council_type: str) -> SittingRules:
    if council_type not in available_council_types():
        raise UnknownCouncilType(council_type)
    data = tomllib.loads((PACKS_DIR / f"{council_type}.toml").read_text(encoding="utf-8"))
    sitting = data["sitting"]
    q, m = sitting["quorum"], sitting["majority"]
    return SittingRules(
        quorum=QuorumRule(
            share=Fraction(q["share"]),
            more_than=q["more_than"],
            count_remote=q["count_remote"],
            count_proxies=q["count_proxies"],
            reconvene_min_days=q["reconvene_min_days"],
            reconvene_max_days=q["reconvene_max_days"],
            citation=governing_citation(_citation(q["citation"]), council_type),
        ),
        majority=MajorityRule(
            kind=Majority(m["kind"]),
            casting_vote=m["casting_vote"],
            citation=governing_citation(_citation(m["citation"]), council_type),
        ),
        max_proxies=sitting["max_proxies"],
        basis=regulations.name if (regulations := INTERNAL_REGULATIONS.get(council_type)) else "",
    )


def _citation(raw: dict[str, Any]) -> Citation:
    return Citation(
        source=raw["source"],
        quote=raw["quote"],
        document=raw.get("document"),
        code_line=raw.get("code_line"),
    )
