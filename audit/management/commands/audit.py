from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import first_broken_entry
from audit.models import AuditEntry


class Command(BaseCommand):
    help = "Audit trail: `conseils audit verify` walks the hash chain."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        broken = first_broken_entry()
        if broken is not None:
            entry_id, reason = broken
            raise CommandError(f"audit trail broken at entry {entry_id}: {reason}", returncode=1)
        self.stdout.write(f"audit trail intact: {AuditEntry.objects.count()} entries")
