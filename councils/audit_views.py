"""The director's view of the audit trail of a council (the meeting's is in meetings)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.log import first_finding
from audit.models import AuditEntry
from councils import roles
from councils.access import get_council_for_user
from councils.models import Council

PAGE = 500


def trail_page(
    request: HttpRequest, council: Council, subject: object, entries: QuerySet[AuditEntry]
) -> HttpResponse:
    """The most recent entries first, and whether the chain is intact; for its director."""
    if not roles.directs(request.user, council.institution):
        raise PermissionDenied
    return render(
        request,
        "councils/audit_trail.html",
        {
            "council": council,
            "subject": subject,
            "entries": entries.order_by("-id")[:PAGE],
            "broken": first_finding(),
        },
    )


@login_required
def council_trail(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    return trail_page(request, council, council, AuditEntry.objects.filter(council_id=council.pk))
