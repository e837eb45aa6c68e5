"""The calendar: meetings planned at the start of the year, then moved or cancelled one by
one, with the change e-mailed to members (and their calendars updated); and the secret
iCalendar addresses people subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as subject_
from django_stubs_ext import StrOrPromise

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Council, SubCouncil
from meetings import lifecycle
from meetings import tasks as meeting_tasks  # a module: meetings.tasks imports actions.common
from meetings.actions.common import locked
from meetings.models import CalendarFeed, Meeting, MeetingChange
from meetings.signals import meeting_planned

# --- the calendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingPlan:
    """When and where a meeting takes place; naive datetimes are read as Paris time."""

    starts_at: dt.datetime
    duration_minutes: int = 120
    place: str = ""
    video_url: str = ""
    subcouncil: SubCouncil | None = None


VIDEO_URL = URLValidator(schemes=["http", "https"])


# The calendar holds meetings of this century: beyond, a year like 9999 overflowed the end of
# the meeting and its academic year (issue 12).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


def date_range_error() -> str:
    return _("La date d’une séance est comprise entre le %(first)s et le %(last)s.") % {
        "first": FIRST_DAY.strftime("%d/%m/%Y"),
        "last": LAST_DAY.strftime("%d/%m/%Y"),
    }


def _validated(council: Council, plan: MeetingPlan) -> MeetingPlan:
    if not FIRST_DAY <= plan.starts_at.date() <= LAST_DAY:
        raise ValidationError(date_range_error())
    starts = plan.starts_at
    if timezone.is_naive(starts):
        starts = timezone.make_aware(starts)
    if not plan.place.strip() and not plan.video_url.strip():
        raise ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
    if not 15 <= plan.duration_minutes <= 720:
        raise ValidationError(_("La durée prévue va de 15 minutes à 12 heures."))
    if plan.subcouncil is not None and plan.subcouncil.council_id != council.pk:
        raise ValidationError(_("Ce sous-conseil de site n’appartient pas à ce conseil."))
    if len(plan.place.strip()) > 255:
        raise ValidationError(_("Le lieu tient en 255 caractères au plus."))
    if plan.video_url.strip():
        # Shown as a link to every member: only http(s), never javascript: or data:.
        try:
            VIDEO_URL(plan.video_url.strip())
        except ValidationError:
            raise ValidationError(
                _("Le lien de visioconférence doit être une adresse https.")
            ) from None
    return MeetingPlan(
        starts, plan.duration_minutes, plan.place.strip(), plan.video_url.strip(), plan.subcouncil
    )


def _plan_summary(meeting: Meeting) -> dict[str, object]:
    return {
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "video_url": meeting.video_url,
        "subcouncil": meeting.subcouncil.name if meeting.subcouncil else None,
    }


@transaction.atomic
def plan_meeting(council: Council, plan: MeetingPlan, *, by: User) -> Meeting:
    """Add a meeting to the council's provisional calendar (head of mention or director)."""
    if not roles.may_organise(by, council):
        raise PermissionDenied
    plan = _validated(council, plan)
    meeting = Meeting.objects.create(
        council=council,
        subcouncil=plan.subcouncil,
        starts_at=plan.starts_at,
        duration_minutes=plan.duration_minutes,
        place=plan.place,
        video_url=plan.video_url,
        created_by=by,
    )
    record(by, "meeting.planned", meeting, council_id=council.pk, summary=_plan_summary(meeting))
    meeting_planned.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def plan_year(council: Council, plans: Iterable[MeetingPlan], *, by: User) -> list[Meeting]:
    """The provisional calendar set at the start of the year: all meetings, or none."""
    return [plan_meeting(council, plan, by=by) for plan in plans]


def _require_changeable(meeting: Meeting, by: User, transition: str = "move") -> None:
    if not roles.may_organise(by, meeting.council):
        raise PermissionDenied
    lifecycle.require(meeting, transition)  # not once the sitting began, nor cancelled


@transaction.atomic
def move_meeting(meeting: Meeting, plan: MeetingPlan, *, by: User, reason: str = "") -> Meeting:
    """Change date, time or place. The iCalendar UID stays, SEQUENCE grows: calendars update."""
    meeting = locked(meeting)
    _require_changeable(meeting, by)
    plan = _validated(meeting.council, plan)
    if plan.starts_at < timezone.now():
        raise ValidationError(_("Une séance ne se déplace pas dans le passé."))
    new = (plan.starts_at, plan.duration_minutes, plan.place, plan.video_url, plan.subcouncil)
    old = (
        meeting.starts_at,
        meeting.duration_minutes,
        meeting.place,
        meeting.video_url,
        meeting.subcouncil,
    )
    if new == old:
        raise ValidationError(_("Rien n’a changé : la séance garde sa date et son lieu."))
    change = MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChange.Kind.MOVED,
        previous_starts_at=meeting.starts_at,
        previous_place=meeting.place,
        reason=reason.strip(),
        by=by,
    )
    (
        meeting.starts_at,
        meeting.duration_minutes,
        meeting.place,
        meeting.video_url,
        meeting.subcouncil,
    ) = new
    meeting.sequence += 1
    meeting.save()
    summary = {**_plan_summary(meeting), "previous_starts_at": str(change.previous_starts_at)}
    record(by, "meeting.moved", meeting, council_id=meeting.council_id, summary=summary)
    _tell_members(meeting, change, subject_("Séance déplacée"), "meetings/emails/meeting_moved.txt")
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User, reason: str) -> Meeting:
    """Cancel with a reason the members read; calendars receive METHOD:CANCEL."""
    meeting = locked(meeting)
    _require_changeable(meeting, by, "cancel")
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif de l’annulation : les membres le liront."))
    change = MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChange.Kind.CANCELLED,
        previous_starts_at=meeting.starts_at,
        previous_place=meeting.place,
        reason=reason.strip(),
        by=by,
    )
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    record(
        by,
        "meeting.cancelled",
        meeting,
        council_id=meeting.council_id,
        summary={"reason": change.reason},
    )
    _tell_members(
        meeting, change, subject_("Séance annulée"), "meetings/emails/meeting_cancelled.txt"
    )
    return meeting


def _tell_members(
    meeting: Meeting, change: MeetingChange, subject: StrOrPromise, template: str
) -> None:
    """Each member is the attendee of their own update (RFC 5546): one invitation and one
    message per member, built by one task after the commit, not in the request (a council
    of 3,000 members would keep it for seconds)."""
    people = list(
        meeting.convoked_memberships().exclude(person__email="").values_list("person_id", flat=True)
    )
    if people:
        transaction.on_commit(
            lambda: meeting_tasks.tell_members(meeting, change, people, subject, template)
        )


# --- calendar feeds --------------------------------------------------------------------


@transaction.atomic
def create_feed(user: User, *, by: User, council: Council | None = None) -> CalendarFeed:
    """A secret address for calendar programs: all the person's councils, or one council."""
    if by.pk != user.pk:
        raise PermissionDenied
    if council is not None and not roles.may_read_council(user, council):
        raise PermissionDenied
    feed = CalendarFeed.objects.create(user=user, council=council)
    # The token is a secret: the audit trail names the feed, never its address.
    record(by, "calendar_feed.created", feed, council_id=council.pk if council else None)
    return feed


@transaction.atomic
def revoke_feed(feed: CalendarFeed, *, by: User) -> CalendarFeed:
    """The address stops working at once; a new one can be created."""
    if feed.user_id != by.pk:
        raise PermissionDenied
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record(by, "calendar_feed.revoked", feed, council_id=feed.council_id)
    return feed
