"""Rule packs carry French and English texts; show the one of the current language."""

from django import template
from django.utils.translation import get_language

import bylaws

register = template.Library()


def _lang() -> str:
    return (get_language() or "fr")[:2]


@register.filter
def rule_label(rule: bylaws.Rule) -> str:
    return rule.label(_lang())


@register.filter
def violation_message(violation: bylaws.Violation) -> str:
    return violation.message(_lang())


@register.filter
def category_label(category: str, council: object) -> str:
    pack: bylaws.Pack = council.pack  # type: ignore[attr-defined]
    return pack.category_label(category, _lang())
