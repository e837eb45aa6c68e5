from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import findings, seal_unsealed
from audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Audit trail: `conseils audit verify` walks the keyed hash chain (0 intact, 1 with every "
        "finding); `conseils audit seal` seals, once, the entries written before it was keyed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["verify", "seal"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "seal":
            sealed, refused = seal_unsealed()
            for finding in refused:
                self.stderr.write(f"not sealed, {finding}")
            self.stdout.write(f"{sealed} entries sealed")
            if refused:
                raise CommandError(f"{len(refused)} entries refused", returncode=1)
            return
        found = list(findings())
        if found:
            for finding in found[1:]:
                self.stderr.write(str(finding))
            raise CommandError(f"audit trail broken at {found[0]}", returncode=1)
        self.stdout.write(f"audit trail intact: {AuditEntry.objects.count()} entries")
