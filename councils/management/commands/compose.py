"""`conseils compose check FILE.json [--json]`, `check --council ID`, `export COUNCIL_ID`.

Exit codes: 0 legal, 1 violations, 2 unreadable input (one line on stderr naming the field).
"""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

import bylaws
from accounts.grammar import count
from councils.models import Council


class Command(BaseCommand):
    help = "Check a council's composition against its rule pack, or export a stored one."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="check a JSON file or a stored council")
        check.add_argument("file", nargs="?", help="JSON file ('-' for standard input)")
        check.add_argument("--council", type=int, help="id of a stored council")
        check.add_argument("--json", action="store_true", help="print JSON")
        check.add_argument("--lang", default="fr", choices=["fr", "en"])
        export = sub.add_parser("export", help="print a stored council as check's input")
        export.add_argument("council_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "export":
            composition = self._stored(options["council_id"])
            self.stdout.write(json.dumps(composition.as_dict(), ensure_ascii=False, indent=2))
            return
        composition = self._input(options)
        violations = bylaws.check(composition)
        lang = options["lang"]
        if options["json"]:
            report: dict[str, Any] = {
                "valid": not violations,
                "council_type": composition.council_type,
            }
            counts = bylaws.counts(composition)
            if counts is not None:  # the INSPE councils; the CPER's format has no counts
                report["counts"] = counts
            report["violations"] = [v.as_dict(lang) for v in violations]
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._text_report(composition, violations, lang))
        if violations:
            sys.exit(1)

    def _stored(self, council_id: int) -> bylaws.Composition:
        council = Council.objects.filter(pk=council_id).first()
        if council is None:
            raise CommandError(f"council: no council with id {council_id}", returncode=2)
        return council.composition()

    def _input(self, options: dict[str, Any]) -> bylaws.Composition:
        if options["council"] is not None:
            return self._stored(options["council"])
        name = options["file"]
        if not name:
            raise CommandError("file: give a JSON file or --council ID", returncode=2)
        try:
            return bylaws.parse_composition(bylaws.read_json(name))
        except bylaws.InputError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _text_report(
        self, composition: bylaws.Composition, violations: list[bylaws.Violation], lang: str
    ) -> str:
        pack = bylaws.load_pack(composition.council_type)
        voting = sum(1 for m in composition.members if m.category not in pack.non_voting)
        lines = [
            f"{pack.name(lang)} : {composition.name}",
            f"{voting} membres votants, {len(composition.members) - voting} invités",
        ]
        if not violations:
            lines.append("Composition conforme : toutes les règles sont respectées.")
        else:
            broken = count(len(violations), "règle non respectée", "règles non respectées")
            lines.append(f"Composition irrégulière : {broken}.")
            for v in violations:
                lines.append(f"  ✗ [{v.rule.id}] {v.message(lang)}")
                if v.members:
                    lines.append(f"      membres en cause : {', '.join(v.members)}")
                lines.append(f"      {v.rule.citation.source} : « {v.rule.citation.quote} »")
        return "\n".join(lines)
