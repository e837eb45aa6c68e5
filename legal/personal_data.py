"""Everything the product holds about one person, for that person (RGPD, right of access).

One module queries every app through its managers, section by section. Secret ballots are
never revealed: the product records who signed the sheet (BallotCast), never which ballot was
theirs (a Ballot has no link to its voter), so the export can only say that the person voted.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from api.models import ApiToken
from audit.models import AuditEntry
from convocations.models import Recipient
from councils.models import Institution, Membership, Programme, Track
from documents.csvfiles import safe_writer
from meetings.models import Answer, CalendarFeed
from minutes.models import Approval, Minutes, Revision
from recommendations.models import Body, Routing
from sittings.models import Attendance, BallotCast, NamedVote, Vote

# Account fields never exported: the password hash is no one's to read.
HIDDEN_ACCOUNT_FIELDS = {"password"}

Row = dict[str, Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]


def _value(value: Any) -> Any:
    """JSON- and CSV-friendly: times in Paris time, ISO 8601; lazy labels as text."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | dict | list):
        return value
    return str(value)


def _rows(objects: Iterable[Any], columns: list[tuple[str, Callable[[Any], Any]]]) -> list[Row]:
    return [{label: _value(get(obj)) for label, get in columns} for obj in objects]


def _account(user: User) -> list[Row]:
    row: Row = {}
    for field in User._meta.concrete_fields:
        if field.name in HIDDEN_ACCOUNT_FIELDS:
            continue
        value = getattr(user, field.attname)
        if field.choices:
            value = getattr(user, f"get_{field.name}_display")()
        row[str(field.verbose_name)] = _value(value)
    return [row]


def _memberships(user: User) -> list[Row]:
    seats = Membership.objects.filter(person=user).select_related(
        "council__institution", "component"
    )
    return _rows(
        seats.order_by("start_date", "pk"),
        [
            (_("établissement"), lambda m: m.council.institution.name),
            (_("conseil"), lambda m: m.council.name),
            (_("catégorie"), lambda m: m.category_label()),
            (_("composante"), lambda m: m.component.code if m.component else ""),
            (_("début du mandat"), lambda m: m.start_date),
            (_("fin du mandat"), lambda m: m.end_date),
            (_("président"), lambda m: m.is_president),
            (_("président depuis le"), lambda m: m.president_since),
            (_("représentant de l’employeur"), lambda m: m.employer_representative),
        ],
    )


def _roles(user: User) -> list[Row]:
    role, name = _("rôle"), _("intitulé")
    rows: list[Row] = []
    for institution in Institution.objects.filter(director=user):
        rows.append({role: _("direction de l’établissement"), name: institution.name})
    for programme in Programme.objects.filter(head=user):
        rows.append({role: _("responsable de mention"), name: programme.name})
    for track in Track.objects.filter(head=user):
        rows.append({role: _("responsable de parcours"), name: track.name})
    for body in Body.objects.filter(respondents=user):
        rows.append({role: _("répond pour une instance"), name: body.name})
    return rows


def _convocations(user: User) -> list[Row]:
    recipients = Recipient.objects.filter(person=user).select_related(
        "convocation__meeting__council"
    )
    return _rows(
        recipients.order_by("queued_at", "pk"),
        [
            (_("séance"), lambda r: r.convocation.meeting),
            (_("adresse électronique"), lambda r: r.email),
            (_("état"), lambda r: r.get_status_display()),
            (_("envoyée le"), lambda r: r.sent_at),
            (_("ouverte le"), lambda r: r.opened_at),
        ],
    )


def _answers(user: User) -> list[Row]:
    answers = Answer.objects.filter(membership__person=user).select_related(
        "meeting__council", "proxy_to__person"
    )
    return _rows(
        answers.order_by("meeting__starts_at", "pk"),
        [
            (_("séance"), lambda a: a.meeting),
            (_("réponse"), lambda a: a.get_response_display()),
            (_("procuration donnée à"), lambda a: a.proxy_to.person if a.proxy_to else ""),
            (_("répondu le"), lambda a: a.answered_at),
        ],
    )


def _proxies_held(user: User) -> list[Row]:
    given = Answer.objects.filter(proxy_to__person=user).select_related(
        "meeting__council", "membership__person"
    )
    return _rows(
        given.order_by("meeting__starts_at", "pk"),
        [
            (_("séance"), lambda a: a.meeting),
            (_("procuration reçue de"), lambda a: a.membership.person),
        ],
    )


def _attendance(user: User) -> list[Row]:
    rows = Attendance.objects.filter(membership__person=user).select_related(
        "meeting__council", "proxy_to__person"
    )
    return _rows(
        rows.order_by("meeting__starts_at", "pk"),
        [
            (_("séance"), lambda a: a.meeting),
            (_("présence"), lambda a: a.get_status_display()),
            (_("représenté par"), lambda a: a.proxy_to.person if a.proxy_to else ""),
            (_("arrivée"), lambda a: a.arrived_at),
            (_("départ"), lambda a: a.left_at),
        ],
    )


def _votes(user: User) -> list[Row]:
    """Roll-call votes only: a secret ballot's choice is never tied to a person."""
    named = (
        NamedVote.objects.filter(membership__person=user)
        .exclude(vote__method=Vote.Method.SECRET)
        .select_related("vote__meeting__council")
    )
    return _rows(
        named.order_by("vote__opened_at", "pk"),
        [
            (_("séance"), lambda n: n.vote.meeting),
            (_("question mise aux voix"), lambda n: n.vote.question),
            (_("mode de scrutin"), lambda n: n.vote.get_method_display()),
            (_("vote"), lambda n: n.get_choice_display()),
            (_("voix (avec les procurations)"), lambda n: n.weight),
        ],
    )


def _secret_ballots(user: User) -> list[Row]:
    signed = BallotCast.objects.filter(membership__person=user).select_related(
        "vote__meeting__council"
    )
    return _rows(
        signed.order_by("vote__opened_at", "pk"),
        [
            (_("séance"), lambda b: b.vote.meeting),
            (_("question mise aux voix"), lambda b: b.vote.question),
            (_("émargement"), lambda b: _("a voté (le choix n’est lié à personne)")),
        ],
    )


def _minutes(user: User) -> list[Row]:
    kept = Minutes.objects.filter(secretary=user).select_related("meeting__council")
    return _rows(
        kept.order_by("meeting__starts_at", "pk"),
        [
            (_("séance"), lambda m: m.meeting),
            (_("rôle"), lambda m: _("secrétaire de séance")),
            (_("état"), lambda m: m.get_status_display()),
        ],
    )


def _revisions(user: User) -> list[Row]:
    written = Revision.objects.filter(author=user).select_related("minutes__meeting__council")
    return _rows(
        written.order_by("created_at", "pk"),
        [
            (_("séance"), lambda r: r.minutes.meeting),
            (_("révision"), lambda r: r.number),
            (_("enregistrée le"), lambda r: r.created_at),
            (_("texte"), lambda r: r.body),
        ],
    )


def _approvals(user: User) -> list[Row]:
    given = Approval.objects.filter(person=user).select_related("minutes__meeting__council")
    return _rows(
        given.order_by("decided_at", "pk"),
        [
            (_("séance"), lambda a: a.minutes.meeting),
            (_("rôle"), lambda a: a.get_role_display()),
            (_("décision"), lambda a: a.get_decision_display()),
            (_("commentaire"), lambda a: a.comment),
            (_("décidé le"), lambda a: a.decided_at),
        ],
    )


def _recommendation_answers(user: User) -> list[Row]:
    answered = Routing.objects.filter(answered_by=user).select_related("recommendation", "body")
    return _rows(
        answered.order_by("answered_at", "pk"),
        [
            (_("préconisation"), lambda r: r.recommendation.title),
            (_("instance"), lambda r: r.body.code),
            (_("réponse"), lambda r: r.get_position_display()),
            (_("réponse motivée"), lambda r: r.reasoning),
            (_("date prévue"), lambda r: r.planned_on),
            (_("mise en œuvre"), lambda r: r.get_implementation_display()),
            (_("répondu le"), lambda r: r.answered_at),
        ],
    )


def _tokens(user: User) -> list[Row]:
    """Names and dates; the secret is not kept (only its hash), and the hash is not shown."""
    return _rows(
        ApiToken.objects.filter(user=user).order_by("created_at", "pk"),
        [
            (_("nom"), lambda t: t.name),
            (_("début du jeton"), lambda t: t.prefix),
            (_("créé le"), lambda t: t.created_at),
            (_("dernière utilisation"), lambda t: t.last_used_at),
            (_("révoqué le"), lambda t: t.revoked_at),
        ],
    )


def _calendar_feeds(user: User) -> list[Row]:
    feeds = CalendarFeed.objects.filter(user=user).select_related("council")
    return _rows(
        feeds.order_by("created_at", "pk"),
        [
            (_("conseil"), lambda f: f.council.name if f.council else _("tous mes conseils")),
            (_("créé le"), lambda f: f.created_at),
            (_("révoqué le"), lambda f: f.revoked_at),
        ],
    )


def audit_entries_about(user: User) -> Q:
    """Entries the person wrote, and entries about their account or one of their seats."""
    seats = [str(pk) for pk in Membership.objects.filter(person=user).values_list("pk", flat=True)]
    return (
        Q(actor=user)
        | Q(object_type=User._meta.label, object_id=str(user.pk))
        | Q(object_type=Membership._meta.label, object_id__in=seats)
    )


def _audit(user: User) -> list[Row]:
    entries = AuditEntry.objects.filter(audit_entries_about(user)).order_by("id")
    return _rows(
        entries,
        [
            (_("date"), lambda e: e.created_at),
            (_("auteur"), lambda e: e.actor_label),
            (_("action"), lambda e: e.action),
            (_("objet"), lambda e: e.object_label),
            (_("détail"), lambda e: e.summary),
        ],
    )


# (key, title, collector): the page lists the titles, the files carry all three.
SECTIONS: list[tuple[str, Any, Callable[[User], list[Row]]]] = [
    ("account", gettext_lazy("Compte"), _account),
    ("roles", gettext_lazy("Fonctions"), _roles),
    ("memberships", gettext_lazy("Mandats"), _memberships),
    ("convocations", gettext_lazy("Convocations reçues"), _convocations),
    ("answers", gettext_lazy("Réponses aux convocations"), _answers),
    ("proxies_held", gettext_lazy("Procurations reçues"), _proxies_held),
    ("attendance", gettext_lazy("Présences"), _attendance),
    ("votes", gettext_lazy("Votes par appel nominal"), _votes),
    ("secret_ballots", gettext_lazy("Participation aux scrutins secrets"), _secret_ballots),
    ("minutes", gettext_lazy("Comptes rendus tenus comme secrétaire"), _minutes),
    ("minutes_revisions", gettext_lazy("Révisions de comptes rendus"), _revisions),
    ("minutes_approvals", gettext_lazy("Validations de comptes rendus"), _approvals),
    (
        "recommendation_answers",
        gettext_lazy("Réponses aux préconisations"),
        _recommendation_answers,
    ),
    ("api_tokens", gettext_lazy("Jetons d’API"), _tokens),
    ("calendar_feeds", gettext_lazy("Abonnements au calendrier"), _calendar_feeds),
    ("audit", gettext_lazy("Journal d’audit"), _audit),
]


def collect(user: User) -> list[Section]:
    return [Section(key, str(title), get(user)) for key, title, get in SECTIONS]


def as_json(sections: list[Section]) -> str:
    document = {
        "generated_at": timezone.localtime().isoformat(),
        "sections": [{"key": s.key, "title": s.title, "rows": s.rows} for s in sections],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


# The rows hold times as ISO 8601 (for the JSON); the CSV is read by people, in French.
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str) and _ISO_TIME.fullmatch(value):
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value  # a spreadsheet would run it as a formula
    return value


def as_csv(sections: list[Section]) -> str:
    """One file in long form: section, row number, field, value. Sections have different
    columns, and one file opens in any spreadsheet where a zip would need unpacking."""
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("rubrique"), _("n°"), _("champ"), _("valeur")])
    for section in sections:
        for number, row in enumerate(section.rows, start=1):
            for field, value in row.items():
                writer.writerow([section.title, number, field, _cell(value)])
    return out.getvalue()
