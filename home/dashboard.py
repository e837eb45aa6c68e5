"""The director's dashboard: every council of the institution at a glance, each figure a link
to the list behind it. A fixed number of queries, whatever the number of councils."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

import bylaws
from convocations.actions import awaiting_signature
from councils import mandates, roles
from councils.models import Council, Institution
from meetings.models import Meeting
from minutes.models import Minutes
from recommendations.models import Routing


@dataclass
class Row:
    council: Council
    violations: list[bylaws.Violation]
    next_meeting: Meeting | None
    to_sign: int
    minutes_to_validate: Minutes | None
    minutes_to_publish: Minutes | None
    late: int


def _rows(institution: Institution, user: object) -> tuple[list[Row], list[mandates.Breach]]:
    """The table's rows and the forecast of the compositions: one read of the seats serves
    both (the current ones for today's status, those to come too for the forecast)."""
    councils = institution.councils.order_by("name").fetch_with_composition(seats_to_come=True)
    now = timezone.now()
    upcoming: dict[int, Meeting] = {}
    for meeting in (
        Meeting.objects.filter(council__institution=institution, starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    ):
        upcoming[meeting.council_id] = meeting  # the last written is the soonest
    to_sign = Counter(m.council_id for m in awaiting_signature(user))
    validating: dict[int, Minutes] = {}
    publishing: dict[int, Minutes] = {}
    for minutes in Minutes.objects.filter(
        meeting__council__institution=institution,
        status__in=[Minutes.Status.IN_VALIDATION, Minutes.Status.FROZEN],
    ).select_related("meeting"):
        target = validating if minutes.status == Minutes.Status.IN_VALIDATION else publishing
        target.setdefault(minutes.meeting.council_id, minutes)
    late = dict(
        Routing.objects.filter(
            recommendation__council__institution=institution,
            routed_at__isnull=False,
            answered_at__isnull=True,
            due_on__lt=timezone.localdate(),
        )
        .order_by()  # no join for the model's default ordering
        .values_list("recommendation__council_id")
        .annotate(n=Count("pk"))
    )
    rows = [
        Row(
            council=c,
            violations=c.violations(),
            next_meeting=upcoming.get(c.pk),
            to_sign=to_sign.get(c.pk, 0),
            minutes_to_validate=validating.get(c.pk),
            minutes_to_publish=publishing.get(c.pk),
            late=late.get(c.pk, 0),
        )
        for c in councils
    ]
    breaches = mandates.forecasts(
        councils,
        timezone.localdate(),
        seats={c.pk: list(c.memberships.all()) for c in councils},
        now={row.council.pk: row.violations for row in rows},
    )
    return rows, breaches


@login_required
def director_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    institutions = list(roles.institutions_directed_by(user).order_by("name"))
    if not institutions:
        raise PermissionDenied
    boards = [(i, *_rows(i, user)) for i in institutions]
    return render(request, "home/dashboard.html", {"boards": boards})
