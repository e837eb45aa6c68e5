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
from dataclasses import dataclass, field
from functools import lru_cache

from law import index
from law.french import fold, stem, words
from law.query import MAX_QUERY_CHARS, Query, parse_query
from law.ranking import Corpus, Options, Row

__all__ = ["MAX_QUERY_CHARS", "Hit", "Options", "Query", "forget_corpus", "highlight", "search"]


@dataclass
class Hit:
    source_line: int
    number: str | None
    number_confidence: float | None
    score: float
    snippet: str
    overseas: bool = False
    terms: tuple[str, ...] = field(default=(), repr=False)

    def as_json(self) -> dict[str, object]:
        return {
            "source_line": self.source_line,
            "number": self.number,
            "number_confidence": self.number_confidence,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


@dataclass
class _Loaded:
    corpus: Corpus
    numbers: dict[int, tuple[str, float | None]]
    version: int


_lock = threading.Lock()
_loaded: _Loaded | None = None


def forget_corpus() -> None:
    global _loaded
    with _lock:
        _loaded = None


def _load() -> _Loaded:
    from law.models import Article, BodyArticle, LoadRecord

    version = LoadRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    global _loaded
    with _lock:
        if _loaded is not None and _loaded.version == version:
            return _loaded
        rows = []
        numbers: dict[int, tuple[str, float | None]] = {}
        for values in Article.objects.order_by("position").values_list(
            "source_line",
            "position",
            "section_id",
            "terms_lead",
            "terms_body",
            "terms_tables",
            "overseas",
            "body",
            "number",
            "number_confidence",
        ):
            rows.append(Row(*values[:8]))
            numbers[values[0]] = (values[8], values[9])
        bodies: dict[tuple[str, str], set[int]] = {}
        for line, body, topic in BodyArticle.objects.values_list("article_id", "body", "topic"):
            bodies.setdefault((body, topic), set()).add(line)
        _loaded = _Loaded(Corpus(rows, bodies), numbers, version)
        # The corpus lives as long as the process: keep it out of every later full collection
        # (see conseils.startup.settle for the measure).
        gc.freeze()
        return _loaded


def search(raw: str, limit: int = 10, options: Options | None = None) -> list[Hit]:
    """Hits best first; an empty list for an empty or unusable query, never an error."""
    options = options or Options()
    limit = max(1, min(int(limit), 100))
    loaded = _load()
    corpus = loaded.corpus
    query = parse_query(raw, corpus.prefixed, acronyms=options.acronyms, synonyms=options.synonyms)
    if query.empty:
        return []
    wanted = query.wanted
    lines = index.candidates(wanted)
    stems = set(wanted)
    hits = []
    for score, line in corpus.rank(query, options, lines)[:limit]:
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
            )
        )
    return hits


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
