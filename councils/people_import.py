"""Import of people from an export of the university directory (SUPANN-like columns), CSV or
XLSX: a preview first (new people, duplicates, errors by sheet, line and column), then one
transaction. A duplicate (same e-mail, same uid, or same name and component) is merged into the
person already there only when the row is confirmed.

XLSX is read with openpyxl rather than tablib: tablib reads XLSX through openpyxl anyway and
drops the sheet names and row numbers an error message must give.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from documents.csvfiles import CsvError, decode

# SUPANN / eduPerson attribute (lower case) -> the person's field.
COLUMNS = {
    "mail": "email",
    "sn": "last_name",
    "givenname": "first_name",
    "uid": "uid",
    "edupersonprincipalname": "eppn",
    "supannentiteaffectationprincipale": "organisation",
    "supannentiteaffectation": "organisation",
    "supanncivilite": "sex",
}
REQUIRED = ["mail", "sn", "givenname"]
CIVILITY = {"mme": "F", "mme.": "F", "madame": "F", "m": "M", "m.": "M", "monsieur": "M"}
FIELDS = ["email", "first_name", "last_name", "uid", "eppn", "organisation", "sex"]


class UnreadableFile(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Row:
    sheet: str | None
    line: int
    values: dict[str, str]

    @property
    def key(self) -> str:
        return f"{self.sheet or ''}:{self.line}"

    def where(self) -> str:
        if self.sheet:
            return _("feuille « %(sheet)s », ligne %(line)s") % {
                "sheet": self.sheet,
                "line": self.line,
            }
        return _("ligne %(line)s") % {"line": self.line}

    def name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}"


@dataclass
class Problem:
    row: Row
    column: str
    message: str

    def __str__(self) -> str:
        column = _("colonne « %(column)s »") % {"column": self.column} if self.column else ""
        return ", ".join(p for p in (self.row.where(), column) if p) + " : " + self.message


@dataclass
class Duplicate:
    row: Row
    person: User
    reasons: list[str]


@dataclass
class Plan:
    new: list[Row] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def _cells(sheet: str | None, rows: Iterable[tuple[int, list[object]]]) -> Iterator[Row]:
    header: list[str] | None = None
    for line, cells in rows:
        texts = ["" if c is None else str(c).strip() for c in cells]
        if header is None:
            header = [t.lower() for t in texts]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                where = _("feuille « %(sheet)s » : ") % {"sheet": sheet} if sheet else ""
                raise UnreadableFile(
                    where
                    + _("ligne %(line)s : colonnes manquantes : %(columns)s")
                    % {"line": line, "columns": ", ".join(missing)}
                )
            continue
        if not any(texts):
            continue
        values = dict.fromkeys(FIELDS, "")
        for name, text in zip(header, texts, strict=False):
            target = COLUMNS.get(name)
            if target and text and not values[target]:
                values[target] = text
        yield Row(sheet, line, values)


def read_rows(data: bytes, filename: str) -> list[Row]:
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[Row]:
    try:
        text, delimiter = decode(data)
    except CsvError as exc:
        raise UnreadableFile(exc.message) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(_cells(None, ((reader.line_num, list(r)) for r in reader)))
    except csv.Error as exc:
        raise UnreadableFile(_("fichier CSV illisible (%(error)s)") % {"error": exc}) from None


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile(_("classeur XLSX illisible")) from None
    rows: list[Row] = []
    for sheet in book.worksheets:
        numbered = (
            (number, list(cells))
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        first = next(numbered, None)
        if first is None or not any(first[1]):
            continue  # an empty sheet
        rows.extend(_cells(sheet.title, [first, *numbered]))
    book.close()
    if not rows:
        raise UnreadableFile(_("le classeur ne contient aucune ligne"))
    return rows


def _check(row: Row) -> list[Problem]:
    problems = []
    labels = {"email": "mail", "last_name": "sn", "first_name": "givenName"}
    for target, column in labels.items():
        if not row.values[target]:
            problems.append(Problem(row, column, _("valeur obligatoire")))
    if row.values["email"]:
        try:
            validate_email(row.values["email"])
        except ValidationError:
            problems.append(Problem(row, "mail", _("adresse électronique invalide")))
        row.values["email"] = row.values["email"].lower()
    sex = row.values["sex"]
    if sex:
        if sex.lower() not in CIVILITY:
            problems.append(Problem(row, "supannCivilite", _("civilité inconnue (M. ou Mme)")))
        else:
            row.values["sex"] = CIVILITY[sex.lower()]
    return problems


def _matches(row: Row) -> dict[User, list[str]]:
    v = row.values
    query = Q(email__iexact=v["email"])
    if v["uid"]:
        query |= Q(uid=v["uid"])
    if v["eppn"]:
        query |= Q(eppn=v["eppn"])
    if v["organisation"]:
        query |= Q(
            first_name__iexact=v["first_name"],
            last_name__iexact=v["last_name"],
            organisation__iexact=v["organisation"],
        )
    found: dict[User, list[str]] = {}
    for person in User.objects.filter(query):
        reasons = []
        if person.email.lower() == v["email"]:
            reasons.append(_("même adresse électronique"))
        if v["uid"] and person.uid == v["uid"]:
            reasons.append(_("même uid"))
        if v["eppn"] and person.eppn == v["eppn"]:
            reasons.append(_("même eduPersonPrincipalName"))
        same_name = (person.first_name.lower(), person.last_name.lower()) == (
            v["first_name"].lower(),
            v["last_name"].lower(),
        )
        same_place = bool(v["organisation"]) and v["organisation"].lower() == (
            person.organisation.lower()
        )
        if same_name and same_place:
            reasons.append(_("même nom dans la même composante"))
        found[person] = reasons
    return found


def plan_import(data: bytes, filename: str) -> Plan:
    """What the file would do; nothing is written."""
    plan = Plan()
    seen: dict[str, Row] = {}
    for row in read_rows(data, filename):
        problems = _check(row)
        for column, target in (("mail", "email"), ("uid", "uid")):
            value = row.values[target]
            if value and f"{target}:{value}" in seen:
                first = seen[f"{target}:{value}"]
                problems.append(
                    Problem(row, column, _("déjà sur la %(where)s") % {"where": first.where()})
                )
            elif value:
                seen[f"{target}:{value}"] = row
        if problems:
            plan.errors.extend(problems)
            continue
        found = _matches(row)
        if len(found) > 1:
            names = ", ".join(p.display_name for p in found)
            plan.errors.append(
                Problem(
                    row, "", _("correspond à plusieurs personnes : %(names)s") % {"names": names}
                )
            )
        elif found:
            person, reasons = next(iter(found.items()))
            plan.duplicates.append(Duplicate(row, person, reasons))
        else:
            plan.new.append(row)
    return plan


def _merge(person: User, row: Row) -> None:
    """The file completes the person: its non-empty values win, the e-mail (the sign-in) stays."""
    for target in FIELDS:
        if target != "email" and row.values[target]:
            setattr(person, target, row.values[target])
    person.save()


@transaction.atomic
def apply_import(data: bytes, filename: str, merge: set[str], *, by: User) -> Plan:
    """The file again, checked again; refused as a whole if it has errors."""
    if not roles.may_manage_people(by):
        raise PermissionDenied
    plan = plan_import(data, filename)
    if plan.errors:
        raise UnreadableFile(_("le fichier contient des erreurs ; rien n’a été importé"))
    for row in plan.new:
        values = {k: v for k, v in row.values.items() if k != "email"}
        User.objects.create_user(row.values["email"], **values)
    merged = [d for d in plan.duplicates if d.row.key in merge]
    for duplicate in merged:
        _merge(duplicate.person, duplicate.row)
    record(
        by,
        "people.imported",
        summary={
            "created": [r.values["email"] for r in plan.new],
            "merged": [d.person.pk for d in merged],
            "skipped": [d.row.key for d in plan.duplicates if d.row.key not in merge],
        },
    )
    return plan
