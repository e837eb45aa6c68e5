"""`conseils convocations send MEETING_ID`: what the head of mention's button does.

Also `sign MEETING_ID` (as the director) and `status MEETING_ID`. The command acts as the
person the rules name (the council's head of mention, the institution's director), so the
audit trail shows who is answerable, and their access rules still apply.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.grammar import count
from convocations import actions as convocations
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Signer, envoyer et suivre les convocations d’une séance."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="envoyer la convocation signée à chaque membre")
        send.add_argument("meeting_id", type=int)
        send.add_argument(
            "--resend", action="store_true", help="renvoyer aussi aux membres qui l’ont reçue"
        )
        send.add_argument(
            "--confirm-short-notice",
            action="store_true",
            help="envoyer même si la séance est plus proche que le délai de convocation",
        )
        send.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", "http://127.0.0.1:8000/"),
            help="adresse du site pour le lien de chaque membre (SITE_URL)",
        )
        sign = sub.add_parser("sign", help="signer la convocation (au nom du directeur)")
        sign.add_argument("meeting_id", type=int)
        status = sub.add_parser("status", help="état de l’envoi, membre par membre")
        status.add_argument("meeting_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = Meeting.objects.select_related(
            "council__institution__director", "council__programme__head"
        ).filter(pk=options["meeting_id"])
        found = meeting.first()
        if found is None:
            raise CommandError(f"aucune séance n° {options['meeting_id']}")
        action = options["action"]
        try:
            if action == "send":
                self._send(found, options)
            elif action == "sign":
                self._sign(found)
            self._status(found)
        except convocations.ConvocationError as exc:
            raise CommandError(str(exc)) from exc

    def _send(self, meeting: Meeting, options: dict[str, Any]) -> None:
        programme = meeting.council.programme
        head = programme.head if programme else None
        if head is None:
            raise CommandError("le conseil n’a pas de responsable de mention pour l’envoyer")
        if options["resend"]:
            report = convocations.resend(meeting, by=head, base_url=options["base_url"])
        else:
            report = convocations.send(
                meeting,
                by=head,
                base_url=options["base_url"],
                confirm_short_notice=options["confirm_short_notice"],
            )
        self.stdout.write(
            f"{count(report.queued, 'convocation', 'convocations')} en file d’attente, "
            f"{count(report.already_sent, 'déjà reçue', 'déjà reçues')}"
            f" — envoi par {head.display_name}"
        )

    def _sign(self, meeting: Meeting) -> None:
        director = meeting.council.institution.director
        if director is None:
            raise CommandError("l’établissement n’a pas de directeur pour signer")
        convocation = convocations.sign(meeting, by=director)
        self.stdout.write(f"signée par {director.display_name} : {convocation.signed_sha256}")

    def _status(self, meeting: Meeting) -> None:
        convocation = convocations.convocation_of(Meeting.objects.get(pk=meeting.pk))
        p = convocations.progress_of(convocation)
        self.stdout.write(
            f"{count(p.sent, 'envoyée', 'envoyées')}, {p.failed} en échec, {p.queued} en file, "
            f"{count(p.opened, 'ouverte', 'ouvertes')} sur {p.total}"
        )
        if convocation is None:
            return
        for r in convocation.recipients.select_related("membership__person"):
            error = f" — {r.last_error}" if r.last_error else ""
            self.stdout.write(f"  {r.email}\t{r.get_status_display()}{error}")
