"""List elections (D. 719-20 to D. 719-22, D. 721-4) and the president (D. 721-2): table tests,
hypothesis properties, and the citations of the rules the engines apply."""

from __future__ import annotations

import copy
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bylaws.elections import RULES_FILE, _rules, allocate, parse_election
from bylaws.engine import InputError
from bylaws.president import elect, parse_president
from law.source import shipped_text


def person(name: str, sex: str, born: str | None = None) -> dict[str, Any]:
    return {"name": name, "sex": sex} | ({"birth_date": born} if born else {})


def alternating(prefix: str, n: int, first: str = "M") -> list[dict[str, Any]]:
    other = "F" if first == "M" else "M"
    return [person(f"{prefix}{i + 1}", (first, other)[i % 2]) for i in range(n)]


def election(kind: str, seats: int, *lists: tuple[str, int, list[dict[str, Any]]], **extra: Any):
    return {
        "election": kind,
        "seats": seats,
        "lists": [{"name": n, "votes": v, "candidates": c} for n, v, c in lists],
        **extra,
    }


def run(data: dict[str, Any]) -> dict[str, Any]:
    return allocate(parse_election(data))


def seats_of(result: dict[str, Any]) -> dict[str, int]:
    return {lst["name"]: lst["seats"] for lst in result["lists"]}


# --- the method -------------------------------------------------------------------------------


def test_largest_remainder_not_highest_average() -> None:
    # D'Hondt would give A 3, B 1, C 1; the Code's largest remainder gives A 2, B 1, C 1, D 1.
    result = run(
        election(
            "epscp_council",
            5,
            ("A", 52, alternating("A", 5)),
            ("B", 18, alternating("B", 5)),
            ("C", 16, alternating("C", 5)),
            ("D", 14, alternating("D", 5)),
        )
    )
    assert seats_of(result) == {"A": 2, "B": 1, "C": 1, "D": 1}
    assert result["quotient"] == "20"
    assert [lst["remainder"] for lst in result["lists"]] == ["12", "18", "16", "14"]
    assert [s["kind"] for s in result["seat_order"]] == ["quotient"] * 2 + ["remainder"] * 3


def test_quotients_and_rests_are_exact_rationals() -> None:
    result = run(
        election(
            "epscp_council",
            7,
            ("A", 600, alternating("A", 7)),
            ("B", 400, alternating("B", 7)),
        )
    )
    assert result["quotient"] == "1000/7"
    assert [lst["remainder"] for lst in result["lists"]] == ["200/7", "800/7"]
    assert seats_of(result) == {"A": 4, "B": 3}


def test_equal_rests_go_to_the_list_with_more_votes() -> None:
    result = run(
        election(
            "epscp_council",
            3,
            ("A", 30, alternating("A", 3)),
            ("B", 10, alternating("B", 3)),
            ("C", 20, alternating("C", 3)),
        )
    )
    assert seats_of(result) == {"A": 2, "B": 0, "C": 1}
    assert result["ties"] == [
        {"kind": "remainder", "lists": ["A", "B"], "resolved_by": "votes", "winners": ["A"]}
    ]


def test_equal_votes_go_to_the_youngest_next_candidate_not_the_head() -> None:
    a = [person("A1", "M", "1990-01-01"), person("A2", "F", "1960-01-01")]
    b = [person("B1", "M", "1950-01-01"), person("B2", "F", "1970-01-01")]
    result = run(
        election("epscp_council", 4, ("A", 30, a), ("B", 30, b), ("C", 20, alternating("C", 1)))
    )
    assert seats_of(result) == {"A": 1, "B": 2, "C": 1}
    assert result["ties"][0]["resolved_by"] == "age"
    assert result["ties"][0]["winners"] == ["B"]


def test_equal_birth_dates_leave_the_tie_unresolved() -> None:
    a = [person("A1", "M", "1980-05-05")]
    b = [person("B1", "F", "1980-05-05")]
    result = run(
        election("epscp_council", 3, ("A", 10, a), ("B", 10, b), ("C", 40, alternating("C", 3)))
    )
    assert result["status"] == "tie_unresolved"
    assert result["elected"] == []


def test_a_tied_list_without_a_next_candidate_loses() -> None:
    a = [person("A1", "M", "1950-01-01"), person("A2", "F", "1950-01-01")]
    b = [person("B1", "F", "1990-01-01")]
    result = run(
        election("epscp_council", 4, ("A", 30, a), ("B", 30, b), ("C", 20, alternating("C", 2)))
    )
    assert seats_of(result) == {"A": 2, "B": 1, "C": 1}


def test_a_birth_date_needed_for_a_tie_is_unreadable_input() -> None:
    data = election(
        "epscp_council",
        3,
        ("A", 10, alternating("A", 1)),
        ("B", 10, alternating("B", 1)),
        ("C", 40, alternating("C", 3)),
    )
    with pytest.raises(InputError) as error:
        run(data)
    assert error.value.field == "lists[0].candidates[0].birth_date"


def test_seats_beyond_a_list_s_candidates_stay_empty() -> None:
    result = run(
        election("epscp_council", 4, ("A", 75, alternating("A", 1)), ("B", 25, alternating("B", 4)))
    )
    assert seats_of(result) == {"A": 3, "B": 1}
    assert [(x["filled"], x["unfilled"]) for x in result["lists"]] == [(1, 2), (1, 0)]
    assert result["unfilled_seats"] == 2 and result["partial_election_required"] is True
    assert [p["name"] for p in result["elected"]] == ["A1", "B1"]


def test_a_remainder_seat_won_by_an_exhausted_list_stays_empty() -> None:
    result = run(
        election("epscp_council", 3, ("A", 60, alternating("A", 1)), ("B", 40, alternating("B", 3)))
    )
    assert result["lists"][0]["remainder_seat"] == 1
    assert seats_of(result) == {"A": 2, "B": 1}
    assert result["unfilled_seats"] == 1
    assert result["lists"][1]["next_in_line"] == ["B2", "B3"]


def test_users_elect_a_substitute_with_each_titulaire() -> None:
    result = run(
        election(
            "epscp_council",
            2,
            ("A", 60, alternating("A", 4)),
            ("B", 40, alternating("B", 3)),
            users=True,
        )
    )
    assert result["elected"] == [
        {"list": "A", "name": "A1", "sex": "M", "substitute": "A2"},
        {"list": "B", "name": "B1", "sex": "M", "substitute": "B2"},
    ]
    assert [x["next_in_line"] for x in result["lists"]] == [["A3", "A4"], ["B3"]]


def test_the_university_board_bonus_and_threshold() -> None:
    result = run(
        election(
            "university_board_academics",
            7,
            ("A", 45, alternating("A", 7)),
            ("B", 35, alternating("B", 7)),
            ("C", 12, alternating("C", 4)),
            ("D", 8, alternating("D", 4)),
        )
    )
    assert seats_of(result) == {"A": 4, "B": 2, "C": 1, "D": 0}
    assert result["quotient"] == "92/5"
    assert [x["admitted"] for x in result["lists"]] == [True, True, True, False]
    assert result["lists"][3]["remainder"] is None
    assert result["lists"][0]["bonus_seats"] == 2
    assert result["seat_order"][:2] == [{"list": "A", "kind": "bonus"}] * 2


def test_exactly_ten_percent_is_admitted() -> None:
    result = run(
        election(
            "university_board_academics",
            4,
            ("A", 60, alternating("A", 4)),
            ("B", 30, alternating("B", 2)),
            ("C", 10, alternating("C", 2)),
        )
    )
    assert result["lists"][2]["admitted"] is True


def test_a_tie_for_the_board_bonus_is_unresolved() -> None:
    result = run(
        election(
            "university_board_academics",
            6,
            ("A", 50, alternating("A", 3)),
            ("B", 50, alternating("B", 3)),
        )
    )
    assert result["status"] == "tie_unresolved" and result["ties"][0]["kind"] == "bonus"


def test_no_votes_leaves_every_seat_unfilled() -> None:
    result = run(election("epscp_council", 2, ("A", 0, alternating("A", 2))))
    assert result["status"] == "no_votes"
    assert result["unfilled_seats"] == 2 and result["elected"] == []


# --- parity of the conseil d'institut (D. 721-4) -----------------------------------------------


def inspe(college: str, seats: int, *lists: tuple[str, int, list[dict[str, Any]]], **extra: Any):
    return election("inspe_institute_council", seats, *lists, college=college, **extra)


def test_the_later_seat_gives_way_to_the_next_candidate() -> None:
    # Two heads of the same sex: B's remainder seat comes after A's quotient seat.
    result = run(inspe("c", 2, ("A", 60, alternating("A", 2)), ("B", 40, alternating("B", 2))))
    assert result["parity"] == {
        "applied": True,
        "replacements": [{"list": "B", "out": "B1", "in": "B2"}],
        "achieved": True,
    }


def test_the_smaller_rest_gives_way() -> None:
    result = run(
        inspe(
            "a",
            2,
            ("A", 45, alternating("A", 2)),
            ("B", 35, alternating("B", 2)),
            ("C", 20, alternating("C", 2)),
        )
    )
    assert seats_of(result) == {"A": 1, "B": 1, "C": 0}
    assert result["parity"]["replacements"] == [{"list": "B", "out": "B1", "in": "B2"}]


def test_simultaneous_seats_need_a_draw_then_use_it() -> None:
    lists = (("A", 50, alternating("A", 2)), ("B", 50, alternating("B", 2)))
    result = run(inspe("b", 2, *lists))
    assert result["status"] == "draw_required" and result["elected"] == []
    assert result["draw"]["lists"] == ["A", "B"] and result["draw"]["rule"] == "parity.draw"
    drawn = run(inspe("b", 2, *lists, parity_draw="A"))
    assert drawn["status"] == "complete"
    assert [p["name"] for p in drawn["elected"]] == ["A2", "B1"]


def test_no_repair_when_parity_holds() -> None:
    result = run(inspe("d", 2, ("A", 60, alternating("A", 2)), ("B", 40, alternating("B", 2, "F"))))
    assert result["parity"] == {"applied": False, "replacements": [], "achieved": True}


def test_a_list_without_a_next_candidate_cannot_repair() -> None:
    result = run(inspe("e", 2, ("A", 60, alternating("A", 2)), ("B", 40, alternating("B", 1))))
    assert result["parity"]["replacements"] == [{"list": "A", "out": "A1", "in": "A2"}]


def test_users_college_f_repairs_the_titulaires() -> None:
    result = run(
        inspe(
            "f",
            4,
            ("A", 50, alternating("A", 4)),
            ("B", 25, alternating("B", 4)),
            ("C", 25, alternating("C", 4)),
            parity_draw="C",
        )
    )
    # A: A1 M, A2 F; B: B1 M; C: C1 M -> 3 men, 1 woman; B and C hold simultaneous quotient seats.
    assert result["users"] is True
    assert result["parity"]["replacements"] == [{"list": "C", "out": "C1", "in": "C2"}]
    assert [(p["name"], p["substitute"]) for p in result["elected"]] == [
        ("A1", "A3"),
        ("A2", "A4"),
        ("B1", "B2"),
        ("C2", "C3"),
    ]


# --- list rules (exit 1) and unreadable input (exit 2) ----------------------------------------


@pytest.mark.parametrize(
    ("data", "rules"),
    [
        (inspe("c", 3, ("A", 1, alternating("A", 2))), {"college.seats"}),
        (inspe("f", 5, ("A", 1, alternating("A", 6))), {"college.seats"}),
        (inspe("a", 2, ("A", 1, [person("A1", "F"), person("A2", "F")])), {"list.alternation"}),
        (inspe("a", 2, ("A", 1, alternating("A", 3))), {"list.max_candidates"}),
        (inspe("f", 4, ("A", 1, alternating("A", 3))), {"list.min_candidates"}),
        (inspe("f", 4, ("A", 1, alternating("A", 9))), {"list.max_candidates"}),
        (
            election("university_board_academics", 8, ("A", 1, alternating("A", 3))),
            {"list.min_candidates"},
        ),
        (election("epscp_council", 8, ("A", 1, alternating("A", 1))), set()),
    ],
)
def test_list_rules(data: dict[str, Any], rules: set[str]) -> None:
    result = run(data)
    assert {v["rule"] for v in result["violations"]} == rules
    if rules:
        assert set(result) == {"valid", "violations"} and result["valid"] is False


def _broken(**change: Any) -> dict[str, Any]:
    data = inspe("c", 2, ("A", 60, alternating("A", 2)), ("B", 40, alternating("B", 2)))
    data.update(change)
    return data


UNREADABLE = [
    ("election", _broken(election="senate")),
    ("college", _broken(college="g")),
    ("seats", _broken(seats=0)),
    (
        "lists[0].votes",
        _broken(lists=[{"name": "A", "votes": -1, "candidates": alternating("A", 1)}]),
    ),
    (
        "lists[0].votes",
        _broken(lists=[{"name": "A", "votes": 1.5, "candidates": alternating("A", 1)}]),
    ),
    ("lists", _broken(lists=[])),
    ("lists[0].candidates", _broken(lists=[{"name": "A", "votes": 1, "candidates": []}])),
    (
        "lists[1].name",
        _broken(lists=[{"name": "A", "votes": 1, "candidates": alternating("A", 1)}] * 2),
    ),
    (
        "lists[1].candidates[0].name",
        _broken(
            lists=[
                {"name": "A", "votes": 1, "candidates": alternating("A", 1)},
                {"name": "B", "votes": 1, "candidates": alternating("A", 1)},
            ]
        ),
    ),
    (
        "lists[0].candidates[0].sex",
        _broken(lists=[{"name": "A", "votes": 1, "candidates": [person("A1", "X")]}]),
    ),
    (
        "lists[0].candidates[0].birth_date",
        _broken(lists=[{"name": "A", "votes": 1, "candidates": [person("A1", "F", "1980-13-01")]}]),
    ),
    ("parity_draw", _broken(parity_draw="Z")),
    (
        "users",
        {**election("university_board_academics", 4, ("A", 1, alternating("A", 2))), "users": True},
    ),
]


@pytest.mark.parametrize(
    ("field", "data"), UNREADABLE, ids=[f"{f}-{i}" for i, (f, _d) in enumerate(UNREADABLE)]
)
def test_unreadable_elections_name_their_field(field: str, data: dict[str, Any]) -> None:
    with pytest.raises(InputError) as error:
        parse_election(data)
    assert error.value.field == field


# --- properties -------------------------------------------------------------------------------


@st.composite
def elections(draw: st.DrawFn, kind: str = "epscp_council") -> dict[str, Any]:
    seats = draw(st.integers(1, 9))
    n = draw(st.integers(1, 6))
    votes = draw(st.lists(st.integers(0, 500), min_size=n, max_size=n))
    lists = []
    for i, v in enumerate(votes):
        size = draw(st.integers(1, seats))
        people = [
            person(f"L{i}C{j}", "MF"[(i + j) % 2], f"19{50 + i:02d}-01-{j + 1:02d}")
            for j in range(size)
        ]
        lists.append((f"L{i}", v, people))
    return election(kind, seats, *lists)


@settings(max_examples=200, deadline=None)
@given(elections())
def test_seats_never_exceed_the_seats_to_fill(data: dict[str, Any]) -> None:
    result = run(data)
    attributed = sum(seats_of(result).values())
    assert attributed <= data["seats"]
    if result["status"] == "complete":
        assert attributed == data["seats"]
        assert len(result["elected"]) + result["unfilled_seats"] == data["seats"]


@settings(max_examples=200, deadline=None)
@given(elections())
def test_more_votes_never_get_fewer_quotient_seats(data: dict[str, Any]) -> None:
    result = run(data)
    rows = result["lists"]
    for a in rows:
        for b in rows:
            if a["votes"] > b["votes"]:
                assert a["quotient_seats"] >= b["quotient_seats"]


@settings(max_examples=200, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_order_of_the_lists_does_not_matter(data: dict[str, Any], rng: random.Random) -> None:
    shuffled = copy.deepcopy(data)
    rng.shuffle(shuffled["lists"])
    first, second = run(data), run(shuffled)
    assert first["status"] == second["status"]
    assert seats_of(first) == seats_of(second)
    assert sorted(p["name"] for p in first["elected"]) == sorted(
        p["name"] for p in second["elected"]
    )


@settings(max_examples=200, deadline=None)
@given(elections())
def test_each_list_gets_its_hare_quota_rounded_down_or_up(data: dict[str, Any]) -> None:
    result = run(data)
    total = sum(lst["votes"] for lst in data["lists"])
    if result["status"] != "complete" or total == 0:
        return
    for row in result["lists"]:
        floor = row["votes"] * data["seats"] // total
        assert row["seats"] in (floor, floor + 1)


@settings(max_examples=200, deadline=None)
@given(elections("inspe_institute_council"), st.sampled_from("abcde"))
def test_parity_repair_keeps_each_list_s_seats(data: dict[str, Any], college: str) -> None:
    data = {**data, "college": college, "seats": 2}
    for lst in data["lists"]:
        lst["candidates"] = lst["candidates"][:2]
    result = run(data)
    if result["status"] != "complete":
        return
    per_list: dict[str, int] = {}
    for p in result["elected"]:
        per_list[p["list"]] = per_list.get(p["list"], 0) + 1
    assert all(per_list.get(x["name"], 0) == x["filled"] for x in result["lists"])
    sexes = [p["sex"] for p in result["elected"]]
    if len(sexes) == 2 and result["parity"]["achieved"]:
        assert sorted(sexes) == ["F", "M"]


# --- the president (D. 721-2) -----------------------------------------------------------------


def president(*rounds: dict[str, int], **births: str) -> dict[str, Any]:
    names = ["Xavier", "Yasmine", "Zoé"]
    return {
        "council_type": "inspe_institute_council",
        "candidates": [
            {"name": n, "category": "rector_appointee"}
            | ({"birth_date": births[n]} if n in births else {})
            for n in names
        ],
        "rounds": [{"votes": r} for r in rounds],
    }


@pytest.mark.parametrize(
    ("data", "status", "elected", "decided_by"),
    [
        (president({"Xavier": 11, "Yasmine": 9}), "elected", "Xavier", "absolute_majority"),
        (president({"Xavier": 10, "Yasmine": 10}), "second_round_required", None, None),
        (president({"Xavier": 10, "Yasmine": 5, "Zoé": 5}), "second_round_required", None, None),
        (
            president({"Xavier": 8, "Yasmine": 7, "Zoé": 5}, {"Xavier": 8, "Yasmine": 9, "Zoé": 4}),
            "elected",
            "Yasmine",
            "relative_majority",
        ),
        (
            president(
                {"Xavier": 9, "Yasmine": 9},
                {"Xavier": 7, "Yasmine": 7, "Zoé": 3},
                Xavier="1970-01-01",
                Yasmine="1969-12-31",
            ),
            "elected",
            "Xavier",
            "youngest",
        ),
        (
            president({"Xavier": 9, "Yasmine": 9}, {"Xavier": 7, "Yasmine": 7, "Zoé": 8}),
            "elected",
            "Zoé",
            "relative_majority",
        ),
        (
            president(
                {"Xavier": 9, "Yasmine": 9},
                {"Xavier": 7, "Yasmine": 7},
                Xavier="1970-01-01",
                Yasmine="1970-01-01",
            ),
            "tie_unresolved",
            None,
            None,
        ),
    ],
)
def test_president(
    data: dict[str, Any], status: str, elected: str | None, decided_by: str | None
) -> None:
    result = elect(parse_president(data))
    assert (result["status"], result["elected"], result["decided_by"]) == (
        status,
        elected,
        decided_by,
    )


def test_blank_ballots_are_not_suffrages_exprimes() -> None:
    data = president({"Xavier": 11, "Yasmine": 9})
    data["rounds"][0].update(blank=5, void=2)
    result = elect(parse_president(data))
    assert result["rounds"][0]["suffrages_exprimes"] == 20
    assert result["rounds"][0]["absolute_majority"] == 11
    assert result["elected"] == "Xavier"


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (
            {"candidates": [{"name": "Xavier", "category": "coopted_personality"}]},
            "president.eligibility",
        ),
        ({"rounds": [{"votes": {"Xavier": 1}}] * 3}, "president.rounds"),
        (
            {"rounds": [{"votes": {"Xavier": 3, "Yasmine": 1}}, {"votes": {"Xavier": 1}}]},
            "president.rounds",
        ),
    ],
)
def test_president_rules(change: dict[str, Any], rule: str) -> None:
    data = president({"Xavier": 1}) | change
    result = elect(parse_president(data))
    assert result["valid"] is False
    assert [v["rule"] for v in result["violations"]] == [rule]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (president({"Xavier": 9, "Nobody": 1}), "rounds[0].votes"),
        (president({"Xavier": -1}), "rounds[0].votes.Xavier"),
        (
            president({"Xavier": 5, "Yasmine": 5}, {"Xavier": 5, "Yasmine": 5}),
            "candidates[0].birth_date",
        ),
        (president() | {"rounds": []}, "rounds"),
    ],
)
def test_unreadable_president_input(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as error:
        elect(parse_president(data))
    assert error.value.field == field


# --- citations --------------------------------------------------------------------------------

_BULLET = re.compile(r"\s*• ")


@pytest.mark.parametrize("key", sorted(_rules()["citation"]))
def test_each_election_rule_quotes_its_article_verbatim(key: str) -> None:
    raw = _rules()["citation"][key]
    lines = shipped_text().split("\n")
    line = raw["code_line"]
    assert _BULLET.match(lines[line - 1]), f"{RULES_FILE.name}: line {line} is no bullet"
    end = next(i for i in range(line, len(lines)) if _BULLET.match(lines[i]))
    assert raw["quote"] in "\n".join(lines[line - 1 : end])


def test_every_message_has_both_languages() -> None:
    assert all(set(m) >= {"fr", "en"} for m in _rules()["message"].values())
