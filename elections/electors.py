"""The electoral roll imported from a CSV or XLSX file: the file is the whole roll (email,
prenom, nom), previewed before it replaces the roll entered so far."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import User
from documents.csvfiles import CsvError, dict_rows
from elections import actions
from elections.models import Election

COLUMNS = ["email", "prenom", "nom"]
XLSX_MAGIC = b"PK\x03\x04"


def as_csv(data: bytes) -> bytes:
    """A workbook's first sheet as CSV text, so that the preview can send it back as text."""
    if not data.startswith(XLSX_MAGIC):
        return data
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise CsvError(_("classeur XLSX illisible")) from None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in book.worksheets[0].iter_rows(values_only=True):
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue().encode("utf-8")


@dataclass
class Plan:
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    replaced: int = 0


def plan(election: Election, data: bytes) -> Plan:
    result = Plan(replaced=election.electors.count())
    seen: set[str] = set()
    for line, row in dict_rows(data, COLUMNS):
        email = row["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CsvError(_("adresse électronique invalide"), line, "email") from None
        if email in seen:
            raise CsvError(_("adresse déjà présente plus haut"), line, "email")
        seen.add(email)
        result.rows.append((row["nom"], row["prenom"], email))
    return result


def apply(election: Election, data: bytes, *, by: User) -> None:
    try:
        actions.replace_electors(election, plan(election, data).rows, by=by)
    except ValidationError as exc:
        raise CsvError(" ".join(exc.messages)) from None
