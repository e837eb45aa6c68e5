"""Councils and their members. Reads and writes go through the same helpers as the pages:
councils.access for who may see or change what, councils.actions for every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from api.auth import API_AUTH
from api.schemas import (
    CitationOut,
    ErrorOut,
    IllegalChangeOut,
    PageOut,
    PageParams,
    PersonOut,
    StrictIn,
    ViolationOut,
    citation_out,
    lang,
    page,
    violation_out,
)
from councils import actions, roles
from councils.access import get_council_for_user, get_membership_for_user
from councils.models import Component, Council, Membership

router = Router(auth=API_AUTH, tags=["Conseils"])

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    **READ_ERRORS,
    403: ErrorOut,
    409: IllegalChangeOut,
    422: ErrorOut,
}


def caller(request: HttpRequest) -> User:
    """Both authentications leave the person in request.user (see api.auth)."""
    assert isinstance(request.user, User)
    return request.user


# --- schemas ----------------------------------------------------------------------------------


class CouncilSummaryOut(Schema):
    id: int
    name: str
    council_type: str
    type_label: str
    institution: str
    programme: str | None
    legal: bool
    violation_count: int
    can_edit: bool


class RuleOut(Schema):
    id: str
    label: str
    ok: bool
    message: str | None
    citation: CitationOut


class CouncilOut(CouncilSummaryOut):
    components: list[str]
    voting_members: int
    rules: list[RuleOut]


class MemberOut(Schema):
    id: int
    person: PersonOut
    category: str
    category_label: str
    component: str | None
    start_date: dt.date
    end_date: dt.date | None
    current: bool
    voting: bool
    is_president: bool
    employer_representative: bool


class CouncilPage(PageOut):
    items: list[CouncilSummaryOut]


class MemberPage(PageOut):
    items: list[MemberOut]


class MemberChangeOut(Schema):
    member: MemberOut
    legal: bool
    violations: list[ViolationOut] = Field(
        description="Les règles que la composition enfreint après le changement."
    )


class SeatIn(StrictIn):
    category: str
    component: str | None = Field(None, description="Code de la composante, par exemple INSPE.")
    start_date: dt.date
    end_date: dt.date | None = None
    employer_representative: bool = False
    confirm: bool = Field(
        False, description="Enregistrer même si la composition devient irrégulière."
    )


class NewMemberIn(SeatIn):
    email: str
    first_name: str = Field(max_length=150)
    last_name: str = Field(max_length=150)


class SeatPatchIn(StrictIn):
    """Only the fields sent change; the others keep their value."""

    category: str | None = None
    component: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    employer_representative: bool | None = None
    confirm: bool = False


class EndIn(StrictIn):
    end_date: dt.date
    confirm: bool = False


class MembersParams(PageParams):
    past: bool = Field(False, description="Inclure les mandats terminés ou à venir.")


# --- serialisers ------------------------------------------------------------------------------


def council_summary(council: Council, user: User) -> dict[str, Any]:
    violations = council.violations()
    return {
        "id": council.pk,
        "name": council.name,
        "council_type": council.council_type,
        "type_label": council.type_label,
        "institution": str(council.institution),
        "programme": str(council.programme) if council.programme else None,
        "legal": not violations,
        "violation_count": len(violations),
        "can_edit": roles.may_edit_council(user, council),
    }


def member_out(membership: Membership, *, show_email: bool) -> dict[str, Any]:
    person = membership.person
    return {
        "id": membership.pk,
        "person": {
            "id": person.pk,
            "name": person.display_name,
            "email": person.email if show_email else None,
        },
        "category": membership.category,
        "category_label": membership.council.pack.category_label(membership.category, lang()),
        "component": membership.component.code if membership.component else None,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
        "current": membership.is_current(),
        "voting": membership.voting,
        "is_president": membership.is_president,
        "employer_representative": membership.employer_representative,
    }


def change_out(membership: Membership, user: User) -> dict[str, Any]:
    council = membership.council
    violations = council.violations()
    return {
        "member": member_out(membership, show_email=roles.may_edit_council(user, council)),
        "legal": not violations,
        "violations": [violation_out(v) for v in violations],
    }


def component_by_code(council: Council, code: str | None) -> Component | None:
    if not code:
        return None
    component = council.institution.components.filter(code__iexact=code.strip()).first()
    if component is None:
        raise ValidationError(f"Aucune composante « {code} » dans l’établissement.")
    return component


def seat_from(council: Council, data: SeatIn) -> actions.Seat:
    return actions.Seat(
        category=data.category,
        component=component_by_code(council, data.component),
        start_date=data.start_date,
        end_date=data.end_date,
        employer_representative=data.employer_representative,
    )


# --- endpoints --------------------------------------------------------------------------------


@router.get("", response=CouncilPage, summary="Les conseils que je peux voir")
def list_councils(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    user = caller(request)
    visible = roles.councils_readable_by(user)
    ordered = visible.order_by("name", "pk")
    window = ordered[params.offset : params.offset + params.limit].fetch_with_composition()
    return page(visible.count(), [council_summary(c, user) for c in window], params)


@router.get(
    "/{council_id}",
    response={200: CouncilOut, **READ_ERRORS},
    summary="Un conseil et l’état de sa composition, règle par règle",
)
def get_council(request: HttpRequest, council_id: int) -> dict[str, Any]:
    user = caller(request)
    council = get_council_for_user(request, council_id)
    results = council.evaluate()
    return {
        **council_summary(council, user),
        "components": list(council.component_codes()),
        "voting_members": council.voting_count(),
        "rules": [
            {
                "id": r.rule.id,
                "label": r.rule.label(lang()),
                "ok": r.ok,
                "message": r.violation.message(lang()) if r.violation else None,
                "citation": citation_out(r.rule.citation),
            }
            for r in results
        ],
    }


@router.get(
    "/{council_id}/members",
    response={200: MemberPage, **READ_ERRORS},
    summary="Les membres d’un conseil",
)
def list_members(
    request: HttpRequest, council_id: int, params: Query[MembersParams]
) -> dict[str, Any]:
    council = get_council_for_user(request, council_id)
    memberships = council.memberships.all() if params.past else council.memberships.current()
    ordered = memberships.select_related("person", "component").order_by(
        "category", "person__last_name", "person__first_name", "pk"
    )
    show_email = roles.may_edit_council(caller(request), council)
    items = []
    for membership in ordered[params.offset : params.offset + params.limit]:
        membership.council = council  # each row would fetch its council again otherwise
        items.append(member_out(membership, show_email=show_email))
    return page(memberships.count(), items, params)


@router.post(
    "/{council_id}/members",
    response={201: MemberChangeOut, **WRITE_ERRORS},
    summary="Ajouter un membre",
    description="Une composition rendue irrégulière est refusée (409) sauf avec « confirm ».",
)
def add_member(request: HttpRequest, council_id: int, data: NewMemberIn) -> Status:
    user = caller(request)
    council = get_council_for_user(request, council_id, write=True)
    # One transaction: a refused change (409) leaves no new account behind.
    validate_email(data.email)
    with transaction.atomic():
        person = actions.find_or_create_person(data.email, data.first_name, data.last_name)
        membership = actions.add_membership(
            council, person, seat_from(council, data), by=user, confirm=data.confirm
        )
    return Status(201, change_out(membership, user))


@router.patch(
    "/{council_id}/members/{membership_id}",
    response={200: MemberChangeOut, **WRITE_ERRORS},
    summary="Modifier un mandat",
)
def update_member(
    request: HttpRequest, council_id: int, membership_id: int, data: SeatPatchIn
) -> dict[str, Any]:
    user = caller(request)
    membership = get_membership_for_user(request, council_id, membership_id, write=True)
    council = membership.council
    sent = data.model_dump(exclude_unset=True)
    component = (
        component_by_code(council, sent["component"])
        if "component" in sent
        else membership.component
    )
    seat = actions.Seat(
        category=sent.get("category") or membership.category,
        component=component,
        start_date=sent.get("start_date") or membership.start_date,
        end_date=sent.get("end_date", membership.end_date),
        employer_representative=(
            data.employer_representative
            if data.employer_representative is not None
            else membership.employer_representative
        ),
    )
    actions.update_membership(membership, seat, by=user, confirm=data.confirm)
    return change_out(membership, user)


@router.post(
    "/{council_id}/members/{membership_id}/end",
    response={200: MemberChangeOut, **WRITE_ERRORS},
    summary="Terminer un mandat (il reste dans l’historique)",
)
def end_member(
    request: HttpRequest, council_id: int, membership_id: int, data: EndIn
) -> dict[str, Any]:
    user = caller(request)
    membership = get_membership_for_user(request, council_id, membership_id, write=True)
    actions.end_membership(membership, data.end_date, by=user, confirm=data.confirm)
    return change_out(membership, user)
