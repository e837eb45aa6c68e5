"""The meeting room: the president, the session secretary (here the member), the head of
mention and the director run it; every reader follows it live; members with a seat vote."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minutes import actions as minutes_actions
from sittings.actions import elections, room, votes
from tests.meetings_world import convoked
from tests.people import World


def _only(allowed: set[str], seated_readers: set[str]) -> dict[str, set[int]]:
    return {
        **{p: {200} if p in allowed else {403} for p in seated_readers},
        "outsider": {404},
        "anonymous": {302},
    }


READERS = {"director", "head", "track_head", "president", "member", "student"}
RUNNERS = _only({"director", "head", "president", "member"}, READERS)
SEATED = _only({"head", "track_head", "president", "member", "student"}, READERS)

AUDIENCE = {
    "room:room": RUNNERS,
    "room:live": "readers",
    "room:status": "readers",
    "room:sign_in_sheet": RUNNERS,
    "room:prepare": "signed_in_post_only",
    "room:presence": "signed_in_post_only",
    "room:movement": "signed_in_post_only",
    "room:open": "signed_in_post_only",
    "room:close": "signed_in_post_only",
    "room:reconvene": RUNNERS,
    "room:notes": "signed_in_post_only",
    "room:vote_open": "signed_in_post_only",
    "room:vote": RUNNERS,
    "room:vote_close": "signed_in_post_only",
    "room:ballot": SEATED,
    "room:sheet": "signed_in_post_only",
    "room:all_present": "signed_in_post_only",
    "room:check_in": "signed_in_post_only",
    "room:projector": "readers",
    "room:projector_screen": "readers",
    "room:speakers": "signed_in_post_only",
    "room:current_item": "signed_in_post_only",
    "room:election_open": "signed_in_post_only",
    "room:election": RUNNERS,
    "room:election_close": "signed_in_post_only",
    "room:election_next_round": "signed_in_post_only",
    "room:election_withdraw": "signed_in_post_only",
    "room:election_ballot": SEATED,
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    """An open sitting with its secretary, and a secret ballot under way."""
    # Under way since a few minutes: a sitting opens on its own day only.
    meeting = convoked(w, starts_at=timezone.now() - dt.timedelta(minutes=10))
    minutes_actions.start(meeting, w.member, by=w.president)
    seats = {m.person_id: m for m in w.council.memberships.current()}
    for person in (w.president, w.member, w.head, w.track_head, w.student):
        room.set_presence(meeting, seats[person.pk], "present", by=w.president)
    room.open_sitting(meeting, by=w.president)
    item = meeting.agenda_items.last()
    assert item is not None
    # A designation closed without ballots (a tie: no one), then the secret vote under way.
    election = elections.open_election(
        item,
        by=w.president,
        title="Représentant étudiant",
        kind="designation",
        standing=[elections.Standing(seats[w.student.pk])],
    )
    elections.close(election, by=w.president)
    vote = votes.open_vote(item, by=w.president, question="", method="secret")
    the_meeting: dict[str, object] = {"pk": meeting.pk}
    member: dict[str, object] = {"pk": meeting.pk, "membership_pk": seats[w.member.pk].pk}
    in_item: dict[str, object] = {"pk": meeting.pk, "item_pk": item.pk}
    in_vote: dict[str, object] = {"pk": meeting.pk, "vote_pk": vote.pk}
    return {
        **dict.fromkeys(
            (
                "room:room",
                "room:live",
                "room:status",
                "room:sign_in_sheet",
                "room:prepare",
                "room:open",
                "room:close",
                "room:reconvene",
                "room:sheet",
                "room:all_present",
                "room:check_in",
                "room:projector",
                "room:projector_screen",
                "room:speakers",
                "room:current_item",
            ),
            the_meeting,
        ),
        "room:presence": member,
        "room:movement": member,
        "room:notes": in_item,
        "room:vote_open": in_item,
        "room:vote": in_vote,
        "room:vote_close": in_vote,
        "room:ballot": in_vote,
        **{
            name: {"pk": meeting.pk, "election_pk": election.pk}
            for name in (
                "room:election",
                "room:election_close",
                "room:election_next_round",
                "room:election_ballot",
            )
        },
        "room:election_open": in_item,
        "room:election_withdraw": {
            "pk": meeting.pk,
            "election_pk": election.pk,
            "candidate_pk": election.candidates.get().pk,
        },
    }
