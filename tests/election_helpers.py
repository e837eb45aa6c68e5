"""An election of the conseil d'institut's college c (D. 721-1 1° c), as the spec's example
(§4.1): list A 60 votes (A1 man, A2 woman), list B 40 votes (B1 man, B2 woman); 3 blank and 1
void ballots. The parity repair of D. 721-4 gives B's seat to B2."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.models import User
from councils.demo import load_institute_councils
from councils.models import Component, Council
from elections import actions
from elections.models import Election
from tests.people import START, World

LISTS: list[tuple[str, int, list[tuple[str, str, str | None]]]] = [
    ("A", 60, [("A1", "M", "1971-03-02"), ("A2", "F", "1980-11-20")]),
    ("B", 40, [("B1", "M", None), ("B2", "F", None)]),
]


def institute(w: World) -> Council:
    Component.objects.get_or_create(institution=w.institution, code="AU", defaults={"name": "AU"})
    built = load_institute_councils(w.institution, w.director, START)
    return built[0] if built else w.institution.councils.get(council_type="inspe_institute_council")


def dates() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=20), today - dt.timedelta(days=10)


def email(name: str) -> str:
    return f"{name.lower()}@candidats.example.org"


def election_with_results(w: World, council: Council | None = None) -> Election:
    council = council or institute(w)
    held_on, start = dates()
    election = actions.create_election(
        council,
        actions.Settings(category="other_teacher", seats=2, held_on=held_on, mandate_start=start),
        by=w.director,
    )
    actions.add_elector(election, "Électeur", "Un", "e1@example.org", by=w.director)
    actions.open_lists(election, by=w.director)
    votes = {}
    for name, count, people in LISTS:
        lst = actions.add_list(election, name, by=w.director)
        votes[lst.pk] = count
        for person, sex, born in people:
            actions.add_candidate(
                lst,
                actions.Person(
                    email(person), person, "Candidat", sex,
                    dt.date.fromisoformat(born) if born else None,
                ),
                by=w.director,
            )  # fmt: skip
    actions.enter_results(election, votes, blank=3, void=1, by=w.director)
    return Election.objects.get(pk=election.pk)


def person(name: str) -> User:
    return User.objects.get(email=email(name))


def elected_names(result: dict[str, Any]) -> list[str]:
    return [e["name"] for e in result["elected"]]
