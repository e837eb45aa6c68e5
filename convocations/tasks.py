"""Queued work of the convocations app: delivering convocations, one member per task.

One task per member keeps a failure local (one bad address never holds back the others) and
lets several workers share a long batch. Each task is idempotent: it delivers only if the
member has not received this very PDF (same SHA-256) yet, under a lock so that two workers
holding the same member never both send. (The SQLite queue cannot expire a lock: a worker
killed mid-send leaves it until the consumer starts with --flush-locks.)
"""

from __future__ import annotations

import logging
import smtplib

from huey.contrib.djhuey import HUEY, db_task
from huey.exceptions import RetryTask, TaskLockedException

from convocations import delivery, document
from convocations.mail import build_message
from convocations.models import Recipient

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY = 30  # seconds; then 2 min, 8 min, 32 min: a mail server back up within the hour


def backoff(attempt: int) -> int:
    """Seconds to wait after the given (1-based) failed attempt."""
    return int(FIRST_DELAY * 4 ** (attempt - 1))


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer about the address will not change by trying again; anything else may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = []
        for address, (code, msg) in exc.recipients.items():
            text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
            parts.append(f"{address} : {code} {text}")
        return "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        raw: bytes | str = exc.smtp_error
        readable = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        return f"{exc.smtp_code} {readable}"
    return f"{type(exc).__name__}: {exc}"


def deliver(recipient_id: int, base_url: str = "") -> str:
    """Deliver one member's convocation; returns what happened (for logs and the bench)."""
    try:
        with HUEY.lock_task(f"convocation-recipient-{recipient_id}"):
            return _deliver_locked(recipient_id, base_url)
    except TaskLockedException:
        return "busy"  # another worker is sending this very e-mail right now


def _deliver_locked(recipient_id: int, base_url: str) -> str:
    recipient = (
        Recipient.objects.select_related(
            "membership__person",
            "convocation__meeting__council__institution__director",
            "convocation__meeting__council__programme__head",
        )
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        return "gone"
    convocation = recipient.convocation
    sha = convocation.signed_sha256
    if recipient.status == Recipient.Status.SENT and recipient.sent_sha256 == sha:
        return "already sent"
    if recipient.status != Recipient.Status.QUEUED or not sha:
        return "not queued"
    recipient.attempts += 1
    Recipient.objects.filter(pk=recipient.pk).update(attempts=recipient.attempts)
    with convocation.signed_pdf.open("rb") as fh:
        pdf = fh.read()
    agenda = document.agenda_of(convocation.meeting)
    try:
        build_message(recipient, convocation, pdf, agenda, base_url).send()
    except Exception as exc:
        reason = describe(exc)
        final = is_permanent(exc) or recipient.attempts >= MAX_ATTEMPTS
        logger.warning("convocation to %s failed (%s): %s", recipient.email, final, reason)
        if final:
            delivery.record_failure(recipient, reason, final=True)
            return "failed"
        delay = backoff(recipient.attempts)
        delivery.record_failure(
            recipient, f"{reason} (nouvelle tentative dans {delay} s)", final=False
        )
        raise RetryTask(reason, delay=delay) from exc
    delivery.record_delivery(recipient, sha)
    return "sent"


# The name the task had in meetings.tasks: deliveries queued before the split still run.
@db_task(name="meetings.tasks.deliver_convocation")
def deliver_convocation(recipient_id: int, base_url: str = "") -> str:
    return deliver(recipient_id, base_url)
