"""`conseils law load`: build the tables and the search index from the shipped text."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from law import french, index, search
from law.bodies import VERSION as BODIES
from law.bodies import BodyEntry, index_bodies
from law.headings import VERSION as HEADINGS
from law.headings import book_number, heading_path, restore_headings
from law.models import Article, BodyArticle, Heading, LoadRecord, Reference
from law.parser import Article as ParsedArticle
from law.parser import Table, parse_text
from law.ranking import PARAGRAPH
from law.references import references_in
from law.source import (
    KEYWORDS_SHA256,
    NUMBERING_SHA256,
    QUESTIONS_SHA256,
    SHA256,
    shipped_keywords,
    shipped_numbering,
    shipped_questions,
    shipped_text,
)

# What the rows were built with: the analyser's version, the numbering's and the subject
# index's checksums, the version of the headings restored at load (law.headings) and of the
# councils' index (law.bodies).
INDEX = f"{KEYWORDS_SHA256[:8]}{QUESTIONS_SHA256[:8]}"
ANALYSIS = f"{french.ANALYSIS}+{NUMBERING_SHA256[:12]}+k{INDEX}+h{HEADINGS}+b{BODIES}"


@dataclass(frozen=True)
class LoadReport:
    articles: int
    headings: int
    references: int
    numbers: int
    bodies: int
    seconds: float
    skipped: bool = False


def is_loaded() -> bool:
    """The tables hold the shipped text, analysed by this version of the analyser."""
    return (
        LoadRecord.objects.filter(sha256=SHA256, analysis=ANALYSIS).exists()
        and Article.objects.exists()
    )


def _save_headings(numbering: dict[str, Any], positions: dict[int, int]) -> dict[int, int]:
    """Create the heading rows from the shipped numbering; returns heading index -> pk.
    Headings are ordered by their first article, parents before children."""
    headings: list[dict[str, Any]] = numbering["headings"]
    under: dict[int, list[int]] = {}
    for entry in numbering["articles"]:
        node = entry["heading"]
        while node is not None:
            under.setdefault(node, []).append(positions[entry["line"]])
            node = headings[node]["parent"]
    levels: dict[int, int] = {}

    def level(k: int) -> int:
        if k not in levels:
            parent = headings[k]["parent"]
            levels[k] = 0 if parent is None else level(parent) + 1
        return levels[k]

    # Parents come first: their first article is no later, their level lower. The keys
    # are given (position + 1), so that one statement creates them all.
    order = sorted(under, key=lambda k: (min(under[k]), level(k)))
    ids = {k: position + 1 for position, k in enumerate(order)}
    rows = []
    for position, k in enumerate(order):
        parent = headings[k]["parent"]
        root = k
        while headings[root]["parent"] is not None:
            root = headings[root]["parent"]
        rows.append(
            Heading(
                pk=ids[k],
                parent_id=ids[parent] if parent is not None else None,
                level=level(k),
                title=headings[k]["title"],
                position=position,
                book=book_number(headings[root]["title"]),
                article_count=len(under[k]),
                first_article=min(under[k]),
            )
        )
    Heading.objects.bulk_create(rows, batch_size=500)
    return ids


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


def _save_references(articles: Sequence[ParsedArticle], numbers: dict[int, str]) -> int:
    # A number the shipped text repeats leads to its first copy, the one the pages list.
    by_number: dict[str, int] = {}
    for line, number in sorted(numbers.items()):
        by_number.setdefault(number, line)
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


def council_entries(
    articles: Sequence[ParsedArticle], numbering: dict[str, Any]
) -> list[BodyEntry]:
    """The councils each article is about (law.bodies), with the headings restored above
    it (`numbering` as `restore_headings` returns it)."""
    headings: list[dict[str, Any]] = numbering["headings"]
    above = {
        entry["line"]: [headings[k]["title"] for k in heading_path(entry["heading"], headings)]
        for entry in numbering["articles"]
    }
    return index_bodies(list(articles), above)


def shipped_council_entries() -> list[BodyEntry]:
    """What `load` stores as BodyArticle rows, without a database."""
    articles = parse_text(shipped_text())
    return council_entries(articles, restore_headings(articles, shipped_numbering()))


def load(force: bool = False) -> LoadReport:
    started = time.perf_counter()
    if not force and is_loaded():
        return LoadReport(Article.objects.count(), Heading.objects.count(), 0, 0, 0, 0.0, True)
    articles = parse_text(shipped_text())
    numbering = restore_headings(articles, shipped_numbering())
    entries = {entry["line"]: entry for entry in numbering["articles"]}
    numbers = {line: e["number"] for line, e in entries.items() if e["number"]}
    positions = {a.source_line: position for position, a in enumerate(articles)}
    bodies = council_entries(articles, numbering)
    keywords, questions = shipped_keywords(), shipped_questions()
    with transaction.atomic():
        Reference.objects.all().delete()
        BodyArticle.objects.all().delete()
        Article.objects.all().delete()
        Heading.objects.filter(parent__isnull=False).delete()
        Heading.objects.all().delete()
        LoadRecord.objects.all().delete()
        heading_ids = _save_headings(numbering, positions)
        rows = []
        for position, article in enumerate(articles):
            entry = entries[article.source_line]
            terms_lead, terms_body, terms_tables = terms_of(article)
            rows.append(
                Article(
                    source_line=article.source_line,
                    end_line=article.end_line,
                    position=position,
                    depth=article.depth,
                    heading_id=heading_ids.get(entry["heading"]),
                    number=entry["number"] or "",
                    number_confidence=entry["confidence"],
                    number_evidence=entry["evidence"],
                    number_candidates=entry["candidates"],
                    blocks=_blocks(article),
                    nota=article.nota,
                    overseas=article.overseas,
                    lead=article.lead,
                    body=article.body_text,
                    terms_lead=terms_lead,
                    terms_body=terms_body,
                    terms_tables=terms_tables,
                    keywords=keywords.get(article.source_line, ""),
                    questions=questions.get(article.source_line, ""),
                )
            )
        Article.objects.bulk_create(rows, batch_size=500)
        reference_count = _save_references(articles, numbers)
        BodyArticle.objects.bulk_create(
            [BodyArticle(article_id=b.source_line, body=b.body, topic=b.topic) for b in bodies],
            batch_size=2000,
        )
        index.rebuild_index()
        LoadRecord.objects.create(sha256=SHA256, analysis=ANALYSIS, articles=len(articles))
    search.forget_corpus()
    return LoadReport(
        len(articles),
        len(heading_ids),
        reference_count,
        len(numbers),
        len(bodies),
        time.perf_counter() - started,
    )


__all__ = ["LoadReport", "Table", "council_entries", "is_loaded", "load", "shipped_council_entries"]
