"""The convocation as a document: what it says, rendered to PDF with WeasyPrint."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from documents.pdf import html_to_pdf
from meetings.models import AgendaItem, Attachment, Meeting

TEMPLATE = "convocations/pdf.html"
NBSP = "\u00a0"
# The colour lands in a <style> block of the PDF: accept a colour and nothing else.
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}")


def brand_colour() -> str:
    value = str(settings.BRAND_PRIMARY)
    return value if _COLOUR.fullmatch(value) else "#5b1f69"


def french_date(day: dt.date) -> str:
    """ "jeudi 1er octobre 2026": the first of the month is an ordinal in French."""
    with translation.override("fr"):
        text = str(date_format(day, "l j F Y"))
    if day.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def french_time(moment: dt.datetime) -> str:
    """ "14 h" or "14 h 30", with non-breaking spaces (the French style of hours)."""
    if moment.minute == 0:
        return f"{moment.hour}{NBSP}h"
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def load_meeting(pk: int) -> Meeting:
    """The meeting with everything the document names, in one query."""
    return Meeting.objects.select_related(
        "council__institution__director", "council__programme__head", "subcouncil"
    ).get(pk=pk)


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.select_related("presenter").order_by("position", "pk"))
    for item in items:
        # Descriptions are sanitised when written; cleaning again costs little and keeps a
        # signed document free of anything a direct database edit may have slipped in.
        item.description = nh3.clean(item.description)
    return items


def attachments_of(meeting: Meeting) -> list[Attachment]:
    return list(meeting.attachments.select_related("agenda_item").order_by("uploaded_at", "pk"))


def context_for(
    meeting: Meeting, *, signed_at: dt.datetime | None, demo: bool = False
) -> dict[str, Any]:
    institution = meeting.council.institution
    director = institution.director
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    signed = timezone.localtime(signed_at) if signed_at else None
    return {
        "meeting": meeting,
        "council": meeting.council,
        "institution": institution,
        "day": french_date(starts.date()),
        "short_day": starts.strftime("%d/%m/%Y"),
        "from_time": french_time(starts),
        "to_time": french_time(ends),
        "agenda": agenda_of(meeting),
        "attachments": attachments_of(meeting),
        # Occasional guests are named in the act that convokes them, without a vote.
        "guests": list(meeting.guests.select_related("person")),
        "director_name": director.display_name if director else "",
        "director_title": institution.director_title,
        "head": meeting.council.programme.head if meeting.council.programme else None,
        "signed_day": french_date(signed.date()) if signed else "",
        "draft": signed is None,
        "demo": demo,
        "brand_name": settings.BRAND_NAME,
        "brand_logo": settings.BRAND_LOGO,
        "brand_primary": brand_colour(),
    }


def html(meeting: Meeting, *, signed_at: dt.datetime | None, demo: bool = False) -> str:
    """The page the PDF is made of (the database is read here, not when it becomes a PDF).

    Always French: the convocation is an administrative act of a French institution.
    """
    with translation.override("fr"):
        return render_to_string(TEMPLATE, context_for(meeting, signed_at=signed_at, demo=demo))


def render(meeting: Meeting, *, signed_at: dt.datetime | None, demo: bool = False) -> bytes:
    """The PDF; without `signed_at` it is a draft, marked as such on every page."""
    return html_to_pdf(html(meeting, signed_at=signed_at, demo=demo))


def filename(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"convocation-conseil-{meeting.council_id}-{day}.pdf"
