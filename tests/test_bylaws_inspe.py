"""The INSPE councils' rule packs (D. 721-1 to D. 721-6): table tests, properties, citations."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bylaws
from law.source import shipped_text

INSPE_TYPES = ["inspe_institute_council", "inspe_cosp"]


def _member(name: str, category: str, sex: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "category": category, "sex": sex, **extra}


def _pairs(category: str, prefix: str, n: int = 2) -> list[dict[str, Any]]:
    return [_member(f"{prefix}{i + 1}", category, "FM"[i % 2]) for i in range(n)]


# The smallest legal conseil de l'institut: 14 elected, 1 establishment representative and
# 7 externals (7/22 = 31.8 %), 11 women and 11 men.
INSTITUTE: dict[str, Any] = {
    "council_type": "inspe_institute_council",
    "name": "Conseil de l'INSPE d'Aix-Marseille",
    "establishment": "AMU",
    "partners": ["AU"],
    "members": [
        *_pairs("professor", "PR"),
        *_pairs("lecturer", "MC"),
        *_pairs("other_teacher", "EN"),
        *_pairs("school_staff", "EC"),
        *_pairs("other_staff", "PE"),
        *_pairs("user", "US", 4),
        _member("ET1", "establishment_representative", "F"),
        _member("CT1", "local_authority_representative", "M"),
        _member("RA1", "rector_appointee", "F", president=True),
        _member("RA2", "rector_appointee", "M"),
        _member("RA3", "rector_appointee", "F"),
        _member("RA4", "rector_appointee", "M"),
        _member("RA5", "rector_appointee", "F"),
        _member("PX1", "coopted_personality", "M"),
        _member("G1", "guest", "F"),
    ],
}

COSP: dict[str, Any] = {
    "council_type": "inspe_cosp",
    "name": "COSP de l'INSPE d'Aix-Marseille",
    "establishment": "AMU",
    "partners": ["AU"],
    "members": [
        _member("D1", "ex_officio", "F", establishment="AMU"),
        _member("D2", "ex_officio", "M", establishment="AU"),
        _member("X1", "rector_appointee", "F", president=True),
        _member("Y1", "institute_council_appointee", "M"),
    ],
}


def variant(base: dict[str, Any], changes=None, drop=(), add=(), **top: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["members"] = [m for m in data["members"] if m["name"] not in drop] + list(add)
    for m in data["members"]:
        m.update((changes or {}).get(m["name"], {}))
    data.update(top)
    return data


def rule_ids(data: dict[str, Any]) -> set[str]:
    return {v.rule.id for v in bylaws.check(bylaws.parse_composition(data))}


INSTITUTE_CASES = [
    ("legal", {}, set()),
    ("a guest never counts", {"add": [_member("G2", "guest", "M")]}, set()),
    (
        "six users need an eighth external (7 of 24 is under 30 %)",
        {"add": [_member("US5", "user", "F"), _member("US6", "user", "M")]},
        {"external.share"},
    ),
    (
        "five users",
        {"add": [_member("US5", "user", "F")]},
        {"user.count", "parity.gap"},
    ),
    ("one professor", {"drop": ["PR2"]}, {"professor.count", "parity.gap"}),
    (
        "three lecturers",
        {"add": [_member("MC3", "lecturer", "F"), _member("PX2", "coopted_personality", "M")]},
        {"lecturer.count"},
    ),
    (
        "no establishment representative",
        {"changes": {"ET1": {"category": "coopted_personality"}}},
        {"establishment_representative.count"},
    ),
    (
        "6 externals out of 21",
        {"drop": ["PX1", "ET1"], "add": [_member("ET2", "establishment_representative", "F")]},
        {"external.share", "parity.gap"},
    ),
    (
        "no local authority",
        {"changes": {"CT1": {"category": "coopted_personality"}}},
        {"local_authority_representative.count"},
    ),
    (
        "four rector appointees",
        {"changes": {"RA5": {"category": "coopted_personality"}}},
        {"rector_appointee.count"},
    ),
    (
        "a partner appointee of a declared partner",
        {"changes": {"PX1": {"category": "partner_appointee", "designated_by": "AU"}}},
        set(),
    ),
    (
        "a partner appointee of an unknown partner",
        {"changes": {"PX1": {"category": "partner_appointee", "designated_by": "UTLN"}}},
        {"partner_appointee.partner"},
    ),
    (
        "a partner appointee without partners",
        {"changes": {"PX1": {"category": "partner_appointee"}}, "partners": []},
        {"partner_appointee.partner"},
    ),
    ("no president", {"changes": {"RA1": {"president": False}}}, {"president.count"}),
    (
        "two presidents",
        {"changes": {"RA2": {"president": True}}},
        {"president.count"},
    ),
    (
        "a president who is not a rector appointee",
        {"changes": {"RA1": {"president": False}, "CT1": {"president": True}}},
        {"president.eligibility"},
    ),
    ("one more woman", {"changes": {"PX1": {"sex": "F"}}}, {"parity.gap"}),
    ("48 hours is enough", {"changes": {"PR1": {"institute_hours": 48}}}, set()),
    (
        "47.5 hours is not",
        {"changes": {"PR1": {"institute_hours": 47.5}, "EN1": {"institute_hours": 10}}},
        {"eligibility.hours"},
    ),
    (
        "school staff under 48 hours",
        {"changes": {"EC1": {"institute_hours": 40}}},
        {"eligibility.hours"},
    ),
    ("a quarter is enough", {"changes": {"PE1": {"service_share": 0.25}}}, set()),
    (
        "less than a quarter",
        {"changes": {"PE1": {"service_share": 0.2}, "EC2": {"service_share": 0.1}}},
        {"eligibility.service_share"},
    ),
    ("hours are not read for users", {"changes": {"US1": {"institute_hours": 1}}}, set()),
    ("a user not enrolled", {"changes": {"US1": {"enrolled": False}}}, {"eligibility.user"}),
    (
        "five years to the day",
        {"changes": {"PR1": {"mandate_start": "2024-09-01", "mandate_end": "2029-09-01"}}},
        set(),
    ),
    (
        "a day more than five years",
        {"changes": {"PR1": {"mandate_start": "2024-09-01", "mandate_end": "2029-09-02"}}},
        {"mandate.length"},
    ),
    (
        "29 February plus five years is 28 February",
        {"changes": {"PR1": {"mandate_start": "2024-02-29", "mandate_end": "2029-03-01"}}},
        {"mandate.length"},
    ),
    (
        "a user's three years",
        {"changes": {"US1": {"mandate_start": "2024-09-01", "mandate_end": "2027-08-31"}}},
        {"mandate.length"},
    ),
    (
        "expired mandates sit until their successors",
        {
            "changes": {"PR1": {"mandate_start": "2015-09-01", "mandate_end": "2020-08-31"}},
            "as_of": "2026-01-15",
        },
        set(),
    ),
    ("a lost quality", {"changes": {"MC1": {"quality_lost": True}}}, {"mandate.quality"}),
    ("two absences", {"changes": {"RA3": {"consecutive_absences": 2}}}, set()),
    (
        "three absences of an appointed member",
        {"changes": {"RA3": {"consecutive_absences": 3}}},
        {"mandate.absences"},
    ),
    (
        "elected members are not appointed",
        {"changes": {"PR1": {"consecutive_absences": 5}}},
        set(),
    ),
    (
        "a replacement for the remaining term",
        {
            "changes": {
                "RA4": {
                    "mandate_start": "2026-03-01",
                    "mandate_end": "2029-08-31",
                    "replaces": {"name": "Ancien", "mandate_end": "2029-08-31"},
                }
            }
        },
        set(),
    ),
    (
        "a replacement given a new term",
        {
            "changes": {
                "RA4": {
                    "mandate_start": "2026-03-01",
                    "mandate_end": "2031-02-28",
                    "replaces": {"name": "Ancien", "mandate_end": "2029-08-31"},
                }
            }
        },
        {"mandate.remaining_term"},
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "expected"), INSTITUTE_CASES, ids=[c[0] for c in INSTITUTE_CASES]
)
def test_institute_council_rules(case: str, change: dict[str, Any], expected: set[str]) -> None:
    change = dict(change)
    data = variant(
        INSTITUTE,
        change.pop("changes", None),
        change.pop("drop", ()),
        change.pop("add", ()),
        **change,
    )
    assert rule_ids(data) == expected


def test_thirty_members_with_nine_externals_is_legal_and_eight_is_not() -> None:
    # 14 elected + 7 establishment representatives + 9 externals = 30, 15 women, 15 men.
    reps = [_member(f"ET{i}", "establishment_representative", "FM"[i % 2]) for i in range(2, 8)]
    extra = [_member("PX2", "coopted_personality", "F"), _member("PX3", "coopted_personality", "M")]
    thirty = variant(
        INSTITUTE,
        drop=["ET1"],
        add=[*reps, _member("ET8", "establishment_representative", "F"), *extra],
    )
    counted = [m for m in thirty["members"] if m["category"] != "guest"]
    assert len(counted) == 30
    assert rule_ids(thirty) == set()
    eight = variant(thirty, changes={"PX3": {"category": "establishment_representative"}})
    assert rule_ids(eight) == {"external.share"}
    thirty_one = variant(
        thirty,
        add=[
            _member("ET9", "establishment_representative", "F"),
            _member("ETA", "establishment_representative", "M"),
        ],
    )
    assert rule_ids(thirty_one) == {"members.total", "external.share"}


COSP_CASES = [
    ("legal", {}, set()),
    (
        "the president may be ex officio",
        {"changes": {"X1": {"president": False}, "D1": {"president": True}}},
        set(),
    ),
    (
        "ex officio members are not half",
        {
            "add": [
                _member("X2", "rector_appointee", "F"),
                _member("Y2", "institute_council_appointee", "M"),
            ]
        },
        {"ex_officio.share"},
    ),
    (
        "two for the establishment, none for the partner",
        {"changes": {"D2": {"establishment": "AMU"}}},
        {"ex_officio.balance"},
    ),
    (
        "an ex officio member of another establishment",
        {"changes": {"D2": {"establishment": "UTLN"}}},
        {"ex_officio.establishment", "ex_officio.balance"},
    ),
    (
        "externals not split in halves",
        {"changes": {"Y1": {"category": "rector_appointee"}}},
        {"external.split"},
    ),
    ("no president", {"changes": {"X1": {"president": False}}}, {"president.count"}),
    ("no parity", {"changes": {"Y1": {"sex": "F"}}}, {"parity.gap"}),
    (
        "three absences of an external",
        {"changes": {"Y1": {"consecutive_absences": 3}}},
        {"mandate.absences"},
    ),
    (
        "ex officio members are not appointed",
        {"changes": {"D1": {"consecutive_absences": 3}}},
        set(),
    ),
    (
        "a six-year mandate",
        {"changes": {"X1": {"mandate_start": "2024-01-01", "mandate_end": "2030-01-01"}}},
        {"mandate.length"},
    ),
]


@pytest.mark.parametrize(("case", "change", "expected"), COSP_CASES, ids=[c[0] for c in COSP_CASES])
def test_cosp_rules(case: str, change: dict[str, Any], expected: set[str]) -> None:
    change = dict(change)
    data = variant(COSP, change.pop("changes", None), change.pop("drop", ()), change.pop("add", ()))
    assert rule_ids(data) == expected


def test_counts_of_both_councils() -> None:
    counts = bylaws.counts(bylaws.parse_composition(INSTITUTE))
    assert counts is not None
    assert (counts["total"], counts["women"], counts["men"], counts["guests"]) == (22, 11, 11, 1)
    assert (counts["elected"], counts["external"], counts["user"]) == (14, 7, 4)
    cosp = bylaws.counts(bylaws.parse_composition(COSP))
    assert cosp is not None
    assert (cosp["ex_officio"], cosp["external"]) == (2, 2)
    assert cosp["ex_officio_by_establishment"] == {"AMU": 1, "AU": 1}


def test_the_cper_format_has_no_counts() -> None:
    from tests.test_bylaws_engine import LEGAL

    assert bylaws.counts(bylaws.parse_composition(LEGAL)) is None


UNREADABLE = [
    ("members", {"members": {"a": 1}}),
    ("members[0].category", {"members": [_member("A", "user", "F")]}),
    ("members[0].category", {"members": [_member("A", "professeur", "F")]}),
    (
        "members[0].sex",
        {"members": [{"name": "A", "category": "ex_officio", "establishment": "AMU"}]},
    ),
    ("members[0].sex", {"members": [_member("A", "ex_officio", "X", establishment="AMU")]}),
    ("members[0].establishment", {"members": [_member("A", "ex_officio", "F")]}),
    (
        "members[0].mandate_end",
        {"members": [_member("A", "rector_appointee", "F", mandate_end="2025-02-30")]},
    ),
    (
        "members[0].mandate_end",
        {
            "members": [
                _member(
                    "A",
                    "rector_appointee",
                    "F",
                    mandate_start="2025-01-02",
                    mandate_end="2025-01-01",
                )
            ]
        },
    ),
    (
        "members[0].consecutive_absences",
        {"members": [_member("A", "rector_appointee", "F", consecutive_absences="2")]},
    ),
    ("members[0].president", {"members": [_member("A", "rector_appointee", "F", president="yes")]}),
    ("establishment", {"establishment": None}),
    ("partners[0]", {"partners": ["AMU"]}),
    ("partners[1]", {"partners": ["AU", "AU"]}),
]


@pytest.mark.parametrize(
    ("field", "change"), UNREADABLE, ids=[f"{c[0]}-{i}" for i, c in enumerate(UNREADABLE)]
)
def test_unreadable_cosp_input_names_its_field(field: str, change: dict[str, Any]) -> None:
    with pytest.raises(bylaws.InputError) as error:
        bylaws.parse_composition({**copy.deepcopy(COSP), **change})
    assert error.value.field == field


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("service_share", 1.5),
        ("institute_hours", -1),
        ("enrolled", "oui"),
        ("replaces", {"name": "X"}),
    ],
)
def test_mistyped_optional_fields_are_unreadable(field: str, value: object) -> None:
    data = variant(INSTITUTE, changes={"US1": {field: value}})
    with pytest.raises(bylaws.InputError) as error:
        bylaws.parse_composition(data)
    assert error.value.field.startswith("members[10]." + field)


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.permutations(INSTITUTE["members"]))
def test_the_order_of_members_never_changes_the_verdict(members: list[dict[str, Any]]) -> None:
    assert rule_ids({**INSTITUTE, "members": members}) == set()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("FM"), min_size=22, max_size=22))
def test_parity_gap_is_broken_exactly_when_women_and_men_differ(sexes: list[str]) -> None:
    counted = [m for m in INSTITUTE["members"] if m["category"] != "guest"]
    data = variant(
        INSTITUTE, changes={m["name"]: {"sex": s} for m, s in zip(counted, sexes, strict=True)}
    )
    assert ("parity.gap" in rule_ids(data)) == (sexes.count("F") != sexes.count("M"))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 12), st.integers(0, 30))
def test_external_share_is_thirty_percent_of_the_counted_members(
    externals: int, others: int
) -> None:
    members = [_member(f"X{i}", "coopted_personality", "F") for i in range(externals)]
    members += [_member(f"O{i}", "establishment_representative", "F") for i in range(others)]
    data = {**INSTITUTE, "members": members}
    broken = "external.share" in rule_ids(data)
    assert broken == (externals * 10 < (externals + others) * 3)


# --- citations --------------------------------------------------------------------------------

_BULLET = re.compile(r"\s*• ")


@pytest.mark.parametrize(
    ("council_type", "rule"),
    [(t, r) for t in INSPE_TYPES for r in bylaws.load_pack(t).rules],
    ids=[f"{t}:{r.id}" for t in INSPE_TYPES for r in bylaws.load_pack(t).rules],
)
def test_each_rule_quotes_its_article_verbatim(council_type: str, rule: bylaws.Rule) -> None:
    """Word for word, apostrophes and the Code's typos included, within the cited article."""
    lines = shipped_text().split("\n")
    line = rule.citation.code_line
    assert line is not None
    assert _BULLET.match(lines[line - 1]), f"line {line} is no article's bullet"
    end = next(i for i in range(line, len(lines)) if _BULLET.match(lines[i]))
    article = "\n".join(lines[line - 1 : end])
    assert rule.citation.quote in article
    assert rule.citation.source.startswith("Code de l’éducation, art. D. 7")


def test_a_changed_word_of_the_code_would_be_caught() -> None:
    rule = next(
        r
        for r in bylaws.load_pack("inspe_institute_council").rules
        if r.id == "rector_appointee.count"
    )
    assert "le au recteur" in rule.citation.quote  # the Code's own typo, kept
    assert rule.citation.quote.replace("le au", "le") not in shipped_text()


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(-800, 2200),
    st.sampled_from(["PR1", "US1"]),
)
def test_mandate_length_follows_the_calendar(start: date, length: int, name: str) -> None:
    """Five years, two for users; 29 February plus n years is 28 February."""
    end = start + timedelta(days=length)
    if end < start:
        return
    data = variant(
        INSTITUTE,
        changes={name: {"mandate_start": start.isoformat(), "mandate_end": end.isoformat()}},
    )
    years = 2 if name == "US1" else 5
    try:
        limit = start.replace(year=start.year + years)
    except ValueError:
        limit = start.replace(year=start.year + years, day=28)
    assert ("mandate.length" in rule_ids(data)) == (end > limit)


def test_as_dict_round_trips_every_field() -> None:
    data = variant(
        INSTITUTE,
        changes={
            "RA4": {
                "mandate_start": "2026-03-01",
                "mandate_end": "2029-08-31",
                "replaces": {"name": "Ancien", "mandate_end": "2029-08-31"},
                "consecutive_absences": 1,
            },
            "PE1": {"service_share": 0.5, "quality_lost": False},
            "US1": {"enrolled": True},
        },
        as_of="2026-01-15",
    )
    composition = bylaws.parse_composition(data)
    assert bylaws.parse_composition(composition.as_dict()) == composition
