"""Reading the CSV files people upload: UTF-8 (with or without BOM), `;` or `,`, and errors
that name the line and the column so that the file can be put right."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


class CsvError(ValueError):
    """A file that cannot be imported: names the sheet (of a workbook), the line and the column."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        sheet: str | None = None,
    ) -> None:
        where = []
        if sheet:
            where.append(_("feuille « %(sheet)s »") % {"sheet": sheet})
        if line is not None:
            where.append(_("ligne %(line)s") % {"line": line})
        if column:
            where.append(_("colonne « %(column)s »") % {"column": column})
        prefix = (", ".join(where) + " : ") if where else ""
        super().__init__(prefix + message)
        self.message = message
        self.sheet = sheet
        self.line = line
        self.column = column

    def in_sheet(self, sheet: str) -> CsvError:
        return CsvError(self.message, self.line, self.column, sheet=sheet)


# A cell a spreadsheet would read as a formula (=HYPERLINK(…), +, -, @, or a tab or carriage
# return before one of them): OWASP's "CSV injection". Exported with a leading apostrophe, which
# spreadsheets show as text; the import takes the apostrophe off again, so files round-trip.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?%?$")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class SafeWriter:
    """csv.writer whose cells are never read as formulas by a spreadsheet."""

    def __init__(self, out: io.StringIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out: io.StringIO, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)


def decode(data: bytes) -> tuple[str, str]:
    """The text of an uploaded CSV file and its delimiter (`;` as French spreadsheets write it,
    or `,`)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(_("le fichier doit être encodé en UTF-8")) from None
    if not text.strip():
        raise CsvError(_("le fichier est vide"))
    first_line = text.splitlines()[0]
    return text, ";" if first_line.count(";") >= first_line.count(",") else ","


def dict_rows(data: bytes, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: stripped value}) for each row; header names are lower-cased."""
    text, delimiter = decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError(
            _("colonnes manquantes : %(columns)s") % {"columns": ", ".join(missing)}, line=1
        )
    reader.fieldnames = header
    try:
        for raw in reader:
            if None in raw:
                raise CsvError(_("trop de valeurs sur la ligne"), reader.line_num)
            values = {
                k: unescape_cell((v or "").strip()) for k, v in raw.items() if isinstance(k, str)
            }
            for column in required:
                if not values.get(column):
                    raise CsvError(_("valeur obligatoire"), reader.line_num, column)
            yield reader.line_num, values
    except csv.Error as exc:
        raise CsvError(_("fichier CSV illisible (%(error)s)") % {"error": exc}) from None


def uploaded_csv(request: HttpRequest, form: forms.Form, field: str = "file") -> bytes | None:
    """The file of the upload step, or the text sent back by the preview's apply button.

    The apply step re-reads the text and validates it again: a preview is never trusted.
    """
    if "payload" in request.POST:
        data = request.POST["payload"].encode("utf-8")
        if len(data) > settings.CSV_IMPORT_MAX_BYTES:
            form.full_clean()
            form.errors.pop(field, None)
            form.add_error(field, _("Fichier trop volumineux (1 Mo au plus)."))
            return None
        return data
    if not form.is_valid():
        return None
    upload = form.cleaned_data[field]
    if upload.size > settings.CSV_IMPORT_MAX_BYTES:
        form.add_error(field, _("Fichier trop volumineux (1 Mo au plus)."))
        return None
    return bytes(upload.read())
