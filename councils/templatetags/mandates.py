"""The forecast of an institution's compositions, for the director's dashboard."""

from typing import Any

from django import template
from django.utils import timezone

from councils import absences, mandates
from councils.models import Council

register = template.Library()


@register.inclusion_tag("councils/_forecasts.html")
def mandate_forecasts(rows: list[Any]) -> dict[str, object]:
    """`rows`: the dashboard's, each with its council (components prefetched)."""
    councils: list[Council] = [row.council for row in rows]
    return {"breaches": mandates.forecasts(councils, timezone.localdate())}


@register.inclusion_tag("councils/_absence_flags.html")
def absence_flags(rows: list[Any]) -> dict[str, object]:
    """The members flagged for absences in the dashboard's councils (one query)."""
    return {"flags": absences.open_flags([row.council for row in rows])}
