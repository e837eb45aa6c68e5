"""Queued work of the convocations app: delivering convocations.

The member's row is the unit of work: a task first claims it (one conditional UPDATE: still
queued, nobody's lease running) and takes a lease; only the claimant sends, and it marks the
member sent in the transaction that records the SMTP success. A worker killed mid-send leaves a
lease that runs out; `requeue_stuck`, a periodic task, queues such members again (and members
whose task was lost before anyone claimed them).

A task carries up to BATCH members (the members of one convocation, queued together): their
convocation, its agenda and its signed PDF are read once for all, and their e-mails leave one
after another on the worker's kept connection (accounts.smtp). Each member keeps their own
claim, lease, attempt count and record: a failure is that member's alone, recorded with its
back-off and retried by a task of its own, while the batch goes on over a new connection. A
member of a batch whose worker died is either claimed (their lease runs out) or still queued
as they were (their task is lost): `requeue_stuck` finds both.

The one window left is a crash after the mail server accepted the message and before the
commit: the member is then sent again once. Every attempt carries the same Message-ID, so a
mail client shows the two copies as one message.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.exceptions import RetryTask

from accounts import smtp
from convocations import delivery, document
from convocations.mail import build_message
from convocations.models import Convocation, Recipient
from meetings.models import AgendaItem

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 25  # members a task serves: enough to spread the work (and its cost) over few tasks
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


@dataclass(frozen=True)
class Retry:
    """A failed attempt to try again after `delay` seconds (the member is held until then)."""

    reason: str
    delay: int


@dataclass(frozen=True)
class Letter:
    """What every member of one convocation receives alike, read once per task."""

    convocation: Convocation
    sha: str
    pdf: bytes
    agenda: list[AgendaItem]


def letter_of(convocation_id: int) -> Letter:
    convocation = Convocation.objects.select_related(
        "meeting__council__institution__director", "meeting__council__programme__head"
    ).get(pk=convocation_id)
    with convocation.signed_pdf.open("rb") as fh:
        pdf = fh.read()
    agenda = document.agenda_of(convocation.meeting)
    return Letter(convocation, convocation.signed_sha256, pdf, agenda)


def rows(recipient_ids: Iterable[int]) -> QuerySet[Recipient]:
    """The members as a task needs them, with the SHA-256 their convocation is signed with."""
    return (
        Recipient.objects.filter(pk__in=list(recipient_ids))
        .select_related("person", "guest")
        .annotate(signed_sha256=F("convocation__signed_sha256"))
        .order_by("pk")
    )


class Deliveries:
    """One task's deliveries: each convocation read once, each member claimed and recorded."""

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url
        self.letters: dict[int, Letter] = {}

    def letter(self, convocation_id: int, sha: str) -> Letter:
        held = self.letters.get(convocation_id)
        if held is None or held.sha != sha:  # signed again since it was read: read it again
            held = self.letters[convocation_id] = letter_of(convocation_id)
        return held

    def deliver(self, recipient: Recipient) -> str | Retry:
        """Deliver one member's convocation (a row of `rows`); what happened, or a Retry."""
        sha: str = recipient.signed_sha256  # type: ignore[attr-defined]  # rows() annotates it
        if recipient.status == Recipient.Status.SENT and recipient.sent_sha256 == sha:
            return "already sent"
        if recipient.status != Recipient.Status.QUEUED or not sha:
            return "not queued"
        if not claim(recipient.pk):
            return "busy"  # another worker holds this very e-mail, or its back-off runs
        # As claimed: "Renvoyer" may have changed the address and the count since the read.
        recipient.attempts, recipient.email = (
            Recipient.objects.filter(pk=recipient.pk).values_list("attempts", "email").get()
        )
        letter = self.letter(recipient.convocation_id, sha)
        recipient.convocation = letter.convocation
        try:
            message = build_message(
                recipient, letter.convocation, letter.pdf, letter.agenda, self.base_url
            )
            smtp.send(message)
        except Exception as exc:
            return self.failed(recipient, exc)
        delivery.record_delivery(recipient, letter.sha)
        return "sent"

    def failed(self, recipient: Recipient, exc: Exception) -> str | Retry:
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
        return Retry(reason, delay)


def deliver(recipient_id: int, base_url: str = "") -> str:
    """Deliver one member's convocation; returns what happened (for logs and tests). A failure
    to try again raises RetryTask: huey runs the task again after the back-off."""
    found = rows([recipient_id]).first()
    if found is None:
        return "gone"
    outcome = Deliveries(base_url).deliver(found)
    if isinstance(outcome, Retry):
        raise RetryTask(outcome.reason, delay=outcome.delay)
    return outcome


def deliver_many(recipient_ids: list[int], base_url: str = "") -> Counter[str]:
    """Deliver several members' convocations, one after another; how many had each outcome.
    A member to try again gets a task of their own, due when their back-off ends."""
    deliveries = Deliveries(base_url)
    outcomes: Counter[str] = Counter()
    for recipient in rows(recipient_ids):
        outcome = deliveries.deliver(recipient)
        if isinstance(outcome, Retry):
            deliver_convocation.schedule((recipient.pk, base_url), delay=outcome.delay)
            outcome = "retry"
        outcomes[outcome] += 1
    outcomes["gone"] = len(recipient_ids) - sum(outcomes.values())
    return +outcomes


def batches(recipient_ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(recipient_ids), BATCH):
        yield recipient_ids[start : start + BATCH]


def queue(recipient_ids: list[int], base_url: str = "") -> None:
    """One task for each BATCH members."""
    for ids in batches(recipient_ids):
        deliver_convocations(ids, base_url)


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
    queue(ids)
    if ids:
        logger.warning("convocations: %d stuck deliveries queued again", len(ids))
    return len(ids)


# The tasks return nothing: huey would keep every result, which nobody reads, for ever.


@db_task(name="convocations.tasks.deliver_convocations")
def deliver_convocations(recipient_ids: list[int], base_url: str = "") -> None:
    outcomes = deliver_many(recipient_ids, base_url)
    logger.info("convocations delivered: %s", dict(outcomes))


# The name the task had in meetings.tasks: deliveries queued before the split still run. Also
# the task of one member's retry.
@db_task(name="meetings.tasks.deliver_convocation")
def deliver_convocation(recipient_id: int, base_url: str = "") -> None:
    logger.info("convocation %d: %s", recipient_id, deliver(recipient_id, base_url))


@HUEY.on_shutdown()
def close_connection() -> None:
    """A worker thread that stops closes its mail connection (accounts.smtp)."""
    smtp.drop()
