"""Meetings pages: calendars, a meeting, its agenda circuit, answers, calendar feeds.

Thin views: access from meetings.access, steps from meetings.actions, month grids from
meetings.calendars.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.grammar import agree
from accounts.models import User
from conseils.compiled import Compiled, first_of
from conseils.steps import run_step
from councils import roles
from councils.access import get_institution_for_director
from meetings import access, actions, ics, lifecycle
from meetings.actions.guests import GUESTS
from meetings.calendars import calendar_context
from meetings.forms import (
    AnswerForm,
    AttachmentForm,
    FeedForm,
    GuestForm,
    ItemForm,
    MeetingForm,
    MoveForm,
    ReasonForm,
)
from meetings.models import (
    AgendaItem,
    Answer,
    Attachment,
    CalendarFeed,
    Meeting,
    MeetingChange,
    set_calendar_entry,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _invalid(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


def _status(request: HttpRequest) -> int:
    """A form sent back with errors is 422, so that scripts and tests see the refusal."""
    return 422 if request.method == "POST" else 200


# --- calendars -------------------------------------------------------------------------


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    # The councils the person reads, as ids read once (roles.standing_of): the calendar's two
    # queries each built and compiled their UNION of four lookups (~4,000 calls apiece).
    readable = roles.councils_read_in(roles.standing_of(request.user))
    meetings = Meeting.objects.filter(council__in=readable)
    context = calendar_context(request, meetings, scope="person")
    return render(request, "meetings/calendar.html", context)


@login_required
def council_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    council = access.get_council_calendar(request, pk)
    context = calendar_context(request, council.meetings.all(), scope="council")
    context |= {
        "council": council,
        "can_plan": roles.may_organise(request.user, council),
        "can_set_calendar": roles.may_set_calendar(request.user, council.institution),
    }
    return render(request, "meetings/calendar.html", context)


@login_required
def institution_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_director(request, pk)
    meetings = Meeting.objects.filter(council__institution=institution)
    context = calendar_context(request, meetings, scope="institution")
    context["institution"] = institution
    context["can_set_calendar"] = roles.may_set_calendar(request.user, institution)
    return render(request, "meetings/calendar.html", context)


# --- one meeting -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    council = access.get_council_to_plan(request, pk)
    form = MeetingForm(council, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.plan_meeting(council, form.plan(), by=_user(request))
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Séance ajoutée au calendrier prévisionnel."))
            if "another" in request.POST:
                return redirect("meetings:create", pk=council.pk)
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"council": council, "form": form},
        status=_status(request),
    )


# The meeting page's own queries, compiled once a day (conseils.compiled): the page built and
# compiled each of them anew, for SQL that only the meeting's and the seat's ids change.
_answer: Compiled[Answer] = Compiled(
    Answer,
    lambda meeting, seat: first_of(
        Answer.objects.filter(meeting=meeting, membership=seat).select_related("proxy_to__person")
    ),
)
_agenda: Compiled[AgendaItem] = Compiled(
    AgendaItem,
    lambda meeting: (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("attachments")
    ),
)
_loose_attachments: Compiled[Attachment] = Compiled(
    Attachment,
    lambda meeting: Attachment.objects.filter(meeting=meeting, agenda_item__isnull=True),
)
_changes: Compiled[MeetingChange] = Compiled(
    MeetingChange,
    lambda meeting: MeetingChange.objects.filter(meeting=meeting).select_related("by"),
)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    council = meeting.council
    # The council's current seats, read once: the person's seat and who leads the council
    # (asked here and by the follow-up block) are read from them.
    access.read_current_seats(council)
    user = request.user
    membership = roles.convoked_seat(user, meeting)
    mine = _answer.first(meeting.pk, membership.pk) if membership else None
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "council": council,
            "items": _agenda(meeting.pk),
            "loose_attachments": _loose_attachments(meeting.pk),
            "changes": _changes(meeting.pk),
            "can_organise": roles.may_organise(user, council),
            "can_follow": roles.leads(user, council),
            "membership": membership,
            "mine": mine,
            "started": meeting.starts_at <= timezone.now(),
            "set_entry": set_calendar_entry(meeting),
            "convoked": (
                list(meeting.convoked_memberships().select_related("person", "council"))
                if meeting.subcouncil_id
                else None
            ),
            "subcouncil_limit": meeting.subcouncil.limit if meeting.subcouncil else None,
        },
    )


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    name, content = ics.meeting_invitation(meeting)
    response = HttpResponse(content, content_type=ics.mime_type(meeting))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk, write=True)
    form = MoveForm(meeting.council, request.POST or None, initial=MoveForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_meeting(
                meeting, form.plan(), by=_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Séance déplacée ; les membres en sont informés."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"council": meeting.council, "meeting": meeting, "form": form},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk, write=True)
    return _reason_step(
        request,
        meeting,
        "cancel",
        lambda reason: actions.cancel_meeting(meeting, by=_user(request), reason=reason),
        _("Séance annulée ; les membres en sont informés."),
        "meetings:detail",
    )


def _reason_step(
    request: HttpRequest,
    meeting: Meeting,
    action: str,
    step: Callable[[str], object],
    done: str,
    next_page: str,
) -> HttpResponse:
    """A step that asks for a reason (cancel a meeting, reopen an agenda): the form, the
    action, then the message and the page to go back to."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step(form.cleaned_data["reason"])
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, done)
            return redirect(next_page, pk=meeting.pk)
    return render(
        request,
        "meetings/reason_form.html",
        {
            "meeting": meeting,
            "form": form,
            "action": action,
            # Who hears of a cancellation, for its confirmation (meetings.actions.cancel_meeting).
            "members_count": meeting.council.memberships.current().count(),
        },
        status=_status(request),
    )


# --- the agenda circuit ----------------------------------------------------------------


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    user = request.user
    items = list(meeting.agenda_items.select_related("presenter").prefetch_related("attachments"))
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "items": items,
            "loose_attachments": meeting.attachments.filter(agenda_item__isnull=True),
            "reopenings": meeting.reopenings.select_related("by"),
            "can_edit": roles.may_edit_agenda(user, meeting),
            "can_submit": meeting.agenda_status == Meeting.AgendaStatus.DRAFT
            and not meeting.is_cancelled
            and roles.may_organise(user, meeting.council),
            "can_set": meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED
            and not meeting.is_cancelled
            and roles.presides(user, meeting.council),
            "can_reopen": roles.may_reopen_agenda(user, meeting),
            "total_minutes": sum(i.duration_minutes or 0 for i in items),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_agenda(request, pk)
    form = ItemForm(meeting.council, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_agenda_item(meeting, form.draft(), by=_user(request))
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Point ajouté à l’ordre du jour."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/item_form.html",
        {"meeting": meeting, "form": form},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = access.get_item_for_agenda(request, pk, item_pk)
    meeting = item.meeting
    form = ItemForm(meeting.council, request.POST or None, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agenda_item(item, form.draft(), by=_user(request))
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Point modifié."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/item_form.html",
        {"meeting": meeting, "form": form, "item": item},
        status=_status(request),
    )


def _agenda_step(
    request: HttpRequest, pk: int, step: Callable[[], object], done: str
) -> HttpResponse:
    """Run one POSTed agenda step; its outcome comes back as a message on the agenda page."""
    run_step(request, step, done)
    return redirect("meetings:agenda", pk=pk)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = access.get_item_for_agenda(request, pk, item_pk)
    return _agenda_step(
        request,
        pk,
        lambda: actions.remove_agenda_item(item, by=_user(request)),
        _("Point retiré de l’ordre du jour."),
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = access.get_item_for_agenda(request, pk, item_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _agenda_step(
        request,
        pk,
        lambda: actions.move_agenda_item(item, offset, by=_user(request)),
        _("Point « %(title)s » déplacé.") % {"title": item.title},
    )


@login_required
@require_POST
def agenda_submit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk, write=True)
    return _agenda_step(
        request,
        pk,
        lambda: actions.submit_agenda(meeting, by=_user(request)),
        _("Ordre du jour proposé au président."),
    )


@login_required
@require_POST
def agenda_set(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, pk)
    return _agenda_step(
        request,
        pk,
        lambda: actions.set_agenda(meeting, by=_user(request)),
        _("Ordre du jour arrêté."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_to_reopen(request, pk)
    return _reason_step(
        request,
        meeting,
        "reopen",
        lambda reason: actions.reopen_agenda(meeting, reason, by=_user(request)),
        _("Ordre du jour rouvert ; le motif est conservé."),
        "meetings:agenda",
    )


# --- attachments -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_agenda(request, pk)
    form = AttachmentForm(meeting, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.add_attachment(
                meeting, upload, by=_user(request), item=form.cleaned_data["agenda_item"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Pièce jointe ajoutée."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/attachment_form.html",
        {"meeting": meeting, "form": form},
        status=_status(request),
    )


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Served through here only, to the meeting's readers: never from a public media URL."""
    item = access.get_attachment_for_user(request, pk, attachment_pk)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = access.get_attachment_for_user(request, pk, attachment_pk)
    return _agenda_step(
        request,
        pk,
        lambda: actions.remove_attachment(item, by=_user(request)),
        _("Pièce jointe retirée."),
    )


# --- answers ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, membership = access.get_meeting_for_answer(request, pk)
    current = Answer.objects.filter(meeting=meeting, membership=membership).first()
    initial = {"response": current.response, "proxy_to": current.proxy_to_id} if current else {}
    form = AnswerForm(membership, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.answer(
                meeting,
                membership,
                data["response"],
                by=_user(request),
                proxy_to=data["proxy_to"] if data["response"] == Answer.Response.PROXY else None,
            )
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Réponse enregistrée."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/answer_form.html",
        {"meeting": meeting, "membership": membership, "form": form, "current": current},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def guests(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's occasional guests; its organisers invite one more."""
    meeting = access.get_meeting_for_user(request, pk, write=True)
    form = GuestForm(request.POST or None)
    if request.method == "POST":
        lifecycle.require(meeting, "invite_guest")  # 409 naming the state, before any form error
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guest = actions.invite_guest(
                meeting,
                by=_user(request),
                quality=data["quality"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(
                request,
                agree(
                    guest.person,
                    _("%(name)s est invité à cette séance, sans voix délibérative."),
                    _("%(name)s est invitée à cette séance, sans voix délibérative."),
                )
                % {"name": guest.person.display_name},
            )
            return redirect("meetings:guests", pk=meeting.pk)
    return render(
        request,
        "meetings/guests.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "form": form,
            "guests": meeting.guests.select_related("person", "invited_by"),
            "can_invite": lifecycle.allowed(meeting, "invite_guest"),
            # The CPERs' page allows guests to the CPERs only: no other council's basis.
            "basis": GUESTS if meeting.council.under_cpers_page else None,
        },
        status=_status(request),
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_attendance(request, pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "estimate": actions.attendance_estimate(meeting),
        },
    )


# --- calendar feeds --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FeedForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        feed = actions.create_feed(user, by=user, council=form.cleaned_data["council"])
        messages.success(request, _("Adresse d’abonnement créée."))
        return redirect(f"{reverse('meetings:feeds')}#feed-{feed.pk}")
    active = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "council"
    )
    return render(
        request,
        "meetings/feeds.html",
        {
            "form": form,
            "feeds": [
                (f, request.build_absolute_uri(reverse("meetings:feed", args=[f.token])))
                for f in active
            ],
        },
        status=_status(request),
    )


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = access.get_own_feed(request, pk)
    actions.revoke_feed(feed, by=_user(request))
    messages.success(request, _("Adresse révoquée : elle ne fonctionne plus."))
    return redirect("meetings:feeds")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """What calendar programs fetch: no session, the secret token is the key."""
    subscription = access.get_feed_by_token(token)
    owner = subscription.user
    if subscription.council is not None:
        meetings = subscription.council.meetings.all()
        name = subscription.council.name
    else:
        meetings = Meeting.objects.visible_to(owner)
        name = _("Mes séances — %(name)s") % {"name": owner.display_name}
    meetings = meetings.select_related("council__programme__head", "subcouncil").order_by(
        "starts_at", "pk"
    )
    response = HttpResponse(ics.feed(meetings, name=name), content_type="text/calendar")
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = 'inline; filename="seances.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
