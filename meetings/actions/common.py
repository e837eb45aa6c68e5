"""What every workflow step of meetings shares: its errors, the row lock, the e-mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import format_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.notify import notify
from meetings import ics
from meetings.lifecycle import InvalidTransition as InvalidTransition
from meetings.models import Meeting


class AnswerRefused(ValidationError):
    """An answer the council's rules do not allow (a proxy to a guest, over the cap…)."""


def locked(meeting: Meeting) -> Meeting:
    """Lock the row (two organisers acting at once serialise here) and keep loaded relations."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for field in [f.attname for f in Meeting._meta.concrete_fields]:
        setattr(meeting, field, getattr(fresh, field))
    return meeting


def mail_parts(
    subject: StrOrPromise, meeting: Meeting, context: Mapping[str, object]
) -> tuple[StrOrPromise, dict[str, object]]:
    """The subject (the council named after it) and the context every meeting e-mail has."""
    link = f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"
    return format_lazy("{} — {}", subject, meeting.council.name), {
        **context,
        "meeting": meeting,
        "link": link,
    }


def mail(
    people: Iterable[User],
    subject: StrOrPromise,
    template: str,
    meeting: Meeting,
    context: Mapping[str, object],
    invitation: tuple[str, bytes] | None = None,
    method: str | None = None,
) -> None:
    """One message per person in their language (French by default), after the commit."""
    full_subject, full_context = mail_parts(subject, meeting, context)
    notify(
        people,
        full_subject,
        template,
        full_context,
        attachments=[(*invitation, ics.mime_type(meeting, method))]
        if invitation is not None
        else (),
    )
