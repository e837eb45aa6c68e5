"""`conseils restore FILE`: into a freshly migrated database, then checks the audit chain."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import findings
from conseils.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a `conseils backup` archive into a freshly migrated, empty database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(f"restored {summary.rows} rows and {summary.files} files")
        broken = next(findings(), None)
        if broken is not None:
            raise CommandError(
                f"restored, but the audit trail does not verify ({broken}): is AUDIT_KEY the "
                "one of the machine the backup comes from?",
                returncode=1,
            )
        self.stdout.write("audit trail intact")
