"""Queued work of the convocations app: delivering convocations, one member per task.

One task per member keeps a failure local (one bad address never holds back the others) and
lets several workers share a long batch. The member's row is the unit of work: a task first
claims it (one conditional UPDATE: still queued, nobody's lease running) and takes a lease;
only the claimant sends, and it marks the member sent in the transaction that records the SMTP
success. A worker killed mid-send leaves a lease that runs out; `requeue_stuck`, a periodic
task, queues such members again (and members whose task was lost before anyone claimed them).

The one window left is a crash after the mail server accepted the message and before the
commit: the member is then sent again once. Every attempt carries the same Message-ID, so a
mail client shows the two copies as one message.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from convocations import delivery, document
from convocations.mail import build_message
from convocations.models import Recipient

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY = 30  # seconds; then 2 min, 8 min, 32 min: a mail server back up within the hour
# Far longer than one SMTP exchange, even with a big PDF (5 minutes unless set).
LEASE = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
# A member still queued this long after anybody could claim them has lost their task.
STUCK_AFTER = timedelta(seconds=settings.DELIVERY_STUCK_AFTER_SECONDS)


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


_local = threading.local()


def connection() -> BaseEmailBackend:
    """This worker thread's connection to the mail server, kept open from one e-mail to the
    next (a batch of a thousand opens a handful of connections, not a thousand)."""
    backend = settings.EMAIL_BACKEND
    held: tuple[str, BaseEmailBackend] | None = getattr(_local, "held", None)
    if held is None or held[0] != backend:
        opened = get_connection(backend)
        opened.open()  # opened here, the backend leaves it open after each message
        held = (backend, opened)
        _local.held = held
    return held[1]


def drop_connection() -> None:
    """After an error the connection is in an unknown state: the next e-mail opens another."""
    held = getattr(_local, "held", None)
    _local.held = None
    if held is not None:
        try:
            held[1].close()
        except Exception:  # already broken: nothing more to close
            logger.debug("closing a broken SMTP connection failed", exc_info=True)


def send_message(message: EmailMultiAlternatives) -> None:
    """Send on the kept connection; one a server closed while idle is opened again once."""
    message.connection = connection()
    was_open = getattr(message.connection, "connection", None) is not None  # SMTP backend
    try:
        message.send()
    except smtplib.SMTPServerDisconnected:
        if not was_open:
            raise
        drop_connection()
        message.connection = connection()
        message.send()


def claim(recipient_id: int) -> bool:
    """Take the member for one attempt if still queued and nobody holds them: True if taken.

    One UPDATE with its condition: of two workers racing for the row, the database lets one
    change it; the other finds the condition false (PostgreSQL re-reads the row it waited for).
    """
    now = timezone.now()
    return bool(
        Recipient.objects.filter(pk=recipient_id, status=Recipient.Status.QUEUED)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .update(leased_until=now + LEASE, attempts=F("attempts") + 1)
    )


def deliver(recipient_id: int, base_url: str = "") -> str:
    """Deliver one member's convocation; returns what happened (for logs and the bench)."""
    recipient = (
        Recipient.objects.select_related(
            "person",
            "guest",
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
    if not claim(recipient_id):
        return "busy"  # another worker holds this very e-mail, or its back-off runs
    recipient.refresh_from_db(fields=["attempts", "email", "leased_until"])
    with convocation.signed_pdf.open("rb") as fh:
        pdf = fh.read()
    agenda = document.agenda_of(convocation.meeting)
    try:
        send_message(build_message(recipient, convocation, pdf, agenda, base_url))
    except Exception as exc:
        drop_connection()
        reason = describe(exc)
        final = is_permanent(exc) or recipient.attempts >= MAX_ATTEMPTS
        logger.warning("convocation to %s failed (%s): %s", recipient.email, final, reason)
        if final:
            delivery.record_failure(recipient, reason, final=True)
            return "failed"
        delay = backoff(recipient.attempts)
        delivery.record_failure(
            recipient, f"{reason} (nouvelle tentative dans {delay} s)", final=False, delay=delay
        )
        raise RetryTask(reason, delay=delay) from exc
    delivery.record_delivery(recipient, sha)
    return "sent"


def stuck() -> list[int]:
    """Members queued whom nobody could have held for STUCK_AFTER: their task is lost."""
    limit = timezone.now() - STUCK_AFTER
    return list(
        Recipient.objects.filter(status=Recipient.Status.QUEUED)
        .filter(Q(leased_until__lt=limit) | Q(leased_until__isnull=True, queued_at__lt=limit))
        .values_list("pk", flat=True)
    )


@db_periodic_task(crontab(minute="*"))
def requeue_stuck() -> int:
    """Queue again the members whose worker died or whose task was lost; claims keep it
    exactly-once if the first task turns up after all."""
    ids = stuck()
    for pk in ids:
        deliver_convocation(pk)
    if ids:
        logger.warning("convocations: %d stuck deliveries queued again", len(ids))
    return len(ids)


# The name the task had in meetings.tasks: deliveries queued before the split still run.
@db_task(name="meetings.tasks.deliver_convocation")
def deliver_convocation(recipient_id: int, base_url: str = "") -> str:
    return deliver(recipient_id, base_url)
