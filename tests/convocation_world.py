"""Meetings ready for a convocation, made directly with the ORM (the agenda circuit is
another module's): the agenda is set, items and an attachment are in place."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.utils import timezone

from councils.models import Council
from meetings.models import AgendaItem, Attachment, Meeting
from tests.people import World


def meeting_with_agenda(
    w: World,
    *,
    council: Council | None = None,
    starts_at: dt.datetime | None = None,
    days_ahead: int = 30,
    agenda_set: bool = True,
) -> Meeting:
    council = council or w.council
    starts = starts_at or (timezone.now() + dt.timedelta(days=days_ahead)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        council=council,
        starts_at=starts,
        place="Site de Marseille — Canebière, salle 204",
        video_url="https://visio.example.org/cper-maths",
        agenda_status="set" if agenda_set else "draft",
        agenda_set_at=timezone.now() - dt.timedelta(hours=1) if agenda_set else None,
        agenda_set_by=w.president if agenda_set else None,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title="Bilan des stages de l’année",
        description="<p>Retour des tuteurs et des stagiaires ; <strong>propositions</strong>.</p>",
        presenter=w.track_head,
        duration_minutes=30,
        kind="information",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        title="Évolution des maquettes pour la rentrée",
        presenter=w.head,
        duration_minutes=45,
        kind="deliberation",
    )
    Attachment.objects.create(
        meeting=meeting,
        file="meetings/0/attachments/bilan",
        original_name="bilan-stages.pdf",
        content_type="application/pdf",
        size=184_320,
        sha256="0" * 64,
    )
    return meeting


# --- a signing pair of the tests' own, so that no test depends on var/signing -------------

_KEYS: dict[str, str] = {}


def signing_keys() -> dict[str, str]:
    """SIGNING_KEY_FILE / SIGNING_CERT_FILE for override_settings, generated once per run."""
    if not _KEYS:
        import tempfile
        from pathlib import Path

        from documents.signing import generate_demo_pair

        folder = Path(tempfile.mkdtemp(prefix="conseils-test-keys-"))
        pair = generate_demo_pair(folder, common_name="Diane Directrice (tests)")
        _KEYS.update(SIGNING_KEY_FILE=str(pair.key_file), SIGNING_CERT_FILE=str(pair.cert_file))
    return _KEYS


# --- mail backends that fail the way mail servers do ----------------------------------------

REFUSED = "refuse@example.org"


class RefusingBackend(locmem.EmailBackend):
    """A server that answers 550 for one address (permanent) and delivers the others."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"5.1.1 Mailbox unknown")})
        return super().send_messages(messages)


class FlakyBackend(locmem.EmailBackend):
    """A server that drops the connection `failures` times, then delivers."""

    failures = 1
    calls = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
