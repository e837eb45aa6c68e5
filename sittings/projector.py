"""The projector view and the speakers' list: what the room sees on the wall (the item under
discussion, who speaks and who waits, the vote as it stands), refreshed by polling its
fragment; and the steps the president or the secretary take from the room page to keep it.
Thin views: steps from sittings.actions.floor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from conseils.steps import run_step
from meetings import access
from meetings.models import Meeting
from sittings.actions import floor
from sittings.models import Election, Vote
from sittings.views import _back, _meeting_to_run, _user


def _vote_on_screen(meeting: Meeting) -> Vote | None:
    """The open vote, else the last one closed: the room keeps its result in view."""
    all_votes = list(meeting.votes.select_related("agenda_item").order_by("opened_at", "pk"))
    return next((v for v in all_votes if not v.is_closed), all_votes[-1] if all_votes else None)


def _election_on_screen(meeting: Meeting, vote: Vote | None) -> Election | None:
    """A ballot with candidates takes the screen when it is the room's latest question."""
    elections = list(meeting.elections.order_by("opened_at", "pk"))
    election = next((e for e in elections if not e.is_closed), elections[-1] if elections else None)
    if election is None or (vote is not None and not vote.is_closed and election.is_closed):
        return None
    if vote is not None and election.is_closed and vote.opened_at > election.opened_at:
        return None
    return election


def _standing(vote: Vote) -> list[tuple[str, int]]:
    """The counts as they stand: none while a secret ballot is open (only how many voted)."""
    if vote.is_secret and not vote.is_closed:
        return []
    if vote.method == Vote.Method.ROLL_CALL and not vote.is_closed:
        tally: Counter[str] = Counter()
        for named in vote.named_votes.all():
            tally[named.choice] += named.weight
        counts = (tally["for"], tally["against"], tally["abstain"])
    elif vote.votes_for is None:
        return []
    else:
        counts = (vote.votes_for, vote.votes_against or 0, vote.abstentions or 0)
    return list(zip((_("Pour"), _("Contre"), _("Abstentions")), counts, strict=True))


def _screen(meeting: Meeting) -> dict[str, Any]:
    speaking, waiting = floor.queue(meeting)
    vote = _vote_on_screen(meeting)
    election = _election_on_screen(meeting, vote)
    if election is not None:
        vote = None  # one question on the screen at a time: the latest
    return {
        "election": election,
        "election_cast": election.voters.count() if election is not None else None,
        "meeting": meeting,
        "council": meeting.council,
        "item": floor.current_item(meeting),
        "speaking": speaking,
        "waiting": waiting,
        "vote": vote,
        "standing": _standing(vote) if vote is not None else [],
        "ballots_cast": vote.voters.count() if vote is not None and vote.is_secret else None,
    }


@login_required
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    return render(request, "sittings/projector.html", _screen(meeting))


@login_required
def projector_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the projector view that changes, polled every few seconds."""
    meeting = access.get_meeting_for_user(request, pk)
    response = render(request, "sittings/projector_screen.html", _screen(meeting))
    response["Cache-Control"] = "no-store"
    return response


# --- keeping the floor (from the room page) -------------------------------------------------


def _floor_step(request: HttpRequest, meeting: Meeting, step: Callable[[], str]) -> HttpResponse:
    """A floor step words its own success (the item or speaker it set)."""
    run_step(request, step, lambda said: said)
    return _back(meeting, "floor")


def _digits(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() else 0


@login_required
@require_POST
def current_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    chosen = _digits(request, "item")
    item = get_object_or_404(meeting.agenda_items.all(), pk=chosen) if chosen else None

    def step() -> str:
        floor.set_current_item(meeting, item, by=_user(request))
        if item is None:
            return _("Aucun point n’est affiché.")
        return _("Point en cours : %(title)s.") % {"title": item.title}

    return _floor_step(request, meeting, step)


@login_required
@require_POST
def speakers(request: HttpRequest, pk: int) -> HttpResponse:
    """One form, several buttons: add a member, give the floor to the next, move or remove a
    waiting speaker (the button's value names which)."""
    meeting, _secretary = _meeting_to_run(request, pk)
    by = _user(request)
    action = request.POST.get("action", "")

    def step() -> str:
        if action == "add":
            membership = get_object_or_404(
                meeting.council.memberships.current().select_related("person"),
                pk=_digits(request, "membership"),
            )
            floor.add_speaker(meeting, membership, by=by)
            name = {"name": membership.person.display_name}
            if membership.person.sex == User.Sex.FEMALE:
                return _("%(name)s est inscrite dans la liste des orateurs.") % name
            return _("%(name)s est inscrit dans la liste des orateurs.") % name
        if action == "next":
            speaker = floor.next_speaker(meeting, by=by)
            if speaker is None:
                return _("Plus personne n’attend la parole.")
            return _("La parole est à %(name)s.") % {"name": speaker.membership.person.display_name}
        verb, _sep, raw = action.partition("-")
        speaker_pk = int(raw) if raw.isascii() and raw.isdigit() else 0
        if verb in {"up", "down"}:
            floor.move_speaker(meeting, speaker_pk, up=verb == "up", by=by)
            return _("Ordre de parole modifié.")
        if verb == "remove":
            floor.remove_speaker(meeting, speaker_pk, by=by)
            return _("Orateur retiré de la liste.")
        raise ValidationError(_("Action inconnue."))

    return _floor_step(request, meeting, step)
