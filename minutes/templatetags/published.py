"""The public index's list of published minutes, written in Python: a year shows a line per
meeting of each of an institute's councils, and the template's line (two links, a translated
sentence with its date, the date again) cost ~300 function calls (bench/pages.py --cost). The
output is the template's loop, character for character."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conseils.templatetags.dates import day
from conseils.templatetags.links import current_app
from conseils.urlcache import cached_reverse
from minutes.models import Minutes

register = template.Library()


@register.simple_tag(takes_context=True)
def published_items(context: Context, items: Iterable[Minutes]) -> SafeString:
    app = current_app(context)
    sitting = gettext("Séance du %(d)s")  # the template's {% blocktranslate %}
    correction = f" ({escape(gettext('rectificatif'))})"
    lines = []
    for minutes in items:
        # html.escape is what Django's escaping calls, without its lazy wrappers.
        when = escape(day(minutes.meeting.starts_at))
        page = cached_reverse("minutes:public_detail", args=[minutes.pk], current_app=app)
        pdf = cached_reverse("minutes:public_pdf", args=[minutes.pk], current_app=app)
        lines.append(
            f'<li><a href="{escape(page)}">{sitting % {"d": when}}</a>'
            f"{correction if minutes.corrects_id else ''} — "
            f'<a href="{escape(pdf)}">PDF<span class="visually-hidden"> {when}</span></a></li>'
        )
    return mark_safe("".join(lines))  # noqa: S308 - every value above is escaped
