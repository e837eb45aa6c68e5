"""Workflow steps on councils: each checks access, runs in one transaction and is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

import bylaws
from accounts.models import User
from accounts.notify import notify
from audit.log import record
from councils import mandates, roles
from councils.models import Component, Council, Designation, MandateReminder, Membership


class CompositionWouldBeIllegal(Exception):
    """The change breaks rules the council kept so far; the caller may confirm it."""

    def __init__(self, violations: list[bylaws.Violation]) -> None:
        super().__init__(", ".join(v.rule.id for v in violations))
        self.violations = violations


@dataclass(frozen=True)
class Seat:
    """What a form or an import row says of one seat."""

    category: str
    component: Component | None
    start_date: dt.date
    end_date: dt.date | None = None
    employer_representative: bool = False
    is_president: bool = False
    term_end: dt.date | None = None


@dataclass(frozen=True)
class Act:
    """What a designation rests on: who designated, when, on what basis."""

    designated_by: str
    designated_on: dt.date
    basis: str
    reference: str = ""


def _require_editor(council: Council, by: User) -> None:
    if not roles.may_edit_council(by, council):
        raise PermissionDenied


def _check_change(
    council: Council, after: list[Membership], *, confirm: bool
) -> list[bylaws.Violation]:
    """Compare the rules before and after; refuse new breaches unless confirmed."""
    before_ids = {v.rule.id for v in council.violations()}
    violations = bylaws.check(council.composition(after))
    new = [v for v in violations if v.rule.id not in before_ids]
    if new and not confirm:
        raise CompositionWouldBeIllegal(new)
    return violations


def _summary(violations: list[bylaws.Violation], **extra: Any) -> dict[str, Any]:
    return {**extra, "violations": [v.rule.id for v in violations], "legal": not violations}


def find_or_create_person(email: str, first_name: str, last_name: str, sex: str = "") -> User:
    """The person with that address, or a new one. A sex given for a person the directory
    has none for is recorded (the parity rules of the INSPE councils read it)."""
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        return User.objects.create_user(email, first_name=first_name, last_name=last_name, sex=sex)
    if sex and not person.sex:
        person.sex = sex
        person.save(update_fields=["sex"])
    return person


def _validate_seat(council: Council, seat: Seat) -> None:
    if seat.category not in council.pack.categories:
        raise ValidationError(_("Catégorie inconnue pour ce type de conseil."))
    if seat.component is not None and seat.component.institution_id != council.institution_id:
        raise ValidationError(_("Cette composante n’appartient pas à l’établissement."))
    if seat.end_date is not None and seat.end_date <= seat.start_date:
        raise ValidationError(_("La fin du mandat doit suivre son début."))
    if seat.term_end is not None and seat.term_end <= seat.start_date:
        raise ValidationError(_("Le terme du mandat doit suivre son début."))
    if seat.is_president and seat.category in council.pack.non_voting:
        raise ValidationError(_("Un invité ne peut pas présider le conseil."))


def _current_except(council: Council, excluded: Membership | None = None) -> list[Membership]:
    return [m for m in council.current_memberships() if excluded is None or m.pk != excluded.pk]


def _seat_fields(seat: Seat) -> dict[str, Any]:
    return {
        "category": seat.category,
        "component": seat.component,
        "start_date": seat.start_date,
        "end_date": seat.end_date,
        "employer_representative": seat.employer_representative,
        "term_end": seat.term_end,
    }


def _with_default_term(council: Council, seat: Seat) -> Seat:
    """A new seat without a term gets the default of its council type and category."""
    if seat.term_end is not None:
        return seat
    term_end = mandates.policy(council.council_type).term_end(seat.category, seat.start_date)
    end_date = seat.end_date or mandates.planned_end(council, term_end)
    return replace(seat, term_end=term_end, end_date=end_date)


@transaction.atomic
def add_membership(
    council: Council,
    person: User,
    seat: Seat,
    *,
    by: User,
    confirm: bool = False,
    act: Act | None = None,
) -> Membership:
    _require_editor(council, by)
    _validate_seat(council, seat)
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one addition at a time
    getattr(council, "_prefetched_objects_cache", {}).pop("memberships", None)
    seat = _with_default_term(council, seat)
    if any(m.person_id == person.pk for m in council.current_memberships()):
        raise ValidationError(_("Cette personne siège déjà dans ce conseil."))
    membership = Membership(council=council, person=person, **_seat_fields(seat))
    after = _current_except(council) + ([membership] if membership.is_current() else [])
    violations = _check_change(council, after, confirm=confirm)
    membership.save()
    if act is not None:
        _record_act(membership, act, Designation.Kind.FIRST, by=by)
    record(
        by,
        "membership.added",
        membership,
        council_id=council.pk,
        summary=_summary(violations, category=seat.category, person=person.email),
    )
    return membership


@transaction.atomic
def update_membership(
    membership: Membership, seat: Seat, *, by: User, confirm: bool = False
) -> Membership:
    council = membership.council
    _require_editor(council, by)
    _validate_seat(council, seat)
    for name, value in _seat_fields(seat).items():
        setattr(membership, name, value)
    if membership.category in council.pack.non_voting:
        membership.is_president = False
    after = _current_except(council, membership) + ([membership] if membership.is_current() else [])
    violations = _check_change(council, after, confirm=confirm)
    membership.save()
    record(
        by,
        "membership.changed",
        membership,
        council_id=council.pk,
        summary=_summary(violations, **{k: str(v) for k, v in _seat_fields(seat).items()}),
    )
    return membership


@transaction.atomic
def end_membership(
    membership: Membership, end_date: dt.date, *, by: User, confirm: bool = False
) -> Membership:
    council = membership.council
    _require_editor(council, by)
    if end_date <= membership.start_date:
        raise ValidationError(_("La fin du mandat doit suivre son début."))
    membership.end_date = end_date
    after = _current_except(council, membership) + ([membership] if membership.is_current() else [])
    violations = _check_change(council, after, confirm=confirm)
    membership.save(update_fields=["end_date"])
    record(
        by,
        "membership.ended",
        membership,
        council_id=council.pk,
        summary=_summary(violations, end_date=end_date.isoformat()),
    )
    return membership


def eligible_presidents(council: Council) -> list[Membership]:
    """Current members the pack allows to preside (employer representatives, or the pack's
    categories); a pack without an eligibility rule (the COSP) lets any voting member preside."""
    rule = next((r for r in council.pack.rules if r.kind == "president_eligibility"), None)
    members = council.current_memberships()
    if rule is None:
        return [m for m in members if m.category not in council.pack.non_voting]
    return [m for m in members if m.employer_representative or m.category in rule.categories]


@transaction.atomic
def set_president(
    council: Council, membership: Membership, *, by: User, on: dt.date | None = None
) -> Membership:
    _require_editor(council, by)
    return install_president(council, membership, by=by, on=on or timezone.localdate())


def install_president(
    council: Council, membership: Membership, *, by: User, on: dt.date, elected_in: str = ""
) -> Membership:
    """Make the seat the council's president from the given day. Whoever asks has been
    checked already: the council's editor choosing (set_president), or the room where the
    council elected its president (sittings.actions.elections, `elected_in` says which)."""
    if membership.council_id != council.pk or membership not in eligible_presidents(council):
        raise ValidationError(_("Le président est choisi parmi les représentants de l’employeur."))
    day = on
    council.memberships.filter(is_president=True).exclude(pk=membership.pk).update(
        is_president=False, president_since=None
    )
    membership.is_president = True
    membership.president_since = day
    membership.save(update_fields=["is_president", "president_since"])
    record(
        by,
        "council.president_chosen",
        membership,
        council_id=council.pk,
        summary={
            "person": membership.person.email,
            "since": day.isoformat(),
            **({"elected_in": elected_in} if elected_in else {}),
        },
    )
    return membership


# --- mandates: successors, replacements, renewal ---------------------------------------------


def _record_act(membership: Membership, act: Act, kind: str, *, by: User) -> Designation:
    if not act.designated_by.strip() or not act.basis.strip():
        raise ValidationError(_("Indiquez qui a désigné et sur quel fondement."))
    return Designation.objects.create(
        council=membership.council,
        membership=membership,
        kind=kind,
        designated_by=act.designated_by.strip(),
        designated_on=act.designated_on,
        basis=act.basis.strip(),
        reference=act.reference.strip(),
        recorded_by=by,
    )


def is_vacant(seat: Membership, on: dt.date | None = None) -> bool:
    """Ended before its term (or without a term), with nobody designated in its place."""
    day = on or timezone.localdate()
    ended = seat.end_date is not None and seat.end_date <= day
    cut_short = seat.term_end is None or (
        seat.end_date is not None and seat.end_date < seat.term_end
    )
    return ended and cut_short and not hasattr(seat, "successor")


def default_start(seat: Membership, today: dt.date | None = None) -> dt.date:
    """A successor starts when the term ends, or today if it has ended (or the seat is vacant)."""
    day = today or timezone.localdate()
    if is_vacant(seat, day) or seat.term_end is None:
        return day
    return max(day, seat.term_end)


def _succeed(seat: Membership, person: User, act: Act, start: dt.date, *, by: User) -> Membership:
    """The new seat, with its act; the seat it follows ends the day it starts. No audit entry:
    the public actions write theirs."""
    council = seat.council
    if Membership.objects.filter(predecessor=seat).exists():
        raise ValidationError(_("Un successeur a déjà été désigné sur ce siège."))
    if start <= seat.start_date:
        raise ValidationError(
            _("Le successeur entre en fonction après le début du mandat qu’il suit.")
        )
    others = council.memberships.current(start).filter(person=person).exclude(pk=seat.pk)
    if others.exists():
        raise ValidationError(
            _("%(name)s siège déjà dans ce conseil à cette date.") % {"name": person.display_name}
        )
    replacement = is_vacant(seat, start)
    if replacement:
        term_end = seat.term_end  # the remaining term
        if term_end is not None and term_end <= start:
            raise ValidationError(_("Le mandat de ce siège est échu : désignez un successeur."))
    else:
        term_end = mandates.policy(council.council_type).term_end(seat.category, start)
    successor = Membership.objects.create(
        council=council,
        person=person,
        category=seat.category,
        component=seat.component,
        employer_representative=seat.employer_representative,
        start_date=start,
        term_end=term_end,
        end_date=mandates.planned_end(council, term_end),
        predecessor=seat,
    )
    if seat.end_date is None or seat.end_date > start:
        seat.end_date = start
        seat.save(update_fields=["end_date"])
    kind = Designation.Kind.REPLACEMENT if replacement else Designation.Kind.SUCCESSOR
    _record_act(successor, act, kind, by=by)
    return successor


def _pair(seat: Membership, successor: Membership) -> dict[str, Any]:
    return {
        "seat": seat.pk,
        "before": seat.person.email,
        "after": successor.person.email,
        "start": successor.start_date.isoformat(),
        "term_end": successor.term_end.isoformat() if successor.term_end else None,
    }


def _act_summary(act: Act) -> dict[str, str]:
    return {
        "designated_by": act.designated_by,
        "designated_on": act.designated_on.isoformat(),
        "basis": act.basis,
        "reference": act.reference,
    }


@transaction.atomic
def designate_successor(
    seat: Membership, person: User, act: Act, *, by: User, start: dt.date | None = None
) -> Membership:
    """The successor (or, on a vacant seat, the replacement for the remaining term) takes the
    seat; an extended seat ends that day."""
    if not roles.may_edit_council(by, seat.council):
        raise PermissionDenied
    successor = _succeed(seat, person, act, start or default_start(seat), by=by)
    record(
        by,
        "membership.successor_designated",
        successor,
        council_id=seat.council_id,
        summary={**_pair(seat, successor), **_act_summary(act)},
    )
    return successor


@transaction.atomic
def renew_seats(
    council: Council, successors: list[tuple[Membership, User]], act: Act, *, by: User
) -> list[Membership]:
    """Successors of several seats under one act (a yearly election), all or none."""
    if not roles.may_edit_council(by, council):
        raise PermissionDenied
    if not successors:
        raise ValidationError(_("Indiquez au moins un successeur."))
    if len({p.pk for _s, p in successors}) != len(successors):
        raise ValidationError(_("Une même personne ne peut succéder sur deux sièges."))
    done = []
    for seat, person in successors:
        if seat.council_id != council.pk:
            raise ValidationError(_("Ce siège n’appartient pas à ce conseil."))
        seat.council = council
        done.append((seat, _succeed(seat, person, act, default_start(seat), by=by)))
    record(
        by,
        "mandates.renewed",
        council,
        council_id=council.pk,
        summary={"seats": [_pair(s, n) for s, n in done], **_act_summary(act)},
    )
    return [n for _s, n in done]


def send_mandate_reminders(today: dt.date | None = None) -> int:
    """Tell the director and the head of mention, 60 and 30 days ahead (settings), of the seats
    whose term ends without a successor, with the council's forecast; each threshold once per
    seat and term (a unique constraint). Returns the number of e-mails' councils."""
    day = today or timezone.localdate()
    thresholds = sorted(mandates.reminder_days())
    if not thresholds:
        return 0
    due = (
        Membership.objects.filter(
            term_end__gt=day,
            term_end__lte=day + dt.timedelta(days=thresholds[-1]),
            successor__isnull=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=F("term_end")))
        .select_related("person", "council__institution__director", "council__programme__head")
        .order_by("council_id", "term_end")
    )
    sent = {
        (r.membership_id, r.term_end, r.days_before)
        for r in MandateReminder.objects.filter(membership__in=due)
    }
    by_council: dict[int, list[Membership]] = {}
    new: list[MandateReminder] = []
    for seat in due:
        assert seat.term_end is not None
        crossed = [d for d in thresholds if (seat.term_end - day).days <= d]
        missing = [d for d in crossed if (seat.pk, seat.term_end, d) not in sent]
        if missing:
            by_council.setdefault(seat.council_id, []).append(seat)
            new += [
                MandateReminder(membership=seat, term_end=seat.term_end, days_before=d)
                for d in missing
            ]
    for seats in by_council.values():
        with transaction.atomic():
            ids = {s.pk for s in seats}
            MandateReminder.objects.bulk_create([r for r in new if r.membership_id in ids])
            _notify_mandates_ending(seats, day)
    return len(by_council)


def _notify_mandates_ending(seats: list[Membership], today: dt.date) -> None:
    council = seats[0].council
    link = settings.SITE_URL + reverse("councils:renewal", args=[council.pk])
    notify(
        mandates.people_to_remind(council),
        format_lazy("{} — {}", _lazy("Mandats arrivant à leur terme"), council.name),
        "councils/emails/mandates_ending.txt",
        {
            "council": council,
            "seats": seats,
            "extended": mandates.policy(council.council_type).until_successor,
            "breach": mandates.council_forecast(council, today),
            "link": link,
        },
    )
