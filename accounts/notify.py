"""E-mails to people about a step of a workflow: one message each, in the person's language,
queued only once the step's transaction has committed (never for a step rolled back) and
sent by the task queue (accounts.tasks), so that a request never waits for the mail server."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.tasks import send_notification


def notify(
    people: Iterable[User],
    subject: StrOrPromise | Callable[[], str],
    template: str,
    context: Mapping[str, object],
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """`subject` is lazy, or a function when it interpolates (`lambda: _("… %(x)s") % …`):
    it is rendered, like the body, in each person's language, never in the sender's."""
    recipients = {p.pk: p for p in people if p.email}
    files = list(attachments)
    messages = []
    for person in recipients.values():
        with translation.override(person.language or "fr"):
            body = render_to_string(template, {**context, "person": person})
            title = subject() if callable(subject) else str(subject)
            message = EmailMessage(title, body, to=[person.email])
        for name, content, mime in files:
            message.attach(name, content, mime)
        messages.append(message)
    if not messages:
        return

    def enqueue() -> None:
        for message in messages:
            send_notification(message)

    transaction.on_commit(enqueue)
