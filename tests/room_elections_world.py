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
from tests.people import PASSWORD, START, World, seat

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
            f"{key}@ci.example.org", PASSWORD, first_name=first, last_name="Conseil", sex=sex
        )
        seats[key] = seat(council, person, category, w.amu)
    assert timezone.localdate() >= START
    return council, seats


def meeting_today(council: Council) -> Meeting:
    """A meeting that started ten minutes ago, its agenda still open to the circuit."""
    starts = timezone.now() - dt.timedelta(minutes=10)
    return Meeting.objects.create(
        council=council,
        starts_at=starts,
        academic_year=academic_year_of(timezone.localdate(starts)),
    )


def sit(w: World, meeting: Meeting, seats: dict[str, Membership]) -> Meeting:
    """Its agenda set, its convocation sent in time, everyone present, opened by the director."""
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_status=Meeting.AgendaStatus.SET,
        agenda_set_at=meeting.starts_at - dt.timedelta(days=20),
    )
    Convocation.objects.create(
        meeting=meeting, status="sent", sent_at=meeting.starts_at - dt.timedelta(days=15)
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    for membership in seats.values():
        room.set_presence(meeting, membership, "present", by=w.director)
    room.open_sitting(meeting, by=w.director)
    return Meeting.objects.get(pk=meeting.pk)


def sitting_today(w: World, council: Council, seats: dict[str, Membership]) -> AgendaItem:
    """A convoked meeting started a few minutes ago, everyone present, opened by the director,
    with one point: the president's election."""
    meeting = meeting_today(council)
    item = AgendaItem.objects.create(
        meeting=meeting, title="Élection du président du conseil", kind="vote", position=1
    )
    item.meeting = sit(w, meeting, seats)
    return item


def cosp_council(w: World) -> tuple[Council, dict[str, Membership]]:
    """A COSP of four voting members (two ex officio, two appointed by the rector)."""
    council = Council.objects.create(
        institution=w.institution,
        council_type="inspe_cosp",
        name="COSP de test",
        establishment=w.amu,
    )
    seats = {}
    for key, first, category, sex in [
        ("agnes", "Agnès", "ex_officio", "F"),
        ("bruno", "Bruno", "ex_officio", "M"),
        ("chloe", "Chloé", "rector_appointee", "F"),
        ("denis", "Denis", "rector_appointee", "M"),
    ]:
        person = User.objects.create_user(
            f"{key}@cosp.example.org", PASSWORD, first_name=first, last_name="Cosp", sex=sex
        )
        seats[key] = seat(council, person, category, w.amu)
    return council, seats
