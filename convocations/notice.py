"""The notice period: how long before a meeting its convocation should reach the members.

The CPER rules set no delay; the council's `notice_days` (8 by default) follows the one the
Code de l'éducation sets for a comparable deliberative council, quoted below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from meetings.models import Meeting

# Code de l'éducation, conseil d'administration of an établissement public local
# d'enseignement: the article whose bullet is on this line of the shipped text
# (its number is not printed in the export; the Code's page shows what was inferred).
NOTICE_SOURCE_LINE = 15886
NOTICE_QUOTE = (
    "Il envoie les convocations, accompagnées de l'ordre du jour et des documents "
    "préparatoires, au moins huit jours à l'avance, ce délai pouvant être réduit à un jour "
    "en cas d'urgence."
)
NOTICE_SOURCE = (
    "Code de l’éducation — conseil d’administration des établissements publics locaux "
    "d’enseignement"
)


@dataclass(frozen=True)
class Shortfall:
    notice_days: int
    days_left: int  # whole days between now and the meeting (0 when it is today or past)


def notice_shortfall(meeting: Meeting, now: dt.datetime | None = None) -> Shortfall | None:
    """None when sending now leaves the members the council's full notice period."""
    moment = now or timezone.now()
    needed = dt.timedelta(days=meeting.council.notice_days)
    left = meeting.starts_at - moment
    if left >= needed:
        return None
    return Shortfall(notice_days=meeting.council.notice_days, days_left=max(left.days, 0))
