"""The notice period: how long before a meeting its convocation should reach the members.

The CPER rules set no delay; the council's `notice_days` (8 by default) is a setting of the
internal regulations, cited as `councils.council_settings.notice_citation` says (for a CPER, a
default borrowed by analogy from another council's article, said so in those words).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from meetings.models import Meeting


@dataclass(frozen=True)
class Shortfall:
    notice_days: int
    days_left: int  # whole days between now and the meeting (0 when it is today or past)
    # The meeting's day is before today: "dans 0 jour" would read as today.
    past: bool = False


def notice_shortfall(meeting: Meeting, now: dt.datetime | None = None) -> Shortfall | None:
    """None when sending now leaves the members the council's full notice period."""
    moment = now or timezone.now()
    needed = dt.timedelta(days=meeting.council.notice_days)
    left = meeting.starts_at - moment
    if left >= needed:
        return None
    return Shortfall(
        notice_days=meeting.council.notice_days,
        days_left=max(left.days, 0),
        past=timezone.localdate(meeting.starts_at) < timezone.localdate(moment),
    )
