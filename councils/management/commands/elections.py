"""`conseils elections allocate FILE.json [--json]` and `conseils elections president FILE.json
[--json]`: seats of a list election, and the conseil d'institut's president.

Exit codes: 0 computed (whatever the status), 1 a list or round rule broken, 2 unreadable input
(one line on stderr naming the field). The computation is bylaws.elections and bylaws.president.
"""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

import bylaws
from accounts.grammar import agree, count
from bylaws.elections import allocate, parse_election
from bylaws.president import elect, parse_president

STATUS = {
    "complete": "Répartition terminée",
    "draw_required": "Tirage au sort nécessaire (art. D. 721-4, 2°)",
    "tie_unresolved": "Égalité que le Code ne départage pas",
    "no_votes": "Aucun suffrage exprimé : aucun siège n'est attribué",
    "elected": "Président élu",
    "second_round_required": "Pas de majorité absolue : un second tour est nécessaire",
}
DECIDED_BY = {
    "absolute_majority": "à la majorité absolue au premier tour",
    "relative_majority": "à la majorité relative au second tour",
    "youngest": "au bénéfice de l'âge, à égalité de voix au second tour",
}


class Command(BaseCommand):
    help = "Allocate the seats of a list election, or elect the conseil d'institut's president."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, text in (
            ("allocate", "seats per list, candidates elected, parity repair"),
            ("president", "the president of the conseil d'institut, in one or two rounds"),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("file", help="JSON file ('-' for standard input)")
            command.add_argument("--json", action="store_true", help="print JSON")
            command.add_argument("--lang", default="fr", choices=["fr", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"]
        try:
            data = bylaws.read_json(options["file"])
            if options["subcommand"] == "allocate":
                result = allocate(parse_election(data), lang)
            else:
                result = elect(parse_president(data), lang)
        except bylaws.InputError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        elif not result["valid"]:
            self.stdout.write(_violations(result))
        elif options["subcommand"] == "allocate":
            self.stdout.write(_allocation(result))
        else:
            self.stdout.write(_president(result))
        if not result["valid"]:
            sys.exit(1)


def _violations(result: dict[str, Any]) -> str:
    broken = count(len(result["violations"]), "règle non respectée", "règles non respectées")
    lines = [f"Entrée irrégulière : {broken}."]
    for v in result["violations"]:
        lines.append(f"  ✗ [{v['rule']}] {v['message']}")
        lines.append(f"      {v['citation']['source']} : « {v['citation']['quote']} »")
    return "\n".join(lines)


def _pourvu(n: int) -> str:
    return "pourvu" if n < 2 else "pourvus"


def _allocation(result: dict[str, Any]) -> str:
    lines = [
        f"{STATUS[result['status']]}.",
        f"Suffrages exprimés : {result['suffrages_exprimes']} ; quotient électoral : "
        f"{result['quotient'] or '—'} ; sièges : {result['seats']}.",
    ]
    for lst in result["lists"]:
        lines.append(
            f"  Liste {lst['name']} : {lst['votes']} voix, {count(lst['seats'], 'siège', 'sièges')}"
            + (f" dont {lst['unfilled']} non {_pourvu(lst['unfilled'])}" if lst["unfilled"] else "")
            + ("" if lst["admitted"] else " (moins de 10 % : non admise)")
        )
    for person in result["elected"]:
        # The substitute's sex is not in the result: "suppléance" needs no agreement.
        substitute = f", suppléance : {person['substitute']}" if person["substitute"] else ""
        elected = agree(person, "Élu", "Élue")
        lines.append(f"  {elected} : {person['name']} (liste {person['list']}){substitute}")
    for change in (result["parity"] or {}).get("replacements", []):
        lines.append(
            f"  Parité (art. D. 721-4) : {change['in']} remplace {change['out']}"
            f" (liste {change['list']})"
        )
    if "draw" in result:
        lines.append(
            f"  Listes à départager par tirage au sort : {', '.join(result['draw']['lists'])}"
        )
    if result["partial_election_required"]:
        lines.append(
            f"  {count(result['unfilled_seats'], 'siège', 'sièges')} non "
            f"{_pourvu(result['unfilled_seats'])} : "
            "une élection partielle est nécessaire."
        )
    return "\n".join(lines)


def _president(result: dict[str, Any]) -> str:
    lines = [f"{STATUS.get(result['status'], 'Égalité que le Code ne départage pas')}."]
    for r in result["rounds"]:
        scores = ", ".join(f"{x['name']} {x['votes']}" for x in r["results"])
        lines.append(
            f"  Tour {r['round']} : {r['suffrages_exprimes']} suffrages exprimés "
            f"(majorité absolue : {r['absolute_majority']}) — {scores}"
        )
    if result["elected"]:
        # Only the name is known here: "personne élue" agrees whatever the person's sex.
        lines.append(f"  Personne élue : {result['elected']}, {DECIDED_BY[result['decided_by']]}.")
    cite = result["citation"]
    lines.append(f"  {cite['source']} : « {cite['quote']} »")
    return "\n".join(lines)
