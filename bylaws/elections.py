"""List elections of the Code de l'éducation (D. 719-20 to D. 719-22, D. 721-4): seats by list.

Proportional representation with the largest remainder, the Code's tie-breaks, lists that run out
of candidates, the users' substitutes, the university board's bonus and the parity repair of the
INSPE's conseil d'institut. Exact arithmetic (fractions) throughout; nothing imports Django.
The input and output are those of `conseils elections allocate` (the INSPE councils' spec,
§4.1); `allocate` returns the JSON object the command prints.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import groupby
from math import gcd
from pathlib import Path
from typing import Any

from bylaws.engine import InputError, load_pack, parse_date

RULES_FILE = Path(__file__).parent / "elections.toml"

INSPE = "inspe_institute_council"
EPSCP = "epscp_council"
BOARD = "university_board_academics"
ELECTIONS = (INSPE, EPSCP, BOARD)

# D. 721-1 1°: the seats of each college of the conseil d'institut, and the pack rule that cites it.
COLLEGES: dict[str, tuple[tuple[int, ...], str]] = {
    "a": ((2,), "professor.count"),
    "b": ((2,), "lecturer.count"),
    "c": ((2,), "other_teacher.count"),
    "d": ((2,), "school_staff.count"),
    "e": ((2,), "other_staff.count"),
    "f": ((4, 6), "user.count"),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    sex: str
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class ElectionList:
    name: str
    votes: int
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Election:
    election: str
    seats: int
    lists: tuple[ElectionList, ...]
    college: str | None = None
    users: bool = False
    council: str | None = None
    blank: int = 0
    void: int = 0
    parity_draw: str | None = None


class UndecidableTie(InputError):
    """An age comparison is reached and a birth date it needs is missing (exit 2)."""


# --- citations and messages -------------------------------------------------------------------


@cache
def _rules() -> dict[str, Any]:
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


def citation(key: str) -> dict[str, Any]:
    """The JSON citation {source, source_line, quote} of a key of elections.toml."""
    raw = _rules()["citation"][key]
    return {"source": raw["source"], "source_line": raw["code_line"], "quote": raw["quote"]}


def violation(rule: str, citation_key: str, lang: str = "fr", **details: Any) -> dict[str, Any]:
    template = _rules()["message"][rule]
    return {
        "rule": rule,
        "message": (template.get(lang) or template["fr"]).format(**details),
        "citation": citation(citation_key),
    }


def _pack_citation(rule_id: str) -> dict[str, Any]:
    rule = next(r for r in load_pack(INSPE).rules if r.id == rule_id)
    return rule.citation.as_dict()


# --- input ------------------------------------------------------------------------------------


def parse_election(data: object) -> Election:
    """Turn decoded JSON into an Election, or InputError naming the faulty field."""
    if not isinstance(data, dict):
        raise InputError("$", "an object is expected")
    kind = data.get("election")
    if kind not in ELECTIONS:
        raise InputError("election", f"one of {', '.join(ELECTIONS)} is expected")
    college = data.get("college")
    if kind == INSPE:
        if college not in COLLEGES:
            raise InputError("college", "a college of D. 721-1 1° is expected: a to f")
    elif college is not None and not isinstance(college, str):
        raise InputError("college", "a string is expected")
    seats = data.get("seats")
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise InputError("seats", "an integer ≥ 1 is expected")
    users = data.get("users", False)
    if not isinstance(users, bool):
        raise InputError("users", "true or false is expected")
    if kind == BOARD and users:
        raise InputError("users", "the board's teacher-researcher colleges have no users")
    if kind == INSPE:
        users = college == "f"
    council = data.get("council")
    if council is not None and not isinstance(council, str):
        raise InputError("council", "a string is expected")
    ballots = data.get("ballots") or {}
    if not isinstance(ballots, dict):
        raise InputError("ballots", "an object is expected")
    blank, void = (_count(ballots, key, "ballots") for key in ("blank", "void"))
    lists = _lists(data.get("lists"))
    draw = data.get("parity_draw")
    if draw is not None and draw not in {lst.name for lst in lists}:
        raise InputError("parity_draw", "the name of a list is expected")
    return Election(kind, seats, lists, college, users, council, blank, void, draw)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key, 0)
    if not _is_int(value) or value < 0:
        raise InputError(f"{where}.{key}", "an integer ≥ 0 is expected")
    return int(value)


def _lists(raw: object) -> tuple[ElectionList, ...]:
    if not isinstance(raw, list) or not raw:
        raise InputError("lists", "at least one list is expected")
    lists, names, people = [], set(), set()
    for i, item in enumerate(raw):
        where = f"lists[{i}]"
        if not isinstance(item, dict):
            raise InputError(where, "an object is expected")
        name = item.get("name")
        if not isinstance(name, str) or name in names:
            raise InputError(f"{where}.name", "a name that no other list has is expected")
        names.add(name)
        votes = _count(item, "votes", where) if "votes" in item else None
        if votes is None:
            raise InputError(f"{where}.votes", "missing")
        candidates = item.get("candidates")
        if not isinstance(candidates, list) or not candidates:
            raise InputError(f"{where}.candidates", "at least one candidate is expected")
        parsed = []
        for j, c in enumerate(candidates):
            at = f"{where}.candidates[{j}]"
            if not isinstance(c, dict):
                raise InputError(at, "an object is expected")
            person = c.get("name")
            if not isinstance(person, str) or person in people:
                raise InputError(f"{at}.name", "a name that no other candidate has is expected")
            people.add(person)
            if c.get("sex") not in ("F", "M"):
                raise InputError(f"{at}.sex", "F or M is expected")
            born = c.get("birth_date")
            birth = None if born is None else parse_date(born, f"{at}.birth_date")
            parsed.append(Candidate(person, c["sex"], birth))
        lists.append(ElectionList(name, votes, tuple(parsed)))
    return tuple(lists)


# --- list rules (exit 1) ----------------------------------------------------------------------


def list_violations(e: Election, lang: str = "fr") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if e.election == INSPE:
        assert e.college is not None
        allowed, rule_id = COLLEGES[e.college]
        if e.seats not in allowed:
            template = _rules()["message"]["college.seats"]
            expected = " ou " if lang == "fr" else " or "
            found.append(
                {
                    "rule": "college.seats",
                    "message": (template.get(lang) or template["fr"]).format(
                        college=e.college,
                        expected=expected.join(str(n) for n in allowed),
                        seats=e.seats,
                    ),
                    "citation": _pack_citation(rule_id),
                }
            )
    alternation = "list.alternation.inspe" if e.election == INSPE else "list.alternation"
    for lst in e.lists:
        for a, b in zip(lst.candidates, lst.candidates[1:], strict=False):
            if a.sex == b.sex:
                found.append(
                    violation(
                        "list.alternation",
                        alternation,
                        lang,
                        list=lst.name,
                        first=a.name,
                        second=b.name,
                    )
                )
                break
        n = len(lst.candidates)
        if e.users:
            low, high, key = e.seats, 2 * e.seats, "users"
        else:
            low, high, key = (e.seats + 1) // 2 if e.election == BOARD else 1, e.seats, "staff"
        if n < low:
            found.append(
                violation(
                    "list.min_candidates",
                    "list.min_candidates.users" if e.users else "list.min_candidates.board",
                    lang,
                    list=lst.name,
                    min=low,
                    count=n,
                )
            )
        if n > high:
            found.append(
                violation(
                    "list.max_candidates",
                    f"list.max_candidates.{key}",
                    lang,
                    list=lst.name,
                    max=high,
                    count=n,
                )
            )
    return found


# --- allocation -------------------------------------------------------------------------------


def rational(numerator: int | None, denominator: int) -> str | None:
    """numerator/denominator as "p/q" in lowest terms, or "n" when whole."""
    if numerator is None:
        return None
    common = gcd(numerator, denominator)
    p, q = numerator // common, denominator // common
    return str(p) if q == 1 else f"{p}/{q}"


@dataclass(slots=True)
class _Tally:
    """The computation of steps 1 to 7 (specs §1.4), before candidates and parity."""

    status: str
    admitted: list[bool]
    bonus: list[int]
    quotient: tuple[int, int] | None  # (votes shared, seats shared): Q = votes / seats
    quotient_seats: list[int]
    rests: list[int | None]  # each rest times the seats shared: exact integers, one scale
    remainder_winners: list[int]  # list indices, in the order the seats were attributed
    ties: list[dict[str, Any]]


def _tally(e: Election) -> _Tally:
    n = len(e.lists)
    votes = [lst.votes for lst in e.lists]
    total = sum(votes)
    tally = _Tally("complete", [True] * n, [0] * n, None, [0] * n, [None] * n, [], [])
    if total == 0:
        tally.status = "no_votes"
        return tally
    if e.election == BOARD:
        tally.admitted = [10 * v >= total for v in votes]
        top = max(votes)
        leaders = [i for i, v in enumerate(votes) if v == top]
        if len(leaders) > 1:
            tally.status = "tie_unresolved"
            names = [e.lists[i].name for i in leaders]
            tally.ties.append({"kind": "bonus", "lists": names, "resolved_by": None, "winners": []})
            return tally
        tally.bonus[leaders[0]] = min(2, e.seats)
    shared = e.seats - sum(tally.bonus)
    base = sum(v for v, ok in zip(votes, tally.admitted, strict=True) if ok)
    if shared == 0 or base == 0:
        return tally
    tally.quotient = (base, shared)
    for i, v in enumerate(votes):
        if tally.admitted[i]:
            # q = ⌊v / Q⌋ = ⌊v·R / B⌋ and rest·R = v·R − q·B, in integers.
            tally.quotient_seats[i], tally.rests[i] = divmod(v * shared, base)
    left = shared - sum(tally.quotient_seats)
    _remainder_seats(e, tally, left)
    return tally


def _remainder_seats(e: Election, tally: _Tally, left: int) -> None:
    """Step 6 and the ties of §1.5: rest, then votes, then the youngest next candidate."""
    ranked = sorted(
        (i for i, r in enumerate(tally.rests) if r is not None),
        key=lambda i: (-tally.rests[i], -e.lists[i].votes, i),  # type: ignore[operator]
    )
    for _rest, group_iter in groupby(ranked, key=lambda i: tally.rests[i]):
        if left == 0:
            return
        group = list(group_iter)
        if len(group) <= left:
            tally.remainder_winners += group
            left -= len(group)
            continue
        won, resolved_by = _break_tie(e, tally, group, left)
        names = [e.lists[i].name for i in sorted(group)]
        if won is None:
            tally.status = "tie_unresolved"
            tally.ties.append(
                {"kind": "remainder", "lists": names, "resolved_by": None, "winners": []}
            )
            return
        tally.remainder_winners += won
        left -= len(won)
        tally.ties.append(
            {
                "kind": "remainder",
                "lists": names,
                "resolved_by": resolved_by,
                "winners": [e.lists[i].name for i in sorted(won)],
            }
        )


def _break_tie(
    e: Election, tally: _Tally, group: list[int], left: int
) -> tuple[list[int] | None, str]:
    """The lists of an equal-rest group that take the `left` seats, in attribution order."""
    won: list[int] = []
    resolved_by = "votes"
    for _votes, same_iter in groupby(group, key=lambda i: e.lists[i].votes):
        same = list(same_iter)
        if left == 0:
            break
        if len(same) <= left:
            won += same
            left -= len(same)
            continue
        resolved_by = "age"
        by_age = _youngest_next_first(e, tally, same)
        if by_age is None or len(by_age) < left:
            return None, resolved_by
        if len(by_age) > left and by_age[left - 1][0] == by_age[left][0]:
            return None, resolved_by  # the same birth date on both sides of the cut (A8)
        won += [i for _born, i in by_age[:left]]
        left = 0
    return won, resolved_by


def _youngest_next_first(
    e: Election, tally: _Tally, same: list[int]
) -> list[tuple[date, int]] | None:
    """Lists with equal rest and votes, by the birth date of the candidate who would take the
    seat, youngest first. A list without such a candidate loses (A8); None if all do."""
    ranked = []
    for i in same:
        position = tally.bonus[i] + tally.quotient_seats[i]
        candidates = e.lists[i].candidates
        if position >= len(candidates):
            continue
        person = candidates[position]
        if person.birth_date is None:
            raise UndecidableTie(
                f"lists[{i}].candidates[{position}].birth_date",
                f"{person.name}'s birth date is needed to break a tie",
            )
        ranked.append((person.birth_date, i))
    if not ranked:
        return None
    return sorted(ranked, key=lambda pair: pair[0], reverse=True)


@dataclass(slots=True)
class _Seat:
    list: int
    kind: str  # "bonus", "quotient", "remainder"
    key: tuple[Any, ...]  # two seats with the same key are simultaneous (D. 721-4 2°)


def _seat_order(e: Election, tally: _Tally) -> list[_Seat]:
    seats = [_Seat(i, "bonus", ("bonus", i)) for i, b in enumerate(tally.bonus) for _ in range(b)]
    by_votes = sorted(range(len(e.lists)), key=lambda i: (-e.lists[i].votes, i))
    seats += [
        _Seat(i, "quotient", ("quotient", e.lists[i].votes))
        for i in by_votes
        for _ in range(tally.quotient_seats[i])
    ]
    seats += [
        _Seat(i, "remainder", ("remainder", tally.rests[i], e.lists[i].votes))
        for i in tally.remainder_winners
    ]
    return seats


def allocate(e: Election, lang: str = "fr") -> dict[str, Any]:
    """The result of `conseils elections allocate --json` for a parsed election."""
    violations = list_violations(e, lang)
    if violations:
        return {"valid": False, "violations": violations}
    tally = _tally(e)
    order = _seat_order(e, tally)
    n = len(e.lists)
    seats = [0] * n
    for seat in order:
        seats[seat.list] += 1
    filled = [min(seats[i], len(lst.candidates)) for i, lst in enumerate(e.lists)]
    elected = [list(range(k)) for k in filled]  # titulaires, by position in the list
    parity: dict[str, Any] | None = None
    draw: list[str] | None = None
    if e.election == INSPE and tally.status == "complete":
        parity, draw = _repair_parity(e, order, elected)
    status = "draw_required" if draw else tally.status
    result_lists = []
    for i, lst in enumerate(e.lists):
        last = _last_elected(e, i, elected[i])
        result_lists.append(
            {
                "name": lst.name,
                "votes": lst.votes,
                "admitted": tally.admitted[i],
                "bonus_seats": tally.bonus[i],
                "quotient_seats": tally.quotient_seats[i],
                "remainder": rational(tally.rests[i], tally.quotient[1] if tally.quotient else 1),
                "remainder_seat": int(i in tally.remainder_winners),
                "seats": seats[i],
                "filled": filled[i],
                "unfilled": seats[i] - filled[i],
                "next_in_line": [c.name for c in lst.candidates[last + 1 :]],
            }
        )
    unfilled = sum(seats[i] - filled[i] for i in range(n))
    if tally.status == "no_votes":
        unfilled = e.seats
    elif tally.status == "complete" and tally.quotient is None:
        unfilled += e.seats - len(order)  # seats no admitted list can take (board, no votes)
    total = sum(lst.votes for lst in e.lists)
    result: dict[str, Any] = {
        "valid": True,
        "status": status,
        "election": e.election,
        "college": e.college,
        "seats": e.seats,
        "users": e.users,
        "ballots": {
            "lists": total,
            "blank": e.blank,
            "void": e.void,
            "total": total + e.blank + e.void,
        },
        "suffrages_exprimes": total,
        "quotient": rational(*tally.quotient) if tally.quotient else None,
        "lists": result_lists,
        "elected": [] if status != "complete" else _elected(e, elected),
        "unfilled_seats": unfilled,
        "partial_election_required": unfilled > 0,
        "ties": tally.ties,
        "parity": parity,
        "seat_order": [{"list": e.lists[s.list].name, "kind": s.kind} for s in order],
        "violations": [],
    }
    if draw:
        result["draw"] = {"rule": "parity.draw", "lists": draw, "citation": citation("parity.draw")}
    return result


def _last_elected(e: Election, i: int, titulaires: list[int]) -> int:
    """The position of the list's last elected candidate (its last substitute for users)."""
    if not titulaires:
        return -1
    last = titulaires[-1]
    if e.users:
        last = min(last + len(titulaires), len(e.lists[i].candidates) - 1)
    return last


def _elected(e: Election, elected: list[list[int]]) -> list[dict[str, Any]]:
    out = []
    for i, lst in enumerate(e.lists):
        positions = elected[i]
        first_substitute = positions[-1] + 1 if positions else 0
        for j, position in enumerate(positions):
            person = lst.candidates[position]
            substitute = None
            if e.users and first_substitute + j < len(lst.candidates):
                substitute = lst.candidates[first_substitute + j].name
            out.append(
                {"list": lst.name, "name": person.name, "sex": person.sex, "substitute": substitute}
            )
    return out


def _repair_parity(
    e: Election, order: list[_Seat], elected: list[list[int]]
) -> tuple[dict[str, Any], list[str] | None]:
    """D. 721-4 1° and 2°: the latest seat of the majority sex goes to the list's next candidate
    (specs §1.9). Changes `elected` in place; returns the parity report and the lists to draw
    between when lots are needed and not recorded."""
    last_seat: dict[int, int] = {}  # list -> index in `order` of its last filled seat
    seen = [0] * len(e.lists)
    for index, seat in enumerate(order):
        seen[seat.list] += 1
        if seen[seat.list] == len(elected[seat.list]):
            last_seat[seat.list] = index
    repaired: set[int] = set()
    replacements: list[dict[str, str]] = []
    draw: list[str] | None = None
    while True:
        sexes = [e.lists[i].candidates[p].sex for i, ps in enumerate(elected) for p in ps]
        women, men = sexes.count("F"), sexes.count("M")
        if abs(women - men) <= len(sexes) % 2:
            break
        majority = "F" if women > men else "M"
        movable = [
            i
            for i, ps in enumerate(elected)
            if i not in repaired
            and ps
            and e.lists[i].candidates[ps[-1]].sex == majority
            and ps[-1] + 1 < len(e.lists[i].candidates)
            and e.lists[i].candidates[ps[-1] + 1].sex != majority
        ]
        if not movable:
            break
        latest = max(movable, key=lambda i: last_seat[i])
        key = order[last_seat[latest]].key
        simultaneous = [i for i in movable if order[last_seat[i]].key == key]
        if len(simultaneous) > 1:
            names = [e.lists[i].name for i in simultaneous]
            if e.parity_draw not in names:
                draw = names
                break
            latest = names.index(e.parity_draw)
            latest = simultaneous[latest]
        out = elected[latest][-1]
        lst = e.lists[latest]
        elected[latest] = [*elected[latest][:-1], out + 1]
        repaired.add(latest)
        replacements.append(
            {"list": lst.name, "out": lst.candidates[out].name, "in": lst.candidates[out + 1].name}
        )
    sexes = [e.lists[i].candidates[p].sex for i, ps in enumerate(elected) for p in ps]
    report = {
        "applied": bool(replacements),
        "replacements": replacements,
        "achieved": draw is None and sexes.count("F") == sexes.count("M"),
    }
    return report, draw
