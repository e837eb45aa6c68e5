"""The convocation register of a council: for each meeting, who was convoked, when, with
which signed PDF (its SHA-256), and what became of the e-mail. On screen, in CSV and in PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from convocations.models import Convocation, Recipient
from councils.models import Council
from documents.csvfiles import safe_writer
from documents.pdf import render_pdf

CSV_COLUMNS = [
    "seance",
    "conseil",
    "signee_le",
    "signee_par",
    "membre",
    "adresse",
    "statut",
    "tentatives",
    "mise_en_file_le",
    "envoyee_le",
    "sha256_pdf_envoye",
    "ouverte_le",
    "motif_echec",
]


@dataclass(frozen=True)
class Entry:
    convocation: Convocation
    recipients: list[Recipient]


def entries(council: Council) -> list[Entry]:
    """Every convocation of the council with its recipients, in two queries."""
    convocations = (
        Convocation.objects.filter(meeting__council=council)
        .select_related("meeting", "signed_by", "sent_by")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=Recipient.objects.select_related("person").order_by(
                    "person__last_name", "person__first_name", "pk"
                ),
            )
        )
        .order_by("-meeting__starts_at")
    )
    return [Entry(c, list(c.recipients.all())) for c in convocations]


def _when(value: object) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[arg-type]


def as_csv(council: Council) -> str:
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(CSV_COLUMNS)
    with translation.override("fr"):
        for entry in entries(council):
            conv, meeting = entry.convocation, entry.convocation.meeting
            for r in entry.recipients:
                writer.writerow(
                    [
                        _when(meeting.starts_at),
                        council.name,
                        _when(conv.signed_at),
                        conv.signed_by.display_name if conv.signed_by else "",
                        r.person.display_name,
                        r.email,
                        r.get_status_display(),
                        r.attempts,
                        _when(r.queued_at),
                        _when(r.sent_at),
                        r.sent_sha256,
                        _when(r.opened_at),
                        r.last_error,
                    ]
                )
    return out.getvalue()


def as_pdf(council: Council) -> bytes:
    with translation.override("fr"):
        return render_pdf(
            "convocations/register_pdf.html",
            {
                "council": council,
                "institution": council.institution,
                "entries": entries(council),
                "now": timezone.localtime(),
                "brand_logo": settings.BRAND_LOGO,
            },
        )
