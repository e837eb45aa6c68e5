from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from legal.retention import expired_people, pseudonymise_expired


class Command(BaseCommand):
    help = (
        "Pseudonymise the people without any seat for N years and without other recent "
        "activity (default: each institution's retention period, else RETENTION_YEARS)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--years", type=int, help="override every institution's period")
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"]
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1", returncode=2)
        expired = expired_people(years=years)
        verb = "would pseudonymise" if options["dry_run"] else "pseudonymised"
        for item in expired:
            ended = item.last_seat_ended.isoformat() if item.last_seat_ended else "never sat"
            line = f"{verb} person #{item.person.pk}"
            if options["dry_run"]:
                line += f" ({item.person.display_name})"
            else:
                pseudonymise_expired(item)
            self.stdout.write(f"{line}: last seat ended {ended}, kept {item.years} years")
        self.stdout.write(f"{len(expired)} {verb}")
