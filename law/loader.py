"""`conseils law load`: build the tables and the search index from the shipped text."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from law import french, index, search
from law.bodies import index_bodies
from law.models import Article, BodyArticle, LoadRecord, Reference, Section
from law.numbers import Inference, infer_numbers
from law.parser import Article as ParsedArticle
from law.parser import Section as ParsedSection
from law.parser import Table, build_sections, iter_sections, parse_text
from law.ranking import PARAGRAPH
from law.references import references_in
from law.source import SHA256, shipped_text

BOOKS = {
    1: "Livre Ier : Principes généraux de l'éducation",
    2: "Livre II : L'administration de l'éducation",
    3: "Livre III : L'organisation des enseignements scolaires",
    4: "Livre IV : Les établissements d'enseignement scolaire",
    5: "Livre V : La vie scolaire",
    6: "Livre VI : L'organisation des enseignements supérieurs",
    7: "Livre VII : Les établissements d'enseignement supérieur",
    8: "Livre VIII : La vie universitaire",
    9: "Livre IX : Les personnels de l'éducation",
}


@dataclass(frozen=True)
class LoadReport:
    articles: int
    sections: int
    references: int
    numbers: int
    bodies: int
    seconds: float
    skipped: bool = False


def is_loaded() -> bool:
    """The tables hold the shipped text, analysed by this version of the analyser."""
    return (
        LoadRecord.objects.filter(sha256=SHA256, analysis=french.ANALYSIS).exists()
        and Article.objects.exists()
    )


def _excerpt(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def _section_label(section: ParsedSection, numbers: dict[int, Inference], lead: str) -> str:
    known = [str(numbers[line].number) for line in section.articles if line in numbers]
    if len(known) >= 2:
        span = f"{known[0]} … {known[-1]}"
    elif known:
        span = known[0]
    else:
        span = f"l. {section.articles[0]}"
    return f"{span} — {_excerpt(lead, 80)}"


def _book(section: ParsedSection, numbers: dict[int, Inference]) -> int | None:
    for line in (line for s in iter_sections([section]) for line in s.articles):
        if line in numbers:
            return numbers[line].number.chapter // 100
    return None


def _blocks(article: ParsedArticle) -> list[dict[str, object]]:
    return [
        {"p": b} if isinstance(b, str) else {"table": {"header": b.header, "rows": b.rows}}
        for b in article.blocks
    ]


def terms_of(article: ParsedArticle) -> tuple[str, str, str]:
    """The analysed terms of the first paragraph, the other paragraphs and the tables,
    with a PARAGRAPH token between paragraphs (and between tables)."""
    separator = f" {PARAGRAPH} "

    def analysed(texts: Sequence[str]) -> str:
        return separator.join(" ".join(french.analyse(text)) for text in texts)

    return (
        analysed([article.lead]),
        analysed(article.paragraphs[1:]),
        analysed([t.as_text() for t in article.tables]),
    )


def _save_sections(
    roots: Sequence[ParsedSection], parsed: dict[int, ParsedArticle], numbers: dict[int, Inference]
) -> dict[int, int]:
    """Create the section rows; returns article source_line -> section first_line."""
    rows: list[Section] = []
    owner: dict[int, int] = {}
    for position, section in enumerate(iter_sections(roots)):
        lines = [line for s in iter_sections([section]) for line in s.articles]
        rows.append(
            Section(
                first_line=section.first_line,
                depth=section.depth,
                parent_id=section.parent.first_line if section.parent else None,
                position=position,
                last_line=parsed[max(lines)].end_line,
                book=_book(section, numbers),
                label=_section_label(section, numbers, parsed[section.articles[0]].lead),
                article_count=len(lines),
            )
        )
        owner.update(dict.fromkeys(section.articles, section.first_line))
    Section.objects.bulk_create(rows, batch_size=500)
    return owner


def _save_references(articles: Sequence[ParsedArticle], numbers: dict[int, Inference]) -> int:
    by_number = {str(inf.number): line for line, inf in numbers.items()}
    rows = []
    for position, article in enumerate(articles):
        for paragraph, ref in references_in(article.paragraphs):
            target: int | None = None
            if ref.kind == "previous" and position:
                target = articles[position - 1].source_line
            elif ref.in_code and ref.number:
                target = by_number.get(ref.number)
            rows.append(
                Reference(
                    source_id=article.source_line,
                    target_id=target,
                    paragraph=paragraph,
                    start=ref.start,
                    end=ref.end,
                    number=ref.number,
                    kind=ref.kind,
                    other_code=ref.other_code[:200],
                )
            )
    Reference.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def load(force: bool = False) -> LoadReport:
    started = time.perf_counter()
    if not force and is_loaded():
        return LoadReport(Article.objects.count(), Section.objects.count(), 0, 0, 0, 0.0, True)
    articles = parse_text(shipped_text())
    numbers = infer_numbers(articles)
    parsed = {a.source_line: a for a in articles}
    roots = build_sections(articles)
    bodies = index_bodies(articles)
    with transaction.atomic():
        Reference.objects.all().delete()
        BodyArticle.objects.all().delete()
        Article.objects.all().delete()
        Section.objects.filter(parent__isnull=False).delete()
        Section.objects.all().delete()
        LoadRecord.objects.all().delete()
        owner = _save_sections(roots, parsed, numbers)
        rows = []
        for position, article in enumerate(articles):
            inference = numbers.get(article.source_line)
            terms_lead, terms_body, terms_tables = terms_of(article)
            rows.append(
                Article(
                    source_line=article.source_line,
                    end_line=article.end_line,
                    position=position,
                    depth=article.depth,
                    section_id=owner[article.source_line],
                    number=str(inference.number) if inference else "",
                    number_confidence=inference.confidence if inference else None,
                    number_evidence=inference.evidence if inference else "",
                    blocks=_blocks(article),
                    nota=article.nota,
                    overseas=article.overseas,
                    lead=article.lead,
                    body=article.body_text,
                    terms_lead=terms_lead,
                    terms_body=terms_body,
                    terms_tables=terms_tables,
                )
            )
        Article.objects.bulk_create(rows, batch_size=500)
        reference_count = _save_references(articles, numbers)
        BodyArticle.objects.bulk_create(
            [BodyArticle(article_id=b.source_line, body=b.body, topic=b.topic) for b in bodies],
            batch_size=2000,
        )
        index.rebuild_index()
        LoadRecord.objects.create(sha256=SHA256, analysis=french.ANALYSIS, articles=len(articles))
    search.forget_corpus()
    return LoadReport(
        len(articles),
        len(list(iter_sections(roots))),
        reference_count,
        len(numbers),
        len(bodies),
        time.perf_counter() - started,
    )


__all__ = ["BOOKS", "LoadReport", "Table", "is_loaded", "load"]
