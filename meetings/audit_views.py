"""The director's view of the audit trail of one meeting: every step taken on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from audit.models import AuditEntry
from councils.audit_views import trail_page
from meetings.access import get_meeting_for_user
from meetings.models import Meeting


@login_required
def meeting_trail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
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
    return trail_page(request, meeting.council, meeting, AuditEntry.objects.filter(query))
