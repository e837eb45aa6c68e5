"""The floor: the agenda item under discussion and the speakers' list, kept live by whoever
runs the room (president, session secretary) while the sitting is open, read by the projector.

Every step locks the meeting's row, so two runners clicking "orateur suivant" at once give the
floor once; the database keeps one open turn per member and one speaker at a time.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Membership
from meetings import lifecycle
from meetings.actions.common import locked
from meetings.models import AgendaItem, Meeting
from sittings.models import Floor, Speaker


def _start(meeting: Meeting, by: User) -> Meeting:
    meeting = locked(meeting)
    if not roles.may_run_room(by, meeting):
        raise PermissionDenied
    lifecycle.require(meeting, "keep_speakers")
    return meeting


def current_item(meeting: Meeting) -> AgendaItem | None:
    floor = Floor.objects.filter(meeting=meeting).select_related("item").first()
    return floor.item if floor is not None else None


def queue(meeting: Meeting) -> tuple[Speaker | None, list[Speaker]]:
    """Who speaks now, and who waits, in order (one query)."""
    rows = list(
        meeting.speakers.filter(finished_at__isnull=True).select_related("membership__person")
    )
    speaking = next((s for s in rows if s.spoke_at is not None), None)
    return speaking, [s for s in rows if s.spoke_at is None]


@transaction.atomic
def set_current_item(meeting: Meeting, item: AgendaItem | None, *, by: User) -> Floor:
    meeting = _start(meeting, by)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Ce point n’est pas à l’ordre du jour de cette séance."))
    floor, _created = Floor.objects.update_or_create(meeting=meeting, defaults={"item": item})
    record(
        by,
        "sitting.current_item",
        meeting,
        council_id=meeting.council_id,
        summary={"item": item.title if item else None},
    )
    return floor


@transaction.atomic
def add_speaker(meeting: Meeting, membership: Membership, *, by: User) -> Speaker:
    meeting = _start(meeting, by)
    if membership.council_id != meeting.council_id or not membership.is_current():
        raise ValidationError(_("Ce membre ne siège pas dans ce conseil."))
    if meeting.speakers.filter(membership=membership, finished_at__isnull=True).exists():
        raise ValidationError(
            _("%(name)s est déjà dans la liste des orateurs.")
            % {"name": membership.person.display_name}
        )
    last = meeting.speakers.aggregate(last=Max("position"))["last"] or 0
    return Speaker.objects.create(meeting=meeting, membership=membership, position=last + 1)


def _waiting(meeting: Meeting, pk: int) -> Speaker:
    speaker = meeting.speakers.filter(pk=pk, spoke_at__isnull=True).first()
    if speaker is None:
        raise ValidationError(_("Cet orateur n’est plus en attente."))
    return speaker


@transaction.atomic
def remove_speaker(meeting: Meeting, speaker_pk: int, *, by: User) -> None:
    meeting = _start(meeting, by)
    _waiting(meeting, speaker_pk).delete()


@transaction.atomic
def move_speaker(meeting: Meeting, speaker_pk: int, *, up: bool, by: User) -> None:
    """Swap a waiting speaker with the one before (up) or after them."""
    meeting = _start(meeting, by)
    speaker = _waiting(meeting, speaker_pk)
    _speaking, waiting = queue(meeting)
    at = next(i for i, s in enumerate(waiting) if s.pk == speaker.pk)
    other_at = at - 1 if up else at + 1
    if not 0 <= other_at < len(waiting):
        return  # already first (or last): nothing to do
    other = waiting[other_at]
    speaker.position, other.position = other.position, speaker.position
    Speaker.objects.bulk_update([speaker, other], ["position"])


@transaction.atomic
def next_speaker(meeting: Meeting, *, by: User) -> Speaker | None:
    """The one speaking ends; the first waiting takes the floor (None when nobody waits)."""
    meeting = _start(meeting, by)
    now = timezone.now()
    meeting.speakers.filter(spoke_at__isnull=False, finished_at__isnull=True).update(
        finished_at=now
    )
    _speaking, waiting = queue(meeting)
    if not waiting:
        return None
    first = waiting[0]
    first.spoke_at = now
    first.save(update_fields=["spoke_at"])
    return first
