from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import CalendarAct
from tests.people import World

AUDIENCE = {
    "meetings:council_calendar_set": "director",
    "meetings:institution_calendar_set": "director",
    "meetings:calendar_act_pdf": "readers",
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    act, created = CalendarAct.objects.get_or_create(
        institution=w.institution,
        council=w.council,
        academic_year="2025-2026",
        defaults={"set_by": w.director, "set_at": timezone.now()},
    )
    if created:
        act.pdf.save("calendrier.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {
        "meetings:council_calendar_set": {"pk": w.council.pk},
        "meetings:institution_calendar_set": {"pk": w.institution.pk},
        "meetings:calendar_act_pdf": {"pk": act.pk},
    }
