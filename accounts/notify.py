"""E-mails to people about a step of a workflow: one message each, in the person's language,
queued only once the step's transaction has committed (never for a step rolled back) and
sent by the task queue (accounts.tasks), so that a request never waits for the mail server.

The request decides who is told and queues one task; that task renders each person's message
and queues one sending task per message. A council of 3,000 members costs the request one
query and one task, not 3,000 renderings (issue 12 §1.5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.utils import translation
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.tasks import Attachment, fan_out_notification


def notify(
    people: Iterable[User],
    subject: StrOrPromise | Callable[[], str],
    template: str,
    context: Mapping[str, object],
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """`subject` is lazy, or a function when it interpolates (`lambda: _("… %(x)s") % …`):
    it is rendered, like the body, in each person's language, never in the sender's.
    `context` travels to the task worker (pickled): model instances and plain values."""
    recipients = [p for p in people if p.email]
    ids = list(dict.fromkeys(p.pk for p in recipients))
    if not ids:
        return
    files: list[Attachment] = list(attachments)
    frozen = dict(context)
    worded = _per_language(subject, recipients) if callable(subject) else subject
    transaction.on_commit(lambda: fan_out_notification(ids, worded, template, frozen, files))


def _per_language(subject: Callable[[], str], people: Iterable[User]) -> dict[str, str]:
    """A function cannot travel to the worker: word it here, once per language of the
    recipients (two at most), and let the task pick each person's."""
    worded = {}
    for language in {p.language or "fr" for p in people}:
        with translation.override(language):
            worded[language] = str(subject())
    return worded
