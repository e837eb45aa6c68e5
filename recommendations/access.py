"""Who may see and act on recommendations."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils.models import Council
from meetings.models import Meeting
from recommendations.actions import can_adopt
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
        Routing.objects.select_related("body", "recommendation__council").filter(
            body__respondents=request.user.pk, routed_at__isnull=False
        ),
        pk=pk,
    )


def get_meeting_for_adoption(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("council__institution"), pk=pk
    )
    if not can_adopt(meeting.council, request.user):  # type: ignore[arg-type]
        raise PermissionDenied
    return meeting


def get_council_for_board(request: HttpRequest, pk: int) -> Council:
    return get_object_or_404(Council.objects.visible_to(request.user), pk=pk)


def get_body_for_user(request: HttpRequest, pk: int) -> Body:
    """A body's board: its respondents and the institution's director."""
    body = get_object_or_404(Body.objects.select_related("institution"), pk=pk)
    user = request.user
    allowed = body.institution.is_directed_by(user) or body.respondents.filter(pk=user.pk).exists()
    if not allowed:
        raise PermissionDenied
    return body
