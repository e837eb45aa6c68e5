"""What the delivery task records: one member's e-mail sent or failed, and the convocation
marked sent once nobody is left in the queue. Called by convocations.tasks only."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit.log import record
from convocations.models import Convocation, Recipient


@transaction.atomic
def record_delivery(recipient: Recipient, sha: str) -> None:
    Recipient.objects.filter(pk=recipient.pk, status=Recipient.Status.QUEUED).update(
        status=Recipient.Status.SENT,
        sent_at=timezone.now(),
        sent_sha256=sha,
        last_error="",
        leased_until=None,
    )
    finish_if_delivered(recipient.convocation_id)


@transaction.atomic
def record_failure(recipient: Recipient, reason: str, *, final: bool, delay: int = 0) -> None:
    """A failed attempt keeps the member queued for the next try, held for the back-off
    `delay` (seconds); the last one fails them."""
    status = Recipient.Status.FAILED if final else Recipient.Status.QUEUED
    held = None if final else timezone.now() + timedelta(seconds=delay)
    Recipient.objects.filter(pk=recipient.pk).update(
        status=status, last_error=reason[:2000], leased_until=held
    )
    if final:
        convocation = recipient.convocation
        record(
            None,
            "convocation.delivery_failed",
            convocation,
            council_id=convocation.meeting.council_id,
            summary={"email": recipient.email, "reason": reason[:500]},
        )
        finish_if_delivered(recipient.convocation_id)


def finish_if_delivered(convocation_id: int) -> None:
    """The convocation is sent once nobody is left in the queue (failures included)."""
    if Recipient.objects.filter(
        convocation_id=convocation_id, status=Recipient.Status.QUEUED
    ).exists():
        return
    Convocation.objects.filter(pk=convocation_id, status=Convocation.Status.SENDING).update(
        status=Convocation.Status.SENT, sent_at=timezone.now()
    )
