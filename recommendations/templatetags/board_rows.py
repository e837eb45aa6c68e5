"""A follow-up board's rows, written in Python: the table shows up to a hundred, and the
template's row (a link, five cells, the state's label, each value escaped through Django's lazy
wrappers) cost ~540 function calls, half of a board's (bench/pages.py --cost). The output is
the template's loop, character for character."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conseils.templatetags.dates import date
from conseils.templatetags.links import current_app
from conseils.urlcache import cached_reverse
from recommendations.models import Routing

register = template.Library()

# One turn of the template's {% for %}: its line breaks and indentation included.
_ROW = (
    '\n    <tr><th scope="row"><a href="{link}">{title}</a></th>\n'
    "      <td>{council}</td><td>{body}</td><td>{due}</td>\n"
    '      <td><span class="status status-{css}">{label}</span></td></tr>\n  '
)


def _state(routing: Routing) -> tuple[str, str]:
    """The status's class and label (the labels are the template's msgids)."""
    state = routing.state()
    if state == "late":
        return "bad", gettext("en retard")
    if state == "open":
        return "neutral", gettext("en attente")
    if state == "answered":
        return "ok", routing.position_label
    return "ok", gettext("mise en œuvre")


@register.simple_tag(takes_context=True)
def board_rows(context: Context, routings: Iterable[Routing]) -> SafeString:
    app = current_app(context)
    rows = []
    for routing in routings:
        recommendation = routing.recommendation
        link = cached_reverse(
            "recommendations:detail", args=[routing.recommendation_id], current_app=app
        )
        css, label = _state(routing)
        # html.escape is what Django's escaping filters call, without their lazy wrappers.
        rows.append(
            _ROW.format(
                link=escape(link),
                title=escape(recommendation.title),
                council=escape(recommendation.council.name),
                body=escape(routing.body.code),
                due=escape(date(routing.due_on, "d/m/Y") or "—"),
                css=css,
                label=escape(str(label)),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
