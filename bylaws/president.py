"""The election of the conseil d'institut's president (D. 721-2): two rounds, the youngest on a tie.

Input and output are those of `conseils elections president` (specs §4.2); `elect` returns the
JSON object the command prints. Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bylaws.elections import citation, violation
from bylaws.engine import InputError, parse_date

ELIGIBLE = "rector_appointee"


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    category: str
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class Round:
    votes: tuple[tuple[str, int], ...]  # (candidate, votes) in the candidates' order
    blank: int = 0
    void: int = 0


@dataclass(frozen=True, slots=True)
class PresidentElection:
    council_type: str
    candidates: tuple[Candidate, ...]
    rounds: tuple[Round, ...]


def parse_president(data: object) -> PresidentElection:
    if not isinstance(data, dict):
        raise InputError("$", "an object is expected")
    council_type = data.get("council_type", "inspe_institute_council")
    if council_type != "inspe_institute_council":
        raise InputError("council_type", "inspe_institute_council is expected")
    raw = data.get("candidates")
    if not isinstance(raw, list) or not raw:
        raise InputError("candidates", "at least one candidate is expected")
    candidates: list[Candidate] = []
    for i, c in enumerate(raw):
        where = f"candidates[{i}]"
        if not isinstance(c, dict):
            raise InputError(where, "an object is expected")
        name, category = c.get("name"), c.get("category")
        if not isinstance(name, str) or any(x.name == name for x in candidates):
            raise InputError(f"{where}.name", "a name that no other candidate has is expected")
        if not isinstance(category, str):
            raise InputError(f"{where}.category", "a string is expected")
        born = c.get("birth_date")
        birth = None if born is None else parse_date(born, f"{where}.birth_date")
        candidates.append(Candidate(name, category, birth))
    rounds = data.get("rounds")
    if not isinstance(rounds, list) or not rounds:
        raise InputError("rounds", "at least one round is expected")
    names = [c.name for c in candidates]
    return PresidentElection(
        council_type,
        tuple(candidates),
        tuple(_round(r, f"rounds[{i}]", names) for i, r in enumerate(rounds)),
    )


def _round(raw: object, where: str, names: list[str]) -> Round:
    if not isinstance(raw, dict):
        raise InputError(where, "an object is expected")
    votes = raw.get("votes")
    if not isinstance(votes, dict):
        raise InputError(f"{where}.votes", "an object is expected")
    for name, count in votes.items():
        if name not in names:
            raise InputError(f"{where}.votes", f"{name!r} is not a candidate")
        if not _whole(count):
            raise InputError(f"{where}.votes.{name}", "an integer ≥ 0 is expected")
    counts = []
    for key in ("blank", "void"):
        value = raw.get(key, 0)
        if not _whole(value):
            raise InputError(f"{where}.{key}", "an integer ≥ 0 is expected")
        counts.append(value)
    ordered = tuple((n, votes[n]) for n in names if n in votes)
    return Round(ordered, counts[0], counts[1])


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def elect(e: PresidentElection, lang: str = "fr") -> dict[str, Any]:
    """The result of `conseils elections president --json`."""
    found = [
        violation("president.eligibility", "president.eligibility", lang, name=c.name)
        for c in e.candidates
        if c.category != ELIGIBLE
    ]
    first_winner = _absolute_winner(e.rounds[0])
    if len(e.rounds) > 2 or (first_winner and len(e.rounds) > 1):
        found.append(
            violation(
                "president.rounds",
                "president.rounds",
                lang,
                rounds=len(e.rounds),
                first_round_winner=first_winner or "—",
            )
        )
    if found:
        return {"valid": False, "violations": found}
    report = [_report(n, r) for n, r in enumerate(e.rounds, start=1)]
    result: dict[str, Any] = {"valid": True, "status": "elected", "elected": None}
    if first_winner:
        result.update(elected=first_winner, round=1, decided_by="absolute_majority")
    elif len(e.rounds) == 1:
        result.update(status="second_round_required", round=None, decided_by=None)
    else:
        second = e.rounds[1]
        top = max((v for _n, v in second.votes), default=0)
        leaders = [n for n, v in second.votes if v == top]
        if len(leaders) == 1:
            result.update(elected=leaders[0], round=2, decided_by="relative_majority")
        else:
            youngest = _youngest(e, leaders)
            if youngest is None:
                result.update(status="tie_unresolved", round=2, decided_by=None)
            else:
                result.update(elected=youngest, round=2, decided_by="youngest")
    key = {
        "absolute_majority": "president.absolute_majority",
        "relative_majority": "president.relative_majority",
    }.get(result["decided_by"], "president.youngest")
    if result["status"] == "second_round_required":
        key = "president.absolute_majority"
    result.update(rounds=report, citation=citation(key), violations=[])
    return result


def _absolute_winner(r: Round) -> str | None:
    cast = sum(v for _n, v in r.votes)
    return next((n for n, v in r.votes if 2 * v > cast), None)


def _report(number: int, r: Round) -> dict[str, Any]:
    cast = sum(v for _n, v in r.votes)
    return {
        "round": number,
        "suffrages_exprimes": cast,
        "blank": r.blank,
        "void": r.void,
        "absolute_majority": cast // 2 + 1,
        "results": [{"name": n, "votes": v} for n, v in r.votes],
    }


def _youngest(e: PresidentElection, tied: list[str]) -> str | None:
    """The youngest of the tied candidates; None when two share the latest birth date."""
    births = []
    for name in tied:
        index, person = next((i, c) for i, c in enumerate(e.candidates) if c.name == name)
        if person.birth_date is None:
            raise InputError(
                f"candidates[{index}].birth_date", f"{name}'s birth date is needed to break the tie"
            )
        births.append((person.birth_date, name))
    births.sort(reverse=True)
    if len(births) > 1 and births[0][0] == births[1][0]:
        return None
    return births[0][1]
