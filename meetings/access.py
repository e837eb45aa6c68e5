"""The meetings views' lookups: each finds the object and asks councils.roles who may.

Readers of a council (Council.objects.visible_to) see its meetings; its organisers (the head
of the council's programme and the institution's director, i.e. Council.can_edit) plan
meetings and draft agendas; its president edits and sets the agenda once it is submitted;
each current member answers for themselves. Everyone else gets 404, as for the council.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from councils.access import get_council_for_user
from councils.models import Council, Membership
from meetings import lifecycle
from meetings.lifecycle import agenda_refusal
from meetings.models import AgendaItem, Attachment, CalendarFeed, Meeting


def _meetings() -> Any:
    return Meeting.objects.select_related(
        "council__institution", "council__programme", "subcouncil__site"
    )


_readable = roles.Readable(Meeting, lambda user: roles.meetings_readable_by(user, _meetings()))


def get_meeting_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Meeting:
    """A meeting the person may see, or 404; with write, only for its organisers (else 403)."""
    meeting = _readable.get(request.user, pk)
    if write and not roles.may_organise(request.user, meeting.council):
        raise PermissionDenied
    return meeting


def get_meeting_for_agenda(request: HttpRequest, pk: int) -> Meeting:
    """A meeting whose agenda the person may change in its current state (else 403)."""
    meeting = get_meeting_for_user(request, pk)
    if not roles.may_edit_agenda(request.user, meeting):
        if roles.leads(request.user, meeting.council):
            raise lifecycle.TransitionRefused(agenda_refusal(meeting))
        raise PermissionDenied
    return meeting


def get_meeting_to_reopen(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_meeting_for_user(request, pk)
    if not roles.may_reopen_agenda(request.user, meeting):
        raise PermissionDenied
    return meeting


def read_current_seats(council: Council) -> None:
    """The council's current seats, read once with their people and components: the person's
    own seat (`roles.convoked_seat`), who leads the council and whom a proxy may go to are
    then read from them (council.current_memberships())."""
    prefetch_related_objects(
        [council],
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("person", "component"),
        ),
    )


def get_meeting_for_answer(request: HttpRequest, pk: int) -> tuple[Meeting, Membership]:
    """A meeting of a council where the person sits now, and their seat (readers: 403)."""
    meeting = get_meeting_for_user(request, pk)
    read_current_seats(meeting.council)  # the seat, then the answer form's proxies
    membership = roles.convoked_seat(request.user, meeting)
    if membership is None:
        raise PermissionDenied
    membership.council = meeting.council
    return meeting, membership


def get_meeting_for_attendance(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_meeting_for_user(request, pk)
    if not roles.leads(request.user, meeting.council):
        raise PermissionDenied
    return meeting


def get_item_for_agenda(request: HttpRequest, meeting_pk: int, pk: int) -> AgendaItem:
    """An item of this very meeting (an id from another meeting is 404), editable now."""
    meeting = get_meeting_for_agenda(request, meeting_pk)
    item: AgendaItem = get_object_or_404(meeting.agenda_items.all(), pk=pk)
    item.meeting = meeting
    return item


def get_attachment_for_user(request: HttpRequest, meeting_pk: int, pk: int) -> Attachment:
    """Attachments are served to the meeting's readers only, and only from their meeting."""
    meeting = get_meeting_for_user(request, meeting_pk)
    attachment: Attachment = get_object_or_404(meeting.attachments.all(), pk=pk)
    attachment.meeting = meeting
    return attachment


def get_council_calendar(request: HttpRequest, pk: int) -> Council:
    return get_council_for_user(request, pk)


def get_council_to_plan(request: HttpRequest, pk: int) -> Council:
    return get_council_for_user(request, pk, write=True)


def get_own_feed(request: HttpRequest, pk: int) -> CalendarFeed:
    """A person manages their own feeds only; another's feed id is 404."""
    if not request.user.is_authenticated:
        raise Http404
    feed: CalendarFeed = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    return feed


def get_feed_by_token(token: str) -> CalendarFeed:
    """The token is the only key of a feed (calendar programs cannot sign in); revoked: 404."""
    feed = (
        CalendarFeed.objects.select_related("user", "council")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    # Recomputed on every read: a person who left a council stops seeing its meetings.
    if feed.council is not None and not roles.may_read_council(feed.user, feed.council):
        raise Http404
    return feed
