"""Who has been kept long enough: people without any seat for N years and without other
recent activity are pseudonymised (see accounts.pseudonymise). The audit trail keeps its
stored text, so `conseils audit verify` still holds; one new entry records each step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.pseudonymise import PLACEHOLDER_DOMAIN, placeholder_email, pseudonymise
from audit import log as audit
from audit.models import AuditEntry
from convocations.models import Recipient
from councils.models import Membership
from legal.models import LegalWording, default_retention_years


@dataclass(frozen=True)
class Expired:
    person: User
    years: int
    last_seat_ended: dt.date | None


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def expired_people(*, years: int | None = None, today: dt.date | None = None) -> list[Expired]:
    """People to pseudonymise on `today`. Without `years`, each person's period is the longest
    of the institutions where they sat (their legal wording), else the RETENTION_YEARS setting."""
    today = today or timezone.localdate()
    sitting = Membership.objects.ahead(today)
    candidates = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith=f"@{PLACEHOLDER_DOMAIN}")
        .exclude(pk__in=sitting.values("person_id"))
        # People who hold a function now are not former members, whatever their seats.
        .exclude(directed_institutions__isnull=False)
        .exclude(headed_programmes__isnull=False)
        .exclude(headed_tracks__isnull=False)
        .exclude(answering_bodies__isnull=False)
        .distinct()
        .order_by("pk")
    )
    per_institution = dict(LegalWording.objects.values_list("institution_id", "retention_years"))
    default = default_retention_years()
    seats: dict[int, list[tuple[int, dt.date | None]]] = {}
    for person_id, institution_id, end in Membership.objects.filter(
        person__in=candidates
    ).values_list("person_id", "council__institution_id", "end_date"):
        seats.setdefault(person_id, []).append((institution_id, end))
    expired = []
    for person in candidates:
        own = seats.get(person.pk, [])
        n = years or max((per_institution.get(i, default) for i, _ in own), default=default)
        cutoff = years_before(today, n)
        last_end = max((end for _, end in own if end is not None), default=None)
        if last_end is not None and last_end > cutoff:
            continue
        since = _start_of(cutoff)
        if person.date_joined >= since or (person.last_login and person.last_login >= since):
            continue
        if AuditEntry.objects.filter(actor=person, created_at__gte=since).exists():
            continue
        expired.append(Expired(person, n, last_end))
    return expired


@transaction.atomic
def pseudonymise_expired(item: Expired) -> None:
    """One person: their fields, the address their convocations were sent to, one entry."""
    person = pseudonymise(item.person)
    Recipient.objects.filter(person=person).update(email=placeholder_email(person))
    audit.record(
        None,
        "person.pseudonymised",
        person,
        summary={
            "years": item.years,
            "last_seat_ended": item.last_seat_ended.isoformat() if item.last_seat_ended else None,
        },
    )
