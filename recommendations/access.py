"""The recommendations views' lookups: each finds the object and asks councils.roles who may."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from councils.models import Council
from meetings import lifecycle
from meetings.models import Meeting
from recommendations.models import Body, Recommendation, Routing


def get_recommendation_for_user(request: HttpRequest, pk: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related(
            "council__institution", "council__programme", "meeting", "agenda_item", "track"
        ),
        pk=pk,
    )


def get_routing_for_respondent(request: HttpRequest, pk: int) -> Routing:
    """Only the people who answer for the body reach its answer form."""
    return get_object_or_404(
        roles.routings_answered_by(
            request.user, Routing.objects.select_related("body", "recommendation__council")
        ),
        pk=pk,
    )


def get_meeting_for_adoption(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(
        roles.meetings_readable_by(
            request.user, Meeting.objects.select_related("council__institution")
        ),
        pk=pk,
    )
    if not roles.may_adopt_recommendation(request.user, meeting.council):
        raise PermissionDenied
    # A site sub-council's meeting: the page says why, with the seed page's words (409).
    lifecycle.require_council_meeting(meeting, "adopt_recommendation")
    return meeting


_readable_council = roles.Readable(Council, roles.councils_readable_by)


def get_council_for_board(request: HttpRequest, pk: int) -> Council:
    return _readable_council.get(request.user, pk)


def get_body_for_user(request: HttpRequest, pk: int) -> Body:
    """A body's board: its respondents and the institution's director."""
    body = get_object_or_404(Body.objects.select_related("institution"), pk=pk)
    if not roles.may_read_body_board(request.user, body):
        raise PermissionDenied
    return body
