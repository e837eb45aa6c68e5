"""`conseils signing demo-keys`: a self-signed pair for demos, when no real key is configured."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from documents import signing


class Command(BaseCommand):
    help = "Clés de signature : paire de démonstration, état de la configuration."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo-keys", help="créer var/signing/demo-{key,cert}.pem")
        demo.add_argument("--force", action="store_true", help="remplacer une paire existante")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SIGNING_KEY_FILE and settings.SIGNING_CERT_FILE:
            self.stdout.write(
                f"Signature avec la clé configurée : {settings.SIGNING_CERT_FILE} "
                "(aucune paire de démonstration créée)."
            )
            return
        folder = signing.demo_directory()
        if (folder / signing.DEMO_CERT_NAME).is_file() and not options["force"]:
            self.stdout.write(f"Paire de démonstration déjà présente dans {folder}.")
            return
        pair = signing.generate_demo_pair(folder)
        self.stdout.write(
            f"Paire de démonstration créée : {pair.key_file}, {pair.cert_file}. Les documents "
            "signés avec elle le disent ; configurez SIGNING_KEY_FILE et SIGNING_CERT_FILE "
            "pour signer avec la clé du directeur."
        )
