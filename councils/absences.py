"""Absences: a member who misses the council's number of consecutive meetings is flagged, once
per run of absences, to the president and the director, who may end the mandate (an act).

Where the Code governs the council (the INSPE councils, art. D. 721-6) the rule is the law's:
an appointed member neither present nor represented at three consecutive meetings is deemed to
have resigned. Elsewhere (the CPERs) the seed page, the institute's internal regulations, sets
no rule: the council's own setting applies (three unexcused absences by default).

The meetings and their sign-in sheets belong to apps above this one: `sittings.absences` reads
them and calls `flag` here; this module keeps the rule, the flags and the act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import bylaws
from accounts.models import User
from accounts.notify import notify
from audit.log import record
from councils import roles
from councils.mandates import D_721_6, D_721_6_LINE
from councils.models import AbsenceFlag, Council, MandateEnd, Membership

RESIGNATION_QUOTE = (
    "Tout membre nommé qui n'est pas présent ou représenté lors de trois séances consécutives "
    "est considéré comme démissionnaire."
)
LAW = bylaws.Citation(source=D_721_6, quote=RESIGNATION_QUOTE, code_line=D_721_6_LINE)
LAW_LIMIT = 3

# The appointed ("nommé") members of the INSPE councils; the elected and the ex officio members
# are not concerned by the article's sentence.
APPOINTED: dict[str, frozenset[str]] = {
    "inspe_institute_council": frozenset(
        {
            "establishment_representative",
            "local_authority_representative",
            "rector_appointee",
            "partner_appointee",
            "coopted_personality",
        }
    ),
    "inspe_cosp": frozenset({"rector_appointee", "institute_council_appointee"}),
}

# Attendance values (sittings.models.Attendance.Status) that count as a meeting missed.
UNEXCUSED = frozenset({"absent"})
NOT_PRESENT_NOR_REPRESENTED = frozenset({"absent", "excused"})


@dataclass(frozen=True)
class AbsenceRule:
    limit: int
    missed_statuses: frozenset[str]
    categories: frozenset[str] | None  # None: every voting member
    citation: bylaws.Citation | None  # None: the council's own setting

    @property
    def by_law(self) -> bool:
        return self.citation is not None

    def concerns(self, membership: Membership) -> bool:
        if membership.category in membership.council.pack.non_voting:
            return False  # a permanent guest has no seat to lose
        return self.categories is None or membership.category in self.categories

    def describe(self) -> str:
        if self.by_law:
            return _(
                "%(n)d séances consécutives sans être présent ni représenté (membres nommés)"
            ) % {"n": self.limit}
        return _("%(n)d absences consécutives non excusées") % {"n": self.limit}

    def basis(self) -> str:
        if self.citation is not None:
            return f"{self.citation.source} : « {self.citation.quote} »"
        return _(
            "Le règlement intérieur (page des conseils de perfectionnement) ne fixe pas de "
            "règle d’absences : réglage du conseil, trois absences non excusées par défaut."
        )


def absence_rule(council: Council) -> AbsenceRule:
    appointed = APPOINTED.get(council.council_type)
    if appointed is not None:
        return AbsenceRule(LAW_LIMIT, NOT_PRESENT_NOR_REPRESENTED, appointed, LAW)
    return AbsenceRule(council.absence_limit, UNEXCUSED, None, None)


# --- flags -------------------------------------------------------------------------------------


def open_flags(councils: Iterable[Council]) -> list[AbsenceFlag]:
    """Flags of current members not cleared nor acted upon, for the council page and dashboard."""
    today = timezone.localdate()
    current = Membership.objects.current(today).filter(council__in=list(councils))
    return list(
        AbsenceFlag.objects.filter(
            membership__in=current, cleared_on__isnull=True, membership__mandate_end__isnull=True
        ).select_related("membership__person", "membership__council")
    )


def flag(membership: Membership, missed: list[dt.date]) -> AbsenceFlag | None:
    """Record a run of absences (oldest first) that reached the rule; notify once per run.
    Returns the flag created now, None when the run was flagged already (its count grows)."""
    first, last = missed[0], missed[-1]
    existing = AbsenceFlag.objects.filter(membership=membership, first_missed=first).first()
    if existing is not None:
        AbsenceFlag.objects.filter(pk=existing.pk).update(last_missed=last, missed=len(missed))
        return None
    created = AbsenceFlag.objects.create(
        membership=membership, first_missed=first, last_missed=last, missed=len(missed)
    )
    council = membership.council
    record(
        None,
        "membership.absences_flagged",
        membership,
        council_id=council.pk,
        summary={"missed": len(missed), "first": first.isoformat(), "last": last.isoformat()},
    )
    _notify(created)
    return created


def clear(membership: Membership, on: dt.date) -> int:
    """The member came back: their open run of absences is over."""
    return AbsenceFlag.objects.filter(membership=membership, cleared_on__isnull=True).update(
        cleared_on=on
    )


def people_to_tell(council: Council) -> list[User]:
    """The president and the director."""
    president = council.president()
    people = [president.person] if president is not None else []
    if council.institution.director is not None:
        people.append(council.institution.director)
    return people


def _notify(absence: AbsenceFlag) -> None:
    membership = absence.membership
    council = membership.council
    link = settings.SITE_URL + reverse("councils:detail", args=[council.pk]) + "#absences"
    notify(
        people_to_tell(council),
        format_lazy("{} — {}", gettext_lazy("Absences répétées d’un membre"), council.name),
        "councils/emails/absences_flagged.txt",
        {
            "council": council,
            "flag": absence,
            "member": membership.person,
            "rule": absence_rule(council),
            "link": link,
        },
    )


# --- the act that ends the mandate ---------------------------------------------------------


@transaction.atomic
def end_for_absences(
    absence: AbsenceFlag, *, by: User, reason: str, on: dt.date | None = None
) -> MandateEnd:
    """The president or the director ends the flagged member's mandate: one act, audited."""
    membership = Membership.objects.select_for_update().get(pk=absence.membership_id)
    council = membership.council
    if not roles.may_end_mandate_for_absences(by, council):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de la fin du mandat."))
    if MandateEnd.objects.filter(membership=membership).exists():
        raise ValidationError(_("La fin de ce mandat est déjà enregistrée."))
    day = on or timezone.localdate()
    if day <= membership.start_date:
        raise ValidationError(_("La fin du mandat doit suivre son début."))
    if not membership.is_current(day):
        raise ValidationError(_("Ce mandat n’est plus en cours à cette date."))
    membership.end_date = day
    membership.save(update_fields=["end_date"])
    act = MandateEnd.objects.create(
        membership=membership,
        ended_on=day,
        reason=reason,
        basis=absence_rule(council).basis(),
        flag=absence,
        recorded_by=by,
    )
    record(
        by,
        "membership.ended_for_absences",
        membership,
        council_id=council.pk,
        summary={
            "person": membership.person.email,
            "end_date": day.isoformat(),
            "reason": reason,
            "missed": absence.missed,
            "legal": not council.violations(),
        },
    )
    return act
