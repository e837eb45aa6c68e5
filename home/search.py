"""One search over what a person may see: councils, people, meetings, agenda items, minutes,
recommendations. Every query starts from the access rules, never from the whole table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils import roles
from councils.models import Membership
from meetings.models import AgendaItem, Meeting
from minutes.models import Minutes
from recommendations.models import Recommendation

PER_KIND = 20
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


def _words(query: str) -> list[str]:
    return [w for w in query.split() if len(w) >= 2][:6]


ACCENTS = {
    "a": "aàâä",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîï",
    "o": "oôö",
    "u": "uùûü",
    "y": "yÿ",
}
FOLD = {accented: base for base, group in ACCENTS.items() for accented in group}


def accent_pattern(word: str) -> str:
    """A regular expression that finds the word with or without its accents ("redacteurs"
    finds "Rédacteurs"): people rarely type accents in a search box."""
    out = []
    for char in word.lower():
        base = FOLD.get(char)
        out.append(f"[{ACCENTS[base]}]" if base else re.escape(char))
    return "".join(out)


def _all(fields: list[str], words: list[str]) -> Q:
    """Every word must appear in one of the fields, accents or not."""
    q = Q()
    for word in words:
        pattern = accent_pattern(word)
        one = Q()
        for f in fields:
            one |= Q(**{f"{f}__iregex": pattern})
        q &= one
    return q


def search(user: User, query: str) -> list[tuple[str, list[Hit]]]:
    words = _words(query[:MAX_QUERY])
    if not words:
        return []
    councils = roles.councils_readable_by(user)
    meetings = Meeting.objects.filter(council__in=councils)
    results: list[tuple[str, list[Hit]]] = []

    found = councils.filter(_all(["name", "programme__name"], words)).select_related("programme")
    results.append(
        (
            _("Conseils"),
            [Hit(c.name, str(c.programme or ""), c.get_absolute_url()) for c in found[:PER_KIND]],
        )
    )
    seats = (
        Membership.objects.current()
        .filter(council__in=councils)
        .filter(_all(["person__first_name", "person__last_name", "person__email"], words))
        .select_related("person", "council")
        .order_by("person__last_name")
    )
    results.append(
        (
            _("Personnes"),
            [
                Hit(
                    m.person.display_name,
                    f"{m.category_label()} — {m.council.name}",
                    m.council.get_absolute_url(),
                )
                for m in seats[:PER_KIND]
            ],
        )
    )
    found_meetings = meetings.filter(_all(["council__name", "place"], words)).select_related(
        "council"
    )
    results.append(
        (
            _("Séances"),
            [
                Hit(str(m), m.place, reverse("meetings:detail", args=[m.pk]))
                for m in found_meetings.order_by("-starts_at")[:PER_KIND]
            ],
        )
    )
    items = (
        AgendaItem.objects.filter(meeting__in=meetings)
        .filter(_all(["title", "description_source"], words))
        .select_related("meeting__council")
    )
    results.append(
        (
            _("Points de l’ordre du jour"),
            [
                Hit(i.title, str(i.meeting), reverse("meetings:agenda", args=[i.meeting_id]))
                for i in items.order_by("-meeting__starts_at")[:PER_KIND]
            ],
        )
    )
    # Minutes: validated texts of visible councils, and drafts the person writes.
    validated = roles.minutes_readable_by(user, Minutes.objects.filter(meeting__in=meetings))
    written = roles.minutes_writable_by(user, Minutes.objects.all())
    readable = validated.filter(
        Q(status__in=[Minutes.Status.FROZEN, Minutes.Status.PUBLISHED])
        | Q(pk__in=written.values("pk"))
    )
    texts = readable.filter(_all(["body"], words)).select_related("meeting__council")
    results.append(
        (
            _("Comptes rendus"),
            [
                Hit(str(m.meeting), m.get_status_display(), reverse("minutes:detail", args=[m.pk]))
                for m in texts.order_by("-meeting__starts_at")[:PER_KIND]
            ],
        )
    )
    recommendations = (
        roles.recommendations_readable_by(user, Recommendation.objects.all())
        .filter(_all(["title", "text"], words))
        .select_related("council")
    )
    results.append(
        (
            _("Préconisations"),
            [
                Hit(r.title, r.council.name, reverse("recommendations:detail", args=[r.pk]))
                for r in recommendations[:PER_KIND]
            ],
        )
    )
    return [(kind, hits) for kind, hits in results if hits]


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    user = request.user
    assert isinstance(user, User)
    results = search(user, query) if query.strip() else []
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "total": sum(len(h) for _k, h in results),
            "now": timezone.now(),
        },
    )
