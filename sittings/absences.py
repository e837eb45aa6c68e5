"""Runs of absences read from the sign-in sheets of the council's sittings, handed to
councils.absences, which keeps the rule, flags once and tells the president and the director.

Only the council's own meetings count: a site sub-council's meeting never changes the
council's composition (meetings.lifecycle.COUNCIL_ONLY, the seed page's words).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from councils import absences
from councils.models import AbsenceFlag, Council, Membership
from sittings.models import Attendance


def missed_run(membership: Membership, missed_statuses: frozenset[str]) -> list[dt.date]:
    """The meetings the member missed in a row, up to the latest sitting (oldest first)."""
    rows = (
        Attendance.objects.filter(
            membership=membership,
            meeting__council_id=membership.council_id,
            meeting__subcouncil__isnull=True,
            meeting__opened_at__isnull=False,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )
    run: list[dt.date] = []
    for row in rows:
        if row.status not in missed_statuses:
            break
        run.append(timezone.localdate(row.meeting.starts_at))
    return run[::-1]


def review(council: Council) -> list[AbsenceFlag]:
    """Flag each member whose run of absences reached the rule (once per run) and clear the
    flags of members who came back. Returns the flags created now."""
    rule = absences.absence_rule(council)
    created = []
    today = timezone.localdate()
    for membership in council.memberships.current().select_related("person", "council"):
        membership.council = council
        if not rule.concerns(membership):
            continue
        run = missed_run(membership, rule.missed_statuses)
        if len(run) >= rule.limit:
            flag = absences.flag(membership, run)
            if flag is not None:
                created.append(flag)
        elif not run:
            absences.clear(membership, today)
    return created
