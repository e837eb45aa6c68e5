"""Search the Code: the database retrieves candidates (FTS5 or PostgreSQL), Python ranks.

The database returns every article containing one of the question's analysed terms
(law/index.py); law/ranking.py scores them from an in-memory copy of the analysed
corpus, built once per process and rebuilt when `law load` runs again. Both
databases return the same candidates, so the ranking does not depend on which one
runs underneath.

Query syntax (law/query.py): "a phrase", prefix*, -excluded. Anything else is words;
no input reaches the database but analysed terms.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from law import french, index, lexicon
from law.bodies import first_sentence
from law.french import fold, stem, words
from law.numbers import bare_numbers, numbers_in, with_letters
from law.query import MAX_QUERY_CHARS, Query, parse_query
from law.ranking import Corpus, Options, Row

__all__ = [
    "MAX_QUERY_CHARS",
    "Hit",
    "Options",
    "Query",
    "Variant",
    "forget_corpus",
    "highlight",
    "search",
]

# Why an article is grouped under another (the labels shown and returned by the API).
COPY = "copie"
OVERSEAS = "adaptation outre-mer"
GENERAL = "article général"  # the first occurrence, when a copy of it ranks higher


@dataclass(frozen=True)
class Variant:
    """An article that states the same rule as a hit: a copy in a special establishment's
    chapter, or its adaptation overseas."""

    source_line: int
    number: str | None
    label: str

    def as_json(self) -> dict[str, object]:
        return {"source_line": self.source_line, "number": self.number, "label": self.label}


@dataclass
class Hit:
    source_line: int
    number: str | None
    number_confidence: float | None
    score: float
    snippet: str
    overseas: bool = False
    terms: tuple[str, ...] = field(default=(), repr=False)
    # The question's terms that only the article's keywords give it, not its text.
    keyword_terms: tuple[str, ...] = field(default=(), repr=False)
    variants: tuple[Variant, ...] = ()

    @property
    def lines(self) -> tuple[int, ...]:
        """The lines this answer stands for: its own, then its variants'."""
        return (self.source_line, *(v.source_line for v in self.variants))

    def as_json(self) -> dict[str, object]:
        return {
            "source_line": self.source_line,
            "number": self.number,
            "number_confidence": self.number_confidence,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "variants": [variant.as_json() for variant in self.variants],
        }


@dataclass
class _Loaded:
    corpus: Corpus
    numbers: dict[int, tuple[str, float | None]]
    version: int
    by_number: dict[str, int] = field(default_factory=dict)
    group_of: dict[int, int] = field(default_factory=dict)  # line -> its group's first article
    members: dict[int, list[int]] = field(default_factory=dict)  # first article -> the group


def _groups(
    corpus: Corpus, by_number: dict[str, int]
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Parallel articles as one answer: a copy goes with the article it repeats, an
    overseas article that applies another ("applicable à Mayotte") with the one it applies."""
    group_of: dict[int, int] = {}
    for line, doc in corpus.docs.items():
        root = doc.copy_of
        if root is None and doc.overseas:
            cited = (by_number.get(n) for n in numbers_in(first_sentence(doc.text)))
            root = next((other for other in cited if other is not None and other != line), None)
        if root is not None:
            group_of[line] = root
    # An overseas article may apply a copy, or another adaptation: follow to the first one.
    for line in list(group_of):
        root, seen = group_of[line], {line}
        while root in group_of and root not in seen:
            seen.add(root)
            root = group_of[root]
        group_of[line] = root
    members: dict[int, list[int]] = {}
    for line, root in sorted(group_of.items(), key=lambda item: corpus.docs[item[0]].position):
        if root != line:
            members.setdefault(root, [root]).append(line)
    for group in members.values():
        for line in group:
            group_of[line] = group[0]
    return group_of, members


_lock = threading.Lock()
_loaded: _Loaded | None = None


def forget_corpus() -> None:
    global _loaded
    with _lock:
        _loaded = None


def _load() -> _Loaded:
    from law.models import Article, BodyArticle, Heading, LoadRecord, Reference

    version = LoadRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    global _loaded
    with _lock:
        if _loaded is not None and _loaded.version == version:
            return _loaded
        rows = []
        numbers: dict[int, tuple[str, float | None]] = {}
        titles = {
            pk: (" ".join(french.analyse(title)), parent)
            for pk, title, parent in Heading.objects.values_list("pk", "title", "parent_id")
        }

        def heading_terms(pk: int | None) -> list[str]:
            """The analysed titles from the article's heading up to its Livre."""
            terms = []
            while pk is not None:
                analysed, pk = titles[pk]
                terms.append(analysed)
            return terms

        for values in Article.objects.order_by("position").values_list(
            "source_line",
            "position",
            "heading_id",
            "terms_lead",
            "terms_body",
            "terms_tables",
            "overseas",
            "body",
            "number",
            "number_confidence",
            "keywords",
            "questions",
        ):
            headings = heading_terms(values[2])
            rows.append(
                Row(
                    values[0],
                    values[1],
                    values[2] or 0,
                    *values[3:8],
                    " ".join(headings),
                    headings[-1] if headings else "",
                    # The subject index as one field: a question is read as the keywords
                    # are, each a phrase.
                    f"{values[10]} ; {values[11]}",
                )
            )
            numbers[values[0]] = (values[8], values[9])
        bodies: dict[tuple[str, str], set[int]] = {}
        for line, body, topic in BodyArticle.objects.values_list("article_id", "body", "topic"):
            bodies.setdefault((body, topic), set()).add(line)
        by_number: dict[str, int] = {}
        for line, (number, confidence) in numbers.items():
            if number and (
                number not in by_number or (confidence or 0) > (numbers[by_number[number]][1] or 0)
            ):
                by_number[number] = line
        cites: dict[int, list[int]] = {}
        for source, target in Reference.objects.filter(target__isnull=False).values_list(
            "source_id", "target_id"
        ):
            cites.setdefault(source, []).append(target)
        corpus = Corpus(rows, bodies, {line: tuple(t) for line, t in cites.items()})
        _loaded = _Loaded(corpus, numbers, version, by_number, *_groups(corpus, by_number))
        # The corpus lives as long as the process: keep it out of every later full collection
        # (see conseils.startup.settle for the measure).
        gc.freeze()
        return _loaded


def warm() -> None:
    """Load the corpus and the French words now (a serving process does before its first
    request); no corpus when the Code is not loaded or the database not yet migrated."""
    from django.db import DatabaseError

    lexicon.warm()
    try:
        _load()
    except DatabaseError:  # before `conseils migrate`: the first search loads it
        return


def search(raw: str, limit: int = 10, options: Options | None = None) -> list[Hit]:
    """Hits best first; an empty list for an empty or unusable query, never an error."""
    options = options or Options()
    limit = max(1, min(int(limit), 100))
    loaded = _load()
    corpus = loaded.corpus
    query = parse_query(
        raw,
        corpus.prefixed,
        acronyms=options.acronyms,
        synonyms=options.synonyms,
        everyday=options.everyday,
        correct=corpus.correct_word if options.typos else None,
        known=corpus.df.__contains__,
        frequency=corpus.df.__getitem__,
        spell=corpus.correct_spelling if options.typos else None,
    )
    # An article number in the question ("D. 721-6", "art D721-6") names its answer.
    # Typed without its letter ("721-6"), a number names each article it can stand for.
    spelled = numbers_in(raw or "") + [
        n for bare in bare_numbers(raw or "") for n in with_letters(bare, loaded.by_number)
    ]
    named = [loaded.by_number[n] for n in dict.fromkeys(spelled) if n in loaded.by_number]
    if query.empty and not named:
        return []
    wanted = query.wanted
    stems = set(wanted)
    asked = {*query.terms, *query.completing}
    lines = set(index.candidates(wanted))
    for term in wanted:  # words of the headings and keywords are not in the database's index
        lines |= corpus.outside_text.get(term, set())
    ranked = corpus.rank(query, options, lines) if not query.empty else []
    top = ranked[0][0] if ranked else 1.0
    ranked = [(top + len(named) - k, line) for k, line in enumerate(named)] + [
        (score, line) for score, line in ranked if line not in named
    ]
    hits = []
    answered: set[int] = set()  # groups already given: a parallel article is no new answer
    for score, line in ranked:
        group = loaded.group_of.get(line, line)
        if group in answered:
            continue
        answered.add(group)
        doc = corpus.docs[line]
        number, confidence = loaded.numbers.get(line, ("", None))
        hits.append(
            Hit(
                source_line=line,
                number=number or None,
                number_confidence=confidence,
                score=score,
                snippet=_snippet(doc.text, stems, corpus.idf),
                overseas=doc.overseas,
                terms=tuple(sorted(stems)),
                keyword_terms=tuple(sorted(asked & doc.keyword_terms)),
                variants=_variants(loaded, line, loaded.members.get(group, ())),
            )
        )
        if len(hits) == limit:
            break
    return hits


def _variants(loaded: _Loaded, line: int, group: Sequence[int]) -> tuple[Variant, ...]:
    """The other articles of a hit's group, in the Code's order, each with why it is there."""
    docs = loaded.corpus.docs
    return tuple(
        Variant(
            source_line=other,
            number=loaded.numbers.get(other, ("", None))[0] or None,
            label=OVERSEAS if docs[other].overseas else GENERAL if other == root else COPY,
        )
        for root in group[:1]
        for other in group
        if other != line
    )


@lru_cache(maxsize=4096)
def _stems_of(paragraph: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(paragraph))


def _snippet(text: str, stems: set[str], idf: dict[str, float], size: int = 240) -> str:
    """The paragraph that holds the rarest words of the question, cut around them."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
    best = max(
        paragraphs,
        key=lambda paragraph: sum(idf.get(t, 0.0) for t in _stems_of(paragraph) & stems),
    )
    if len(best) <= size:
        return best
    tokens = list(re.finditer(r"[^\W_]+", best))
    first = next((m.start() for m in tokens if stem(fold(m.group(0))) in stems), 0)
    start = max(0, first - size // 3)
    if start:
        start = best.find(" ", start) + 1
    end = min(len(best), start + size)
    piece = best[start:end].rsplit(" ", 1)[0] if end < len(best) else best[start:end]
    return ("…" if start else "") + piece + ("…" if end < len(best) else "")


def highlight(text: str, stems: set[str]) -> list[tuple[str, bool]]:
    """Text cut into (piece, is_match) for templates to mark without unsafe HTML."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in re.finditer(r"[^\W_]+", text):
        if stem(fold(match.group(0))) in stems and fold(match.group(0)) not in {"de", "la"}:
            if match.start() > position:
                parts.append((text[position : match.start()], False))
            parts.append((match.group(0), True))
            position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts
