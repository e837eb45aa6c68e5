"""iCalendar (RFC 5545) for meetings: subscription feeds and one-meeting invitations.

What keeps Thunderbird, Outlook and Google in step:
- the UID is the meeting's own (never its date), so a moved meeting updates the same event,
  and SEQUENCE grows with every change sent out (Outlook ignores an update that does not);
- times carry TZID=Europe/Paris with a VTIMEZONE written with RRULEs (Outlook needs the
  definition; the compact rule form is what Thunderbird and Google themselves export);
- a cancelled meeting stays in feeds with STATUS:CANCELLED (a subscription cannot "send" a
  cancellation), and its one-meeting file is METHOD:CANCEL, which clients apply on import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from meetings.models import Meeting

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Conseils//Séances//FR"
UID_DOMAIN = "conseils"


def uid_of(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def paris_timezone() -> Timezone:
    """Europe/Paris by its rules (two lines), not by its history: icalendar's
    add_missing_timezones() walks every transition since 1900, about 0.1 s a calendar."""
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _calendar(method: str, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Paris")
        # How often subscribers should come back (RFC 7986, and Outlook's older name).
        cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    cal.add_component(paris_timezone())
    return cal


def _organizer(meeting: Meeting) -> vCalAddress:
    """The head of mention sends the convocations; without one, the site's address."""
    programme = meeting.council.programme
    head = programme.head if programme is not None else None
    if head is not None and head.email:
        name, email = head.display_name, head.email
    else:
        name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = name or email
    return organizer


def event(meeting: Meeting, *, now: dt.datetime | None = None) -> Event:
    link = f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"
    title = meeting.council.name
    if meeting.subcouncil is not None:
        title = meeting.subcouncil.name
    lines = [title]
    if meeting.place:
        lines.append(f"Lieu : {meeting.place}")
    if meeting.video_url:
        lines.append(f"Visioconférence : {meeting.video_url}")
    lines.append(f"Séance, ordre du jour et réponse : {link}")
    vevent = Event()
    vevent.add("uid", uid_of(meeting))
    vevent.add("sequence", meeting.sequence)
    vevent.add("dtstamp", now or timezone.now())
    vevent.add("created", meeting.created_at)
    vevent.add("dtstart", timezone.localtime(meeting.starts_at, PARIS))
    vevent.add("dtend", timezone.localtime(meeting.ends_at, PARIS))
    cancelled = meeting.is_cancelled
    vevent.add("summary", f"Annulée : {title}" if cancelled else title)
    vevent.add("location", meeting.place or meeting.video_url)
    vevent.add("description", "\n".join(lines))
    vevent.add("url", link)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    vevent.add("organizer", _organizer(meeting))
    return vevent


def feed(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A subscription: every meeting, cancelled ones kept with STATUS:CANCELLED."""
    cal = _calendar("PUBLISH", name)
    now = timezone.now()
    for meeting in meetings:
        cal.add_component(event(meeting, now=now))
    return bytes(cal.to_ical())


def method_of(meeting: Meeting) -> str:
    return "CANCEL" if meeting.is_cancelled else "PUBLISH"


def meeting_invitation(meeting: Meeting) -> tuple[str, bytes]:
    """One meeting as a file to import or to attach to an e-mail: (file name, content)."""
    cal = _calendar(method_of(meeting))
    cal.add_component(event(meeting))
    local = timezone.localtime(meeting.starts_at, PARIS)
    return f"seance-{local:%Y-%m-%d}.ics", bytes(cal.to_ical())


def mime_type(meeting: Meeting, method: str | None = None) -> str:
    return f"text/calendar; charset=utf-8; method={method or method_of(meeting)}"


def scheduling_method(meeting: Meeting) -> str:
    """What an e-mailed change is (RFC 5546): an update of the invitation, or its cancellation."""
    return "CANCEL" if meeting.is_cancelled else "REQUEST"


def change_for(meeting: Meeting, person: Any) -> tuple[str, bytes]:
    """The change of a meeting e-mailed to one member: METHOD:REQUEST (or CANCEL) with the
    same UID as the convocation's invitation, the higher SEQUENCE and the member as attendee,
    so that their mail client updates (or removes) the event it holds in place."""
    cal = _calendar(scheduling_method(meeting))
    vevent = event(meeting)
    attendee = vCalAddress(f"mailto:{person.email}")
    attendee.params["cn"] = vText(person.display_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    if not meeting.is_cancelled:
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
    vevent.add("attendee", attendee)
    cal.add_component(vevent)
    local = timezone.localtime(meeting.starts_at, PARIS)
    return f"seance-{local:%Y-%m-%d}.ics", bytes(cal.to_ical())
