"""Meetings for the tests, built through the actions (the way the pages build them)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from convocations.models import Convocation
from councils.models import Council
from meetings import actions
from meetings.models import Meeting
from tests.people import World

PARIS = ZoneInfo("Europe/Paris")
# A Wednesday in October, mid-morning in Paris: every test that freezes time freezes it here.
NOW = dt.datetime(2025, 10, 1, 10, 0, tzinfo=PARIS)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def paris(year: int, month: int, day: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def plan(
    w: World,
    *,
    starts_at: dt.datetime | None = None,
    council: Council | None = None,
    place: str = "Marseille, salle 204",
) -> Meeting:
    council = council or w.council
    starts = starts_at or timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    return actions.plan_meeting(
        council, actions.MeetingPlan(starts, place=place), by=organiser(w, council)
    )


def organiser(w: World, council: Council) -> User:
    """The head of the council's programme."""
    return w.head if council == w.council else w.other_head


def drafted(w: World, **kwargs: object) -> Meeting:
    """A planned meeting whose agenda the head of mention drafted: two points."""
    meeting = plan(w, **kwargs)  # type: ignore[arg-type]
    head = organiser(w, meeting.council)
    for title, kind in [("Bilan des stages", "information"), ("Maquette 2026", "vote")]:
        actions.add_agenda_item(
            meeting, actions.ItemDraft(title=title, kind=kind, presenter=head), by=head
        )
    return meeting


def submitted(w: World, **kwargs: object) -> Meeting:
    meeting = drafted(w, **kwargs)
    return actions.submit_agenda(meeting, by=organiser(w, meeting.council))


def agenda_set(w: World, **kwargs: object) -> Meeting:
    meeting = submitted(w, **kwargs)
    return actions.set_agenda(meeting, by=w.president)


def convoked(w: World, **kwargs: object) -> Meeting:
    """Agenda set, and its convocation sent with the council's full notice period (recorded as
    the sending would: convocations' own tests drive the signature and the sending)."""
    meeting = agenda_set(w, **kwargs)
    sent = meeting.starts_at - dt.timedelta(days=meeting.council.notice_days + 1)
    Convocation.objects.create(meeting=meeting, status="sent", sent_at=sent)
    return meeting


def upload(name: str = "bilan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
