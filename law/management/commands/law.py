"""`conseils law load | search QUERY [--limit N] [--json] | show LINE_OR_NUMBER | export --json`."""

from __future__ import annotations

import json
import textwrap
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bylaws.code import CODE
from law.loader import is_loaded, load
from law.models import Article, Heading
from law.search import search


class Command(BaseCommand):
    help = f"Le {CODE} : charger, chercher, afficher un article."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        loader = sub.add_parser("load", help="Construire les tables et l'index de recherche.")
        loader.add_argument("--force", action="store_true", help="Reconstruire même si à jour.")
        finder = sub.add_parser("search", help="Chercher dans le Code.")
        finder.add_argument("query")
        finder.add_argument("--limit", type=int, default=10)
        finder.add_argument("--json", action="store_true", dest="as_json")
        shower = sub.add_parser("show", help="Afficher un article (ligne ou numéro).")
        shower.add_argument(
            "reference", help="« D. 721-6 », « D721-6 », « art. D. 721-6 » ou la ligne"
        )
        exporter = sub.add_parser("export", help="Tous les articles, en une liste JSON.")
        exporter.add_argument("--json", action="store_true", dest="as_json", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            report = load(force=options["force"])
            if report.skipped:
                self.stdout.write(
                    f"Déjà chargé : {report.articles} articles (--force pour refaire)."
                )
            else:
                self.stdout.write(
                    f"{report.articles} articles, {report.headings} rubriques, "
                    f"{report.references} renvois, {report.numbers} numéros déduits, "
                    f"{report.bodies} entrées de l'index des organes, en {report.seconds:.1f} s."
                )
            return
        if not is_loaded():
            raise CommandError("Le Code n'est pas chargé : lancez d'abord « conseils law load ».")
        if action == "search":
            self._search(options["query"], options["limit"], options["as_json"])
        elif action == "export":
            self._export()
        else:
            self._show(options["reference"])

    def _export(self) -> None:
        titles = {h.pk: (h.title, h.parent_id) for h in Heading.objects.all()}

        def headings(heading_id: int | None) -> list[str]:
            trail: list[str] = []
            while heading_id is not None:
                title, heading_id = titles[heading_id]
                trail.insert(0, title)
            return trail

        rows = [
            {
                "source_line": line,
                "number": number or None,
                "number_confidence": confidence,
                "headings": headings(heading_id),
            }
            for line, number, confidence, heading_id in Article.objects.order_by(
                "position"
            ).values_list("source_line", "number", "number_confidence", "heading_id")
        ]
        self.stdout.write(json.dumps(rows, ensure_ascii=False))

    def _search(self, query: str, limit: int, as_json: bool) -> None:
        if limit < 1:
            raise CommandError("--limit doit être au moins 1.")
        hits = search(query, limit=limit)
        if as_json:
            self.stdout.write(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
            return
        if not hits:
            self.stdout.write("Aucun article ne correspond.")
        for hit in hits:
            number = hit.number or "numéro non déterminé"
            self.stdout.write(f"{number} (ligne {hit.source_line}, score {hit.score:.2f})")
            self.stdout.write(textwrap.indent(textwrap.fill(hit.snippet, 96), "    "))

    def _show(self, reference: str) -> None:
        article = Article.objects.by_reference(reference)
        if article is None:
            candidates = Article.objects.letter_candidates(reference)
            if len(candidates) > 1:
                raise CommandError(
                    f"« {reference} » peut désigner plusieurs articles : "
                    + ", ".join(candidates)
                    + ". Précisez la lettre."
                )
            possible = Article.objects.numbered_possibly(reference)
            if possible:
                raise CommandError(
                    f"Aucun article ne porte le numéro « {reference} » ; il peut être celui "
                    "d'un article au numéro non déterminé : "
                    + " ; ".join(
                        f"ligne {line} (candidats : {', '.join(found)})"
                        for line, found in possible[:5]
                    )
                )
            raise CommandError(f"Aucun article « {reference} ».")
        if article.heading:
            self.stdout.write(" > ".join(h.title for h in article.heading.trail()))
        if article.number:
            self.stdout.write(
                f"Article {article.number} (numéro rétabli, confiance "
                f"{article.number_confidence:.0%}) — ligne {article.source_line}"
            )
            for reason in article.number_evidence:
                self.stdout.write(f"  · {reason}")
        else:
            self.stdout.write(f"Article — numéro non déterminé — ligne {article.source_line}")
            if article.number_candidates:
                self.stdout.write("  Numéros possibles : " + ", ".join(article.number_candidates))
        self.stdout.write("")
        for block in article.blocks:
            if "p" in block:
                self.stdout.write(textwrap.fill(block["p"], 96) + "\n")
            else:
                table = block["table"]
                self.stdout.write(" | ".join(table["header"]))
                for row in table["rows"]:
                    self.stdout.write(" | ".join(row))
                self.stdout.write("")
        for note in article.nota:
            self.stdout.write("NOTA : " + textwrap.fill(note, 90))
