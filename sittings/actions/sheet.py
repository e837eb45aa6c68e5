"""The attendance sheet on one screen: everyone present in one action, then the exceptions
saved together; and a member checking in from their own device while the sitting is open.

Each line still goes through sittings.actions.room.set_presence (its proxy rules, its arrival
time, its audit entry); this module only batches them in one transaction, so a refused line
leaves the whole sheet as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Membership
from meetings import lifecycle
from meetings.actions.common import InvalidTransition, locked
from meetings.models import Meeting
from sittings.actions import room
from sittings.models import Attendance, Movement

Status = Attendance.Status


@dataclass(frozen=True)
class Line:
    """One line of the sheet as typed: the status, and the proxy holder when represented."""

    membership_pk: int
    status: str
    proxy_to_pk: int | None = None


@transaction.atomic
def mark_everyone_present(meeting: Meeting, *, by: User) -> int:
    """Every member not yet accounted for is marked present: those who said beforehand that they
    would be excused, represented or on the line keep what they said. Returns how many voting
    members it marked: the permanent guests are marked too, but the quorum never counts them."""
    meeting = locked(meeting)
    room.prepare_room(meeting, by=by)  # the runner, the state, and the sheet from the answers
    absent = meeting.attendances.filter(status=Status.ABSENT).select_related("membership__person")
    non_voting = meeting.council.pack.non_voting
    changed = 0
    for row in absent:
        room.set_presence(meeting, row.membership, Status.PRESENT, by=by)
        changed += row.membership.category not in non_voting
    return changed


@transaction.atomic
def save_sheet(meeting: Meeting, lines: list[Line], *, by: User) -> int:
    """Save the lines that changed; returns how many. Lines that free a member (no longer
    represented) go first, so that a proxy given to them in the same sheet is accepted."""
    meeting = locked(meeting)
    room.prepare_room(meeting, by=by)
    seats = {m.pk: m for m in meeting.council.memberships.current().select_related("person")}
    rows = {a.membership_id: a for a in meeting.attendances.all()}
    changed = 0
    for line in sorted(lines, key=lambda ln: ln.status == Status.REPRESENTED):
        membership = seats.get(line.membership_pk)
        if membership is None:
            raise ValidationError(_("Ce membre ne siège pas dans ce conseil."))
        holder = seats.get(line.proxy_to_pk or 0) if line.status == Status.REPRESENTED else None
        if line.status == Status.REPRESENTED and holder is None:
            raise ValidationError(
                _("Indiquez le membre qui porte la procuration de %(name)s.")
                % {"name": membership.person.display_name}
            )
        row = rows.get(membership.pk)
        if (
            row is not None
            and row.status == line.status
            and row.proxy_to_id == (holder.pk if holder else None)
        ):
            continue
        try:
            room.set_presence(meeting, membership, line.status, by=by, proxy_to=holder)
        except ValidationError as exc:
            raise ValidationError(
                f"{membership.person.display_name} — {' '.join(exc.messages)}"
            ) from exc
        changed += 1
    return changed


def check_in_offered(user: User, meeting: Meeting) -> bool:
    """Whether the "Je suis présent(e)" button is offered: a seat, an open sitting, not here."""
    if not roles.may_check_in(user, meeting) or not lifecycle.allowed(meeting, "check_in"):
        return False
    seat = roles.seat_of(user, meeting.council)
    row = meeting.attendances.filter(membership=seat).first()
    return row is None or not row.here


def _already_here(user: User) -> str:
    if user.sex == User.Sex.FEMALE:
        return _("Vous êtes déjà notée présente.")
    if user.sex == User.Sex.MALE:
        return _("Vous êtes déjà noté présent.")
    return _("Votre présence est déjà notée.")


@transaction.atomic
def check_in(meeting: Meeting, *, by: User) -> Attendance:
    """The member says they are here, from their own device, once, while the sitting is open:
    their arrival is timed and written to the minutes' movements like any late arrival."""
    meeting = locked(meeting)
    if not roles.may_check_in(by, meeting):
        raise PermissionDenied
    lifecycle.require(meeting, "check_in")
    seat: Membership | None = roles.seat_of(by, meeting.council)
    assert seat is not None  # may_check_in
    row = Attendance.objects.select_for_update().filter(meeting=meeting, membership=seat).first()
    if row is not None and row.here:
        raise InvalidTransition(_already_here(by))
    now = timezone.now()
    if row is None:
        row = Attendance(meeting=meeting, membership=seat)
    row.status, row.proxy_to, row.left_at = Status.PRESENT, None, None
    row.arrived_at = row.arrived_at or now
    row.save()
    Movement.objects.create(attendance=row, kind=Movement.Kind.ARRIVED, at=now)
    record(
        by,
        "sitting.checked_in",
        meeting,
        council_id=meeting.council_id,
        summary={"member": by.email, "at": timezone.localtime(now).isoformat()},
    )
    return row
