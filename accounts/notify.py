"""E-mails to people about a step of a workflow: one message each, in the person's language,
queued only once the step's transaction has committed (never for a step rolled back) and
sent by the task queue (accounts.tasks), so that a request never waits for the mail server.

The request decides who is told and queues one task; that task renders each person's message
and queues one sending task per message. A council of 3,000 members costs the request one
query and one task, not 3,000 renderings (issue 12 §1.5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.tasks import Attachment, fan_out_notification


def notify(
    people: Iterable[User],
    subject: StrOrPromise,
    template: str,
    context: Mapping[str, object],
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """`subject` may be lazy: it is rendered, like the body, in each person's language.
    `context` travels to the task worker (pickled): model instances and plain values."""
    ids = list(dict.fromkeys(p.pk for p in people if p.email))
    if not ids:
        return
    files: list[Attachment] = list(attachments)
    frozen = dict(context)
    transaction.on_commit(lambda: fan_out_notification(ids, subject, template, frozen, files))
