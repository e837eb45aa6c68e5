"""The demo's provisional calendar: three meetings per council this academic year, planned
through the actions (so they carry their audit entries), and a drafted agenda for the
mathematics CPER's next meeting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from councils.models import Council
from meetings import actions
from meetings.models import Meeting

# Month and day of each meeting (autumn, winter, spring), moved to a weekday.
SLOTS = [(10, 14), (2, 10), (6, 9)]
ITEMS = [
    (
        "Bilan de la rentrée et des premiers stages",
        "Retour des tuteurs et des stagiaires.\n\n- effectifs par site\n- difficultés relevées",
        "information",
        30,
    ),
    (
        "Évaluation des enseignements par les étudiants",
        "Résultats de l’enquête du premier semestre, présentés avec l’observatoire des formations.",
        "deliberation",
        45,
    ),
    (
        "Préconisations au COSP pour la maquette de l’an prochain",
        "Propositions d’**évolution du plan de formation** à transmettre au COSP.",
        "vote",
        30,
    ),
]


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def plan_calendar(council: Council, index: int, start: dt.date, *, by: User) -> list[Meeting]:
    """Three meetings in the academic year that begins on `start`, one council a day apart."""
    subcouncils = list(council.subcouncils.all())
    plans = []
    for number, (month, day) in enumerate(SLOTS):
        year = start.year if month >= 9 else start.year + 1
        date = _weekday(dt.date(year, month, day) + dt.timedelta(days=index % 10))
        local = dt.datetime.combine(date, dt.time(14 if index % 2 else 9, 30))
        plans.append(
            actions.MeetingPlan(
                starts_at=timezone.make_aware(local),
                place=f"Inspé, site de Marseille Canebière — salle {100 + index}",
                video_url=f"https://visio.example.org/cper-{council.pk}" if number == 1 else "",
                subcouncil=subcouncils[0] if subcouncils and number == 2 else None,
            )
        )
    return actions.plan_year(council, plans, by=by)


def draft_agenda(meetings: list[Meeting], *, by: User) -> Meeting:
    """Draft the agenda of the next meeting (the last one once the year is over)."""
    now = timezone.now()
    meeting = next((m for m in meetings if m.starts_at > now), meetings[-1])
    for title, description, kind, minutes in ITEMS:
        draft = actions.ItemDraft(
            title=title, description=description, kind=kind, duration_minutes=minutes, presenter=by
        )
        actions.add_agenda_item(meeting, draft, by=by)
    return meeting


MATHS = "Second degré mathématiques"


def load(council_ids: list[int], start: dt.date, *, director: User, head: User) -> None:
    """Plan every demo council's year (the director), then draft the maths agenda (the head)."""
    councils = Council.objects.filter(pk__in=council_ids).order_by("pk")
    for index, council in enumerate(councils):
        meetings = plan_calendar(council, index, start, by=director)
        if council.name == MATHS:
            draft_agenda(meetings, by=head)
