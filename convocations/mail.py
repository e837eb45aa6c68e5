"""The e-mail a member receives: the agenda in the body, the signed PDF, an .ics invitation."""

from __future__ import annotations

from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from convocations import document
from convocations.models import Convocation, Recipient
from meetings import ics
from meetings.models import AgendaItem, Meeting

PRODID = "-//Conseils//Convocations//FR"


def member_url(recipient: Recipient, base_url: str) -> str:
    path = reverse("convocations:open", kwargs={"token": recipient.token})
    base = (base_url or getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def message_id(recipient: Recipient) -> str:
    """The same for every attempt of one member's copy of one signed PDF: if a worker dies
    after the mail server accepted the message and before recording it, the second copy has
    the first one's Message-ID and mail clients show them as one."""
    sha = recipient.convocation.signed_sha256[:16]
    host = urlsplit(getattr(settings, "SITE_URL", "") or "http://localhost").hostname
    return f"<convocation-{recipient.convocation_id}-{recipient.pk}-{sha}@{host or 'localhost'}>"


def invitation(
    meeting: Meeting, agenda: list[AgendaItem], recipient: Recipient, organizer: Any
) -> bytes:
    """METHOD:REQUEST with the meeting's stable UID and current SEQUENCE: calendars update the
    event they already hold instead of adding a second one."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}@conseils")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", f"{meeting.council.name} — séance")
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    lines = [f"{i}. {item.title}" for i, item in enumerate(agenda, start=1)]
    event.add("description", "Ordre du jour :\n" + "\n".join(lines))
    event.add("status", "CONFIRMED")
    if organizer is not None:
        org = vCalAddress(f"mailto:{organizer.email}")
        org.params["cn"] = vText(organizer.display_name)
        event.add("organizer", org)
    person = recipient.person
    attendee = vCalAddress(f"mailto:{recipient.email}")
    attendee.params["cn"] = vText(person.display_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)
    cal.add_component(ics.paris_timezone())
    cal.add_component(event)
    return bytes(cal.to_ical())


def build_message(
    recipient: Recipient,
    convocation: Convocation,
    signed_pdf: bytes,
    agenda: list[AgendaItem],
    base_url: str = "",
) -> EmailMultiAlternatives:
    meeting = convocation.meeting
    council = meeting.council
    head = council.programme.head if council.programme else None
    starts = timezone.localtime(meeting.starts_at)
    context = {
        "meeting": meeting,
        "council": council,
        "person": recipient.person,
        "guest": recipient.guest,
        "agenda": agenda,
        "day": document.french_date(starts.date()),
        "from_time": document.french_time(starts),
        "to_time": document.french_time(timezone.localtime(meeting.ends_at)),
        "director_name": council.institution.director.display_name
        if council.institution.director
        else "",
        "director_title": council.institution.director_title,
        "head": head,
        "url": member_url(recipient, base_url),
        "demo": convocation.signed_with_demo_certificate,
    }
    # The signed PDF is French (an act of a French institution); the e-mail around it is in
    # the member's own language, subject included (issue 10 §2).
    language = recipient.person.language or "fr"
    with translation.override(language):
        if language != "fr":
            context |= {
                "day": date_format(starts.date(), "l j F Y"),
                "from_time": date_format(starts, "H:i"),
                "to_time": date_format(timezone.localtime(meeting.ends_at), "H:i"),
            }
        subject = _("Convocation — %(council)s — séance du %(day)s") % {
            "council": council.name,
            "day": date_format(starts.date(), "SHORT_DATE_FORMAT"),
        }
        text = render_to_string("convocations/emails/convocation.txt", context)
        html = render_to_string("convocations/emails/convocation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[head.email] if head else None,
        headers={
            "X-Conseils-Convocation": str(convocation.pk),
            "Message-ID": message_id(recipient),
        },
    )
    message.attach_alternative(html, "text/html")
    message.attach(document.filename(meeting), signed_pdf, "application/pdf")
    message.attach(_calendar_part(invitation(meeting, agenda, recipient, head)))
    return message


def _calendar_part(ics: bytes) -> MIMEBase:
    # Django's attach() cannot add the "method" parameter that mail clients need to show an
    # invitation (accept / decline) rather than a plain file.
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part
