"""The sitting: attendance kept by the secretary, arrivals and departures, the quorum noted at
the opening, the re-convocation the rule provides when it fails, live notes per agenda item.

The president, the session secretary, the head of mention and the director run the room
(councils.roles.may_run_room); members only see it live and cast their own secret ballot
(see .votes).
The rules (quorum, proxies, majority) come from bylaws.sittings and the council's pack: this
module only feeds them the room as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from types import EllipsisType

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from bylaws import sittings
from councils import roles
from councils.models import Membership
from meetings import lifecycle
from meetings.actions.agenda import ItemDraft, add_agenda_item
from meetings.actions.common import InvalidTransition, locked
from meetings.actions.schedule import MeetingPlan, plan_meeting
from meetings.models import AgendaItem, Answer, Meeting, MeetingGuest
from sittings import absences
from sittings.models import Attendance, ItemNotes, Movement

Status = Attendance.Status

# What a member's answer before the meeting suggests for the sign-in sheet; the secretary
# corrects it as people come in.
FROM_ANSWER: dict[str, str] = {
    Answer.Response.PRESENT: Status.PRESENT,
    Answer.Response.REMOTE: Status.REMOTE,
    Answer.Response.ABSENT: Status.EXCUSED,  # they said so beforehand: "excusé"
    Answer.Response.PROXY: Status.REPRESENTED,
}


# --- who runs the room ----------------------------------------------------------------------


def _require_runner(meeting: Meeting, by: User) -> None:
    if not roles.may_run_room(by, meeting):
        raise PermissionDenied


def _require_in_session(meeting: Meeting) -> None:
    """The sign-in sheet is kept on the meeting's day, for a meeting ready to sit or sitting."""
    lifecycle.require(meeting, "record_attendance")


class UrgencyRequired(InvalidTransition):
    """The sitting opens without the notice the members are owed: a reason must be typed."""


# --- the room as it is ----------------------------------------------------------------------


@dataclass
class Seat:
    membership: Membership
    attendance: Attendance | None
    voting: bool
    holds: list[Membership] = field(default_factory=list)  # represented by this member
    holder: Membership | None = None  # who carries this member's proxy

    @property
    def here(self) -> bool:
        return self.attendance is not None and self.attendance.here

    @property
    def weight(self) -> int:
        """Voices carried: one's own, and one per proxy held (counted only while here)."""
        return 1 + len(self.holds)


@dataclass(frozen=True)
class RoomState:
    meeting: Meeting
    seats: list[Seat]
    rules: sittings.SittingRules
    count: sittings.Attendance
    voters: dict[int, int]  # membership pk -> weight: who may vote now, and how heavily
    secretary: User | None
    # Occasional guests of this meeting: shown in the room, never among the seats counted.
    guests: list[MeetingGuest] = field(default_factory=list)

    @property
    def prepared(self) -> bool:
        return any(s.attendance is not None for s in self.seats)

    @property
    def required(self) -> int:
        return self.rules.quorum.required(self.count.members_in_office)

    @property
    def counted(self) -> int:
        c = self.count
        return self.rules.quorum.counted(c.present, c.remote, c.represented)

    @property
    def reached(self) -> bool:
        return sittings.quorum_reached(self.count, self.rules.quorum)

    @property
    def voices(self) -> int:
        return sum(self.voters.values())

    def seat_of(self, membership_pk: int) -> Seat | None:
        return next((s for s in self.seats if s.membership.pk == membership_pk), None)


def load_room(meeting: Meeting, *, secretary: User | EllipsisType | None = ...) -> RoomState:
    """Every member the meeting convokes with their attendance and movements, the counts and
    the occasional guests: 4 queries (5 when the secretary is not given; None is given when
    there is none)."""
    council = meeting.council
    members = list(
        meeting.convoked_memberships()
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for m in members:
        m.council = council  # `voting` reads the council's pack: no query per member
    rows = {
        a.membership_id: a for a in meeting.attendances.prefetch_related("movements").order_by()
    }
    non_voting = council.pack.non_voting
    seats = [Seat(m, rows.get(m.pk), m.category not in non_voting) for m in members]
    by_pk = {s.membership.pk: s for s in seats}
    for seat in seats:
        a = seat.attendance
        holder = by_pk.get(a.proxy_to_id) if a is not None and a.proxy_to_id else None
        seat.holder = holder.membership if holder is not None else None
        # A proxy is carried by a voting member who is here; it lapses while they are out.
        if holder is not None and holder.here and holder.voting and seat.voting:
            holder.holds.append(seat.membership)
    voters = _voters(seats, by_pk)
    count = sittings.attendance(
        [(s.membership.category, _presence(s, seats, by_pk)) for s in seats if _titular(s)],
        non_voting,
    )
    if isinstance(secretary, EllipsisType):
        secretary = roles.session_secretary(meeting)
    rules = sittings.sitting_rules(council.council_type)
    guests = list(meeting.guests.select_related("person"))
    return RoomState(meeting, seats, rules, count, voters, secretary, guests)


def _titular(seat: Seat) -> bool:
    return seat.voting and seat.membership.substitute_for_id is None


def _stands_in(seat: Seat, by_pk: dict[int, Seat]) -> bool:
    """A substitute who is here sits for their titular member when that member is not."""
    titular = by_pk.get(seat.membership.substitute_for_id or 0)
    return seat.here and titular is not None and not titular.here


def _presence(seat: Seat, seats: list[Seat], by_pk: dict[int, Seat]) -> sittings.Presence:
    """A titular seat as the quorum rule sees it: the member, or a substitute standing in."""
    a = seat.attendance
    if seat.here and a is not None:
        return sittings.Presence(a.status)
    standing_in = next(
        (
            s
            for s in seats
            if s.membership.substitute_for_id == seat.membership.pk and _stands_in(s, by_pk)
        ),
        None,
    )
    if standing_in is not None and standing_in.attendance is not None:
        return sittings.Presence(standing_in.attendance.status)
    if a is not None and a.status == Status.REPRESENTED:
        holder = by_pk.get(a.proxy_to_id or 0)
        if holder is not None and holder.here:
            return sittings.Presence.REPRESENTED
    if a is not None and a.status == Status.EXCUSED:
        return sittings.Presence.EXCUSED
    return sittings.Presence.ABSENT


def _voters(seats: list[Seat], by_pk: dict[int, Seat]) -> dict[int, int]:
    voters: dict[int, int] = {}
    replaced: set[int] = set()
    for seat in seats:
        if not seat.voting or not seat.here:
            continue
        titular = seat.membership.substitute_for_id
        if titular is not None:
            if not _stands_in(seat, by_pk) or titular in replaced:
                continue  # the titular member is here, or another substitute stands in
            replaced.add(titular)
        voters[seat.membership.pk] = seat.weight
    return voters


# --- attendance -----------------------------------------------------------------------------


def _seat_in(meeting: Meeting, membership: Membership) -> Membership:
    if not meeting.convoked_memberships().filter(pk=membership.pk).exists():
        raise PermissionDenied  # not convoked to this sitting (another sub-council's member)
    membership.council = meeting.council
    return membership


def _fill_sheet(meeting: Meeting) -> int:
    members = {m.pk: m for m in meeting.convoked_memberships()}
    have = set(meeting.attendances.values_list("membership_id", flat=True))
    answers = {a.membership_id: a for a in meeting.answers.all()}
    rows = []
    for pk in members.keys() - have:
        answer = answers.get(pk)
        status = FROM_ANSWER.get(answer.response, Status.ABSENT) if answer else Status.ABSENT
        holder = answer.proxy_to_id if answer else None
        if status == Status.REPRESENTED and holder not in members:
            status, holder = Status.EXCUSED, None  # the holder left the council since
        rows.append(
            Attendance(
                meeting=meeting,
                membership_id=pk,
                status=status,
                proxy_to_id=holder if status == Status.REPRESENTED else None,
            )
        )
    Attendance.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def prepare_room(meeting: Meeting, *, by: User) -> int:
    """The sign-in sheet, one line per current member, pre-filled from their answers.
    Idempotent: a second call only adds members who joined since. Returns lines added."""
    meeting = locked(meeting)
    _require_runner(meeting, by)
    _require_in_session(meeting)
    # After the sitting the sheet is only corrected: whoever joined the council since was
    # not convoked to it.
    added = _fill_sheet(meeting) if meeting.closed_at is None else 0
    record(by, "sitting.prepared", meeting, council_id=meeting.council_id, summary={"added": added})
    return added


def _check_proxy(meeting: Meeting, giver: Membership, holder: Membership | None) -> Membership:
    if holder is None:
        raise ValidationError(_("Indiquez le membre qui porte la procuration."))
    holder = _seat_in(meeting, holder)
    if not giver.voting or not holder.voting:
        raise ValidationError(_("Une procuration se donne entre membres votants."))
    if holder.pk == giver.pk:
        raise ValidationError(_("Un membre ne se donne pas procuration à lui-même."))
    theirs = Attendance.objects.filter(meeting=meeting, membership=holder).first()
    if theirs is not None and theirs.status == Status.REPRESENTED:
        raise ValidationError(_("Ce membre est lui-même représenté : il ne porte pas de voix."))
    held = (
        Attendance.objects.filter(meeting=meeting, proxy_to=holder, status=Status.REPRESENTED)
        .exclude(membership=giver)
        .count()
    )
    if held >= meeting.council.max_proxies:
        raise ValidationError(
            _("%(name)s détient déjà le nombre maximal de procurations pour ce conseil.")
            % {"name": holder.person.display_name}
        )
    return holder


@transaction.atomic
def set_presence(
    meeting: Meeting,
    membership: Membership,
    status: str,
    *,
    by: User,
    proxy_to: Membership | None = None,
) -> Attendance:
    """Present, remote, absent, excused or represented (with the member holding the proxy).
    The first time a member is marked present or remote, their arrival time is kept."""
    meeting = locked(meeting)
    _require_runner(meeting, by)
    _require_in_session(meeting)
    membership = _seat_in(meeting, membership)
    if status not in Status.values:
        raise ValidationError(_("Présence inconnue."))
    holder = _check_proxy(meeting, membership, proxy_to) if status == Status.REPRESENTED else None
    if holder is None and status != Status.REPRESENTED and proxy_to is not None:
        raise ValidationError(_("Seul un membre représenté a un porteur de procuration."))
    if (
        status == Status.REPRESENTED
        and Attendance.objects.filter(
            meeting=meeting, proxy_to=membership, status=Status.REPRESENTED
        ).exists()
    ):
        raise ValidationError(_("Ce membre porte une procuration : elle ne se transmet pas."))
    if not meeting.attendances.exists():
        _fill_sheet(meeting)  # the first mark starts the sheet, pre-filled from the answers
    row, _created = Attendance.objects.get_or_create(
        meeting=meeting, membership=membership, defaults={"status": status, "proxy_to": holder}
    )
    was_here = not _created and row.here
    row.status, row.proxy_to = status, holder
    now = timezone.now()
    # A correction after the sitting records no arrival: the time it is typed is not one.
    if row.here and not was_here and meeting.closed_at is None:
        row.left_at = None
        row.arrived_at = row.arrived_at or now
        if meeting.opened_at is not None:  # a late arrival, worth a line in the minutes
            Movement.objects.create(attendance=row, kind=Movement.Kind.ARRIVED, at=now)
    row.save()
    record(
        by,
        "sitting.presence",
        meeting,
        council_id=meeting.council_id,
        summary={
            "member": membership.person.email,
            "status": status,
            "proxy_to": holder.person.email if holder else None,
        },
    )
    return row


def _movement(meeting: Meeting, membership: Membership, kind: str, by: User) -> Attendance:
    meeting = locked(meeting)
    _require_runner(meeting, by)
    _require_in_session(meeting)
    if meeting.opened_at is None:
        raise InvalidTransition(_("La séance n’est pas encore ouverte."))
    membership = _seat_in(meeting, membership)
    row = Attendance.objects.filter(meeting=meeting, membership=membership).first()
    leaving = kind == Movement.Kind.LEFT
    if row is None or row.status not in {Status.PRESENT, Status.REMOTE}:
        raise InvalidTransition(_("Ce membre n’est pas noté présent."))
    if leaving != (row.left_at is None):
        raise InvalidTransition(
            _("Ce membre a déjà quitté la séance.") if leaving else _("Ce membre est là.")
        )
    now = timezone.now()
    row.left_at = now if leaving else None
    row.save(update_fields=["left_at"])
    Movement.objects.create(attendance=row, kind=kind, at=now)
    record(
        by,
        f"sitting.{kind}",
        meeting,
        council_id=meeting.council_id,
        summary={"member": membership.person.email, "at": timezone.localtime(now).isoformat()},
    )
    return row


@transaction.atomic
def record_departure(meeting: Meeting, membership: Membership, *, by: User) -> Attendance:
    """A member leaves during the sitting: they stop counting, their proxies lapse."""
    return _movement(meeting, membership, Movement.Kind.LEFT, by)


@transaction.atomic
def record_return(meeting: Meeting, membership: Membership, *, by: User) -> Attendance:
    return _movement(meeting, membership, Movement.Kind.ARRIVED, by)


# --- opening, quorum, re-convocation, closing -------------------------------------------


@transaction.atomic
def open_sitting(meeting: Meeting, *, by: User, urgency: str = "") -> RoomState:
    """The president opens the sitting: the quorum is noted once, as the rule reads it "en
    début de séance". Without it, votes are refused and a re-convocation is proposed.

    A meeting whose convocation was not sent, or not with the full notice period, opens only
    with a stated urgency reason, kept on the meeting and shown in its minutes."""
    meeting = locked(meeting)
    _require_runner(meeting, by)
    lifecycle.require(meeting, "open_sitting")
    urgency = urgency.strip()
    why = lifecycle.urgency_needed(meeting)
    if why is not None and len(urgency) < 3:
        raise UrgencyRequired(
            _("Indiquez le motif d’urgence pour ouvrir cette séance : %(why)s") % {"why": why}
        )
    state = load_room(meeting)
    meeting.opened_at = timezone.now()
    meeting.quorum_at_opening = state.reached
    meeting.urgency_reason = urgency if why is not None else ""
    meeting.save(update_fields=["opened_at", "quorum_at_opening", "urgency_reason"])
    record(
        by,
        "sitting.opened",
        meeting,
        council_id=meeting.council_id,
        summary={
            "quorum": state.reached,
            "counted": state.counted,
            "required": state.required,
            "members_in_office": state.count.members_in_office,
            "sits_without_quorum": meeting.sits_without_quorum,
            "urgency": meeting.urgency_reason,
        },
    )
    return replace(state, meeting=meeting)


def may_deliberate(meeting: Meeting) -> bool:
    return meeting.opened_at is not None and bool(
        meeting.quorum_at_opening or meeting.sits_without_quorum
    )


@dataclass(frozen=True)
class Reconvocation:
    """What the rule provides when the quorum fails: a new meeting within a window of days,
    which deliberates whatever the attendance."""

    first_day: dt.date
    last_day: dt.date
    rule: sittings.QuorumRule
    proposed: dt.datetime  # the first day of the window, at the failed meeting's hour


def reconvocation_for(meeting: Meeting) -> Reconvocation | None:
    """None unless the sitting opened without quorum (and was not itself a re-convocation)."""
    if meeting.quorum_at_opening is not False or meeting.sits_without_quorum:
        return None
    rule = sittings.sitting_rules(meeting.council.council_type).quorum
    opened = timezone.localtime(meeting.opened_at or meeting.starts_at)
    first = opened.date() + dt.timedelta(days=rule.reconvene_min_days)
    last = opened.date() + dt.timedelta(days=rule.reconvene_max_days)
    starts = timezone.localtime(meeting.starts_at)
    proposed = timezone.make_aware(dt.datetime.combine(first, starts.time().replace(tzinfo=None)))
    return Reconvocation(first, last, rule, proposed)


@transaction.atomic
def reconvene(meeting: Meeting, plan: MeetingPlan, *, by: User) -> Meeting:
    """Plan the new meeting the rule provides, with the same agenda, and adjourn this one."""
    meeting = locked(meeting)
    _require_runner(meeting, by)
    lifecycle.require(meeting, "reconvene")
    proposal = reconvocation_for(meeting)
    if proposal is None:
        raise InvalidTransition(_("Le quorum n’a pas manqué à l’ouverture de cette séance."))
    if meeting.reconvened_as.exists():
        raise InvalidTransition(_("La nouvelle séance est déjà convoquée."))
    starts = (
        plan.starts_at if timezone.is_aware(plan.starts_at) else timezone.make_aware(plan.starts_at)
    )
    day = timezone.localtime(starts).date()
    if not proposal.first_day <= day <= proposal.last_day:
        raise ValidationError(
            _("La nouvelle séance se tient entre le %(first)s et le %(last)s.")
            % {
                "first": proposal.first_day.strftime("%d/%m/%Y"),
                "last": proposal.last_day.strftime("%d/%m/%Y"),
            }
        )
    new = plan_meeting(meeting.council, plan, by=by)  # organisers only, as any planning
    new.sits_without_quorum = True
    new.reconvenes = meeting
    new.save(update_fields=["sits_without_quorum", "reconvenes"])
    for item in meeting.agenda_items.select_related("presenter"):
        draft = ItemDraft(
            title=item.title,
            description=item.description_source or item.description,
            presenter=item.presenter,
            duration_minutes=item.duration_minutes,
            kind=item.kind,
        )
        add_agenda_item(new, draft, by=by)
    # The same agenda, already set by the president: the new meeting is convoked with it.
    new.agenda_status = Meeting.AgendaStatus.SET
    new.agenda_set_at, new.agenda_set_by = timezone.now(), meeting.agenda_set_by
    new.save(update_fields=["agenda_status", "agenda_set_at", "agenda_set_by"])
    if meeting.closed_at is None:
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["closed_at"])
    record(
        by,
        "sitting.reconvened",
        meeting,
        council_id=meeting.council_id,
        summary={"new_meeting": new.pk, "starts_at": timezone.localtime(new.starts_at).isoformat()},
    )
    return new


@transaction.atomic
def close_sitting(meeting: Meeting, *, by: User) -> Meeting:
    """The president adjourns: the sheet is closed, the meeting is held."""
    meeting = locked(meeting)
    _require_runner(meeting, by)
    lifecycle.require(meeting, "close_sitting")
    meeting.closed_at = timezone.now()
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["closed_at", "status"])
    record(by, "sitting.closed", meeting, council_id=meeting.council_id)
    if lifecycle.subcouncil_refusal(meeting, "change_composition") is None:
        # The sheet is final: a run of absences that reached the council's rule is flagged.
        absences.review(meeting.council)
    return meeting


# --- notes ----------------------------------------------------------------------------------


@transaction.atomic
def save_notes(item: AgendaItem, text: str, *, by: User) -> ItemNotes:
    """The secretary's live notes on one point; they become the draft of the minutes."""
    meeting = locked(item.meeting)
    _require_runner(meeting, by)
    if meeting.is_cancelled:
        raise InvalidTransition(_("La séance est annulée."))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > 20_000:
        raise ValidationError(_("Les notes d’un point tiennent en 20 000 caractères."))
    notes, _created = ItemNotes.objects.update_or_create(
        agenda_item=item, defaults={"text": text, "updated_by": by}
    )
    record(
        by,
        "sitting.notes_saved",
        item,
        council_id=meeting.council_id,
        summary={"characters": len(text)},
    )
    return notes
