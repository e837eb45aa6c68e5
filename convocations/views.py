"""Convocation pages: read, sign (director), send (head of mention), follow, open (member).

Thin views: access from convocations.access, steps from convocations.actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from convocations import actions, document, register
from convocations.access import (
    directed_institutions,
    get_council_register,
    get_meeting_for_user,
    get_meeting_to_send,
    get_meeting_to_sign,
    get_recipient_by_token,
)
from convocations.models import Convocation, Recipient
from convocations.notice import notice_shortfall
from councils import roles
from councils.council_settings import notice_citation
from meetings.models import Meeting


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every caller is behind login_required
    return request.user


def _notice_context(meeting: Meeting) -> dict[str, Any]:
    return {
        "shortfall": notice_shortfall(meeting),
        "notice": notice_citation(meeting.council.council_type),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    convocation = actions.convocation_of(meeting)
    mine = None
    if convocation is not None and convocation.signed_pdf:
        mine = (
            convocation.recipients.filter(person=_user(request))
            .select_related("person", "convocation__meeting")
            .first()
        )
        if mine is not None and not roles.may_send_convocation(request.user, meeting.council):
            # A member who opens the page from the meeting has received it: that is the receipt.
            # Not the head who sends it (often a member too): they see it to manage it.
            actions.mark_opened(mine)
    recipients = (
        list(convocation.recipients.select_related("person")) if convocation is not None else []
    )
    current = actions.signature_is_current(meeting, convocation)
    context = {
        "meeting": meeting,
        "council": meeting.council,
        "convocation": convocation,
        "current": current,
        "can_sign": roles.may_sign_convocation(request.user, meeting.council)
        and actions.can_be_signed(meeting),
        "can_send": roles.may_send_convocation(request.user, meeting.council) and current,
        "send_count": actions.members_to_receive(meeting, convocation) if current else 0,
        "is_head": roles.may_send_convocation(request.user, meeting.council),
        "agenda_set": meeting.agenda_status == Meeting.AgendaStatus.SET,
        "changed_since_sent": actions.was_sent_before_agenda_change(meeting, convocation),
        "moved": actions.moved_since_signature(meeting, convocation),
        "can_read_register": roles.may_read_convocation_register(request.user, meeting.council),
        "progress": (progress := actions.progress_of(convocation)),
        "progress_text": progress_text(progress),
        "recipients": recipients,
        "mine": mine,
        "agenda": document.agenda_of(meeting),
        **_notice_context(meeting),
    }
    return render(request, "convocations/detail.html", context)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The signed PDF when it holds the agenda as set; otherwise a draft marked "projet"."""
    meeting = get_meeting_for_user(request, pk)
    convocation = actions.convocation_of(meeting)
    if convocation is not None and actions.signature_is_current(meeting, convocation):
        return _signed_pdf(convocation)
    data = actions.render_draft(document.load_meeting(meeting.pk))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="projet-{document.filename(meeting)}"'
    return response


def _signed_pdf(convocation: Convocation) -> FileResponse:
    return FileResponse(
        convocation.signed_pdf.open("rb"),
        content_type="application/pdf",
        filename=document.filename(convocation.meeting),
    )


@require_POST
@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_to_sign(request, pk)
    try:
        _convocation, signed_now = actions.sign_once(meeting, by=request.user)
    except actions.ConvocationError as exc:
        messages.error(request, str(exc))
    else:
        if signed_now:
            messages.success(request, _("Convocation signée."))
        else:
            messages.info(request, _("La convocation était déjà signée : rien n’a changé."))
    return redirect("convocations:detail", pk=meeting.pk)


@require_POST
@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_to_send(request, pk)
    try:
        report = actions.send(
            meeting,
            by=request.user,
            base_url=request.build_absolute_uri("/"),
            confirm_short_notice=request.POST.get("confirm_short_notice") == "1",
        )
    except actions.ShortNotice as exc:
        messages.error(
            request, f"{exc} " + _("Cochez la case de confirmation pour envoyer malgré tout.")
        )
    except actions.ConvocationError as exc:
        messages.error(request, str(exc))
    else:
        messages.add_message(request, *_send_message(report))
    return redirect("convocations:detail", pk=meeting.pk)


def progress_text(p: actions.Progress) -> str:
    """The counts of a sending batch in a sentence, in the reader's language (the page's
    script shows it as it comes, so the words are the server's, never the script's)."""
    return _("%(sent)s, %(failed)s, %(queued)s, %(opened)s — %(total)s.") % {
        "sent": ngettext("%(n)d envoyée", "%(n)d envoyées", p.sent) % {"n": p.sent},
        "failed": _("%(n)d en échec") % {"n": p.failed},
        "queued": _("%(n)d en file d’attente") % {"n": p.queued},
        "opened": ngettext("%(n)d ouverte", "%(n)d ouvertes", p.opened) % {"n": p.opened},
        "total": ngettext("%(n)d membre", "%(n)d membres", p.total) % {"n": p.total},
    }


def _send_message(report: actions.SendReport) -> tuple[int, str]:
    if not report.queued:
        # A second click: nothing happened, and the page must not say something did.
        already = ngettext(
            "%(n)d membre l’a déjà reçue", "%(n)d membres l’ont déjà reçue", report.already_sent
        ) % {"n": report.already_sent}
        in_flight = ngettext(
            "%(n)d envoi déjà en cours", "%(n)d envois déjà en cours", report.in_flight
        ) % {"n": report.in_flight}
        return messages.INFO, _("Rien de nouveau à envoyer : %(already)s, %(in_flight)s.") % {
            "already": already,
            "in_flight": in_flight,
        }
    launched = ngettext(
        "Envoi lancé : %(n)d membre", "Envoi lancé : %(n)d membres", report.queued
    ) % {"n": report.queued}
    if not report.already_sent:
        return messages.SUCCESS, launched + "."
    return messages.SUCCESS, ngettext(
        "%(launched)s ; %(n)d l’avait déjà reçue.",
        "%(launched)s ; %(n)d l’avaient déjà reçue.",
        report.already_sent,
    ) % {"launched": launched, "n": report.already_sent}


@require_POST
@login_required
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_to_send(request, pk)
    chosen = request.POST.get("recipient")
    if chosen and not (chosen.isascii() and chosen.isdigit()):
        messages.error(request, _("Destinataire inconnu : rien n’a été renvoyé."))
        return redirect("convocations:detail", pk=meeting.pk)
    try:
        report = actions.resend(
            meeting,
            by=request.user,
            recipient_ids=[int(chosen)] if chosen and chosen.isdigit() else None,
            base_url=request.build_absolute_uri("/"),
        )
    except actions.ConvocationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("Renvoi lancé : %(n)d membre.", "Renvoi lancé : %(n)d membres.", report.queued)
            % {"n": report.queued},
        )
    return redirect("convocations:detail", pk=meeting.pk)


@login_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the page during a long batch; the sender may leave and come back."""
    meeting = get_meeting_for_user(request, pk)
    p = actions.progress_of(actions.convocation_of(meeting))
    return JsonResponse(
        {
            "total": p.total,
            "queued": p.queued,
            "sent": p.sent,
            "failed": p.failed,
            "opened": p.opened,
            "percent": p.percent,
            "done": p.done,
            "text": progress_text(p),
        }
    )


@login_required
def to_sign(request: HttpRequest) -> HttpResponse:
    """The director's list: every meeting whose agenda is set and awaits a signature."""
    institutions = directed_institutions(request)
    return render(
        request,
        "convocations/to_sign.html",
        {"meetings": actions.awaiting_signature(request.user), "institutions": institutions},
    )


@require_POST
@login_required
def sign_batch(request: HttpRequest) -> HttpResponse:
    directed_institutions(request)
    ids = [int(v) for v in request.POST.getlist("meeting") if v.isascii() and v.isdigit()]
    # Only the director's own meetings are even looked up: others are silently absent.
    meetings = Meeting.objects.filter(
        pk__in=ids, council__in=roles.councils_of_director(_user(request))
    ).select_related("council__institution")
    refused_ids = set(ids) - {m.pk for m in meetings}
    result = actions.sign_many(meetings, by=request.user)
    if result.signed:
        n = len(result.signed)
        messages.success(
            request,
            ngettext("%(n)d convocation signée.", "%(n)d convocations signées.", n) % {"n": n},
        )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(n)d convocation déjà signée : rien n’a changé.",
                "%(n)d convocations déjà signées : rien n’a changé.",
                len(result.already),
            )
            % {"n": len(result.already)},
        )
    for meeting, reason in result.refused:
        messages.error(request, f"{meeting} : {reason}")
    if refused_ids:
        messages.error(request, _("Certaines séances ne relèvent pas de votre signature."))
    if not ids:
        messages.error(request, _("Cochez au moins une séance."))
    return redirect("convocations:to_sign")


@login_required
def council_register(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_register(request, pk)
    return render(
        request,
        "convocations/register.html",
        {"council": council, "entries": register.entries(council)},
    )


@login_required
def council_register_csv(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_register(request, pk)
    response = HttpResponse(register.as_csv(council), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registre-convocations-conseil-{council.pk}.csv"'
    )
    return response


@login_required
def council_register_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_register(request, pk)
    response = HttpResponse(register.as_pdf(council), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="registre-convocations-conseil-{council.pk}.pdf"'
    )
    return response


def member_open(request: HttpRequest, token: str) -> HttpResponse:
    """The member's page, from the link of their e-mail: opening it is the receipt."""
    recipient = get_recipient_by_token(token)
    actions.mark_opened(recipient)
    meeting = recipient.convocation.meeting
    return render(
        request,
        "convocations/member.html",
        {
            "recipient": recipient,
            "meeting": meeting,
            "council": meeting.council,
            "convocation": recipient.convocation,
            "agenda": document.agenda_of(meeting),
            "current": actions.signature_is_current(meeting, recipient.convocation),
            "moved": actions.moved_since_signature(meeting, recipient.convocation),
        },
    )


def member_pdf(request: HttpRequest, token: str) -> FileResponse:
    recipient: Recipient = get_recipient_by_token(token)
    actions.mark_opened(recipient)
    return _signed_pdf(recipient.convocation)
