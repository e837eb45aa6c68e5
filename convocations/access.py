"""The convocation views' lookups: each finds the object and asks councils.roles who may.

Readers of a council see its meetings' convocations and register; the director of the
council's institution signs; the head of the council's programme sends; a member reaches
their own convocation by the token of their e-mail. Everyone else gets 404, as for the
council itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from convocations.models import Recipient
from councils import roles
from councils.access import get_council_for_user
from councils.models import Council, Institution
from meetings.models import Meeting

_readable = roles.Readable(
    Meeting,
    lambda user: roles.meetings_readable_by(
        user,
        Meeting.objects.select_related(
            "council__institution__director", "council__programme__head", "subcouncil"
        ),
    ),
)


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the person may see (its council is visible to them), or 404."""
    return _readable.get(request.user, pk)


def get_meeting_to_sign(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_meeting_for_user(request, pk)
    if not roles.may_sign_convocation(request.user, meeting.council):
        raise PermissionDenied
    return meeting


def get_meeting_to_send(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_meeting_for_user(request, pk)
    if not roles.may_send_convocation(request.user, meeting.council):
        raise PermissionDenied
    return meeting


def get_council_register(request: HttpRequest, pk: int) -> Council:
    """The council's readers who do not organise it get 403, everyone else 404."""
    council = get_council_for_user(request, pk)
    if not roles.may_read_convocation_register(request.user, council):
        raise PermissionDenied
    return council


def directed_institutions(request: HttpRequest) -> list[Institution]:
    """The institutions whose director is signed in; 403 for anyone else."""
    user = request.user
    institutions = list(roles.institutions_of_director(user))
    if not institutions:
        raise PermissionDenied
    return institutions


def get_recipient_by_token(token: str) -> Recipient:
    """The token of the e-mail is the member's key to their own convocation, and nothing more."""
    recipient = (
        Recipient.objects.select_related(
            "person",
            "guest",
            "convocation__meeting__council__institution__director",
            "convocation__meeting__council__programme__head",
        )
        .filter(token=token)
        .first()
    )
    if recipient is None or not recipient.convocation.signed_pdf:
        raise Http404
    return recipient
