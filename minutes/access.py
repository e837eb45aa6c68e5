"""The minutes views' lookups: each finds the object and asks councils.roles who may.

Readers of a council read its frozen and published minutes; a text still being written or
validated is read only by its secretary, its validators and the council's editors.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from meetings.models import Meeting
from minutes.models import Minutes

_readable = roles.Readable(
    Minutes,
    lambda user: Minutes.objects.visible_to(user).select_related(
        "meeting__council__institution", "meeting__council__programme", "secretary"
    ),
)


def get_minutes_for_user(request: HttpRequest, pk: int) -> Minutes:
    minutes = _readable.get(request.user, pk)
    if not minutes.is_frozen and not roles.may_read_draft(request.user, minutes):
        raise Http404
    return minutes


def get_published_minutes(pk: int) -> Minutes:
    """The public version: anybody may read what the director published."""
    return get_object_or_404(
        Minutes.objects.published().select_related("meeting__council__institution"), pk=pk
    )


def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        roles.meetings_readable_by(
            request.user, Meeting.objects.select_related("council__institution")
        ),
        pk=pk,
    )
