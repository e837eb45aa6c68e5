"""Dates with their time, written as each language writes them ("12 mars 2026 à 14h30",
"12 March 2026, 14:30"). Loaded as a template builtin (see settings.TEMPLATES)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

FORMATS = {
    "fr": ("j F Y à H\\hi", "l j F Y à H\\hi"),
    "en": ("j F Y, H:i", "l j F Y, H:i"),
}


def _format(value: dt.datetime | None, long: bool) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    short_format, long_format = FORMATS.get((get_language() or "fr")[:2], FORMATS["fr"])
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
    french = (get_language() or "fr")[:2] == "fr"
    pattern = "j\\e\\r F Y" if french and value.day == 1 else "j F Y"
    return date_format(value, pattern)


def clock(value: dt.datetime | dt.time | None, spaced: bool = False) -> str:
    """A time of day as the active language writes it: "14h30" in French ("14 h 30" in the
    minutes' prose when `spaced`), "14:30" in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    french = (get_language() or "fr")[:2] == "fr"
    if not french:
        return date_format(value, "H:i")
    return date_format(value, "H \\h i" if spaced else "H\\hi")


register.filter("hour", clock)


@register.filter
def grouped(value: int | None) -> str:
    """A count with its thousands apart as the language writes them ("1 050", "1,050")."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)
