"""What an agenda attachment may be: checked by its content, not by the name it came with.

A file's extension is a claim made by whoever uploads it; the first bytes (and, for office
documents, what the zip holds) say what it is. A ".pdf" that is really a Windows program is
refused, and so is a real PDF named ".png": the name a reader downloads must not lie either.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
CSV = "text/csv"

# The extensions each detected type may carry.
EXTENSIONS: dict[str, set[str]] = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    ODT: {".odt"},
    ODS: {".ods"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    TEXT: {".txt", ".csv"},
}
# The main part of an OOXML package, as [Content_Types].xml names it (macro-enabled
# variants name another part, so a .docm renamed .docx is refused).
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# A zip's small descriptive members are read whole; a bigger one is not what it claims to be.
MAX_DESCRIPTOR_BYTES = 1024 * 1024
# Control characters that never occur in a text a person wrote (tab, LF, FF, CR are fine).
BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class AttachmentRefused(ValidationError):
    """The file is too large, of a type that is not allowed, or named for another type."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "MEETING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_name(name: str) -> str:
    """The base name only, without control characters, short enough for the database."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        return base[:200] or "piece-jointe"
    return f"{stem[:200]}.{ext[:20]}" if stem else f"piece-jointe.{ext[:20]}"


def _zip_type(stream: IO[bytes]) -> str | None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        return None
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            return declared if declared in {ODT, ODS} else None
        if "[Content_Types].xml" in names:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_DESCRIPTOR_BYTES:
                return None
            types = archive.read(info).decode("utf-8", "replace")
            for part, content_type in OOXML_MAIN_PARTS.items():
                if f'ContentType="{part}"' in types:
                    return content_type
    return None


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not BINARY_CONTROL.search(text)
    return False


def sniff(stream: IO[bytes]) -> str | None:
    """The allowed type the content really is, or None. Reads from the start; rewinds."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(stream)
        return TEXT if _is_text(stream.read()) else None
    finally:
        stream.seek(0)


def check(upload: File, name: str | None = None) -> CheckedFile:
    """Refuse what is too big, of a type not allowed, or named for another type."""
    original = clean_name(name or upload.name or "")
    size = upload.size or 0
    limit = max_bytes()
    if size > limit:
        raise AttachmentRefused(
            _("Le fichier « %(name)s » dépasse la taille autorisée (%(limit)s).")
            % {"name": original, "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise AttachmentRefused(_("Le fichier « %(name)s » est vide.") % {"name": original})
    upload.open("rb")
    content_type = sniff(upload.file)  # type: ignore[arg-type]
    if content_type is None:
        raise AttachmentRefused(
            _(
                "Le contenu de « %(name)s » n’est pas d’un type autorisé "
                "(PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, texte ou CSV)."
            )
            % {"name": original}
        )
    extension = PurePath(original).suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise AttachmentRefused(
            _("Le nom de « %(name)s » ne correspond pas à son contenu (%(kind)s).")
            % {"name": original, "kind": label(content_type)}
        )
    if extension == ".csv":
        content_type = CSV
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(original, content_type, size, digest.hexdigest())


def label(content_type: str) -> str:
    labels = {
        PDF: "PDF",
        PNG: "PNG",
        JPEG: "JPEG",
        ODT: "ODT",
        ODS: "ODS",
        DOCX: "DOCX",
        XLSX: "XLSX",
        TEXT: _("texte"),
        CSV: "CSV",
    }
    return labels.get(content_type, content_type)
