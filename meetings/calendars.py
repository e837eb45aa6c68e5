"""The calendar pages' two views of a set of meetings: a month grid, or the academic year.

`?vue=mois&mois=2025-11` or `?vue=liste&annee=2025-2026`; anything unreadable falls back to
the current month or year, so a hand-edited address never fails.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from meetings.models import Meeting, academic_year_of

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


def _month(value: str | None, today: dt.date) -> dt.date:
    match = MONTH.match(value or "")
    if match and 1 <= int(match.group(2)) <= 12 and 1900 < int(match.group(1)) < 2200:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return today.replace(day=1)


def _year(value: str | None, today: dt.date) -> str:
    match = YEAR.match(value or "")
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return match.group(0)
    return academic_year_of(today)


def _shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shift_year(year: str, years: int) -> str:
    start = int(year[:4]) + years
    return f"{start}-{start + 1}"


def month_grid(first: dt.date, meetings: list[Meeting], today: dt.date) -> list[list[Day]]:
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_day[timezone.localtime(meeting.starts_at).date()].append(meeting)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [Day(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week]
        for week in weeks
    ]


def calendar_context(
    request: HttpRequest, meetings: QuerySet[Meeting], *, scope: str
) -> dict[str, Any]:
    """Everything the calendar template needs, in one query for the meetings."""
    today = timezone.localdate()
    view = "liste" if request.GET.get("vue") == "liste" else "mois"
    meetings = meetings.select_related("council", "subcouncil").order_by("starts_at", "pk")
    context: dict[str, Any] = {"view": view, "scope": scope, "today": today}
    if view == "liste":
        year = _year(request.GET.get("annee"), today)
        context |= {
            "year": year,
            "prev_year": _shift_year(year, -1),
            "next_year": _shift_year(year, 1),
            "meetings": list(meetings.filter(academic_year=year)),
        }
        return context
    first = _month(request.GET.get("mois"), today)
    following = _shift_month(first, 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(following, dt.time()))
    found = list(meetings.filter(starts_at__gte=start, starts_at__lt=end))
    if not found:
        # Three or four meetings a year leave most months empty: point to the next one.
        context["next_meeting"] = (
            meetings.filter(starts_at__gte=max(end, timezone.now()))
            .exclude(status=Meeting.Status.CANCELLED)
            .first()
        )
    context |= {
        "month": first,
        "month_param": f"{first:%Y-%m}",
        "prev_month": f"{_shift_month(first, -1):%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "weeks": month_grid(first, found, today),
        "meetings": found,
        "year": academic_year_of(first),
    }
    return context
