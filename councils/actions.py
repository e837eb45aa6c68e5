"""Workflow steps on councils: each checks access, runs in one transaction and is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import bylaws
from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Component, Council, Membership


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


def find_or_create_person(email: str, first_name: str, last_name: str) -> User:
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(email, first_name=first_name, last_name=last_name)
    return person


def _validate_seat(council: Council, seat: Seat) -> None:
    if seat.category not in council.pack.categories:
        raise ValidationError(_("Catégorie inconnue pour ce type de conseil."))
    if seat.component is not None and seat.component.institution_id != council.institution_id:
        raise ValidationError(_("Cette composante n’appartient pas à l’établissement."))
    if seat.end_date is not None and seat.end_date <= seat.start_date:
        raise ValidationError(_("La fin du mandat doit suivre son début."))
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
    }


@transaction.atomic
def add_membership(
    council: Council, person: User, seat: Seat, *, by: User, confirm: bool = False
) -> Membership:
    _require_editor(council, by)
    _validate_seat(council, seat)
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one addition at a time
    getattr(council, "_prefetched_objects_cache", {}).pop("memberships", None)
    if any(m.person_id == person.pk for m in council.current_memberships()):
        raise ValidationError(_("Cette personne siège déjà dans ce conseil."))
    membership = Membership(council=council, person=person, **_seat_fields(seat))
    after = _current_except(council) + ([membership] if membership.is_current() else [])
    violations = _check_change(council, after, confirm=confirm)
    membership.save()
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
    """Current members the pack allows to preside (employer representatives)."""
    rule = next(r for r in council.pack.rules if r.kind == "president_eligibility")
    return [
        m
        for m in council.current_memberships()
        if m.employer_representative or m.category in rule.categories
    ]


@transaction.atomic
def set_president(
    council: Council, membership: Membership, *, by: User, on: dt.date | None = None
) -> Membership:
    _require_editor(council, by)
    if membership.council_id != council.pk or membership not in eligible_presidents(council):
        raise ValidationError(_("Le président est choisi parmi les représentants de l’employeur."))
    day = on or timezone.localdate()
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
        summary={"person": membership.person.email, "since": day.isoformat()},
    )
    return membership
