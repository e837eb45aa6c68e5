"""The members flagged for absences, for the director's dashboard."""

from typing import Any

from django import template

from councils import absences

register = template.Library()


@register.inclusion_tag("councils/_absence_flags.html")
def absence_flags(rows: list[Any]) -> dict[str, object]:
    """The members flagged for absences in the dashboard's councils (one query)."""
    return {"flags": absences.open_flags([row.council for row in rows])}
