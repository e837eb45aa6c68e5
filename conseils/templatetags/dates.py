"""Dates with their time, written as each language writes them ("12 mars 2026 à 14h30",
"12 March 2026, 14:30"). Loaded as a template builtin (see settings.TEMPLATES)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

FORMATS = {
    "fr": ("j F Y à H\\hi", "l j F Y à H\\hi"),
    "en": ("j F Y, H:i", "l j F Y, H:i"),
}


# The month and day names of each language, translated once: Django's date_format() parses
# the pattern and looks each name up again for every date, ~100 function calls a date where
# a page shows fifty (bench/pages.py --cost). The fast paths below write exactly its output.
_NAMES: dict[str, tuple[list[str], list[str]]] = {}


def _names(language: str) -> tuple[list[str], list[str]]:
    """Months (1 to 12) and weekdays (0 is Monday) as the active language `language` says them."""
    names = _NAMES.get(language)
    if names is None:
        months = [""] + [str(MONTHS[m]) for m in range(1, 13)]
        names = _NAMES[language] = (months, [str(WEEKDAYS[d]) for d in range(7)])
    return names


def _format(value: dt.datetime | None, long: bool) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    language = get_language() or "fr"
    if type(value) is dt.datetime:
        date = _weekday(value) if long else _words(value)
        if language[:2] == "en":
            return f"{date}, {_time(value)}"
        return f"{date} à {value.hour:02d}h{value.minute:02d}"
    short_format, long_format = FORMATS.get(language[:2], FORMATS["fr"])
    return date_format(value, long_format if long else short_format)


@register.filter
def when(value: dt.datetime | None) -> str:
    return _format(value, long=False)


@register.filter
def when_long(value: dt.datetime | None) -> str:
    return _format(value, long=True)


@register.filter
def day(value: dt.date | None) -> str:
    """A date in words: "1er septembre 2026" in French, "1 September 2026" in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    language = get_language() or "fr"
    french = language[:2] == "fr"
    if type(value) in (dt.date, dt.datetime):
        months = _names(language)[0]
        first = "1er" if french and value.day == 1 else str(value.day)
        return f"{first} {months[value.month]} {value.year:04d}"
    pattern = "j\\e\\r F Y" if french and value.day == 1 else "j F Y"
    return date_format(value, pattern)


def _numeric(v: dt.date) -> str:
    return f"{v.day:02d}/{v.month:02d}/{v.year:04d}"


def _words(v: dt.date) -> str:
    return f"{v.day} {_names(get_language() or 'fr')[0][v.month]} {v.year:04d}"


def _weekday(v: dt.date) -> str:
    return f"{_names(get_language() or 'fr')[1][v.weekday()]} {_words(v)}"


def _time(v: dt.datetime) -> str:
    return f"{v.hour:02d}:{v.minute:02d}"


# The patterns the templates give |date most, written as Django's dateformat writes them
# (d, m, Y, H, i zero-padded; j, F, l as the language says them): by date, by date and time.
_ON_DATES: dict[str, Callable[[dt.date], str]] = {
    "d/m/Y": _numeric,
    "j F Y": _words,
    "l j F Y": _weekday,
}
_ON_MOMENTS: dict[str, Callable[[dt.datetime], str]] = {
    "d/m/Y H:i": lambda v: f"{_numeric(v)} {_time(v)}",
    "j F Y, H:i": lambda v: f"{_words(v)}, {_time(v)}",
    "l j F Y, H:i": lambda v: f"{_weekday(v)}, {_time(v)}",
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's |date, without parsing the pattern for each date (~100 calls a date, a board
    shows a hundred) when it is one of the usual ones: anything else goes to Django's."""
    kind = type(value)
    if kind is dt.date or kind is dt.datetime:
        write = _ON_DATES.get(arg or "")
        if write is not None:
            return write(value)
        moment = _ON_MOMENTS.get(arg or "") if kind is dt.datetime else None
        if moment is not None:
            return moment(value)
    return django_date(value, arg)


def clock(value: dt.datetime | dt.time | None, spaced: bool = False) -> str:
    """A time of day as the active language writes it: "14h30" in French ("14 h 30" in the
    minutes' prose when `spaced`), "14:30" in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    french = (get_language() or "fr")[:2] == "fr"
    hour, minute = f"{value.hour:02d}", f"{value.minute:02d}"
    if not french:
        return f"{hour}:{minute}"
    return f"{hour} h {minute}" if spaced else f"{hour}h{minute}"


register.filter("hour", clock)


@register.filter
def grouped(value: int | None) -> str:
    """A count with its thousands apart as the language writes them ("1 050", "1,050")."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)
