"""The meeting room: the page the president and the secretary run the sitting from, the live
view every reader of the council follows (and its JSON), the secret ballot page, the
sign-in sheet. Thin views: steps from sittings.actions.room and .votes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.grammar import elide
from accounts.models import User
from conseils.steps import run_step
from councils import roles
from councils.models import Membership
from documents.pdf import pdf_response, render_pdf
from meetings import access, lifecycle
from meetings.actions.schedule import MeetingPlan
from meetings.models import AgendaItem, Meeting
from sittings.actions import elections, floor, room, sheet, votes
from sittings.models import Election, ItemNotes, Vote, VoteChoice

# --- access ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every caller is behind login_required
    return request.user


def _meeting_to_run(request: HttpRequest, pk: int) -> tuple[Meeting, User | None]:
    """Readers who do not run the room get 403, everyone else 404 (as for the meeting)."""
    meeting = access.get_meeting_for_user(request, pk)
    secretary = roles.session_secretary(meeting)
    if not roles.may_run_room(request.user, meeting, secretary):
        raise PermissionDenied
    return meeting, secretary


def _vote_of(meeting: Meeting, vote_pk: int) -> Vote:
    vote: Vote = get_object_or_404(meeting.votes.select_related("agenda_item"), pk=vote_pk)
    vote.meeting = meeting
    return vote


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("room:room", args=[meeting.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- what the pages show ------------------------------------------------------------------


def quorum_sentence(state: room.RoomState) -> str:
    values = {
        "counted": state.counted,
        "required": state.required,
        "office": state.count.members_in_office,
    }
    if state.reached:
        return (
            ngettext(
                "Quorum atteint : %(counted)d membre compté, %(required)d requis "
                "(%(office)d membres votants en exercice).",
                "Quorum atteint : %(counted)d membres comptés, %(required)d requis "
                "(%(office)d membres votants en exercice).",
                state.counted,
            )
            % values
        )
    return (
        ngettext(
            "Quorum non atteint : %(counted)d membre compté, %(required)d requis "
            "(%(office)d membres votants en exercice).",
            "Quorum non atteint : %(counted)d membres comptés, %(required)d requis "
            "(%(office)d membres votants en exercice).",
            state.counted,
        )
        % values
    )


def _rule_facts(state: room.RoomState) -> list[str]:
    rule = state.rules.quorum
    return [
        _("Les membres à distance comptent pour le quorum.")
        if rule.count_remote
        else _("Les membres à distance ne comptent pas pour le quorum."),
        _("Les procurations comptent pour le quorum.")
        if rule.count_proxies
        else _("Les procurations ne comptent pas pour le quorum ; elles comptent pour les votes."),
    ]


def _room_context(meeting: Meeting, state: room.RoomState) -> dict[str, Any]:
    """What the room page and the live view share; a fixed number of queries."""
    items = list(meeting.agenda_items.order_by("position", "pk"))
    notes = {n.agenda_item_id: n for n in ItemNotes.objects.filter(agenda_item__in=items)}
    all_votes = list(meeting.votes.order_by("opened_at", "pk"))
    all_elections = list(meeting.elections.order_by("opened_at", "pk"))
    for item in items:
        item.room_notes = notes.get(item.pk)  # type: ignore[attr-defined]
        item.room_votes = [v for v in all_votes if v.agenda_item_id == item.pk]  # type: ignore[attr-defined]
        item.room_elections = [e for e in all_elections if e.agenda_item_id == item.pk]  # type: ignore[attr-defined]
    return {
        "meeting": meeting,
        "council": meeting.council,
        "state": state,
        "sentence": quorum_sentence(state),
        "rule_facts": _rule_facts(state),
        "quorum_rule": state.rules.quorum,
        "majority_rule": state.rules.majority,
        "items": items,
        "open_vote": next((v for v in all_votes if not v.is_closed), None),
        "open_election": next((e for e in all_elections if not e.is_closed), None),
        "may_deliberate": room.may_deliberate(meeting),
    }


def _election_kinds(meeting: Meeting) -> list[tuple[str, str]]:
    """The president's two-round election is the conseil d'institut's (D. 721-2) only; there
    it comes first."""
    kinds = [(value, str(label)) for value, label in Election.Kind.choices]
    if meeting.council.council_type == elections.PRESIDENT_COUNCIL:
        return sorted(kinds, key=lambda k: k[0] != Election.Kind.PRESIDENT)
    return [k for k in kinds if k[0] != Election.Kind.PRESIDENT]


# --- the room (president, secretary, head of mention, director) --------------------------


@login_required
def room_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, secretary = _meeting_to_run(request, pk)
    state = room.load_room(meeting, secretary=secretary)
    user = _user(request)
    context = _room_context(meeting, state)
    draft = meeting.minutes.filter(status="draft").first()
    context |= {
        "statuses": room.Status.choices,
        "sheet_rows": _sheet_rows(state),
        "here_statuses": [room.Status.PRESENT, room.Status.REMOTE],
        "methods": Vote.Method.choices,
        "majorities": Vote.Majority.choices,
        "choices": VoteChoice.choices,
        "election_kinds": _election_kinds(meeting),
        "voting_seats": [s for s in state.seats if s.voting],
        "reconvocation": room.reconvocation_for(meeting),
        "reconvened_as": list(meeting.reconvened_as.all()),
        "is_secretary": secretary is not None and secretary.pk == user.pk,
        # Whoever runs the room without being its secretary is an organiser or the president:
        # those who designate the secretary (minutes.actions.start).
        "can_designate": secretary is None,
        "can_reconvene": roles.may_organise(user, meeting.council),
        "draft_minutes": draft,
    }
    if lifecycle.allowed(meeting, "keep_speakers"):
        context["speaking"], context["waiting"] = floor.queue(meeting)
        context["floor_item"] = floor.current_item(meeting)
        context["keeps_floor"] = True
    # While it sits the sheet is open (lifecycle: in session, no precondition); asking would
    # cost two queries at every refresh of the room. Before and after, the lifecycle says.
    sitting = meeting.opened_at is not None and meeting.closed_at is None
    refused = None if sitting else lifecycle.refusal(meeting, "record_attendance")
    context["sheet_open"] = refused is None
    if meeting.opened_at is None:  # before the sitting: may it start, and on what terms
        context["refused"] = refused
        context["urgency"] = lifecycle.urgency_needed(meeting)
    return render(request, "sittings/room.html", context)


@login_required
@require_POST
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    run_step(
        request,
        lambda: room.prepare_room(meeting, by=_user(request)),
        _("Feuille de présence établie à partir des réponses des membres."),
    )
    return _back(meeting, "attendance")


# Each status agreed with the person it is said of, for the sheet's labels.
FEMININE = {
    room.Status.PRESENT: pgettext_lazy("femme", "présente"),
    room.Status.REMOTE: pgettext_lazy("femme", "à distance"),
    room.Status.ABSENT: pgettext_lazy("femme", "absente"),
    room.Status.EXCUSED: pgettext_lazy("femme", "excusée"),
    room.Status.REPRESENTED: pgettext_lazy("femme", "représentée"),
}


def _sheet_rows(state: room.RoomState) -> list[tuple[room.Seat, list[tuple[str, Any]]]]:
    """Each seat with its statuses labelled for that person (agreement with their sex)."""
    rows = []
    for seat in state.seats:
        female = seat.membership.person.sex == User.Sex.FEMALE
        rows.append(
            (
                seat,
                [
                    (value, FEMININE[room.Status(value)] if female else label)
                    for value, label in room.Status.choices
                ],
            )
        )
    return rows


def _digits(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() else None


@login_required
@require_POST
def sheet_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole sheet at once: one radio group per member (status-<pk>), a holder for each
    proxy (proxy-<pk>). A refused line leaves every line as it was."""
    meeting, _secretary = _meeting_to_run(request, pk)
    lines = []
    for key in request.POST:
        member = _digits(key.removeprefix("status-")) if key.startswith("status-") else None
        if member is not None:
            holder = _digits(request.POST.get(f"proxy-{member}", ""))
            lines.append(sheet.Line(member, request.POST.get(key, ""), holder))
    run_step(
        request,
        lambda: sheet.save_sheet(meeting, lines, by=_user(request)),
        lambda changed: (
            ngettext(
                "Feuille de présence enregistrée : %(n)d ligne modifiée.",
                "Feuille de présence enregistrée : %(n)d lignes modifiées.",
                changed,
            )
            % {"n": changed}
        ),
    )
    return _back(meeting, "attendance")


@login_required
@require_POST
def all_present(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    run_step(
        request,
        lambda: sheet.mark_everyone_present(meeting, by=_user(request)),
        lambda changed: (
            ngettext(
                "%(n)d membre noté présent ; notez maintenant les exceptions.",
                "%(n)d membres notés présents ; notez maintenant les exceptions.",
                changed,
            )
            % {"n": changed}
        ),
    )
    return _back(meeting, "attendance")


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """A member says they are here from their own device (the live view's button)."""
    meeting, _membership = access.get_meeting_for_answer(request, pk)
    user = _user(request)
    run_step(request, lambda: sheet.check_in(meeting, by=user), _checked_in(user))
    return redirect("room:live", pk=meeting.pk)


def _checked_in(user: User) -> str:
    if user.sex == User.Sex.FEMALE:
        return _("Vous êtes notée présente.")
    if user.sex == User.Sex.MALE:
        return _("Vous êtes noté présent.")
    return _("Votre présence est notée.")


def _check_in_label(user: User) -> str:
    if user.sex == User.Sex.FEMALE:
        return _("Je suis présente")
    if user.sex == User.Sex.MALE:
        return _("Je suis présent")
    return _("Je suis là")


def _seat(meeting: Meeting, membership_pk: int) -> Any:
    return get_object_or_404(
        meeting.convoked_memberships().select_related("person"), pk=membership_pk
    )


@login_required
@require_POST
def presence(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    membership = _seat(meeting, membership_pk)
    holder_pk = request.POST.get("proxy_to") or ""
    status = request.POST.get("status", "")
    holder = (
        _seat(meeting, int(holder_pk))
        if status == room.Status.REPRESENTED and holder_pk.isascii() and holder_pk.isdigit()
        else None
    )
    run_step(
        request,
        lambda: room.set_presence(meeting, membership, status, by=_user(request), proxy_to=holder),
        elide(
            membership.person.display_name,
            _("Présence de {name} enregistrée."),
            _("Présence d’{name} enregistrée."),
        ),
    )
    return _back(meeting, f"seat-{membership.pk}")


@login_required
@require_POST
def movement(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    membership = _seat(meeting, membership_pk)
    name = membership.person.display_name
    if request.POST.get("kind") == "left":
        step = room.record_departure
        done = elide(name, _("Départ de {name} noté."), _("Départ d’{name} noté."))
    else:
        step = room.record_return
        done = elide(name, _("Retour de {name} noté."), _("Retour d’{name} noté."))
    run_step(request, lambda: step(meeting, membership, by=_user(request)), done)
    return _back(meeting, f"seat-{membership.pk}")


@login_required
@require_POST
def open_sitting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    run_step(
        request,
        lambda: room.open_sitting(
            meeting, by=_user(request), urgency=request.POST.get("urgency", "")
        ),
        _("Séance ouverte ; le quorum constaté à l’ouverture est enregistré."),
    )
    return _back(meeting)


@login_required
@require_POST
def close_sitting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    run_step(
        request,
        lambda: room.close_sitting(meeting, by=_user(request)),
        _("Séance levée."),
    )
    return _back(meeting)


def _plan_from(request: HttpRequest, meeting: Meeting) -> MeetingPlan:
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        hour = dt.time.fromisoformat(request.POST.get("time", ""))
    except ValueError:
        raise ValidationError(_("Indiquez la date et l’heure de la nouvelle séance.")) from None
    return MeetingPlan(
        starts_at=timezone.make_aware(dt.datetime.combine(day, hour)),
        duration_minutes=meeting.duration_minutes,
        place=request.POST.get("place", ""),
        video_url=request.POST.get("video_url", ""),
        subcouncil=meeting.subcouncil,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reconvene(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal the rule makes when the quorum failed, and its confirmation."""
    meeting, _secretary = _meeting_to_run(request, pk)
    proposal = room.reconvocation_for(meeting)
    if request.method == "POST":
        try:
            new = room.reconvene(meeting, _plan_from(request, meeting), by=_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Nouvelle séance convoquée ; elle délibère quel que soit le nombre de présents."),
            )
            return redirect("meetings:detail", pk=new.pk)
    return render(
        request,
        "sittings/room_reconvene.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "proposal": proposal,
            "reconvened_as": list(meeting.reconvened_as.all()),
            "can_reconvene": roles.may_organise(request.user, meeting.council),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def notes(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    item: AgendaItem = get_object_or_404(meeting.agenda_items.all(), pk=item_pk)
    item.meeting = meeting
    run_step(
        request,
        lambda: room.save_notes(item, request.POST.get("text", ""), by=_user(request)),
        _("Notes du point « %(title)s » enregistrées.") % {"title": item.title},
    )
    return _back(meeting, f"item-{item.pk}")


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, secretary = _meeting_to_run(request, pk)
    state = room.load_room(meeting, secretary=secretary)
    data = render_pdf(
        "sittings/room_sign_in_pdf.html",
        {"meeting": meeting, "council": meeting.council, "state": state},
    )
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return pdf_response(data, f"emargement-{day}.pdf")


# --- votes (run from the room) ------------------------------------------------------------


@login_required
@require_POST
def vote_open(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    item: AgendaItem = get_object_or_404(meeting.agenda_items.all(), pk=item_pk)
    item.meeting = meeting
    try:
        vote = votes.open_vote(
            item,
            by=_user(request),
            question=request.POST.get("question", ""),
            method=request.POST.get("method", ""),
            majority=request.POST.get("majority", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(meeting, f"item-{item.pk}")
    messages.success(request, _("Vote ouvert : %(question)s") % {"question": vote.question})
    return redirect("room:vote", pk=meeting.pk, vote_pk=vote.pk)


@login_required
@require_http_methods(["GET", "POST"])
def vote_page(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    """The secretary counts the hands or calls the roll; the president closes."""
    meeting, secretary = _meeting_to_run(request, pk)
    vote = _vote_of(meeting, vote_pk)
    if request.method == "POST":
        _record_vote(request, vote)
        return redirect("room:vote", pk=meeting.pk, vote_pk=vote.pk)
    state = room.load_room(meeting, secretary=secretary)
    named = {n.membership_id: n.choice for n in vote.named_votes.all()}
    voters = [
        (seat, state.voters[seat.membership.pk], named.get(seat.membership.pk, ""))
        for seat in state.seats
        if seat.membership.pk in state.voters
    ]
    return render(
        request,
        "sittings/room_vote.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "vote": vote,
            "state": state,
            "voters": voters,
            "choices": VoteChoice.choices,
            "ballots_text": ballots_text(vote.voters.count()) if vote.is_secret else None,
            "not_voted": not_voted_text(state, vote.voters.count()) if vote.is_secret else "",
            "casting_vote": state.rules.majority.casting_vote and not vote.is_secret,
            "majority_rule": state.rules.majority,
        },
    )


def not_voted_text(state: room.RoomState, registered: int) -> str:
    """Told before a secret round is closed: how many called to vote have not voted yet."""
    n = max(len(state.voters) - registered, 0)
    if not n:
        return ""
    return ngettext(
        "%(n)d membre appelé à voter n’a pas encore voté.",
        "%(n)d membres appelés à voter n’ont pas encore voté.",
        n,
    ) % {"n": n}


def ballots_text(n: int) -> str:
    """The live count of a secret ballot, worded in the reader's language."""
    return ngettext("%(n)d bulletin déposé", "%(n)d bulletins déposés", n) % {"n": n}


def _count(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError(_("Les décomptes sont des nombres entiers positifs ou nuls."))
    return int(raw)


def _record_vote(request: HttpRequest, vote: Vote) -> None:
    by = _user(request)
    if vote.method == Vote.Method.SHOW_OF_HANDS:

        def step() -> None:
            votes.record_show_of_hands(
                vote,
                by=by,
                votes_for=_count(request, "votes_for"),
                votes_against=_count(request, "votes_against"),
                abstentions=_count(request, "abstentions"),
            )

        run_step(request, step, _("Décompte enregistré."))
        return
    member = request.POST.get("membership", "")
    choice = request.POST.get("choice", "")
    run_step(
        request,
        lambda: votes.record_named_vote(
            vote, int(member) if member.isascii() and member.isdigit() else 0, choice, by=by
        ),
        _("Vote enregistré."),
    )


@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    meeting, _secretary = _meeting_to_run(request, pk)
    vote = _vote_of(meeting, vote_pk)
    try:
        closed = votes.close_vote(
            vote, by=_user(request), president_vote=request.POST.get("president_vote", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("room:vote", pk=meeting.pk, vote_pk=vote.pk)
    messages.success(request, _("Vote clos : %(result)s.") % {"result": closed.result_label})
    return _back(meeting, f"item-{vote.agenda_item_id}")


# --- what every reader sees live, and the secret ballot ----------------------------------


@login_required
def live(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    state = room.load_room(meeting)
    context = _room_context(meeting, state)
    context["mine"] = _my_ballots(request, meeting, context["open_vote"])
    election = context["open_election"]
    seat = roles.seat_of(request.user, meeting.council) if election else None
    if election is not None and seat is not None:
        context["mine_election"] = {
            "seat": seat,
            "voted": elections.has_voted(election, _user(request)),
        }
    context["can_run"] = roles.may_run_room(request.user, meeting, state.secretary)
    user = _user(request)
    if sheet.check_in_offered(user, meeting):
        context["check_in_label"] = _check_in_label(user)
    return render(request, "sittings/room_live.html", context)


def _my_ballots(request: HttpRequest, meeting: Meeting, vote: Vote | None) -> dict[str, Any]:
    """Whether the reader may still cast a ballot in the open secret vote."""
    if vote is None or not vote.is_secret:
        return {}
    seat = roles.seat_of(request.user, meeting.council)
    if seat is None:
        return {}
    return {"seat": seat, "voted": votes.has_voted(vote, _user(request))}


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the live view polls. While a secret ballot is open, only the number of voters is
    given: a running count would tell who voted what, one ballot after the other."""
    meeting = access.get_meeting_for_user(request, pk)
    state = room.load_room(meeting)
    all_votes = list(meeting.votes.select_related("agenda_item").order_by("opened_at", "pk"))
    open_secret = [v for v in all_votes if v.is_secret and not v.is_closed]
    cast = {v.pk: v.voters.count() for v in open_secret}
    c = state.count
    payload = {
        "opened": meeting.opened_at is not None,
        "closed": meeting.closed_at is not None,
        "quorum": {
            "reached": state.reached,
            "counted": state.counted,
            "required": state.required,
            "members_in_office": c.members_in_office,
            "present": c.present,
            "remote": c.remote,
            "represented": c.represented,
            "sentence": quorum_sentence(state),
        },
        "secretary": state.secretary.display_name if state.secretary else None,
        "votes": [
            {
                "id": v.pk,
                "item": v.agenda_item.title,
                "question": v.question,
                "method": v.get_method_display(),
                "open": not v.is_closed,
                "ballots_cast": cast.get(v.pk),
                "ballots_text": ballots_text(cast[v.pk]) if cast.get(v.pk) is not None else None,
                "result": v.result_label,
            }
            for v in all_votes
        ],
    }
    response = JsonResponse(payload)
    response["Cache-Control"] = "no-store"
    return response


def ballot_page(
    request: HttpRequest,
    meeting: Meeting,
    membership: Membership,
    cast: Callable[[], object],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """A member's ballot on their own device, a vote's or an election's: cast it, or show the
    page (422 after a refused ballot). `context` is read after the cast: "voted" changes."""
    if request.method == "POST" and run_step(request, cast, _("Votre bulletin est dans l’urne.")):
        return redirect("room:live", pk=meeting.pk)
    state = room.load_room(meeting)
    return render(
        request,
        template,
        {
            "meeting": meeting,
            "council": meeting.council,
            "weight": state.voters.get(membership.pk),
            **context(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    """A member votes on their own device; the page never shows, nor keeps, what they chose."""
    meeting, membership = access.get_meeting_for_answer(request, pk)
    vote = _vote_of(meeting, vote_pk)
    user = _user(request)
    return ballot_page(
        request,
        meeting,
        membership,
        lambda: votes.cast_ballot(vote, request.POST.get("choice", ""), by=user),
        "sittings/room_ballot.html",
        lambda: {
            "vote": vote,
            "choices": VoteChoice.choices,
            "voted": votes.has_voted(vote, user),
        },
    )
