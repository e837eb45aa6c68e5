"""Meetings and minutes in given states, built through the actions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from minutes import actions
from minutes.models import Minutes
from tests.people import World


def held_meeting(w: World, days_ago: int = 7) -> Meeting:
    meeting = Meeting.objects.create(
        council=w.council,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        place="Salle du conseil",
        agenda_status=Meeting.AgendaStatus.SET,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Bilan du semestre")
    AgendaItem.objects.create(
        meeting=meeting, position=2, title="Maquette de formation", kind="vote"
    )
    return meeting


def draft_minutes(w: World, days_ago: int = 7) -> Minutes:
    """Open minutes of a held meeting, the member being the session secretary."""
    return actions.start(held_meeting(w, days_ago), w.member, by=w.president)


def approve_all(w: World, minutes: Minutes) -> Minutes:
    actions.submit(minutes, by=w.member)
    for person in (w.president, w.track_head, w.head):
        minutes.refresh_from_db()
        actions.decide(minutes, by=person, approve=True)
    minutes.refresh_from_db()
    return minutes


def published_minutes(w: World) -> Minutes:
    minutes = approve_all(w, draft_minutes(w, days_ago=30))
    return actions.publish(minutes, by=w.director)
