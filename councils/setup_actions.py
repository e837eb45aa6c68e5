"""Setting up an institution: its first director, then its structure (components, sites,
programmes, tracks, councils, site sub-councils). Each step checks access, runs in one
transaction and is audited; structure is retired, never deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import (
    SUBCOUNCIL_LIMIT,
    Council,
    Institution,
    Membership,
    Retirable,
    SubCouncil,
)

# The seed page (INSPE d'Aix-Marseille, conseils de perfectionnement) on site sub-councils.
SUBCOUNCIL_QUOTE = SUBCOUNCIL_LIMIT.quote


def directed_institution(user: Any) -> Institution | None:
    """The institution whose setup area a person opens: the first one they direct."""
    return roles.institutions_directed_by(user).order_by("name", "pk").first()


class InstitutionExists(Exception):
    """`conseils setup` runs on an empty database unless told otherwise."""


@transaction.atomic
def create_institution(
    *,
    name: str,
    short_name: str,
    director_email: str,
    director_first_name: str,
    director_last_name: str,
    password: str,
    director_title: str = "",
    allow_existing: bool = False,
) -> Institution:
    """The first run: the institution and the account of its director, who signs in next."""
    from django.contrib.auth.password_validation import validate_password

    if not allow_existing and Institution.objects.exists():
        raise InstitutionExists
    email = director_email.strip().lower()
    if not name.strip() or not short_name.strip():
        raise ValidationError(_("Le nom et le sigle de l’établissement sont obligatoires."))
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("Un compte existe déjà pour l’adresse %(email)s.") % {"email": email}
        )
    director = User(email=email, first_name=director_first_name, last_name=director_last_name)
    validate_password(password, director)
    director = User.objects.create_user(
        email, password, first_name=director_first_name.strip(), last_name=director_last_name
    )
    institution = Institution(name=name.strip(), short_name=short_name.strip(), director=director)
    if director_title.strip():
        institution.director_title = director_title.strip()
    institution.save()
    record(
        None,
        "institution.created",
        institution,
        summary={"name": institution.name, "director": email},
    )
    return institution


def institution_of(obj: models.Model) -> Institution:
    """The institution a piece of structure belongs to."""
    for path in ("institution", "programme__institution", "council__institution"):
        current: Any = obj
        for step in path.split("__"):
            current = getattr(current, step, None)
        if isinstance(current, Institution):
            return current
    raise ValueError(obj)


def _require(by: User, institution: Institution) -> None:
    if not roles.may_set_up(by, institution):
        raise PermissionDenied


def _council_id(obj: models.Model) -> int | None:
    if isinstance(obj, Council):
        return obj.pk
    if isinstance(obj, SubCouncil):
        return obj.council_id
    return None


@transaction.atomic
def save_structure(
    obj: Retirable,
    *,
    by: User,
    changed: Iterable[str] = (),
    relations: Callable[[], None] | None = None,
) -> Retirable:
    """Create or edit one piece of structure (a form has set its fields; `relations` sets its
    many-to-many relations once it is saved, in the same transaction)."""
    _require(by, institution_of(obj))
    creating = obj.pk is None
    obj.save()
    if relations is not None:
        relations()
    record(
        by,
        f"{obj._meta.model_name}.{'created' if creating else 'changed'}",
        obj,
        council_id=_council_id(obj),
        summary={"changed": sorted(changed)},
    )
    return obj


@transaction.atomic
def retire(obj: Retirable, on: dt.date | None, *, by: User) -> Retirable:
    """Retire from a date (today by default), or reinstate with `on=None`; history is kept."""
    _require(by, institution_of(obj))
    obj.retired_on = on
    obj.save(update_fields=["retired_on"])
    record(
        by,
        f"{obj._meta.model_name}.{'retired' if on else 'reinstated'}",
        obj,
        council_id=_council_id(obj),
        summary={"retired_on": on.isoformat() if on else None},
    )
    return obj


@transaction.atomic
def set_subcouncil_members(
    subcouncil: SubCouncil, memberships: Iterable[Membership], *, by: User
) -> SubCouncil:
    """A sub-council's members are drawn from its council's current members."""
    _require(by, subcouncil.council.institution)
    chosen = list(memberships)
    allowed = {m.pk for m in subcouncil.council.memberships.current()}
    if any(m.pk not in allowed for m in chosen):
        raise ValidationError(
            _("Les membres d’un sous-conseil sont choisis parmi les membres du conseil.")
        )
    subcouncil.members.set(chosen)
    record(
        by,
        "subcouncil.members_set",
        subcouncil,
        council_id=subcouncil.council_id,
        summary={"members": sorted(m.person.email for m in chosen)},
    )
    return subcouncil
