"""A council page's table of members, its rows written in Python: twenty seats, and the
template's row (the term's sentence, the role agreed with the person, the editors' links, each
value escaped through Django's lazy wrappers) cost ~800 function calls (bench/pages.py --cost).
The output is the template's loop, character for character."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accounts import grammar
from conseils.templatetags.dates import day
from conseils.templatetags.links import current_app
from conseils.urlcache import cached_reverse
from councils.models import Council, Membership

register = template.Library()


def _term(m: Membership) -> str:
    since = gettext("depuis le %(start)s") % {"start": escape(day(m.start_date))}
    if m.is_extended():
        extended = escape(gettext("prolongé jusqu’à la désignation de son successeur"))
        return f"{since} — <strong>{extended}</strong>"
    last = m.term_last_day if m.term_end else m.last_day
    if last is None:
        return since
    return f"{since} — " + gettext("jusqu’au %(end)s") % {"end": escape(day(last))}


def _role(m: Membership) -> str:
    if m.is_president:
        title = escape(grammar.agree(m.person, gettext("Président"), gettext("Présidente")))
        if not m.president_since:
            return f"<strong>{title}</strong>"
        since = gettext("depuis le %(d)s") % {"d": escape(day(m.president_since))}
        return f"<strong>{title}</strong> {since}"
    if m.employer_representative:
        return escape(
            grammar.agree(
                m.person,
                gettext("Représentant de l’employeur"),
                gettext("Représentante de l’employeur"),
            )
        )
    if not m.voting:
        return escape(gettext("Sans voix délibérative"))
    return "—"


def _actions(m: Membership, council: Council, name: str, app: str | None) -> str:
    def link(view: str) -> str:
        return escape(cached_reverse(view, args=[council.pk, m.pk], current_app=app))

    edit, end = escape(gettext("Modifier")), escape(gettext("Terminer le mandat"))
    cell = (
        f'<td>\n          <a href="{link("councils:member_edit")}">{edit}<span '
        f'class="visually-hidden"> {name}</span></a> ·\n          <a href="'
        f'{link("councils:member_end")}">{end}<span class="visually-hidden"> {name}</span></a>'
    )
    if m.term_end:
        successor = escape(gettext("Désigner un successeur"))
        cell += (
            f' ·\n          <a href="{link("councils:successor")}">{successor}<span '
            f'class="visually-hidden"> — {name}</span></a>'
        )
    return cell + "\n        </td>"


@register.simple_tag(takes_context=True)
def member_rows(
    context: Context, seats: Iterable[Membership], can_edit: bool, council: Council
) -> SafeString:
    app = current_app(context)
    rows = []
    for m in seats:
        # html.escape is what Django's escaping calls, without its lazy wrappers.
        name = escape(m.person.display_name)
        component = escape(m.component.code if m.component is not None else "") or "—"
        rows.append(
            f'\n      <tr>\n        <th scope="row">{name}</th>\n'
            f"        <td>{component}</td>\n        <td>{_term(m)}</td>\n"
            f"        <td>{_role(m)}</td>\n"
            f"        {_actions(m, council, name, app) if can_edit else ''}\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
