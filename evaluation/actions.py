from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Council, Institution, ObservatoryMember, Track
from evaluation.models import DEFAULT_INDICATORS, Indicator, Value


def ensure_default_indicators(institution: Institution) -> list[Indicator]:
    return [
        Indicator.objects.get_or_create(
            institution=institution, code=code, defaults={"name": name, "unit": unit}
        )[0]
        for code, name, unit in DEFAULT_INDICATORS
    ]


@transaction.atomic
def set_value(
    council: Council,
    *,
    by: User,
    indicator: Indicator,
    track: Track,
    year: str,
    value: Decimal,
    source: str = "",
) -> Value:
    if not roles.may_enter_indicators(by, council):
        raise PermissionDenied
    if (
        indicator.institution_id != council.institution_id
        or not council.tracks.filter(pk=track.pk).exists()
    ):
        raise ValidationError(_("Cet indicateur ou ce parcours ne relève pas de ce conseil."))
    if indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        raise ValidationError(_("Un pourcentage est compris entre 0 et 100."))
    saved, _created = Value.objects.update_or_create(
        indicator=indicator,
        track=track,
        academic_year=year,
        defaults={"value": value, "source": source, "entered_by": by},
    )
    record(
        by,
        "indicator.set",
        saved,
        council_id=council.pk,
        summary={"indicator": indicator.code, "year": year, "value": str(value)},
    )
    return saved


# --- the observatoire des formations ------------------------------------------------------


@transaction.atomic
def add_to_observatory(institution: Institution, person: User, *, by: User) -> ObservatoryMember:
    """The director names an account of the observatory (one audit entry)."""
    if not roles.may_manage_observatory(by, institution):
        raise PermissionDenied
    if ObservatoryMember.objects.filter(institution=institution, person=person).exists():
        raise ValidationError(
            _("%(name)s fait déjà partie de l’observatoire.") % {"name": person.display_name}
        )
    member = ObservatoryMember.objects.create(institution=institution, person=person)
    record(by, "observatory.added", member, summary={"person": person.pk})
    return member


@transaction.atomic
def remove_from_observatory(member: ObservatoryMember, *, by: User) -> None:
    if not roles.may_manage_observatory(by, member.institution):
        raise PermissionDenied
    record(by, "observatory.removed", member, summary={"person": member.person_id})
    member.delete()
