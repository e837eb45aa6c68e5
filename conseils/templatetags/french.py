"""Agreement and elision in templates, through accounts.grammar (loaded as a builtin):
`{% agree person _("Président") _("Présidente") %}`,
`{% elide name _("Présence de {name}") _("Présence d’{name}") %}`. Placeholders are braces:
Django looks a `_("…")` message up with every % doubled, so `%(name)s` would never match the
catalogue."""

from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts import grammar

register = template.Library()


@register.simple_tag
def agree(person: Any, masculine: Any, feminine: Any, **values: object) -> Any:
    """With values, the chosen message is completed: `time=…` fills `{time}`. Without, any
    pair works (`… statuses feminine_statuses as worded` picks a list of choices)."""
    chosen = grammar.agree(person, masculine, feminine)
    if values:
        return str(chosen).format(**values)
    # A lazy message must become text here: e-mails render with autoescape off, which would
    # otherwise hand the proxy itself to the template.
    return str(chosen) if isinstance(chosen, Promise) else chosen


@register.simple_tag
def elide(name: Any, full: str, elided: str) -> SafeString:
    """The messages come from the catalogue and may hold markup (a visually hidden end);
    the name is escaped before it goes in, as blocktranslate would."""
    return mark_safe(grammar.elide(escape(str(name)), full, elided))  # noqa: S308
