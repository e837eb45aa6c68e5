"""Demo: the past election of the users' college (D. 721-1 1° f) of the conseil d'institut,
with its results and procès-verbal; its elected are the demo's four users' seats.

Built through the same actions as the pages. The seats were entered with the council (see
councils.demo); the proclamation attaches them to the election (elections.actions._seat).
"""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.models import User
from councils.demo import DOMAIN, FIRST, INSTITUTE_COUNCIL, LAST, academic_year_start
from councils.models import Institution
from elections import actions
from elections.models import Election

# Two lists, each alternating women and men (D. 721-4). 312 and 188 votes: Q = 500/4 = 125;
# A takes 2 seats at the quotient (rest 62), B one (rest 63) and the last seat on its larger rest.
LISTS: list[tuple[str, int, list[tuple[str, str, str]]]] = [
    (
        "Ensemble pour l’Inspé",
        312,
        [
            ("Élise", "Carpentier", "F"),
            ("Maxime", "Durand", "M"),
            ("Clara", "Benoît", "F"),
            ("Romain", "Leclerc", "M"),
            ("Lisa", "Perret", "F"),
            ("Bastien", "Hamel", "M"),
        ],
    ),
    (
        "Étudiants et stagiaires engagés",
        188,
        [
            ("Yasmine", "Haddad", "F"),
            ("Antoine", "Royer", "M"),
            ("Inès", "Lopez", "F"),
            ("Thomas", "Barbier", "M"),
        ],
    ),
]
ELECTORS = 1050  # every pair of the demo's first and last names, once


def _email(first: str, last: str) -> str:
    email = f"{first}.{last}@{DOMAIN}".lower().replace(" ", "-")
    for accented, plain in [("é", "e"), ("è", "e"), ("ç", "c"), ("ï", "i"), ("î", "i")]:
        email = email.replace(accented, plain)
    return email


def load(institution: Institution, *, director: User) -> Election | None:
    """The proclaimed election; None when the demo has it already (or has no such council)."""
    council = institution.councils.filter(name=INSTITUTE_COUNCIL).first()
    if council is None or council.elections.exists():
        return None
    start = academic_year_start()
    election = actions.create_election(
        council,
        actions.Settings(
            category="user",
            seats=4,
            held_on=start - dt.timedelta(days=24),
            mandate_start=start,
        ),
        by=director,
    )
    names = itertools.islice(itertools.product(LAST, FIRST), ELECTORS)
    actions.replace_electors(
        election,
        [(last, first, f"electeur.{i}@{DOMAIN}") for i, (last, (first, _sex)) in enumerate(names)],
        by=director,
    )
    actions.open_lists(election, by=director)
    votes = {}
    for name, count, people in LISTS:
        lst = actions.add_list(election, name, by=director)
        votes[lst.pk] = count
        for first, last, sex in people:
            actions.add_candidate(
                lst, actions.Person(_email(first, last), first, last, sex), by=director
            )
    actions.enter_results(election, votes, blank=9, void=3, by=director)
    election, _proclaimed = actions.proclaim(election, by=director)
    return election
