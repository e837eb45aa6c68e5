"""Queued work of the accounts app: every notification e-mail, one task per message.

A request never waits for the mail server: accounts.notify queues one task per step once the
step has committed; that task renders each person's message (fan_out_notification) and queues
one sending task per message, tried again with a growing delay while the server is down (the
attempt travels with the task). Messages go over the worker's kept connection (accounts.smtp):
a step that tells three thousand members opens as many connections as there are workers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_stubs_ext import StrOrPromise
from huey.contrib.djhuey import db_task

from accounts import smtp
from accounts.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_DELAY = 30  # seconds; then 2 min, 8 min, 32 min, about 2 h: the server is back by then

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


def backoff(attempt: int) -> int:
    """Seconds to wait after the given (1-based) failed attempt."""
    return int(FIRST_DELAY * 4 ** (attempt - 1))


Subject = StrOrPromise | Mapping[str, str]  # lazy, or already worded per language


def message_for(
    person: User,
    subject: Subject,
    template: str,
    context: Mapping[str, object],
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    """One person's message, subject and body in their language (French by default)."""
    language = person.language or "fr"
    with translation.override(language):
        body = render_to_string(template, {**context, "person": person})
        title = (
            subject.get(language) or next(iter(subject.values()))
            if isinstance(subject, Mapping)
            else str(subject)
        )
        message = EmailMessage(title, body, to=[person.email])
    for name, content, mime in attachments:
        message.attach(name, content, mime)
    return message


def queue_messages(messages: Iterable[EmailMessage]) -> int:
    count = 0
    for message in messages:
        send_notification(message)
        count += 1
    return count


@db_task()
def fan_out_notification(
    person_ids: Sequence[int],
    subject: Subject,
    template: str,
    context: Mapping[str, object],
    attachments: Sequence[Attachment] = (),
) -> int:
    """Render each person's message and queue it; returns how many were queued."""
    found = User.objects.filter(pk__in=person_ids).exclude(email="").in_bulk()
    people = [found[pk] for pk in person_ids if pk in found]  # in the order the step chose
    return queue_messages(message_for(p, subject, template, context, attachments) for p in people)


@db_task()
def send_notification(message: EmailMessage, attempt: int = 1) -> str:
    try:
        smtp.send(message)
    except Exception as exc:
        if attempt >= MAX_ATTEMPTS:
            logger.error("notification to %s given up: %s", message.to, exc)
            return "failed"
        delay = backoff(attempt)
        logger.warning("notification to %s failed, again in %s s: %s", message.to, delay, exc)
        send_notification.schedule((message, attempt + 1), delay=delay)
        return "retry"
    return "sent"
