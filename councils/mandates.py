"""Mandates: the term of each seat, seats extended past their term, the forecast of when a
composition becomes illegal, and the seats to renew.

Defaults come from `settings.MANDATES` (README, "Mandates"). Where the Code governs a council
type (the INSPE councils, art. D. 721-6) the policy carries its citations; elsewhere (the CPERs,
whose page sets no term) the values are the establishment's own setting and cite nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

import bylaws
from bylaws.code import cite_article
from conseils.templatetags.dates import day as day_in_words
from councils import seats as seat_rows
from councils.models import Council, Membership

D_721_6 = cite_article("D. 721-6")
D_721_6_LINE = 34856
TERM_QUOTE = (
    "Les membres des conseils sont désignés pour un mandat de cinq ans, à l'exception des "
    "représentants des usagers dont le mandat est de deux ans."
)
SUCCESSOR_QUOTE = (
    "Les membres des conseils siègent valablement jusqu'à la désignation de leurs successeurs."
)
REMAINING_TERM_QUOTE = (
    "donne lieu à la désignation d'une nouvelle personnalité dans les mêmes conditions, "
    "pour la durée du mandat restant à courir"
)
_INSPE_LAW = tuple(
    bylaws.Citation(source=D_721_6, quote=q, code_line=D_721_6_LINE)
    for q in (TERM_QUOTE, SUCCESSOR_QUOTE, REMAINING_TERM_QUOTE)
)
# The council types whose mandates the Code governs; any other type follows the establishment.
LAW: dict[str, tuple[bylaws.Citation, ...]] = {
    "inspe_institute_council": _INSPE_LAW,
    "inspe_cosp": _INSPE_LAW,
}
ACADEMIC_YEAR = "academic_year"
LOOK_BACK = dt.timedelta(days=366)  # how far back a seat left without successor is listed


def _config() -> Mapping[str, Any]:
    return settings.MANDATES


def add_years(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, month=3, day=1)


def academic_year_end(start: dt.date) -> dt.date:
    """The first day after the academic year `start` falls in."""
    month, last = _config()["academic_year_last_day"]
    end = dt.date(start.year, month, last)
    if start > end:
        end = dt.date(start.year + 1, month, last)
    return end + dt.timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    council_type: str
    terms: Mapping[str, str | int]
    until_successor: bool
    citations: tuple[bylaws.Citation, ...]

    @property
    def by_law(self) -> bool:
        return bool(self.citations)

    def term(self, category: str) -> str | int | None:
        return self.terms.get(category, self.terms.get("*"))

    def term_end(self, category: str, start: dt.date) -> dt.date | None:
        """The first day after a term begun on `start`; None for a seat without a term."""
        term = self.term(category)
        if term is None:
            return None
        if term == ACADEMIC_YEAR:
            return academic_year_end(start)
        return add_years(start, int(term))

    def term_label(self, category: str) -> str:
        term = self.term(category)
        if term is None:
            return _("mandat sans terme")
        if term == ACADEMIC_YEAR:
            return _("mandat d’une année universitaire")
        years = int(term)
        return ngettext("mandat d’un an", "mandat de %(n)d ans", years) % {"n": years}


def policy(council_type: str) -> Policy:
    raw = _config()["council_types"].get(council_type, {})
    return Policy(
        council_type=council_type,
        terms=raw.get("terms", {}),
        until_successor=bool(raw.get("until_successor", False)),
        citations=LAW.get(council_type, ()),
    )


def planned_end(council: Council, term_end: dt.date | None) -> dt.date | None:
    """A seat stops by itself at its term, unless its members sit until their successor."""
    return None if policy(council.council_type).until_successor else term_end


# --- forecast ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """The first future day the composition breaks a rule it keeps (or breaks less) today."""

    council: Council
    day: dt.date
    violations: tuple[bylaws.Violation, ...]

    def reasons(self) -> list[str]:
        lang = get_language() or "fr"
        return [_reason(self.council, v, lang) for v in self.violations]

    def sentence(self) -> str:
        return _("le %(day)s : %(reasons)s") % {
            "day": day_in_words(self.day),
            "reasons": pgettext("between the reasons of a forecast", " ; ").join(self.reasons()),
        }


def _reason(council: Council, violation: bylaws.Violation, lang: str) -> str:
    rule = violation.rule
    count = violation.details.get("count")
    if rule.kind in ("count", "total") and rule.min is not None and count is not None:
        missing = rule.min - int(count)
        if missing > 0 and rule.kind == "total":
            return ngettext("il manquera un membre", "il manquera %(n)d membres", missing) % {
                "n": missing
            }
        if missing > 0:
            label = (
                council.pack.category_label(rule.categories[0], lang)
                if len(rule.categories) == 1
                else rule.label(lang)
            )
            return ngettext(
                "il manquera un siège « %(label)s »",
                "il manquera %(n)d sièges « %(label)s »",
                missing,
            ) % {"n": missing, "label": label}
    return violation.message(lang)


def _sitting(seats: Iterable[Membership], on: dt.date) -> list[Membership]:
    return [m for m in seats if m.is_current(on)]


def forecast(
    council: Council,
    seats: list[Membership],
    today: dt.date,
    now: list[bylaws.Violation] | None = None,
) -> Breach | None:
    """`seats`: the council's seats current or to come (see `seats_ahead`); `now`: its
    violations today, when the caller has them already."""
    if now is None:
        now = bylaws.check(council.composition(_sitting(seats, today)))
    broken = {(v.rule.id, v.details.get("count")) for v in now}
    broken_rules = {v.rule.id for v in now}
    events = sorted({d for m in seats for d in (m.start_date, m.end_date) if d and d > today})
    for event in events:
        later = bylaws.check(council.composition(_sitting(seats, event)))
        new = tuple(
            v
            for v in later
            if v.rule.id not in broken_rules
            or ((v.rule.id, v.details.get("count")) not in broken and _worse(v, now))
        )
        if new:
            return Breach(council, event, new)
    return None


def _worse(violation: bylaws.Violation, now: list[bylaws.Violation]) -> bool:
    """A count rule already broken breaks further when its count moves away from its range."""
    before = next(v for v in now if v.rule.id == violation.rule.id)
    after_count, before_count = violation.details.get("count"), before.details.get("count")
    if after_count is None or before_count is None:
        return False
    rule = violation.rule
    if rule.min is not None and int(after_count) < rule.min:
        return int(after_count) < int(before_count)
    return int(after_count) > int(before_count)


def seats_ahead(councils: Iterable[Council], today: dt.date) -> dict[int, list[Membership]]:
    """Seats current or to come of each council, in one query of plain rows (councils.seats:
    a council page's forecast built twenty seats, people and components through the ORM)."""
    return seat_rows.read(list(councils), Membership.objects.ahead(today))


def council_forecast(council: Council, today: dt.date) -> Breach | None:
    return forecast(council, seats_ahead([council], today)[council.pk], today)


def forecasts(
    councils: list[Council],
    today: dt.date,
    seats: dict[int, list[Membership]] | None = None,
    now: dict[int, list[bylaws.Violation]] | None = None,
) -> list[Breach]:
    """Every council that will break, soonest first, in one query (components prefetched);
    none when the caller gives the seats (`seats_ahead`) and today's violations it has."""
    if seats is None:
        seats = seats_ahead(councils, today)
    today_of = now or {}
    breaches = [
        b
        for c in councils
        if (b := forecast(c, seats[c.pk], today, today_of.get(c.pk))) is not None
    ]
    return sorted(breaches, key=lambda b: (b.day, b.council.name))


# --- renewal ----------------------------------------------------------------------------------


def renewal_window() -> dt.timedelta:
    return dt.timedelta(days=int(_config()["renewal_window_days"]))


def seats_to_renew(
    council: Council, today: dt.date, categories: Iterable[str] | None = None
) -> list[Membership]:
    """Seats whose term ends within the renewal window (or has ended, within a year) and that
    have no successor yet; a seat cut short is a vacancy, not a renewal."""
    seats = (
        council.memberships.filter(
            term_end__isnull=False,
            term_end__lte=today + renewal_window(),
            term_end__gt=today - LOOK_BACK,
            successor__isnull=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=F("term_end")))
        .select_related("person", "component")
        .order_by("term_end", "person__last_name", "person__first_name")
    )
    if categories is not None:
        seats = seats.filter(category__in=list(categories))
    return list(seats)


def renewal_categories(council: Council) -> list[str]:
    """The categories renewed every year or so: those with a term of one academic year."""
    p = policy(council.council_type)
    return [c for c in council.pack.categories if p.term(c) == ACADEMIC_YEAR]


def reminder_days() -> tuple[int, ...]:
    return tuple(int(d) for d in _config()["reminder_days"])


def people_to_remind(council: Council) -> list[Any]:
    """The director of the institution and the head of the council's programme."""
    people = [council.institution.director]
    if council.programme is not None:
        people.append(council.programme.head)
    return [p for p in people if p is not None]


# --- who may ----------------------------------------------------------------------------------
# Permission questions of this module, in one place, for the access module to take over.
