"""The minutes circuit: draft → submitted → approved by three → frozen and signed → published.

Each step checks who acts (councils.roles), then the minutes' state (minutes.lifecycle), runs
in one transaction and writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from html import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.notify import notify
from audit.log import record
from councils import roles
from councils.models import Council
from documents import signing
from documents.pdf import render_pdf
from meetings import actions as meeting_actions
from meetings.models import Meeting
from minutes import composition, lifecycle
from minutes.lifecycle import InvalidTransition, TransitionRefused
from minutes.models import Approval, Minutes, Redaction, Revision
from minutes.signals import minutes_published
from sittings.models import Election

ORDER = [Approval.Role.PRESIDENT, Approval.Role.HEAD_OF_TRACK, Approval.Role.HEAD_OF_MENTION]


__all__ = ["EditConflict", "InvalidTransition", "TransitionRefused"]

# Autosaves by the same person within this window refine one revision instead of adding one
# every few seconds; the history keeps a revision per sitting at the desk.
COALESCE_WINDOW = dt.timedelta(minutes=15)


class EditConflict(ValidationError):
    """Somebody saved the text since this editor loaded it: nothing was written."""

    def __init__(self, minutes: Minutes) -> None:
        self.minutes = minutes
        super().__init__(
            _(
                "Le compte rendu a été enregistré ailleurs entre-temps (autre onglet ou autre "
                "poste) : votre texte n’a pas été enregistré, et il n’est pas perdu."
            )
        )


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def validators(council: Council) -> list[tuple[str, User]]:
    """President, head(s) of track and head of mention, in the order of the seed page, for a
    council under the CPERs' page; the president alone for a council no text gives that order
    (`Council.under_cpers_page`)."""
    president = council.president()
    needed = [(_("la présidence du conseil"), president is not None)]
    track_heads: list[User] = []
    head = None
    if council.under_cpers_page:
        track_heads = [t.head for t in council.tracks.select_related("head") if t.head is not None]
        head = council.programme.head if council.programme else None
        needed += [
            (_("un responsable de parcours"), bool(track_heads)),
            (_("le responsable de mention"), head is not None),
        ]
    missing = [label for label, present in needed if not present]
    if missing:
        raise ValidationError(
            _("Le compte rendu ne peut pas être soumis : il manque %(who)s.")
            % {"who": ", ".join(missing)}
        )
    assert president is not None
    chosen = [(Approval.Role.PRESIDENT.value, president.person)]
    chosen += [(Approval.Role.HEAD_OF_TRACK.value, h) for h in dict.fromkeys(track_heads)]
    if head is not None:
        chosen.append((Approval.Role.HEAD_OF_MENTION.value, head))
    return chosen


def draft_text(meeting: Meeting) -> str:
    """The text the secretary starts from: the room's attendance, notes and vote results."""
    return composition.compose(meeting, composition.draft_parts(meeting))


@transaction.atomic
def add_election_result(election: Election, *, by: User | None) -> Revision | None:
    """The room closed a ballot with candidates while the draft was being written: the text is
    composed again, so that its result stands under its item like the votes (a fixed block)."""
    minutes = (
        Minutes.objects.select_for_update()
        .filter(meeting=election.meeting_id, status=Minutes.Status.DRAFT)
        .first()
    )
    if minutes is None:
        return None
    body = composition.compose(minutes.meeting, minutes.parts)
    if body == minutes.body:
        return None
    revision, _created = _write(minutes, minutes.parts, body, by=by, coalesce=False)
    return revision


def _write(
    minutes: Minutes, parts: dict[str, str], body: str, *, by: User | None, coalesce: bool
) -> tuple[Revision, bool]:
    """Store a new text of the draft (the minutes locked by the caller): a new revision, or,
    when `coalesce`, the last one if its author saved it a moment ago and nobody approved it;
    the minutes' parts, body and version follow. Returns the revision and whether it is new."""
    last = minutes.revisions.order_by("-number").first()
    if (
        coalesce
        and by is not None
        and last is not None
        and last.number > 1
        and last.author_id == by.pk
        and last.created_at > timezone.now() - COALESCE_WINDOW
        and not last.approvals.exists()
    ):
        revision, created = last, False
        revision.body = body
        revision.save(update_fields=["body"])
    else:
        number = (last.number if last else 0) + 1
        revision = Revision.objects.create(minutes=minutes, number=number, body=body, author=by)
        created = True
    minutes.parts, minutes.body = parts, body
    minutes.saved_version += 1
    minutes.save(update_fields=["parts", "body", "saved_version"])
    return revision, created


@transaction.atomic
def start(meeting: Meeting, secretary: User, *, by: User) -> Minutes:
    """Designate the session secretary; the minutes begin as a draft they write."""
    council = meeting.council
    _require(roles.leads(by, council))
    if Minutes.objects.filter(meeting=meeting, status__in=["draft", "in_validation"]).exists():
        raise TransitionRefused(_("Un compte rendu de cette séance est déjà en cours."))
    if Minutes.objects.filter(meeting=meeting).exists():
        raise TransitionRefused(
            _("Le compte rendu de cette séance est validé : ouvrez un rectificatif depuis sa page.")
        )
    seat = next((m for m in council.current_memberships() if m.person_id == secretary.pk), None)
    if seat is None or not seat.voting:
        raise ValidationError(_("Le secrétaire de séance est choisi parmi les membres votants."))
    parts = composition.draft_parts(meeting)
    minutes = Minutes.objects.create(
        meeting=meeting,
        secretary=secretary,
        validation_order=council.minutes_order,
        parts=parts,
        body=composition.compose(meeting, parts),
    )
    Revision.objects.create(minutes=minutes, number=1, body=minutes.body, author=by)
    record(
        by,
        "minutes.started",
        minutes,
        council_id=council.pk,
        summary={"secretary": secretary.email},
    )
    _mail(
        [secretary],
        _lazy("Vous êtes secrétaire de séance"),
        "minutes/emails/secretary.txt",
        {"minutes": minutes},
    )
    return minutes


@transaction.atomic
def save_parts(
    minutes: Minutes,
    parts: dict[str, str],
    *,
    by: User,
    base: int | None = None,
    coalesce: bool = True,
) -> Revision | None:
    """Save what the secretary wrote (some or all parts, sanitised) and compose the text.

    `base` is the `saved_version` the editor loaded: when somebody saved since, nothing is
    written and EditConflict says so (optimistic concurrency; the editor keeps its text).
    Nothing is written when nothing changed.
    """
    minutes = _locked(minutes)
    _require(roles.may_write_minutes(by, minutes))
    lifecycle.require(minutes, "edit")
    if base is not None and base != minutes.saved_version:
        raise EditConflict(minutes)
    merged = {**minutes.parts, **composition.clean_parts(minutes.meeting, parts)}
    body = composition.compose(minutes.meeting, merged)
    if body == minutes.body and merged == minutes.parts:
        return None
    revision, created = _write(minutes, merged, body, by=by, coalesce=coalesce)
    if created:
        record(
            by,
            "minutes.saved",
            minutes,
            council_id=minutes.meeting.council_id,
            summary={"revision": revision.number},
        )
    return revision


def save_text(minutes: Minutes, html: str, *, by: User) -> Revision | None:
    """Write the opening part in one go (the demo, scripts): same path as the editor."""
    return save_parts(minutes, {composition.OPENING: html}, by=by, coalesce=False)


def refresh_from_sitting(minutes: Minutes, *, by: User) -> Revision | None:
    """Take the room's record (attendance, notes, vote results) into the draft; the text the
    secretary had stays in the revision history."""
    _require(roles.may_write_minutes(by, minutes))
    lifecycle.require(minutes, "refresh")
    parts = composition.draft_parts(minutes.meeting)
    return save_parts(minutes, parts, by=by, coalesce=False)


def active_approvals(
    minutes: Minutes, approvals: Iterable[Approval] | None = None
) -> list[Approval]:
    """The approvals that may be given now: all pending ones, or the first in order.
    `approvals`: the minutes' approvals, when the caller has read them already."""
    # .all(): lists prefetch the approvals (with their person) once for many minutes.
    every = minutes.approvals.all() if approvals is None else approvals
    pending = [a for a in every if a.decision == "pending"]
    if minutes.validation_order == Minutes.Order.SEQUENTIAL and pending:
        first = min(pending, key=lambda a: (ORDER.index(Approval.Role(a.role)), a.pk))
        return [a for a in pending if a.role == first.role]
    return pending


def _locked(minutes: Minutes) -> Minutes:
    """Lock the row (identical requests at once serialise here) and read it again."""
    fresh = Minutes.objects.select_for_update().get(pk=minutes.pk)
    for name in [f.attname for f in Minutes._meta.concrete_fields]:
        setattr(minutes, name, getattr(fresh, name))
    getattr(minutes, "_prefetched_objects_cache", {}).pop("approvals", None)
    return minutes


@transaction.atomic
def submit(minutes: Minutes, *, by: User) -> list[Approval]:
    minutes = _locked(minutes)
    _require(roles.may_write_minutes(by, minutes))
    # Includes the meeting's life: minutes go to validation once the meeting is over, and it
    # is held from then on (the database then keeps it from sitting again).
    lifecycle.require(minutes, "submit")
    Meeting.objects.filter(pk=minutes.meeting_id, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.HELD
    )
    revision = minutes.revisions.order_by("-number").first()
    assert revision is not None
    approvals = [
        Approval.objects.create(minutes=minutes, revision=revision, role=role, person=person)
        for role, person in validators(minutes.meeting.council)
    ]
    minutes.status = Minutes.Status.IN_VALIDATION
    minutes.submitted_at = timezone.now()
    minutes.save(update_fields=["status", "submitted_at"])
    record(
        by,
        "minutes.submitted",
        minutes,
        council_id=minutes.meeting.council_id,
        summary={"revision": revision.number},
    )
    _ask_to_validate(minutes)
    return approvals


def _ask_to_validate(minutes: Minutes, exclude: Iterable[User] = ()) -> None:
    getattr(minutes, "_prefetched_objects_cache", {}).pop("approvals", None)
    people = {a.person for a in active_approvals(minutes)} - set(exclude)
    _mail(
        people,
        _lazy("Compte rendu à valider"),
        "minutes/emails/to_validate.txt",
        {"minutes": minutes},
    )


@transaction.atomic
def decide(minutes: Minutes, *, by: User, approve: bool, comment: str = "") -> Approval:
    """A validator approves, or sends the text back to the secretary with a comment."""
    minutes = _locked(minutes)
    lifecycle.require(minutes, "decide")
    asked_before = {a.person for a in active_approvals(minutes)}
    approval = next((a for a in active_approvals(minutes) if a.person_id == by.pk), None)
    _require(approval is not None)
    assert approval is not None
    if not approve and not comment.strip():
        raise ValidationError(_("Dites au secrétaire ce qui doit changer."))
    approval.decision = Approval.Decision.APPROVED if approve else Approval.Decision.SENT_BACK
    approval.comment = comment.strip()
    approval.decided_at = timezone.now()
    approval.save(update_fields=["decision", "comment", "decided_at"])
    council_id = minutes.meeting.council_id
    if not approve:
        # The others will judge the next revision, not this one.
        minutes.approvals.filter(decision=Approval.Decision.PENDING).delete()
        minutes.status = Minutes.Status.DRAFT
        minutes.save(update_fields=["status"])
        record(
            by,
            "minutes.sent_back",
            minutes,
            council_id=council_id,
            summary={"comment": approval.comment},
        )
        _mail(
            [minutes.secretary],
            _lazy("Compte rendu renvoyé"),
            "minutes/emails/sent_back.txt",
            {"minutes": minutes, "approval": approval},
        )
        return approval
    record(by, "minutes.approved", minutes, council_id=council_id, summary={"role": approval.role})
    if minutes.approvals.filter(decision=Approval.Decision.PENDING).exists():
        # Only those whose turn comes now: the others were asked already.
        _ask_to_validate(minutes, exclude=asked_before)
    else:
        _freeze(minutes, by=by)
    return approval


def _freeze(minutes: Minutes, *, by: User) -> None:
    """All three approved: the text is frozen, signed, and sent to the members and director."""
    lifecycle.require(minutes, "freeze")
    minutes.status = Minutes.Status.FROZEN
    minutes.frozen_at = timezone.now()
    data, is_demo = _signed_pdf(minutes, public=False)
    minutes.signed_pdf.save(f"compte-rendu-{minutes.pk}.pdf", ContentFile(data), save=False)
    minutes.signed_sha256 = hashlib.sha256(data).hexdigest()
    minutes.signed_with_demo_certificate = is_demo
    minutes.save()
    council = minutes.meeting.council
    record(
        by,
        "minutes.frozen",
        minutes,
        council_id=council.pk,
        summary={"sha256": minutes.signed_sha256},
    )
    day = timezone.localtime(minutes.meeting.starts_at).strftime("%d/%m/%Y")
    meeting_actions.add_follow_up_item(
        council,
        meeting_actions.ItemDraft(
            title=_("Approbation du compte rendu de la séance du %(day)s") % {"day": day},
            kind="vote",
        ),
        reason="minutes.frozen",
        by=by,
    )
    recipients = [m.person for m in council.current_memberships()]
    if council.institution.director:
        recipients.append(council.institution.director)
    _mail(
        recipients,
        lambda: _("Compte rendu validé : %(meeting)s") % {"meeting": minutes.meeting},
        "minutes/emails/frozen.txt",
        {"minutes": minutes},
        attachment=(f"compte-rendu-{minutes.pk}.pdf", data),
    )


def _signed_pdf(minutes: Minutes, *, public: bool) -> tuple[bytes, bool]:
    approvals = minutes.approvals.filter(decision=Approval.Decision.APPROVED).select_related(
        "person", "revision"
    )
    html_body = minutes.public_html() if public else minutes.html()
    pdf = render_pdf(
        "minutes/pdf.html",
        {"minutes": minutes, "body": html_body, "approvals": approvals, "public": public},
    )
    try:
        identity = signing.configured_identity()
    except signing.SigningNotConfigured as exc:
        raise InvalidTransition(exc.for_users()) from exc
    council = minutes.meeting.council
    signed = signing.sign_pdf(
        pdf,
        identity=identity,
        name=str(council.institution),
        reason=_("Compte rendu validé de la séance du conseil « %(council)s »")
        % {"council": council},
    )
    return signed, identity.is_demo


@transaction.atomic
def redact(minutes: Minutes, passage: str, reason: str, *, by: User) -> Redaction:
    """Hide a passage (personal data) in the public version; the original stays intact."""
    _require(roles.may_publish_minutes(by, minutes))
    lifecycle.require(minutes, "redact")
    passage = passage.strip()
    needles = {passage, escape(passage, quote=False)}  # as typed, or as the HTML holds it
    if not passage or not any(needle in minutes.body for needle in needles):
        raise ValidationError(_("Ce passage ne figure pas mot pour mot dans le compte rendu."))
    redaction = Redaction.objects.create(
        minutes=minutes, passage=passage, reason=reason, created_by=by
    )
    if minutes.status == Minutes.Status.PUBLISHED:
        _store_public_pdf(minutes)
    record(
        by,
        "minutes.redacted",
        minutes,
        council_id=minutes.meeting.council_id,
        summary={"reason": reason},
    )
    return redaction


def _store_public_pdf(minutes: Minutes) -> None:
    data, _demo = _signed_pdf(minutes, public=True)
    minutes.public_pdf.save(f"compte-rendu-public-{minutes.pk}.pdf", ContentFile(data), save=False)
    minutes.save(update_fields=["public_pdf"])


@transaction.atomic
def publish(minutes: Minutes, *, by: User) -> Minutes:
    """The director makes the validated minutes public (with the passages they hid)."""
    _require(roles.may_publish_minutes(by, minutes))
    minutes = _locked(minutes)
    lifecycle.require(minutes, "publish")
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = by
    minutes.save(update_fields=["status", "published_at", "published_by"])
    _store_public_pdf(minutes)
    record(by, "minutes.published", minutes, council_id=minutes.meeting.council_id)
    minutes_published.send(sender=Minutes, minutes=minutes, by=by)
    return minutes


@transaction.atomic
def start_correction(minutes: Minutes, *, by: User) -> Minutes:
    """A frozen text is never edited: a correction is a new, linked version, validated again."""
    council = minutes.meeting.council
    _require(roles.leads(by, council) or roles.may_write_minutes(by, minutes))
    lifecycle.require(minutes, "correct")
    correction = Minutes.objects.create(
        meeting=minutes.meeting,
        corrects=minutes,
        secretary=minutes.secretary,
        validation_order=council.minutes_order,
        parts=minutes.parts,
        body=minutes.body,
    )
    Revision.objects.create(minutes=correction, number=1, body=correction.body, author=by)
    record(
        by,
        "minutes.correction_started",
        correction,
        council_id=council.pk,
        summary={"corrects": minutes.pk},
    )
    return correction


def _mail(
    people: Iterable[User],
    subject: StrOrPromise | Callable[[], str],
    template: str,
    context: dict[str, object],
    attachment: tuple[str, bytes] | None = None,
) -> None:
    minutes = context["minutes"]
    assert isinstance(minutes, Minutes)
    link = f"{settings.SITE_URL}{reverse('minutes:detail', args=[minutes.pk])}"
    notify(
        people,
        subject,
        template,
        {**context, "link": link},
        attachments=[(*attachment, "application/pdf")] if attachment else (),
    )
