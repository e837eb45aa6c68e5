"""The institution's structure as a spreadsheet: one XLSX workbook with one sheet per kind, or
one CSV file per kind, read, previewed and applied in one transaction; exported back the same.

Rows are matched to what exists by their key (a component's short name, a site's, programme's or
council's name, a track's programme and name, a sub-council's council and site): a matched row
changes the object, another creates it; nothing is ever deleted, and a date in `retire_le`
retires. Each row goes through the setup area's own form, so the file and the browser obey the
same rules. The preview runs the very same writes and rolls them back.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

import bylaws
from accounts.grammar import typographic
from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Component, Council, Institution, Programme, Site, SubCouncil, Track
from councils.setup_forms import (
    ComponentForm,
    CouncilForm,
    ProgrammeForm,
    SiteForm,
    StructureForm,
    SubCouncilForm,
    TrackForm,
)
from documents.csvfiles import CsvError, dict_rows, safe_writer

LIST_SEPARATOR = "|"

# sheet -> (columns in order, required columns, {form field: column})
SHEETS: dict[str, tuple[list[str], list[str], dict[str, str]]] = {
    "composantes": (
        ["sigle", "nom", "retire_le"],
        ["sigle", "nom"],
        {"code": "sigle", "name": "nom"},
    ),
    "sites": (["nom", "retire_le"], ["nom"], {"name": "nom"}),
    "mentions": (
        ["intitule", "responsable", "retire_le"],
        ["intitule"],
        {"name": "intitule", "head": "responsable"},
    ),
    "parcours": (
        ["mention", "intitule", "responsable", "retire_le"],
        ["mention", "intitule"],
        {"programme": "mention", "name": "intitule", "head": "responsable"},
    ),
    "conseils": (
        [
            "nom",
            "type",
            "mention",
            "parcours",
            "composantes",
            "sites",
            "delai_convocation",
            "procurations_max",
            "absences_signalees",
            "validation_comptes_rendus",
            "retire_le",
        ],
        ["nom", "type"],
        {
            "name": "nom",
            "council_type": "type",
            "programme": "mention",
            "tracks": "parcours",
            "components": "composantes",
            "sites": "sites",
            "notice_days": "delai_convocation",
            "max_proxies": "procurations_max",
            "absence_limit": "absences_signalees",
            "minutes_validation_order": "validation_comptes_rendus",
        },
    ),
    "sous_conseils": (
        ["conseil", "site", "nom", "retire_le"],
        ["conseil", "site", "nom"],
        {"council": "conseil", "site": "site", "name": "nom"},
    ),
}

Tables = dict[str, list[tuple[int, dict[str, str]]]]


@dataclass(frozen=True)
class Change:
    sheet: str
    line: int
    label: str
    kind: str  # "added", "changed" or "unchanged"


@dataclass
class Plan:
    """What applying the file does: each row's change, or the errors that refuse it all."""

    changes: list[Change] = field(default_factory=list)
    errors: list[CsvError] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


class ImportRefused(CsvError):
    def __init__(self, plan: Plan) -> None:
        super().__init__(_("le fichier contient des erreurs ; rien n’a été enregistré"))
        self.plan = plan


# Reading ----------------------------------------------------------------------------------


def _sheet_name(name: str) -> str | None:
    """`Sous-conseils`, `sous_conseils.csv`, `inspe-composantes.csv` → the sheet's name."""
    stem = name.rsplit("/", 1)[-1].lower().removesuffix(".csv").replace("-", "_").strip()
    for sheet in sorted(SHEETS, key=len, reverse=True):
        if stem == sheet or stem.endswith(f"_{sheet}"):
            return sheet
    return None


def _unknown_sheet(name: str) -> CsvError:
    return CsvError(
        _("feuille ou fichier « %(name)s » inconnu (attendu : %(sheets)s)")
        % {"name": name, "sheets": ", ".join(SHEETS)}
    )


def read_csv_files(files: Iterable[tuple[str, bytes]]) -> Tables:
    tables: Tables = {}
    for name, data in files:
        sheet = _sheet_name(name)
        if sheet is None:
            raise _unknown_sheet(name)
        try:
            tables[sheet] = list(dict_rows(data, SHEETS[sheet][1]))
        except CsvError as exc:
            raise exc.in_sheet(sheet) from None
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes) -> Tables:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise CsvError(_("le fichier n’est pas un classeur XLSX lisible")) from None
    tables: Tables = {}
    for worksheet in book.worksheets:
        sheet = _sheet_name(worksheet.title)
        if sheet is None:
            raise _unknown_sheet(worksheet.title)
        rows = worksheet.iter_rows(values_only=True)
        header = [_cell(v).lower() for v in next(rows, ())]
        missing = [c for c in SHEETS[sheet][1] if c not in header]
        if missing:
            raise CsvError(
                _("colonnes manquantes : %(columns)s") % {"columns": ", ".join(missing)},
                1,
                sheet=sheet,
            )
        tables[sheet] = []
        for line, raw in enumerate(rows, start=2):
            values = {h: _cell(v) for h, v in zip(header, raw, strict=False) if h}
            if any(values.values()):
                tables[sheet].append((line, values))
    book.close()
    return tables


def read_upload(files: Iterable[tuple[str, bytes]]) -> Tables:
    """One XLSX workbook, or CSV files named after their sheet."""
    files = list(files)
    if len(files) == 1 and files[0][0].lower().endswith(".xlsx"):
        return read_xlsx(files[0][1])
    if any(name.lower().endswith(".xlsx") for name, _d in files):
        raise CsvError(_("envoyez un seul classeur XLSX, ou des fichiers CSV"))
    return read_csv_files(files)


def dumps(tables: Tables) -> bytes:
    """The tables as the preview hands them back to the apply step (validated again there)."""
    return json.dumps(tables, ensure_ascii=False).encode("utf-8")


def loads(payload: bytes) -> Tables:
    try:
        raw = json.loads(payload.decode("utf-8"))
        return {
            str(sheet): [
                (int(line), {str(k): str(v) for k, v in values.items()}) for line, values in rows
            ]
            for sheet, rows in raw.items()
            if sheet in SHEETS
        }
    except (ValueError, TypeError, AttributeError):
        raise CsvError(_("aperçu illisible ; envoyez le fichier de nouveau")) from None


# Planning and applying -------------------------------------------------------------------


def _norm(value: str) -> str:
    return " ".join(value.replace("’", "'").lower().split())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


class _Row:
    """One row being turned into a form's data; errors name the row's column."""

    def __init__(self, sheet: str, line: int, values: dict[str, str]) -> None:
        self.sheet, self.line, self.values = sheet, line, values
        self.errors: list[CsvError] = []

    def error(self, message: str, column: str) -> None:
        self.errors.append(CsvError(message, self.line, column, sheet=self.sheet))

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def lookup(self, column: str, found: Callable[[str], models.Model | None]) -> int | None:
        value = self.get(column)
        if not value:
            return None
        obj = found(value)
        if obj is None:
            self.error(_("« %(value)s » introuvable") % {"value": value}, column)
            return None
        return obj.pk

    def lookup_many(self, column: str, found: Callable[[str], models.Model | None]) -> list[int]:
        pks = []
        for value in _split(self.get(column)):
            obj = found(value)
            if obj is None:
                self.error(_("« %(value)s » introuvable") % {"value": value}, column)
            else:
                pks.append(obj.pk)
        return pks


class _Importer:
    def __init__(self, institution: Institution) -> None:
        self.institution = institution
        self.plan = Plan()

    # Finders see what the database holds, rows of the file applied so far included.
    def component(self, code: str) -> Component | None:
        return self.institution.components.filter(code__iexact=code.strip()).first()

    def site(self, name: str) -> Site | None:
        return self.institution.sites.filter(name__iexact=typographic(name.strip())).first()

    def programme(self, name: str) -> Programme | None:
        return self.institution.programmes.filter(name__iexact=typographic(name.strip())).first()

    def council(self, name: str) -> Council | None:
        return self.institution.councils.filter(name__iexact=typographic(name.strip())).first()

    def track(self, programme_pk: int | None, name: str) -> Track | None:
        tracks = Track.objects.filter(programme__institution=self.institution)
        if programme_pk is not None:
            tracks = tracks.filter(programme_id=programme_pk)
        return tracks.filter(name__iexact=typographic(name.strip())).first()

    def run(self, tables: Tables) -> Plan:
        for sheet, (columns, _required, _fields) in SHEETS.items():
            for line, values in tables.get(sheet, []):
                self.row(_Row(sheet, line, values), columns)
        return self.plan

    def row(self, row: _Row, columns: list[str]) -> None:
        unknown = [c for c in row.values if c not in columns]
        for column in unknown:
            if row.values[column]:
                row.error(_("colonne inconnue"), column)
        instance, data = getattr(self, f"_{row.sheet}")(row)
        retired_on = None
        try:
            retired_on = _date(row.get("retire_le"))
        except ValueError:
            row.error(_("date invalide (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"), "retire_le")
        if row.errors:
            self.plan.errors.extend(row.errors)
            return
        form_class: type[StructureForm] = FORM_OF[row.sheet]
        form = form_class(self.institution, data, instance=instance)
        if not form.is_valid():
            fields = SHEETS[row.sheet][2]
            for name, messages in form.errors.items():
                for message in messages:
                    row.error(str(message), fields.get(name, ""))
            self.plan.errors.extend(row.errors)
            return
        changed = form.has_changed() or (instance is not None and instance.retired_on != retired_on)
        obj = form.save()
        if obj.retired_on != retired_on:
            obj.retired_on = retired_on
            obj.save(update_fields=["retired_on"])
        kind = "added" if instance is None else ("changed" if changed else "unchanged")
        self.plan.changes.append(Change(row.sheet, row.line, str(obj), kind))

    def _composantes(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        return self.component(row.get("sigle")), {"code": row.get("sigle"), "name": row.get("nom")}

    def _sites(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        return self.site(row.get("nom")), {"name": row.get("nom")}

    def _mentions(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        data = {"name": row.get("intitule"), "head": row.get("responsable")}
        return self.programme(row.get("intitule")), data

    def _parcours(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        programme = row.lookup("mention", self.programme)
        data = {"programme": programme, "name": row.get("intitule"), "head": row.get("responsable")}
        existing = self.track(programme, row.get("intitule")) if programme else None
        return existing, data

    def _conseils(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        programme = row.lookup("mention", self.programme)
        data = {
            "name": row.get("nom"),
            "council_type": _council_type(row),
            "programme": programme,
            "tracks": row.lookup_many("parcours", lambda name: self.track(programme, name)),
            "components": row.lookup_many("composantes", self.component),
            "sites": row.lookup_many("sites", self.site),
            "notice_days": row.get("delai_convocation") or 8,
            "max_proxies": row.get("procurations_max") or 1,
            "minutes_validation_order": _validation_order(row),
        }
        existing = self.council(row.get("nom"))
        # A sheet without the column keeps the council's value (3 for a new council).
        data["absence_limit"] = row.get("absences_signalees") or (
            existing.absence_limit if existing is not None else 3
        )
        return existing, data

    def _sous_conseils(self, row: _Row) -> tuple[Any, dict[str, Any]]:
        council = row.lookup("conseil", self.council)
        site = row.lookup("site", self.site)
        existing = None
        if council is not None and site is not None:
            existing = SubCouncil.objects.filter(council_id=council, site_id=site).first()
        return existing, {"council": council, "site": site, "name": row.get("nom")}


FORM_OF: dict[str, type[StructureForm]] = {
    "composantes": ComponentForm,
    "sites": SiteForm,
    "mentions": ProgrammeForm,
    "parcours": TrackForm,
    "conseils": CouncilForm,
    "sous_conseils": SubCouncilForm,
}

VALIDATION_ORDERS = {"parallel": "parallel", "sequential": "sequential"}


def _council_type(row: _Row) -> str:
    wanted = _norm(row.get("type"))
    for council_type in bylaws.available_council_types():
        pack = bylaws.load_pack(council_type)
        if wanted in {_norm(council_type), _norm(pack.name("fr")), _norm(pack.name("en"))}:
            return council_type
    row.error(_("type de conseil inconnu « %(value)s »") % {"value": row.get("type")}, "type")
    return ""


def _validation_order(row: _Row) -> str:
    wanted = _norm(row.get("validation_comptes_rendus"))
    if not wanted:
        return "parallel"
    for code, label in Council._meta.get_field("minutes_validation_order").choices or []:
        if wanted in {code, _norm(str(label))} or _norm(str(label)).startswith(wanted):
            return str(code)
    row.error(
        _("« %(value)s » : « en parallèle » ou « dans l’ordre » attendu")
        % {"value": row.get("validation_comptes_rendus")},
        "validation_comptes_rendus",
    )
    return ""


def plan_import(institution: Institution, tables: Tables) -> Plan:
    """What the file would do: the writes are run, then rolled back."""
    with transaction.atomic():
        plan = _Importer(institution).run(tables)
        transaction.set_rollback(True)
    return plan


@transaction.atomic
def apply_import(institution: Institution, tables: Tables, *, by: User) -> Plan:
    """All rows or none: any error and nothing is written."""
    if not roles.may_set_up(by, institution):
        raise PermissionDenied
    plan = _Importer(institution).run(tables)
    if plan.errors:
        transaction.set_rollback(True)
        raise ImportRefused(plan)
    record(
        by,
        "structure.imported",
        institution,
        summary={"added": plan.added, "changed": plan.changed, "unchanged": plan.unchanged},
    )
    return plan


# Export -----------------------------------------------------------------------------------


def _date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _email(user: User | None) -> str:
    return user.email if user else ""


def _names(objects: Iterable[Any], attr: str = "name") -> str:
    return f" {LIST_SEPARATOR} ".join(str(getattr(o, attr)) for o in objects)


def export_tables(institution: Institution) -> dict[str, list[list[str]]]:
    """Every sheet, retired objects included (with their date): the import reads it back."""
    councils = institution.councils.select_related("programme").prefetch_related(
        "tracks", "components", "sites"
    )
    rows: dict[str, list[list[str]]] = {
        "composantes": [
            [c.code, c.name, _date_text(c.retired_on)] for c in institution.components.all()
        ],
        "sites": [[s.name, _date_text(s.retired_on)] for s in institution.sites.all()],
        "mentions": [
            [p.name, _email(p.head), _date_text(p.retired_on)]
            for p in institution.programmes.select_related("head")
        ],
        "parcours": [
            [t.programme.name, t.name, _email(t.head), _date_text(t.retired_on)]
            for t in Track.objects.filter(programme__institution=institution).select_related(
                "programme", "head"
            )
        ],
        "conseils": [
            [
                c.name,
                c.pack.name("fr"),
                c.programme.name if c.programme else "",
                _names(c.tracks.all()),
                _names(c.components.all(), "code"),
                _names(c.sites.all()),
                str(c.notice_days),
                str(c.max_proxies),
                str(c.absence_limit),
                str(c.get_minutes_validation_order_display()),
                _date_text(c.retired_on),
            ]
            for c in councils
        ],
        "sous_conseils": [
            [s.council.name, s.site.name, s.name, _date_text(s.retired_on)]
            for s in SubCouncil.objects.filter(council__institution=institution).select_related(
                "council", "site"
            )
        ],
    }
    return {sheet: [SHEETS[sheet][0], *rows[sheet]] for sheet in SHEETS}


def export_xlsx(institution: Institution) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    for sheet, rows in export_tables(institution).items():
        worksheet = book.create_sheet(sheet)
        for values in rows:
            worksheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_csv(institution: Institution, sheet: str) -> str:
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(export_tables(institution)[sheet])
    return "\ufeff" + out.getvalue()
