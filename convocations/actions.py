"""Convocation workflow: the director signs, the head of mention sends, members open.

Each step is one function and one transaction with its audit entry; views, the command line
and the API call these, never the models directly. Delivery itself (one e-mail per member)
runs in the task queue (convocations.tasks), which records each result through
convocations.delivery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from convocations import document, tasks
from convocations.models import Convocation, Recipient
from convocations.notice import notice_shortfall
from councils import roles
from documents import batch, signing
from meetings import lifecycle
from meetings.models import Meeting


class ConvocationError(Exception):
    """A step that cannot be taken now; the message is for the person who asked."""


class ShortNotice(ConvocationError):
    """The meeting is closer than the council's notice period and nobody confirmed."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def convocation_of(meeting: Meeting) -> Convocation | None:
    try:
        return meeting.convocation
    except Convocation.DoesNotExist:
        return None


def signature_is_current(meeting: Meeting, convocation: Convocation | None) -> bool:
    """A signature holds the meeting as it was when signed: the agenda set then, the date and
    place then. Reopening the agenda, setting it again or moving the meeting voids it."""
    if convocation is None or convocation.signed_at is None or not convocation.signed_pdf:
        return False
    return _still_holds(meeting, convocation.signed_at, convocation.signed_sequence)


def _still_holds(meeting: Meeting, signed_at: dt.datetime, sequence: int | None) -> bool:
    """Whether a document made at `signed_at` from the meeting at `sequence` is still right."""
    if meeting.agenda_status != Meeting.AgendaStatus.SET or meeting.is_cancelled:
        return False
    if sequence is not None and sequence != meeting.sequence:
        return False
    if meeting.guests.filter(invited_at__gt=signed_at).exists():
        return False  # the signed document names the occasional guests: one came since
    return meeting.agenda_set_at is None or meeting.agenda_set_at <= signed_at


def moved_since_signature(meeting: Meeting, convocation: Convocation | None) -> bool:
    """The signature is void because the meeting moved (date, time, place), its agenda being
    the one set before the signature: the pages say it moved, not that the agenda changed."""
    return (
        convocation is not None
        and convocation.signed_at is not None
        and convocation.signed_sequence is not None
        and convocation.signed_sequence != meeting.sequence
        and meeting.agenda_status == Meeting.AgendaStatus.SET
        and (meeting.agenda_set_at is None or meeting.agenda_set_at <= convocation.signed_at)
    )


def can_be_signed(meeting: Meeting) -> bool:
    return (
        meeting.agenda_status == Meeting.AgendaStatus.SET
        and not meeting.is_cancelled
        and not signature_is_current(meeting, convocation_of(meeting))
    )


def was_sent_before_agenda_change(meeting: Meeting, convocation: Convocation | None) -> bool:
    """Sent once, and the agenda was set again since the signature: sign and send again."""
    return (
        convocation is not None
        and convocation.sent_at is not None
        and not signature_is_current(meeting, convocation)
    )


def render_draft(meeting: Meeting) -> bytes:
    return document.render(meeting, signed_at=None)


# --- signing -----------------------------------------------------------------------------


def _locked_convocation(meeting: Meeting) -> Convocation:
    # get_or_create, then lock: two clicks (or a click and a batch) serialise here.
    Convocation.objects.get_or_create(meeting=meeting)
    return Convocation.objects.select_for_update().get(meeting=meeting)


def sign(meeting: Meeting, *, by: Any) -> Convocation:
    """Render the convocation as set and sign it with the director's key, in one step."""
    return sign_once(meeting, by=by)[0]


@dataclass(frozen=True)
class Prepared:
    """A convocation rendered and signed ahead of its transaction (sign_many, in worker
    processes): used if the meeting is still as it was read then, else made again."""

    signed_at: dt.datetime
    sequence: int
    identity: signing.SigningIdentity
    pdf: bytes
    signed: bytes


def _check_signable(meeting: Meeting, by: Any) -> None:
    """Raise PermissionDenied or ConvocationError if `by` may not sign the meeting now."""
    if not roles.may_sign_convocation(by, meeting.council):
        raise PermissionDenied
    if meeting.agenda_status != Meeting.AgendaStatus.SET:
        raise ConvocationError(_("L’ordre du jour n’est pas encore arrêté par le président."))
    if meeting.is_cancelled:
        raise ConvocationError(_("La séance est annulée."))
    _require_state(meeting, "sign_convocation")


@transaction.atomic
def sign_once(
    meeting: Meeting, *, by: Any, prepared: Prepared | None = None
) -> tuple[Convocation, bool]:
    """`sign`, and whether this call signed (False: it was already signed for this agenda)."""
    if not roles.may_sign_convocation(by, meeting.council):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting = document.load_meeting(meeting.pk)
    _check_signable(meeting, by)
    convocation = _locked_convocation(meeting)
    if signature_is_current(meeting, convocation):
        return convocation, False  # already signed for this agenda: a second click changes nothing
    try:
        identity = signing.configured_identity()
    except signing.SigningNotConfigured as exc:
        raise ConvocationError(exc.for_users()) from exc
    name = document.filename(meeting)
    if (
        prepared is not None
        and prepared.identity == identity
        and _still_holds(meeting, prepared.signed_at, prepared.sequence)
    ):
        now, pdf, signed = prepared.signed_at, prepared.pdf, prepared.signed
    else:
        now = timezone.now()
        pdf = document.render(meeting, signed_at=now, demo=identity.is_demo)
        signed = signing.sign_pdf(pdf, identity=identity, **_signature(meeting, by))
    convocation.pdf.save(name, ContentFile(pdf), save=False)
    convocation.signed_pdf.save(name, ContentFile(signed), save=False)
    convocation.signed_sha256 = sha256(signed)
    convocation.signed_at = now
    convocation.signed_by = by
    convocation.signed_with_demo_certificate = identity.is_demo
    convocation.signed_sequence = meeting.sequence
    convocation.status = Convocation.Status.SIGNED
    convocation.save()
    record(
        by,
        "convocation.signed",
        convocation,
        council_id=meeting.council_id,
        summary={"sha256": convocation.signed_sha256, "demo": identity.is_demo},
    )
    return convocation, True


def _signature(meeting: Meeting, by: Any) -> dict[str, str]:
    """What the director's signature says besides the key: who, why, where."""
    return {
        "name": by.display_name,
        "reason": f"Convocation — {meeting.council.name}",
        "location": meeting.council.institution.name,
    }


@dataclass
class BatchResult:
    signed: list[Meeting] = field(default_factory=list)
    already: list[Meeting] = field(default_factory=list)  # signed before: nothing done
    refused: list[tuple[Meeting, str]] = field(default_factory=list)


def sign_many(meetings: Iterable[Meeting], *, by: Any) -> BatchResult:
    """Sign several meetings; each in its own transaction, so one refusal stops no other.

    The PDFs are rendered and signed first, all at once in worker processes (documents.batch),
    outside any transaction; each meeting's transaction then keeps its own if the meeting has
    not changed since, and makes it again otherwise, as `sign` does."""
    meetings = list(meetings)
    prepared = _prepare(meetings, by)
    result = BatchResult()
    for meeting in meetings:
        try:
            _convocation, signed_now = sign_once(meeting, by=by, prepared=prepared.get(meeting.pk))
        except PermissionDenied:
            result.refused.append((meeting, _("Vous ne signez pas pour ce conseil.")))
        except ConvocationError as exc:
            result.refused.append((meeting, str(exc)))
        else:
            (result.signed if signed_now else result.already).append(meeting)
    return result


def _prepare(meetings: list[Meeting], by: Any) -> dict[int, Prepared]:
    """Render and sign, in worker processes, the meetings `sign_once` would sign now."""
    if not batch.processes_for(len(meetings)):
        return {}
    try:
        identity = signing.configured_identity()
    except signing.SigningNotConfigured:
        return {}  # sign_once says so, meeting by meeting
    reads: list[tuple[Meeting, dt.datetime]] = []
    jobs: list[batch.SignJob] = []
    for listed in meetings:
        # The moment is taken before the meeting is read: whatever changes the meeting later
        # is later than the signature and voids it (sign_once then renders it again).
        now = timezone.now()
        meeting = document.load_meeting(listed.pk)
        try:
            _check_signable(meeting, by)
        except (PermissionDenied, ConvocationError):
            continue  # refused by sign_once, with its reason
        if signature_is_current(meeting, convocation_of(meeting)):
            continue
        page = document.html(meeting, signed_at=now, demo=identity.is_demo)
        reads.append((meeting, now))
        jobs.append(batch.SignJob(html=page, **_signature(meeting, by)))
    done = batch.render_and_sign(jobs, identity)
    return {
        meeting.pk: Prepared(now, meeting.sequence, identity, *rendered)
        for (meeting, now), rendered in zip(reads, done, strict=True)
        if rendered is not None
    }


def awaiting_signature(user: Any) -> list[Meeting]:
    """Meetings of the institutions the person directs whose agenda is set and unsigned."""
    if not user.is_authenticated:
        return []
    meetings = (
        Meeting.objects.filter(
            council__in=roles.councils_of_director(user),
            agenda_status=Meeting.AgendaStatus.SET,
            starts_at__gte=timezone.now(),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("council__programme", "convocation")
        .order_by("starts_at")
    )
    return [m for m in meetings if not signature_is_current(m, convocation_of(m))]


# --- sending -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SendReport:
    queued: int
    already_sent: int
    in_flight: int = 0  # queued by an earlier request and not delivered yet: left to its task


def _require_state(meeting: Meeting, transition: str) -> None:
    """The meeting's life (meetings.lifecycle): no convocation once the sitting began."""
    reason = lifecycle.refusal(meeting, transition)
    if reason is not None:
        raise ConvocationError(reason)


def _require_sendable(meeting: Meeting, convocation: Convocation, by: Any) -> None:
    if not roles.may_send_convocation(by, meeting.council):
        raise PermissionDenied
    if meeting.is_cancelled:
        raise ConvocationError(_("La séance est annulée."))
    _require_state(meeting, "send_convocation")
    if not signature_is_current(meeting, convocation):
        raise ConvocationError(
            _(
                "La convocation doit d’abord être signée par le directeur "
                "pour l’ordre du jour arrêté."
            )
        )


Enqueue = Callable[[list[int], str], None]


def _key(recipient: Recipient) -> tuple[str, int | None]:
    if recipient.guest_id is not None:
        return ("guest", recipient.guest_id)
    return ("member", recipient.membership_id)


def _convoked(meeting: Meeting) -> dict[tuple[str, int | None], tuple[User, dict[str, Any]]]:
    """Who receives the convocation: the members the meeting convokes (a site sub-council's
    own), then its occasional guests, who are convoked without a vote."""
    people: dict[tuple[str, int | None], tuple[User, dict[str, Any]]] = {
        ("member", m.pk): (m.person, {"membership": m})
        for m in meeting.convoked_memberships().select_related("person")
    }
    for guest in meeting.guests.select_related("person"):
        people[("guest", guest.pk)] = (guest.person, {"guest": guest})
    return people


def _enqueue_after_commit(recipient_ids: list[int], base_url: str) -> None:
    # After commit: a worker must find the recipients and their status when it starts.
    transaction.on_commit(lambda: tasks.queue(recipient_ids, base_url))


@transaction.atomic
def send(
    meeting: Meeting,
    *,
    by: Any,
    base_url: str = "",
    confirm_short_notice: bool = False,
    enqueue: Enqueue = _enqueue_after_commit,
) -> SendReport:
    """Queue one e-mail per current member; a member who already has this very PDF is skipped.

    Sending twice is harmless: what was delivered (same SHA-256) is not delivered again.
    """
    meeting = document.load_meeting(meeting.pk)
    convocation = _locked_convocation(meeting)
    _require_sendable(meeting, convocation, by)
    if notice_shortfall(meeting) is not None and not confirm_short_notice:
        raise ShortNotice(_("La séance est plus proche que le délai de convocation du conseil."))
    existing = {_key(r): r for r in convocation.recipients.all()}
    to_send: list[int] = []
    new: list[Recipient] = []
    already = in_flight = 0
    for key, (person, link) in _convoked(meeting).items():
        recipient = existing.get(key)
        if recipient is None:
            new.append(
                Recipient(convocation=convocation, person=person, email=person.email, **link)
            )
            continue
        if (
            recipient.status == Recipient.Status.SENT
            and recipient.sent_sha256 == convocation.signed_sha256
        ):
            already += 1
            continue
        elif recipient.status == Recipient.Status.QUEUED:
            # Its task is queued (or will be again by requeue_stuck): a second one would only
            # race it for the claim.
            in_flight += 1
            continue
        else:
            _requeue(recipient, email=person.email, sha=convocation.signed_sha256)
        to_send.append(recipient.pk)
    # One INSERT for the members convoked for the first time (the unique constraints still
    # hold: the convocation is locked, and a second "Envoyer" finds them in `existing`).
    to_send += [r.pk for r in Recipient.objects.bulk_create(new)]
    if not to_send:
        return SendReport(queued=0, already_sent=already, in_flight=in_flight)
    _mark_sending(convocation, by, True)
    record(
        by,
        "convocation.send_requested",
        convocation,
        council_id=meeting.council_id,
        summary={"queued": len(to_send), "already_sent": already},
    )
    enqueue(to_send, base_url)
    return SendReport(queued=len(to_send), already_sent=already, in_flight=in_flight)


def members_to_receive(meeting: Meeting, convocation: Convocation | None) -> int:
    """How many members "Envoyer" would write to now, for its confirmation: the current
    members, less those who have this very PDF or whose e-mail is already queued (as send)."""
    members = meeting.council.memberships.current()
    if convocation is None:
        return members.count()
    done = convocation.recipients.filter(
        Q(status=Recipient.Status.SENT, sent_sha256=convocation.signed_sha256)
        | Q(status=Recipient.Status.QUEUED)
    ).values("membership_id")
    return members.exclude(pk__in=done).count()


@transaction.atomic
def resend(
    meeting: Meeting,
    *,
    by: Any,
    recipient_ids: Iterable[int] | None = None,
    base_url: str = "",
    enqueue: Enqueue = _enqueue_after_commit,
) -> SendReport:
    """ "Renvoyer": deliver again, even to members who already received this PDF."""
    meeting = document.load_meeting(meeting.pk)
    convocation = _locked_convocation(meeting)
    _require_sendable(meeting, convocation, by)
    recipients = convocation.recipients.select_related("person")
    if recipient_ids is not None:
        recipients = recipients.filter(pk__in=list(recipient_ids))
    chosen = list(recipients)
    for recipient in chosen:
        _requeue(
            recipient,
            email=recipient.person.email,
            sha=convocation.signed_sha256,
            forget_delivery=True,
        )
    _mark_sending(convocation, by, bool(chosen))
    record(
        by,
        "convocation.resend_requested",
        convocation,
        council_id=meeting.council_id,
        summary={"recipients": [r.email for r in chosen]},
    )
    enqueue([r.pk for r in chosen], base_url)
    return SendReport(queued=len(chosen), already_sent=0)


def _requeue(recipient: Recipient, *, email: str, sha: str, forget_delivery: bool = False) -> None:
    recipient.status = Recipient.Status.QUEUED
    recipient.email = email  # the member may have changed address since
    recipient.attempts = 0
    recipient.last_error = ""
    recipient.queued_at = timezone.now()  # requeue_stuck counts from here
    fields = ["status", "email", "attempts", "last_error", "queued_at"]
    if recipient.sent_sha256 != sha:
        # The receipt was for an earlier convocation; this one is not opened yet.
        recipient.opened_at = None
        fields.append("opened_at")
    if forget_delivery:
        # The delivered SHA-256 is what makes sending idempotent; forgetting it is the one
        # way to deliver the same PDF twice, and only "renvoyer" does it.
        recipient.sent_sha256 = ""
        fields.append("sent_sha256")
    recipient.save(update_fields=fields)


def _mark_sending(convocation: Convocation, by: Any, anything_queued: bool) -> None:
    convocation.sent_by = by
    if anything_queued:
        convocation.status = Convocation.Status.SENDING
    elif convocation.status != Convocation.Status.SENT:
        convocation.status = Convocation.Status.SENT
        convocation.sent_at = convocation.sent_at or timezone.now()
    convocation.save(update_fields=["sent_by", "status", "sent_at"])


# --- receipts ----------------------------------------------------------------------------


@transaction.atomic
def mark_opened(recipient: Recipient) -> bool:
    """The first opening is the receipt; later ones change nothing. True if recorded now.

    A convocation voided since (agenda set again, meeting moved or cancelled) has no receipt:
    the member will receive the new one."""
    convocation = recipient.convocation
    if not signature_is_current(convocation.meeting, convocation):
        return False
    now = timezone.now()
    # Before the e-mail left, looking at the page proves nothing (the sender is often a member).
    changed = Recipient.objects.filter(
        pk=recipient.pk, opened_at__isnull=True, status=Recipient.Status.SENT
    ).update(opened_at=now)
    if not changed:
        return False
    recipient.opened_at = now
    record(
        recipient.person,
        "convocation.opened",
        convocation,
        council_id=convocation.meeting.council_id,
        summary={"email": recipient.email},
    )
    return True


@dataclass(frozen=True)
class Progress:
    total: int
    queued: int
    sent: int
    failed: int
    opened: int

    @property
    def done(self) -> bool:
        return self.queued == 0

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.total - self.queued) / self.total)


def progress_of(convocation: Convocation | None) -> Progress:
    if convocation is None:
        return Progress(0, 0, 0, 0, 0)
    counts = convocation.recipients.aggregate(
        total=Count("pk"),
        queued=Count("pk", filter=Q(status=Recipient.Status.QUEUED)),
        sent=Count("pk", filter=Q(status=Recipient.Status.SENT)),
        failed=Count("pk", filter=Q(status=Recipient.Status.FAILED)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
    )
    return Progress(**counts)
