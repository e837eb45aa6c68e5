"""Who may read which minutes.

Readers of a council read its frozen and published minutes; a text still being written or
validated is read only by its secretary, its validators and the council's editors.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from meetings.models import Meeting
from minutes.models import Minutes


def can_read_draft(minutes: Minutes, user: object) -> bool:
    council = minutes.meeting.council
    uid = getattr(user, "pk", None)
    if council.can_edit(user) or minutes.secretary_id == uid:
        return True
    president = council.president()
    if president is not None and president.person_id == uid:
        return True
    return minutes.approvals.filter(person_id=uid).exists()


def get_minutes_for_user(request: HttpRequest, pk: int) -> Minutes:
    minutes = get_object_or_404(
        Minutes.objects.visible_to(request.user).select_related(
            "meeting__council__institution", "meeting__council__programme", "secretary"
        ),
        pk=pk,
    )
    if not minutes.is_frozen and not can_read_draft(minutes, request.user):
        raise Http404
    return minutes


def get_published_minutes(pk: int) -> Minutes:
    """The public version: anybody may read what the director published."""
    return get_object_or_404(
        Minutes.objects.published().select_related("meeting__council__institution"), pk=pk
    )


def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("council__institution"), pk=pk
    )
