"""The director's view of the audit trail: every step taken on a council or a meeting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from audit.log import first_finding
from audit.models import AuditEntry
from councils.models import Council
from meetings.models import Meeting

PAGE = 500


def _director_council(request: HttpRequest, pk: int) -> Council:
    council = get_object_or_404(Council.objects.visible_to(request.user), pk=pk)
    if not council.institution.is_directed_by(request.user):
        raise PermissionDenied
    return council


@login_required
def council_trail(request: HttpRequest, pk: int) -> HttpResponse:
    council = _director_council(request, pk)
    entries = AuditEntry.objects.filter(council_id=council.pk).order_by("-id")[:PAGE]
    return render(
        request,
        "audit/trail.html",
        {
            "council": council,
            "subject": council,
            "entries": entries,
            "broken": first_finding(),
        },
    )


@login_required
def meeting_trail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    council = _director_council(request, meeting.council_id)
    convocation = list(
        Meeting.objects.filter(pk=meeting.pk).values_list("convocation__pk", flat=True)
    )
    related = {
        "meetings.Meeting": [meeting.pk],
        "meetings.AgendaItem": list(meeting.agenda_items.values_list("pk", flat=True)),
        "meetings.Attachment": list(meeting.attachments.values_list("pk", flat=True)),
        "meetings.Answer": list(meeting.answers.values_list("pk", flat=True)),
        "convocations.Convocation": convocation,
        # Entries written before convocations had their own app keep their first label.
        "meetings.Convocation": convocation,
        "minutes.Minutes": list(meeting.minutes.values_list("pk", flat=True)),
    }
    query = Q()
    for label, pks in related.items():
        ids = [str(i) for i in pks if i is not None]
        if ids:
            query |= Q(object_type=label, object_id__in=ids)
    entries = AuditEntry.objects.filter(query).order_by("-id")[:PAGE]
    return render(
        request,
        "audit/trail.html",
        {
            "council": council,
            "subject": meeting,
            "entries": entries,
            "broken": first_finding(),
        },
    )
