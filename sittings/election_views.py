"""Secret ballots with candidates, in the room: declare the candidates and open a round (from
an agenda item), follow and close it, open the next round; each member votes on their own
device. Thin views over sittings.actions.elections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from conseils.steps import run_step
from councils.models import Membership
from meetings import access
from meetings.models import AgendaItem, Meeting
from sittings.actions import elections, room
from sittings.models import Candidate, Election
from sittings.views import _back, _meeting_to_run, _user, ballot_page, not_voted_text


def _election_of(meeting: Meeting, election_pk: int) -> Election:
    election: Election = get_object_or_404(
        meeting.elections.select_related("agenda_item"), pk=election_pk
    )
    election.meeting = meeting
    return election


def _standing(request: HttpRequest, meeting: Meeting) -> list[elections.Standing]:
    """The ticked members, each with the birth date typed beside them (if any)."""
    seats = {str(m.pk): m for m in meeting.council.current_memberships()}
    standing = []
    for key in request.POST.getlist("candidates"):
        membership: Membership | None = seats.get(key)
        if membership is None:
            raise ValidationError(_("Un candidat est un membre votant du conseil."))
        raw = request.POST.get(f"birth-{key}", "").strip()
        try:
            born = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ValidationError(_("Une date de naissance s’écrit jj/mm/aaaa.")) from None
        standing.append(elections.Standing(membership, born))
    return standing


@login_required
@require_POST
def election_open(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    item: AgendaItem = get_object_or_404(meeting.agenda_items.all(), pk=item_pk)
    item.meeting = meeting
    try:
        election = elections.open_election(
            item,
            by=_user(request),
            title=request.POST.get("title", ""),
            kind=request.POST.get("kind", ""),
            standing=_standing(request, meeting),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(meeting, f"item-{item.pk}")
    messages.success(request, _("Scrutin ouvert : %(title)s") % {"title": election.title})
    return redirect("room:election", pk=meeting.pk, election_pk=election.pk)


def _rounds(election: Election) -> list[dict[str, Any]]:
    return [
        {
            "election": r,
            "candidates": list(r.candidates.select_related("membership__person")),
            "cast": sum(c.votes or 0 for c in r.candidates.all() if not c.withdrawn),
        }
        for r in elections.rounds_of(election)
    ]


def _citation(election: Election) -> dict[str, Any] | None:
    found = elections.citation_for(election)
    if found is None:
        return None
    # room_citation.html links the article by its line, under the pack's key.
    return {"quote": found["quote"], "source": found["source"], "code_line": found["source_line"]}


@login_required
def election_page(request: HttpRequest, pk: int, election_pk: int) -> HttpResponse:
    """The president follows the round, closes it, opens the next; the rounds are shown."""
    meeting, secretary = _meeting_to_run(request, pk)
    election = _election_of(meeting, election_pk)
    state = room.load_room(meeting, secretary=secretary)
    return render(
        request,
        "sittings/room_election.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "election": election,
            "rounds": _rounds(election),
            "candidates": list(election.candidates.select_related("membership__person")),
            "state": state,
            "voters": len(state.voters),
            "ballots_cast": election.voters.count(),
            "not_voted": not_voted_text(state, election.voters.count()),
            "citation": _citation(election),
            "next_round": elections.next_round_due(election),
            "following": getattr(election, "next_round", None),
        },
    )


@login_required
@require_POST
def election_close(request: HttpRequest, pk: int, election_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    election = _election_of(meeting, election_pk)
    run_step(
        request,
        lambda: elections.close(election, by=_user(request)),
        _("Scrutin clos : le résultat est proclamé."),
    )
    return redirect("room:election", pk=meeting.pk, election_pk=election.pk)


@login_required
@require_POST
def election_withdraw(
    request: HttpRequest, pk: int, election_pk: int, candidate_pk: int
) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    election = _election_of(meeting, election_pk)
    candidate: Candidate = get_object_or_404(
        election.candidates.select_related("membership__person"), pk=candidate_pk
    )
    run_step(
        request,
        lambda: elections.withdraw(election, candidate, by=_user(request)),
        _("Retrait de %(name)s noté.") % {"name": candidate.membership.person.display_name},
    )
    return redirect("room:election", pk=meeting.pk, election_pk=election.pk)


@login_required
@require_POST
def election_next_round(request: HttpRequest, pk: int, election_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    election = _election_of(meeting, election_pk)
    try:
        following = elections.open_next_round(election, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("room:election", pk=meeting.pk, election_pk=election.pk)
    messages.success(request, _("Tour n° %(n)d ouvert.") % {"n": following.round})
    return redirect("room:election", pk=meeting.pk, election_pk=following.pk)


@login_required
@require_http_methods(["GET", "POST"])
def election_ballot(request: HttpRequest, pk: int, election_pk: int) -> HttpResponse:
    """A member votes on their own device; the page never shows, nor keeps, what they chose."""
    meeting, membership = access.get_meeting_for_answer(request, pk)
    election = _election_of(meeting, election_pk)
    user = _user(request)
    return ballot_page(
        request,
        meeting,
        membership,
        lambda: elections.cast(election, request.POST.get("choice", ""), by=user),
        "sittings/room_election_ballot.html",
        lambda: {
            "election": election,
            "candidates": list(
                election.candidates.filter(withdrawn=False).select_related("membership__person")
            ),
            "blank": elections.BLANK,
            "voted": elections.has_voted(election, user),
        },
    )
