from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.test import override_settings

from councils import demo
from home.demo import load


class Command(BaseCommand):
    help = "Demo data: `conseils demo load` (idempotent) creates the INSPE d'Aix-Marseille."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["load", "accounts"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "load":
            # The demo's people are fictional: the notifications its story sends are kept in
            # memory, not printed by the console mail backend of `make run`.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                created = load()
            self.stdout.write(
                "Demo data loaded." if created else "Demo data already present: nothing to do."
            )
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.email:<36} {account.role}")
