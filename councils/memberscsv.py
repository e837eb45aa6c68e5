"""CSV import and export of a council's members: read, plan (preview) and apply in one go."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import bylaws
from accounts.models import User
from audit.log import record
from councils import roles
from councils.actions import Seat, find_or_create_person
from councils.models import Component, Council, Membership
from documents.csvfiles import CsvError, dict_rows, safe_writer

COLUMNS = [
    "email",
    "prenom",
    "nom",
    "categorie",
    "composante",
    "debut",
    "fin",
    "president",
    "representant_employeur",
]
REQUIRED = ["email", "nom", "categorie", "debut"]
TRUE_WORDS = {"oui", "o", "vrai", "1", "yes", "y", "true", "x"}
FALSE_WORDS = {"non", "n", "faux", "0", "no", "false", ""}


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    first_name: str
    last_name: str
    seat: Seat


@dataclass
class Plan:
    """What applying the file would do, and the composition that would result."""

    council: Council
    rows: list[Row]
    added: list[Row] = field(default_factory=list)
    changed: list[tuple[Membership, Row]] = field(default_factory=list)
    ended: list[Membership] = field(default_factory=list)
    violations: list[bylaws.Violation] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.ended)


def _parse_date(value: str, line: int, column: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CsvError(
        _("date invalide « %(value)s » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)") % {"value": value},
        line,
        column,
    )


def _parse_bool(value: str, line: int, column: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CsvError(_("valeur « %(value)s » : oui ou non attendu") % {"value": value}, line, column)


def _category(council: Council, value: str, line: int) -> str:
    wanted = value.strip().lower()
    for category in council.pack.categories:
        labels = {
            category,
            *(label.lower() for label in council.pack.categories[category].values()),
        }
        if wanted in {label.lower() for label in labels}:
            return category
    raise CsvError(_("catégorie inconnue « %(value)s »") % {"value": value}, line, "categorie")


def read_rows(council: Council, data: bytes) -> list[Row]:
    components = {c.code.lower(): c for c in council.institution.components.all()}
    seen: dict[str, int] = {}
    return [
        _read_row(council, values, line, components, seen)
        for line, values in dict_rows(data, REQUIRED)
    ]


def _read_row(
    council: Council,
    values: dict[str, str],
    line: int,
    components: Mapping[str, Component],
    seen: dict[str, int],
) -> Row:
    email = values["email"].lower()
    try:
        validate_email(email)
    except ValidationError:
        raise CsvError(_("adresse électronique invalide"), line, "email") from None
    if email in seen:
        raise CsvError(
            _("la même personne figure déjà ligne %(other)s") % {"other": seen[email]},
            line,
            "email",
        )
    seen[email] = line
    for column, field_name in (("email", "email"), ("prenom", "first_name"), ("nom", "last_name")):
        model_field = User._meta.get_field(field_name)
        assert isinstance(model_field, models.CharField)
        longest = model_field.max_length or 0
        if len(values.get(column, "")) > longest:
            raise CsvError(_("%(n)s caractères au plus") % {"n": longest}, line, column)
    component = None
    if values.get("composante"):
        component = components.get(values["composante"].lower())
        if component is None:
            raise CsvError(
                _("composante inconnue « %(value)s »") % {"value": values["composante"]},
                line,
                "composante",
            )
    start = _parse_date(values["debut"], line, "debut")
    end = _parse_date(values["fin"], line, "fin") if values.get("fin") else None
    if end is not None and end <= start:
        raise CsvError(_("la fin du mandat doit suivre son début"), line, "fin")
    category = _category(council, values["categorie"], line)
    president = _parse_bool(values.get("president", ""), line, "president")
    if president and category in council.pack.non_voting:
        raise CsvError(_("un invité ne peut pas présider le conseil"), line, "president")
    return Row(
        line=line,
        email=email,
        first_name=values.get("prenom", ""),
        last_name=values["nom"],
        seat=Seat(
            category=category,
            component=component,
            start_date=start,
            end_date=end,
            employer_representative=_parse_bool(
                values.get("representant_employeur", ""), line, "representant_employeur"
            ),
            is_president=president,
        ),
    )


def _differs(membership: Membership, seat: Seat) -> bool:
    return (
        membership.category != seat.category
        or membership.component_id != (seat.component.pk if seat.component else None)
        or membership.start_date != seat.start_date
        or membership.end_date != seat.end_date
        or membership.is_president != seat.is_president
        or membership.employer_representative != seat.employer_representative
    )


def plan_import(council: Council, data: bytes) -> Plan:
    """Read the file as the full list of members and work out what would change."""
    rows = read_rows(council, data)
    current = {m.person.email.lower(): m for m in council.current_memberships()}
    plan = Plan(council=council, rows=rows)
    prospective: list[Membership] = []
    people = {u.email.lower(): u for u in User.objects.filter(email__in=[r.email for r in rows])}
    for row in rows:
        existing = current.get(row.email)
        if existing is None:
            plan.added.append(row)
            person = people.get(row.email) or User(
                email=row.email, first_name=row.first_name, last_name=row.last_name
            )
            seat_holder = Membership(council=council, person=person)
        else:
            if _differs(existing, row.seat):
                plan.changed.append((existing, row))
            seat_holder = Membership(pk=existing.pk, council=council, person=existing.person)
        _fill(seat_holder, row.seat)
        if seat_holder.is_current():
            prospective.append(seat_holder)
    plan.ended = [m for email, m in current.items() if email not in {r.email for r in rows}]
    plan.violations = bylaws.check(council.composition(prospective))
    return plan


def _fill(membership: Membership, seat: Seat) -> None:
    membership.category = seat.category
    membership.component = seat.component
    membership.start_date = seat.start_date
    membership.end_date = seat.end_date
    membership.employer_representative = seat.employer_representative
    membership.is_president = seat.is_president
    if seat.is_president and not membership.president_since:
        membership.president_since = timezone.localdate()


@transaction.atomic
def apply_import(council: Council, data: bytes, *, by: User) -> Plan:
    """Re-read the file (never trust the preview) and apply it, all or nothing."""
    if not roles.may_edit_council(by, council):
        raise PermissionDenied
    plan = plan_import(council, data)
    today = timezone.localdate()
    for membership in plan.ended:
        membership.end_date = max(today, membership.start_date + dt.timedelta(days=1))
        membership.is_president = False
        membership.save(update_fields=["end_date", "is_president"])
    for membership, row in plan.changed:
        _fill(membership, row.seat)
        membership.save()
    for row in plan.added:
        person = find_or_create_person(row.email, row.first_name, row.last_name)
        membership = Membership(council=council, person=person)
        _fill(membership, row.seat)
        membership.save()
    record(
        by,
        "membership.imported",
        council,
        council_id=council.pk,
        summary={
            "added": [r.email for r in plan.added],
            "changed": [r.email for _m, r in plan.changed],
            "ended": [m.person.email for m in plan.ended],
            "violations": [v.rule.id for v in plan.violations],
            "legal": not plan.violations,
        },
    )
    return plan


def export_rows(council: Council) -> str:
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for m in council.current_memberships():
        writer.writerow(
            [
                m.person.email,
                m.person.first_name,
                m.person.last_name,
                m.category,
                m.component.code if m.component else "",
                m.start_date.isoformat(),
                m.end_date.isoformat() if m.end_date else "",
                "oui" if m.is_president else "non",
                "oui" if m.employer_representative else "non",
            ]
        )
    return "\ufeff" + out.getvalue()  # BOM: spreadsheet software then reads UTF-8 correctly
