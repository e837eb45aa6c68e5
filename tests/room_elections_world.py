"""A conseil d'institut sitting today, for the president's election in the room: two persons
appointed by the rector stand (Xavier, born 1968; Yasmine, born 1975), four other members
vote, the director runs the room."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from convocations.models import Convocation
from councils.models import Council, Membership
from meetings.models import AgendaItem, Meeting, academic_year_of
from sittings.actions import room
from tests.people import START, World, seat

BORN = {"xavier": dt.date(1968, 2, 14), "yasmine": dt.date(1975, 6, 1)}


def institute_council(w: World) -> tuple[Council, dict[str, Membership]]:
    council = Council.objects.create(
        institution=w.institution,
        council_type="inspe_institute_council",
        name="Conseil d’institut de test",
        establishment=w.amu,
    )
    seats = {}
    for key, first, category, sex in [
        ("xavier", "Xavier", "rector_appointee", "M"),
        ("yasmine", "Yasmine", "rector_appointee", "F"),
        ("prof", "Pauline", "professor", "F"),
        ("lect", "Louis", "lecturer", "M"),
        ("user", "Ulysse", "user", "M"),
        ("staff", "Sonia", "other_staff", "F"),
    ]:
        person = User.objects.create_user(
            f"{key}@ci.example.org", "x", first_name=first, last_name="Conseil", sex=sex
        )
        seats[key] = seat(council, person, category, w.amu)
    assert timezone.localdate() >= START
    return council, seats


def sitting_today(w: World, council: Council, seats: dict[str, Membership]) -> AgendaItem:
    """A convoked meeting started a few minutes ago, everyone present, opened by the director."""
    starts = timezone.now() - dt.timedelta(minutes=10)
    meeting = Meeting.objects.create(
        council=council,
        starts_at=starts,
        academic_year=academic_year_of(timezone.localdate(starts)),
        agenda_status=Meeting.AgendaStatus.SET,
        agenda_set_at=starts - dt.timedelta(days=20),
    )
    item = AgendaItem.objects.create(
        meeting=meeting, title="Élection du président du conseil", kind="vote", position=1
    )
    Convocation.objects.create(
        meeting=meeting, status="sent", sent_at=starts - dt.timedelta(days=15)
    )
    for membership in seats.values():
        room.set_presence(meeting, membership, "present", by=w.director)
    room.open_sitting(meeting, by=w.director)
    item.meeting = Meeting.objects.get(pk=meeting.pk)
    return item
