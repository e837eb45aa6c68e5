"""The minutes' text, one section per agenda item in agenda order.

The secretary writes *parts* (the opening — attendance and quorum — then one per agenda item)
in the rich-text editor; the server composes the whole text from them: the section headings
and each item's closed votes come from the database, never from the browser, so the results
of a vote cannot be edited, and every part goes through nh3 whatever the client sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext

from accounts import grammar
from conseils.templatetags.dates import clock
from documents.richtext import sanitize_part
from meetings.models import AgendaItem, Meeting

OPENING = "opening"
# A line break after each block, so that revisions compare block by block (minutes.diff).
BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h2|h3|h4|blockquote|div|section)>)(?!\n)")


def item_key(item: AgendaItem) -> str:
    return f"item-{item.pk}"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str  # sanitised HTML the secretary edits
    votes: SafeString  # the closed votes, composed by the server, not editable


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.select_related("notes").prefetch_related(
            "votes__named_votes__membership__person", "elections__candidates__membership__person"
        )
    )


def _vote_blocks(item: AgendaItem) -> SafeString:
    blocks = []
    for vote in item.votes.all():
        if vote.closed_at is None:
            continue
        named: dict[str, list[str]] = {}
        for n in vote.named_votes.all():
            named.setdefault(n.get_choice_display(), []).append(n.membership.person.display_name)
        rows = format_html_join(
            "",
            "<li>{} : {}</li>",
            ((label.capitalize(), ", ".join(sorted(names))) for label, names in named.items()),
        )
        blocks.append(
            format_html(
                '<div class="minutes-vote"><p><strong>{}</strong> ({}) — {} : '
                "<strong>{}</strong>.</p>{}</div>",
                _("Vote"),
                vote.get_method_display(),
                vote.question,
                vote.result,
                format_html("<ul>{}</ul>", rows) if named else "",
            )
        )
    for election in item.elections.all():
        if election.closed_at is None:
            continue
        candidates = format_html_join(
            "",
            "<li>{} : {}</li>",
            (
                (c.membership.person.display_name, c.votes)
                for c in election.candidates.all()
                if not c.withdrawn
            ),
        )
        blocks.append(
            format_html(
                '<div class="minutes-vote"><p><strong>{}</strong> — {} : <strong>{}</strong>.</p>'
                "<ul>{}</ul></div>",
                _("Scrutin à bulletin secret, tour n° %(n)d") % {"n": election.round},
                election.title,
                election.result.rstrip("."),
                candidates,
            )
        )
    return mark_safe("".join(blocks))  # noqa: S308 - each block built by format_html


def _status_label(status: str, people: list[Any]) -> str:
    """ "Présente", "Excusés", "Absentes": the label agrees with the group it heads, in the
    feminine only when every one of them is a woman, in the plural from two."""
    n = len(people)
    feminine = all(grammar.is_feminine(p) for p in people)
    if status == "present":
        return (
            npgettext("attendance", "Présente", "Présentes", n)
            if feminine
            else npgettext("attendance", "Présent", "Présents", n)
        )
    if status == "represented":
        return (
            npgettext("attendance", "Représentée", "Représentées", n)
            if feminine
            else npgettext("attendance", "Représenté", "Représentés", n)
        )
    if status == "excused":
        return (
            npgettext("attendance", "Excusée", "Excusées", n)
            if feminine
            else npgettext("attendance", "Excusé", "Excusés", n)
        )
    if status == "absent":
        return (
            npgettext("attendance", "Absente", "Absentes", n)
            if feminine
            else npgettext("attendance", "Absent", "Absents", n)
        )
    if status == "proxy":
        return npgettext("attendance", "Donne procuration", "Donnent procuration", n)
    return pgettext("attendance", "À distance")


def _by_name(person: Any) -> tuple[str, str, int]:
    """Surname, then first name, as every list of people in the product."""
    return (person.last_name, person.first_name, person.pk)


def _attendance(meeting: Meeting) -> str:
    """Attendance as the room recorded it (arrivals, departures, quorum at the opening), or
    the answers given beforehand when the room recorded nothing. The permanent guests (seats
    without a vote) are listed apart: they are neither members present nor counted."""
    rows = list(
        meeting.attendances.select_related(
            "membership__person", "proxy_to__person"
        ).prefetch_related("movements")
    )
    non_voting = meeting.council.pack.non_voting
    grouped: dict[str, list[tuple[Any, str]]] = {}
    permanent: list[tuple[Any, str]] = []
    moves: list[tuple[float, str]] = []
    order = ["present", "remote", "represented", "excused", "absent", "proxy"]
    for row in rows:
        person = row.membership.person
        name = person.display_name
        for move in row.movements.all():
            said = (
                _("%(name)s arrive à %(time)s")
                if move.kind == "arrived"
                else _("%(name)s quitte la séance à %(time)s")
            )
            at = clock(move.at, spaced=True)
            moves.append((move.at.timestamp(), said % {"name": name, "time": at}))
        if row.membership.category in non_voting:
            if row.status in ("present", "remote"):
                permanent.append((person, name))
            continue
        if row.proxy_to is not None:
            name += " " + _("(procuration à %(name)s)") % {"name": row.proxy_to.person.display_name}
        grouped.setdefault(row.status, []).append((person, name))
    if not rows:
        answers = meeting.answers.select_related("membership__person", "proxy_to__person")
        for answer in answers:
            person = answer.membership.person
            name = person.display_name
            if answer.membership.category in non_voting:
                if answer.response in ("present", "remote"):
                    permanent.append((person, name))
                continue
            if answer.proxy_to is not None:
                name += " " + _("(procuration à %(name)s)") % {
                    "name": answer.proxy_to.person.display_name
                }
            grouped.setdefault(answer.response, []).append((person, name))
    lines = []
    for status in sorted(grouped, key=order.index):
        people = sorted(grouped[status], key=lambda pn: _by_name(pn[0]))
        label = _status_label(status, [p for p, _n in people])
        lines.append((label, ", ".join(n for _p, n in people)))
    if permanent:
        names = ", ".join(n for _p, n in sorted(permanent, key=lambda pn: _by_name(pn[0])))
        lines.append((_("Invités permanents, sans voix délibérative"), names))
    guests = [
        f"{g.person.display_name} ({g.quality})" for g in meeting.guests.select_related("person")
    ]
    if guests:
        # Listed apart from the members' attendance: invited to this meeting, without a vote.
        lines.append((_("Invités ponctuels, sans voix délibérative"), ", ".join(guests)))
    if moves:
        moves.sort()
        lines.append((_("Arrivées et départs"), " ; ".join(t for _at, t in moves)))
    html = (
        format_html("<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong> : {}</li>", lines))
        if lines
        else format_html("<p>{}</p>", _("(à compléter)"))
    )
    if meeting.opened_at is not None:
        opened = clock(meeting.opened_at, spaced=True)
        if meeting.sits_without_quorum:
            quorum = _(
                "Séance ouverte à %(time)s. Convoquée à nouveau après un défaut de quorum, "
                "elle délibère quel que soit le nombre de présents."
            )
        elif meeting.quorum_at_opening:
            quorum = _("Séance ouverte à %(time)s ; le quorum est atteint.")
        else:
            quorum = _("Séance ouverte à %(time)s ; le quorum n’est pas atteint.")
        html += format_html("<p>{}</p>", quorum % {"time": opened})
        if meeting.urgency_reason:
            html += format_html(
                "<p>{}</p>",
                _("Séance ouverte en urgence : %(reason)s") % {"reason": meeting.urgency_reason},
            )
    return str(html)


def _paragraphs(text: str) -> str:
    """The room's plain-text notes as paragraphs."""
    paras = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paras)


def draft_parts(meeting: Meeting) -> dict[str, str]:
    """What the secretary starts from: the room's attendance, then each item's notes."""
    parts = {OPENING: _attendance(meeting)}
    for item in _items(meeting):
        notes = getattr(item, "notes", None)
        text = notes.text if notes is not None and notes.text else _("(relevé des échanges)")
        parts[item_key(item)] = _paragraphs(text)
    return {key: sanitize_part(html) for key, html in parts.items()}


def sections(meeting: Meeting, parts: dict[str, str]) -> list[Section]:
    """The opening, then one section per agenda item in agenda order."""
    found = [Section(OPENING, _("Présences"), parts.get(OPENING, ""), mark_safe(""))]
    for position, item in enumerate(_items(meeting), start=1):
        found.append(
            Section(
                item_key(item),
                f"{position}. {item.title}",
                parts.get(item_key(item), ""),
                _vote_blocks(item),
            )
        )
    return found


def clean_parts(meeting: Meeting, sent: dict[str, str]) -> dict[str, str]:
    """The parts a client sent, sanitised, keeping only the sections this meeting has."""
    keys = {s.key for s in sections(meeting, {})}
    return {key: sanitize_part(str(html)) for key, html in sent.items() if key in keys}


def compose(meeting: Meeting, parts: dict[str, str]) -> str:
    """The whole text, as validated, signed and published."""
    html = "".join(
        format_html(
            '<section class="minutes-section"><h2>{}</h2>{}{}</section>',
            s.heading,
            mark_safe(sanitize_part(s.text)),  # noqa: S308 - sanitised just now
            s.votes,
        )
        for s in sections(meeting, parts)
    )
    return BLOCK_END.sub(r"\1\n", html)
