"""The meeting page's "after the meeting" block: its minutes and its recommendations.

An inclusion tag, so that the meetings app does not import the apps that build on it.
"""

from typing import Any

from django import template
from django.utils import timezone

from conseils.compiled import Compiled
from councils import roles
from meetings import lifecycle
from minutes.models import Minutes

register = template.Library()

# Compiled once a day (conseils.compiled): every meeting page built and compiled it anew.
_minutes: Compiled[Minutes] = Compiled(
    Minutes, lambda meeting: Minutes.objects.filter(meeting=meeting).select_related("secretary")
)


@register.inclusion_tag("minutes/_follow_up.html", takes_context=True)
def meeting_follow_up(context: dict[str, Any], meeting: Any) -> dict[str, Any]:
    user = context["request"].user
    council = meeting.council
    minutes = [m for m in _minutes(meeting.pk) if m.is_frozen or roles.may_read_draft(user, m)]
    held = meeting.starts_at <= timezone.now() and not meeting.is_cancelled
    return {
        "meeting": meeting,
        "minutes": minutes,
        "can_start": held and not minutes and roles.leads(user, council),
        "recommendations": meeting.recommendations.all(),
        "can_adopt": held and roles.may_adopt_recommendation(user, council),
        # A site sub-council adopts nothing: its organisers read why instead of the link.
        "council_only": lifecycle.subcouncil_refusal(meeting, "adopt_recommendation"),
    }
