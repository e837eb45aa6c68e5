"""Meetings: readers see the calendar and each meeting; organisers plan and draft; the
president sets the agenda; members answer for themselves; feeds open by their token."""

from __future__ import annotations

from meetings import actions
from meetings.models import CalendarFeed
from tests.meetings_world import agenda_set, drafted, upload
from tests.people import World

MEMBERS = {"head", "track_head", "president", "member", "student"}
PREPARERS = {"director", "head", "president"}


def _only(allowed: set[str]) -> dict[str, set[int]]:
    """200 for the allowed, 403 for the council's other readers, 404 outside, sign-in first."""
    readers = {"director", "head", "track_head", "president", "member", "student"}
    return {
        **{p: {200} if p in allowed else {403} for p in readers},
        "outsider": {404},
        "anonymous": {302},
    }


# A draft agenda is the organisers' to write; the president, who sets it once proposed, is
# told so by the agenda's state (409 with the reason), not that their role forbids it.
DRAFT_PEN = {**_only({"director", "head"}), "president": {409}}

AUDIENCE = {
    "meetings:my_calendar": "signed_in",
    "meetings:council_calendar": "readers",
    "meetings:institution_calendar": "director",
    "meetings:create": "editors",
    "meetings:detail": "readers",
    "meetings:ics": "readers",
    "meetings:move": "editors",
    "meetings:cancel": "editors",
    "meetings:agenda": "readers",
    "meetings:item_add": DRAFT_PEN,  # a draft: the head of mention holds the pen
    "meetings:item_edit": DRAFT_PEN,
    "meetings:item_delete": "signed_in_post_only",
    "meetings:item_move": "signed_in_post_only",
    "meetings:agenda_submit": "signed_in_post_only",
    "meetings:agenda_set": "signed_in_post_only",
    "meetings:agenda_reopen": _only(PREPARERS),  # a set agenda
    "meetings:attachment_add": DRAFT_PEN,
    "meetings:attachment": "readers",
    "meetings:attachment_delete": "signed_in_post_only",
    "meetings:answer": _only(MEMBERS),  # the director reads the council but has no seat
    "meetings:attendance": _only(PREPARERS),
    "meetings:guests": "editors",  # the organisers invite occasional guests
    "meetings:feeds": "signed_in",
    "meetings:feed_revoke": "signed_in_post_only",
    "meetings:feed": "public",  # the token is the key
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    draft = drafted(w)
    item = draft.agenda_items.first()
    assert item is not None
    attachment = actions.add_attachment(draft, upload(), by=w.head, item=item)
    set_meeting = agenda_set(w)
    feed = actions.create_feed(w.member, by=w.member)
    assert isinstance(feed, CalendarFeed)
    meeting: dict[str, object] = {"pk": draft.pk}
    return {
        "meetings:council_calendar": {"pk": w.council.pk},
        "meetings:institution_calendar": {"pk": w.institution.pk},
        "meetings:create": {"pk": w.council.pk},
        "meetings:detail": meeting,
        "meetings:ics": meeting,
        "meetings:move": meeting,
        "meetings:cancel": meeting,
        "meetings:agenda": meeting,
        "meetings:item_add": meeting,
        "meetings:item_edit": {**meeting, "item_pk": item.pk},
        "meetings:item_delete": {**meeting, "item_pk": item.pk},
        "meetings:item_move": {**meeting, "item_pk": item.pk},
        "meetings:agenda_submit": meeting,
        "meetings:agenda_set": meeting,
        "meetings:agenda_reopen": {"pk": set_meeting.pk},
        "meetings:attachment_add": meeting,
        "meetings:attachment": {**meeting, "attachment_pk": attachment.pk},
        "meetings:attachment_delete": {**meeting, "attachment_pk": attachment.pk},
        "meetings:answer": meeting,
        "meetings:attendance": meeting,
        "meetings:guests": meeting,
        "meetings:feed_revoke": {"pk": feed.pk},
        "meetings:feed": {"token": feed.token},
    }
