"""The agenda circuit: the head of mention drafts and submits, the president edits and sets
("arrête") it; a set agenda is locked, and changing it reopens the circuit with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as subject_

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Council
from documents import richtext
from meetings import attachments, lifecycle
from meetings.actions.common import InvalidTransition, locked, mail
from meetings.models import AgendaItem, AgendaReopening, Attachment, Meeting

# --- the agenda circuit ----------------------------------------------------------------


@dataclass(frozen=True)
class ItemDraft:
    """One agenda item as typed: the description is light markup (or HTML), sanitised here."""

    title: str
    description: str = ""
    presenter: User | None = None
    duration_minutes: int | None = None
    kind: str = AgendaItem.Kind.INFORMATION


# HTML (from the API, or pasted) starts with a tag; anything else is light markup, where a
# stray "<" is text to escape, not a tag to interpret.
HTML_START = re.compile(r"^\s*<[a-zA-Z][^>]*>")


def description_html(text: str) -> str:
    """Sanitised HTML for a description typed as light markup, or pasted as HTML (the API)."""
    if HTML_START.match(text):
        return richtext.sanitize(text)
    return richtext.render(text, heading_level=3)


def _require_pen(meeting: Meeting, by: User) -> None:
    """Whoever holds the agenda now; a set agenda must be reopened first, with a reason."""
    if roles.may_edit_agenda(by, meeting):
        return
    if roles.leads(by, meeting.council):
        # The person prepares this meeting: the agenda's state refuses, not their role.
        raise lifecycle.TransitionRefused(lifecycle.agenda_refusal(meeting))
    raise PermissionDenied


def _apply(item: AgendaItem, draft: ItemDraft, meeting: Meeting) -> None:
    if not draft.title.strip() or len(draft.title.strip()) > 255:
        raise ValidationError(_("Donnez au point un intitulé de 255 caractères au plus."))
    if draft.kind not in AgendaItem.Kind.values:
        raise ValidationError(_("Nature de point inconnue."))
    if draft.presenter is not None and draft.presenter not in presenters(meeting.council):
        raise ValidationError(
            _("Le point est présenté par un membre du conseil ou un organisateur.")
        )
    if draft.duration_minutes is not None and not 1 <= draft.duration_minutes <= 600:
        raise ValidationError(_("La durée d’un point va de 1 à 600 minutes."))
    item.title = draft.title.strip()
    item.description_source = draft.description.replace("\r\n", "\n").strip()
    item.description = description_html(item.description_source)
    item.presenter = draft.presenter
    item.duration_minutes = draft.duration_minutes
    item.kind = draft.kind


ITEM_FIELDS = [
    "title",
    "description_source",
    "description",
    "presenter",
    "duration_minutes",
    "kind",
]


def presenters(council: Council) -> list[User]:
    """Who may present a point: current members, the head of mention and the director."""
    people = {m.person.pk: m.person for m in council.current_memberships()}
    for extra in (
        council.programme.head if council.programme else None,
        council.institution.director,
    ):
        if extra is not None:
            people.setdefault(extra.pk, extra)
    return sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))


def _item_summary(item: AgendaItem) -> dict[str, object]:
    return {"title": item.title, "kind": item.kind, "position": item.position}


@transaction.atomic
def add_agenda_item(meeting: Meeting, draft: ItemDraft, *, by: User) -> AgendaItem:
    meeting = locked(meeting)
    _require_pen(meeting, by)
    item = AgendaItem(meeting=meeting)
    _apply(item, draft, meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item.position = (last or 0) + 1
    item.save()
    record(
        by, "agenda.item_added", item, council_id=meeting.council_id, summary=_item_summary(item)
    )
    return item


def next_open_meeting(council: Council) -> Meeting | None:
    """The council's next meeting whose agenda is still being prepared."""
    return (
        council.meetings.filter(starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(agenda_status=Meeting.AgendaStatus.SET)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def add_follow_up_item(
    council: Council,
    draft: ItemDraft,
    *,
    reason: str,
    by: User | None,
    meeting: Meeting | None = None,
) -> AgendaItem | None:
    """A point the circuit itself owes the next meeting (minutes to approve, an answer to a
    recommendation, a recommendation to answer). It goes at the end of the next agenda still
    in preparation (or of the meeting given, whose agenda must be in preparation); a set
    agenda is never touched (the president reopens it if they wish). Returns None when there
    is none."""
    meeting = meeting or next_open_meeting(council)
    if meeting is None or meeting.council_id != council.pk:
        return None
    meeting = locked(meeting)
    if meeting.agenda_status == Meeting.AgendaStatus.SET:
        return None
    if meeting.agenda_items.filter(title=draft.title.strip()).exists():
        return None  # already there: the step is idempotent
    item = AgendaItem(meeting=meeting)
    _apply(item, draft, meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item.position = (last or 0) + 1
    item.save()
    record(
        by,
        "agenda.item_added_automatically",
        item,
        council_id=council.pk,
        summary={**_item_summary(item), "reason": reason},
    )
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, draft: ItemDraft, *, by: User) -> AgendaItem:
    meeting = locked(item.meeting)
    _require_pen(meeting, by)
    _apply(item, draft, meeting)
    # Never the position: the instance may predate a reordering (moves are their own step).
    item.save(update_fields=ITEM_FIELDS)
    item.refresh_from_db(fields=["position"])
    record(
        by, "agenda.item_changed", item, council_id=meeting.council_id, summary=_item_summary(item)
    )
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by: User) -> None:
    meeting = locked(item.meeting)
    _require_pen(meeting, by)
    summary = _item_summary(item)
    files = [a.file.name for a in item.attachments.all()]
    record(by, "agenda.item_removed", item, council_id=meeting.council_id, summary=summary)
    item.delete()
    _renumber(meeting)
    _delete_files_after_commit(files)


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.order_by("position", "pk"))
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return items


@transaction.atomic
def move_agenda_item(item: AgendaItem, offset: int, *, by: User) -> AgendaItem:
    """Move a point up (offset -1) or down (+1); at either end nothing moves."""
    meeting = locked(item.meeting)
    _require_pen(meeting, by)
    items = _renumber(meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items) or offset == 0:
        return items[index]
    moved = items.pop(index)
    items.insert(target, moved)
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    record(
        by,
        "agenda.item_moved",
        moved,
        council_id=meeting.council_id,
        summary={"title": moved.title, "from": index + 1, "to": target + 1},
    )
    return moved


@transaction.atomic
def submit_agenda(meeting: Meeting, *, by: User) -> Meeting:
    """The head of mention proposes the agenda to the president."""
    meeting = locked(meeting)
    if not roles.may_organise(by, meeting.council):
        raise PermissionDenied
    lifecycle.require(meeting, "submit_agenda")
    if not meeting.agenda_items.exists():
        raise ValidationError(_("L’ordre du jour est vide : ajoutez au moins un point."))
    president = meeting.council.president()
    if president is None:
        raise ValidationError(_("Le conseil n’a pas de président : désignez-le d’abord."))
    meeting.agenda_status = Meeting.AgendaStatus.SUBMITTED
    meeting.agenda_submitted_at = timezone.now()
    meeting.save(update_fields=["agenda_status", "agenda_submitted_at"])
    record(by, "agenda.submitted", meeting, council_id=meeting.council_id, summary=_counts(meeting))
    mail(
        [president.person],
        subject_("Ordre du jour proposé"),
        "meetings/emails/agenda_submitted.txt",
        meeting,
        {"by": by},
    )
    return meeting


@transaction.atomic
def set_agenda(meeting: Meeting, *, by: User) -> Meeting:
    """The president sets ("arrête") the agenda; it is locked from then on."""
    meeting = locked(meeting)
    if not roles.presides(by, meeting.council):
        raise PermissionDenied
    lifecycle.require(meeting, "set_agenda")
    if not meeting.agenda_items.exists():
        raise ValidationError(_("L’ordre du jour est vide : ajoutez au moins un point."))
    meeting.agenda_status = Meeting.AgendaStatus.SET
    meeting.agenda_set_at = timezone.now()
    meeting.agenda_set_by = by
    meeting.save(update_fields=["agenda_status", "agenda_set_at", "agenda_set_by"])
    record(by, "agenda.set", meeting, council_id=meeting.council_id, summary=_counts(meeting))
    # Next: the director signs the convocation, the head of mention sends it.
    council = meeting.council
    head = council.programme.head if council.programme else None
    mail(
        [p for p in (head, council.institution.director) if p is not None],
        subject_("Ordre du jour arrêté"),
        "meetings/emails/agenda_set.txt",
        meeting,
        {"by": by},
    )
    return meeting


@transaction.atomic
def reopen_agenda(meeting: Meeting, reason: str, *, by: User) -> AgendaReopening:
    """Change a set agenda: the reason is kept, and the circuit starts again.

    Reopened by the president, it returns to them (submitted); by an organiser, it returns to
    the draft, to be proposed and set again.
    """
    meeting = locked(meeting)
    if not roles.may_reopen_agenda(by, meeting):
        if meeting.agenda_status != Meeting.AgendaStatus.SET and roles.leads(by, meeting.council):
            raise InvalidTransition(_("L’ordre du jour n’est pas arrêté : il est modifiable."))
        raise PermissionDenied
    if len(reason.strip()) < 3:
        raise ValidationError(_("Indiquez le motif de la modification de l’ordre du jour."))
    reopening = AgendaReopening.objects.create(meeting=meeting, reason=reason.strip(), by=by)
    by_president = roles.presides(by, meeting.council)
    meeting.agenda_status = (
        Meeting.AgendaStatus.SUBMITTED if by_president else Meeting.AgendaStatus.DRAFT
    )
    meeting.save(update_fields=["agenda_status"])
    record(
        by,
        "agenda.reopened",
        meeting,
        council_id=meeting.council_id,
        summary={"reason": reopening.reason, "status": meeting.agenda_status},
    )
    council = meeting.council
    president = council.president()
    circuit = [
        council.programme.head if council.programme else None,
        president.person if president else None,
    ]
    mail(
        [p for p in circuit if p is not None and p.pk != by.pk],
        subject_("Ordre du jour rouvert"),
        "meetings/emails/agenda_reopened.txt",
        meeting,
        {"by": by, "reopening": reopening},
    )
    return reopening


def _counts(meeting: Meeting) -> dict[str, object]:
    return {"points": [i.title for i in meeting.agenda_items.order_by("position", "pk")]}


# --- attachments -----------------------------------------------------------------------


@transaction.atomic
def add_attachment(
    meeting: Meeting,
    upload: File,
    *,
    by: User,
    item: AgendaItem | None = None,
    name: str | None = None,
) -> Attachment:
    """A preparatory document, checked by content; stored privately, served through a view."""
    meeting = locked(meeting)
    _require_pen(meeting, by)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Ce point n’appartient pas à cette séance."))
    checked = attachments.check(upload, name)
    attachment = Attachment(
        meeting=meeting,
        agenda_item=item,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    record(
        by,
        "agenda.attachment_added",
        attachment,
        council_id=meeting.council_id,
        summary={"name": checked.name, "sha256": checked.sha256, "size": checked.size},
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User) -> None:
    meeting = locked(attachment.meeting)
    _require_pen(meeting, by)
    record(
        by,
        "agenda.attachment_removed",
        attachment,
        council_id=meeting.council_id,
        summary={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    name = attachment.file.name
    attachment.delete()
    _delete_files_after_commit([name])


def _delete_files_after_commit(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)
