"""The REST API (/api/v1/) and the pages of personal API tokens.

The walk signs people in with Django's session, which the API accepts as the browser's
authentication: each endpoint answers a signed-in person as the matching page would, and an
anonymous caller with 401 (the "api_" audiences). Bearer tokens are tested in tests/test_api_*.
"""

import datetime as dt

from django.utils import timezone

from api.actions import create_token
from convocations.models import Convocation
from meetings.models import AgendaItem, Meeting
from tests.people import World

# Only people who sit in the council answer; the director reads the council without sitting
# in it (403, as on the answer page).
SEATED: dict[str, set[int]] = {
    "director": {403},
    "head": {200},
    "track_head": {200},
    "president": {200},
    "member": {200},
    "student": {200},
    "outsider": {404},
    "anonymous": {401},
}

AUDIENCE: dict[str, str | dict[str, set[int]]] = {
    "tokens:list": "signed_in",
    "tokens:revoke": "post_only",
    "api:list_councils": "api_signed_in",  # an outsider gets 200 and an empty list
    "api:get_council": "api_readers",
    "api:list_members": "api_readers",
    # POST on the members' URL: a GET there is the list of members.
    "api:add_member": "api_readers",
    # PATCH and POST only: ninja answers GET with 405 before asking who calls.
    "api:update_member": "post_only",
    "api:end_member": "post_only",
    "api:list_meetings": "api_readers",
    "api:get_meeting": "api_readers",
    "api:get_agenda": "api_readers",
    "api:get_convocation": "api_readers",
    "api:plan_meeting": "api_readers",  # a GET there is the list of meetings
    "api:move_meeting": "post_only",
    "api:cancel_meeting": "post_only",
    "api:adopt_recommendation": "post_only",
    "api:add_agenda_item": "post_only",
    "api:update_agenda_item": "post_only",
    "api:remove_agenda_item": "post_only",
    "api:move_agenda_item": "post_only",
    "api:submit_agenda": "post_only",
    "api:set_agenda": "post_only",
    "api:reopen_agenda": "post_only",
    "api:put_my_answer": SEATED,
    "api:get_my_answer": SEATED,
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    meeting = Meeting.objects.create(
        council=w.council, starts_at=timezone.now() + dt.timedelta(days=30)
    )
    Convocation.objects.create(meeting=meeting)
    item = AgendaItem.objects.create(meeting=meeting, title="Bilan")
    token, _secret = create_token(w.member, "walk")
    council: dict[str, object] = {"council_id": w.council.pk}
    membership = w.council.memberships.get(person=w.member)
    seat: dict[str, object] = {**council, "membership_id": membership.pk}
    the_meeting: dict[str, object] = {"meeting_id": meeting.pk}
    the_item: dict[str, object] = {**the_meeting, "item_id": item.pk}
    return {
        "tokens:revoke": {"pk": token.pk},
        "api:get_council": council,
        "api:list_members": council,
        "api:add_member": council,
        "api:update_member": seat,
        "api:end_member": seat,
        "api:list_meetings": council,
        "api:get_meeting": the_meeting,
        "api:get_agenda": the_meeting,
        "api:get_convocation": the_meeting,
        "api:get_my_answer": the_meeting,
        "api:put_my_answer": the_meeting,
        "api:plan_meeting": council,
        "api:move_meeting": the_meeting,
        "api:cancel_meeting": the_meeting,
        "api:adopt_recommendation": the_meeting,
        "api:add_agenda_item": the_meeting,
        "api:update_agenda_item": the_item,
        "api:remove_agenda_item": the_item,
        "api:move_agenda_item": the_item,
        "api:submit_agenda": the_meeting,
        "api:set_agenda": the_meeting,
        "api:reopen_agenda": the_meeting,
    }
