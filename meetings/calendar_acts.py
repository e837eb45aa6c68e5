"""The yearly provisional calendar as one act of the director: per council, or for the whole
institute at once. Each act lists the meetings as planned then (later moves and cancellations
are shown against it), has its PDF, and the members are told at once, one e-mail each through
the task queue. Setting twice finds the first act: exactly once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.notify import notify
from audit.log import record
from bylaws.engine import Citation
from bylaws.sittings import INTERNAL_REGULATIONS, setter_of
from councils import roles
from councils.models import Council, Institution, Membership
from documents.pdf import render_pdf
from meetings.models import CalendarAct, CalendarEntry, Meeting

SEED_DOCUMENT = "inspe-aix-marseille-cper.fr.txt"
CALENDAR_QUOTE = (
    "Un calendrier prévisionnel des réunions est arrêté en début d’année universitaire pour "
    "l’année à venir."
)
CALENDAR_SOURCE = "INSPE d'Aix-Marseille, conseils de perfectionnement"
# The CPERs' calendar is the seed page's; the INSPE's own councils (conseil de l'institut,
# COSP) are convened as the internal regulations say, a role D. 721-8 gives them.
CPER_CALENDAR = Citation(source=CALENDAR_SOURCE, quote=CALENDAR_QUOTE, document=SEED_DOCUMENT)
CONVOCATION_BY_REGULATIONS = (
    "Le règlement intérieur de l'institut détermine les règles de quorum applicables aux "
    "conseils mentionnés aux articles D. 721-1 et D. 721-3, les modalités de leurs "
    "délibérations, les conditions de représentation de leurs membres, les modalités de "
    "convocation"
)


def calendar_citation(council_type: str) -> Citation:
    """What governs the calendar of a council of this type."""
    regulations = INTERNAL_REGULATIONS.get(council_type)
    if regulations and regulations.role:
        return Citation(
            source=setter_of(council_type),
            quote=CONVOCATION_BY_REGULATIONS,
            code_line=regulations.role[0],
        )
    return CPER_CALENDAR


def calendar_citations(councils: Iterable[Council]) -> list[Citation]:
    """What governs the calendars of these councils, each text once, in the councils' order."""
    return list(dict.fromkeys(calendar_citation(c.council_type) for c in councils))


@dataclass(frozen=True)
class Outcome:
    acts: list[CalendarAct]  # the acts this call set (empty: all were set already)
    institute_act: CalendarAct | None


def planned(council: Council, year: str) -> list[Meeting]:
    return list(
        council.meetings.filter(academic_year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )


def _pdf(act: CalendarAct, sections: list[tuple[Council, list[CalendarEntry]]]) -> None:
    data = render_pdf(
        "meetings/calendar_act_pdf.html",
        {
            "act": act,
            "sections": sections,
            "citations": calendar_citations(council for council, _entries in sections),
            "brand_logo": settings.BRAND_LOGO,
        },
    )
    act.pdf.save(f"calendrier-{act.academic_year}.pdf", ContentFile(data), save=True)


def _set_one(
    council: Council, year: str, meetings: list[Meeting], *, by: User, now: dt.datetime
) -> tuple[CalendarAct, list[CalendarEntry]]:
    act = CalendarAct.objects.create(
        institution=council.institution, council=council, academic_year=year, set_by=by, set_at=now
    )
    entries = CalendarEntry.objects.bulk_create(
        [CalendarEntry(act=act, meeting=m, starts_at=m.starts_at) for m in meetings]
    )
    for entry, meeting in zip(entries, meetings, strict=True):
        entry.meeting = meeting
    _pdf(act, [(council, entries)])
    record(
        by,
        "calendar.set",
        act,
        council_id=council.pk,
        summary={"year": year, "meetings": [m.pk for m in meetings]},
    )
    return act, entries


@transaction.atomic
def set_calendar(
    institution: Institution, year: str, *, by: User, council: Council | None = None
) -> Outcome:
    """Set one council's year of meetings, or every active council's (and the institute's
    act) when no council is given. A council already set keeps its first act."""
    if not roles.may_set_calendar(by, institution):
        raise PermissionDenied
    Institution.objects.select_for_update().filter(pk=institution.pk).first()  # one at a time
    if council is not None and council.institution_id != institution.pk:
        raise PermissionDenied
    targets = [council] if council else list(institution.councils.active().order_by("name"))
    done = set(
        CalendarAct.objects.filter(council__in=targets, academic_year=year).values_list(
            "council_id", flat=True
        )
    )
    now = timezone.now()
    acts: list[CalendarAct] = []
    told: dict[int, list[tuple[Council, list[CalendarEntry]]]] = defaultdict(list)
    for target in targets:
        if target.pk in done:
            continue
        meetings = planned(target, year)
        if not meetings:
            if council is not None:
                raise ValidationError(
                    _("Aucune séance n’est prévue pour l’année %(year)s : rien à arrêter.")
                    % {"year": year}
                )
            continue  # the institute's act skips a council with nothing planned
        act, entries = _set_one(target, year, meetings, by=by, now=now)
        acts.append(act)
        for seat in Membership.objects.current().filter(council=target):
            told[seat.person_id].append((target, entries))
    institute_act = None
    if council is None:
        institute_act = CalendarAct.objects.filter(
            institution=institution, council=None, academic_year=year
        ).first()
        if institute_act is None and acts:
            institute_act = CalendarAct.objects.create(
                institution=institution, academic_year=year, set_by=by, set_at=now
            )
            every = (
                CalendarEntry.objects.filter(
                    act__council__institution=institution, act__academic_year=year
                )
                .select_related("meeting", "act__council")
                .order_by("act__council__name", "starts_at")
            )
            by_council: dict[Council, list[CalendarEntry]] = defaultdict(list)
            for entry in every:
                assert entry.act.council is not None
                by_council[entry.act.council].append(entry)
            _pdf(institute_act, list(by_council.items()))
            record(by, "calendar.set", institute_act, summary={"year": year, "councils": len(acts)})
    _tell(told, year)
    return Outcome(acts, institute_act)


def _tell(told: dict[int, list[tuple[Council, list[CalendarEntry]]]], year: str) -> None:
    """One e-mail to each member, with the dates of every council of theirs just set."""
    people = User.objects.in_bulk(list(told))
    for pk, sections in told.items():
        notify(
            [people[pk]],
            gettext_lazy("Calendrier des séances arrêté"),
            "meetings/emails/calendar_set.txt",
            {
                "sections": sections,
                "year": year,
                "links": [
                    settings.SITE_URL + reverse("meetings:council_calendar", args=[c.pk])
                    for c, _entries in sections
                ],
            },
        )
