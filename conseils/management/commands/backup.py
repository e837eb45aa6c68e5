"""`conseils backup [FILE]`: the database and the private files in one archive."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conseils.backup import BackupError, backup


class Command(BaseCommand):
    help = "Database and private files, consistent, in one .tar.gz (restore with `restore`)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", help="default: var/backups/conseils-DATE.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        default = (
            Path(settings.VAR_DIR) / "backups" / f"conseils-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        path = Path(options["file"]) if options["file"] else default
        try:
            summary = backup(path)
        except BackupError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"{summary.path}: {summary.rows} rows, {summary.files} files")
