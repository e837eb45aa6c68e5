"""Search the Code: the database retrieves candidates (FTS5 or PostgreSQL), this module ranks.

Ranking, on top of BM25 over the whole article (each step measured by
bench/law_search.py):

- acronyms: "CA" also searches "conseil d'administration", and the reverse;
- fields: the first paragraph states the article's subject, so its terms count
  three times; the applicability tables of the overseas articles count little;
  the entry-into-force notes are not indexed at all;
- coverage: an article matching every word of the question beats one that
  matches a frequent word many times;
- proximity: the question's words side by side in the article ("chef
  d'établissement", "conseil pédagogique") earn a bonus;
- overseas: adaptation articles repeat whole passages of other articles; they
  drop behind unless the question names an overseas territory;
- bodies: a question naming a council and a topic (composition, quorum,
  mandates, functioning) lifts the articles the bodies index lists for them.

Query syntax: "a phrase", prefix*, -excluded. Anything else is words; no
input reaches the database but analysed terms.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from law import index
from law.bodies import bodies_named
from law.french import (
    ACRONYMS,
    acronyms_in,
    analyse,
    expansions_in,
    fold,
    stem,
    words,
)
from law.parser import OVERSEAS_PLACES

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
CANDIDATES = 300
K1 = 1.2
B = 0.75
_TOPIC_WORDS = {
    "composition": ("compos", "membre", "comprend", "constitu", "siege", "represent"),
    "quorum": ("quorum",),
    "mandats": ("mandat", "elu", "election", "elect", "scrutin", "renouvel"),
    "fonctionnement": ("reun", "convoc", "convoqu", "ordre", "seance", "fonctionn", "vote"),
}

# How the Code words what a secretary calls "composition", "quorum"...: analysed terms.
TOPIC_SYNONYMS = {
    "composition": ("comprend", "compos", "constitu", "membr"),
    "quorum": ("quorum", "majorit", "moiti", "valable"),
    "mandats": ("mandat", "elu", "dur"),
    "fonctionnement": ("reunit", "seanc", "convocat", "ordr", "jour"),
}

# Words that frame a question rather than name its subject ("les attributions du chef
# d'établissement en matière de sécurité"): searched, but they weigh little.
FRAMING = frozenset(
    {
        "attribution",
        "competenc",
        "rol",
        "mission",
        "matier",
        "regl",
        "disposition",
        "modalit",
        "condition",
        "list",
        "quel",
        "possibl",
        "droit",
    }
)


@dataclass(frozen=True)
class Options:
    """Each ranking addition can be switched off, for the benchmark's ablation."""

    acronyms: bool = True
    fields: bool = True
    coverage: bool = False  # measured: costs recall (see bench); kept for the record
    proximity: bool = True
    overseas: bool = True
    bodies: bool = True
    originals: bool = True
    synonyms: bool = True
    framing: bool = True
    subjects: bool = False  # measured: costs recall@5 (see bench); kept for the record

    @classmethod
    def plain(cls) -> Options:
        return cls(False, False, False, False, False, False, False, False, False, False)


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...] = ()  # analysed, in order
    extra: tuple[str, ...] = ()  # from acronyms, searched but not required
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    overseas: bool = False

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)


@dataclass
class Hit:
    source_line: int
    number: str | None
    number_confidence: float | None
    score: float
    snippet: str
    lead: str = ""
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
class _Doc:
    lead: Counter[str]
    body: Counter[str]
    tables: Counter[str]
    sequence: list[str]
    overseas: bool
    number: str
    confidence: float | None
    text: str
    lead_bodies: tuple[str, ...] = ()  # the councils the first sentence is about
    copy_rank: int = 0  # 0: no earlier article opens with the same sentence; n: the n-th copy


@dataclass
class _Corpus:
    docs: dict[int, _Doc]
    df: Counter[str]
    avg: tuple[float, float, float]
    vocabulary: list[str]
    bodies: dict[tuple[str, str], set[int]]
    version: int


_lock = threading.Lock()
_corpus: _Corpus | None = None


def forget_corpus() -> None:
    global _corpus
    with _lock:
        _corpus = None


def _load_corpus() -> _Corpus:
    from law.models import Article, BodyArticle, LoadRecord

    version = LoadRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    global _corpus
    with _lock:
        if _corpus is not None and _corpus.version == version:
            return _corpus
        docs: dict[int, _Doc] = {}
        df: Counter[str] = Counter()
        rows = Article.objects.values_list(
            "source_line",
            "terms_lead",
            "terms_body",
            "terms_tables",
            "overseas",
            "number",
            "number_confidence",
            "body",
        )
        for line, lead, body, tables, overseas, number, confidence, text in rows:
            lead_terms, body_terms = lead.split(), body.split()
            doc = _Doc(
                Counter(lead_terms),
                Counter(body_terms),
                Counter(tables.split()),
                lead_terms + body_terms,
                overseas,
                number,
                confidence,
                text,
            )
            docs[line] = doc
            df.update(set(doc.lead) | set(doc.body) | set(doc.tables))
        # The Code repeats whole articles in the chapters of special establishments
        # (agricultural, maritime, defence...): the first occurrence is the general rule.
        seen: Counter[str] = Counter()
        for line in sorted(docs):
            key = docs[line].text[:160]
            docs[line].copy_rank = seen[key]
            seen[key] += 1
        for doc in docs.values():
            doc.lead_bodies = tuple(
                bodies_named(re.split(r"(?<=[.:;])\s", doc.text, maxsplit=1)[0])
            )
        n = max(1, len(docs))
        avg = (
            sum(sum(d.lead.values()) for d in docs.values()) / n or 1.0,
            sum(sum(d.body.values()) for d in docs.values()) / n or 1.0,
            sum(sum(d.tables.values()) for d in docs.values()) / n or 1.0,
        )
        bodies: dict[tuple[str, str], set[int]] = {}
        for line, body, topic in BodyArticle.objects.values_list("article_id", "body", "topic"):
            bodies.setdefault((body, topic), set()).add(line)
        _corpus = _Corpus(docs, df, avg, sorted(df), bodies, version)
        return _corpus


def parse_query(
    raw: str,
    corpus_vocabulary: list[str] | None = None,
    acronyms: bool = True,
    synonyms: bool = True,
) -> Query:
    """Words, "phrases", prefix* and -excluded, from any input whatsoever."""
    text = (raw or "")[:MAX_QUERY_CHARS]
    phrases = tuple(
        tuple(t) for t in (analyse(p) for p in re.findall(r"\"([^\"]+)\"", text)) if len(t) > 1
    )
    excluded = tuple(stem(w) for w in re.findall(r"(?:^|\s)-([^\W\d_]{2,})", fold(text)))
    prefixes = list(re.findall(r"([^\W_]{3,})\*", fold(text)))
    plain = re.sub(r"(?:^|\s)-[^\W\d_]{2,}", " ", text)
    terms = [t for t in analyse(plain) if t not in excluded]
    extra: list[str] = []
    for prefix in prefixes:
        if corpus_vocabulary is not None:
            start = _bisect(corpus_vocabulary, prefix)
            expanded = []
            for word in corpus_vocabulary[start : start + 50]:
                if not word.startswith(prefix):
                    break
                expanded.append(word)
            extra.extend(expanded)
    for acronym, expansion in acronyms_in(text) if acronyms else []:
        extra.extend(analyse(expansion))
        terms = [t for t in terms if t != acronym.lower()]
        extra.append(acronym.lower())
    for acronym, _expansion in expansions_in(text) if acronyms else []:
        extra.append(acronym.lower())
    folded = fold(text)
    topics = tuple(
        topic
        for topic, stems in _TOPIC_WORDS.items()
        if any(stem(w).startswith(stems) for w in words(text))
    )
    if synonyms:
        for topic in topics:
            extra.extend(t for t in TOPIC_SYNONYMS[topic] if t not in terms)
    expanded_text = text + " " + " ".join(ACRONYMS[a] for a, _ in acronyms_in(text))
    return Query(
        terms=tuple(dict.fromkeys(terms))[:MAX_TERMS],
        extra=tuple(t for t in dict.fromkeys(extra) if t not in terms)[:MAX_TERMS],
        phrases=phrases,
        excluded=excluded,
        bodies=tuple(bodies_named(expanded_text)),
        topics=topics,
        overseas=any(fold(place) in folded for place in OVERSEAS_PLACES),
    )


def _bisect(vocabulary: list[str], prefix: str) -> int:
    low, high = 0, len(vocabulary)
    while low < high:
        middle = (low + high) // 2
        if vocabulary[middle] < prefix:
            low = middle + 1
        else:
            high = middle
    return low


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    first = phrase[0]
    size = len(phrase)
    return any(
        sequence[i : i + size] == list(phrase) for i, term in enumerate(sequence) if term == first
    )


def _score(doc: _Doc, query: Query, corpus: _Corpus, options: Options) -> float:
    n = len(corpus.docs)
    weights = (3.0, 1.0, 0.2) if options.fields else (1.0, 1.0, 1.0)
    fields = (doc.lead, doc.body, doc.tables)
    lengths = [sum(f.values()) for f in fields]
    score = 0.0
    matched_idf = 0.0
    total_idf = 0.0
    wanted = list(query.terms) + (list(query.extra) if options.acronyms else [])
    for term in wanted:
        df = corpus.df.get(term, 0)
        if not df:
            continue
        if options.fields:
            tf = sum(
                w * f[term] / (1 - B + B * length / avg)
                for w, f, length, avg in zip(weights, fields, lengths, corpus.avg, strict=True)
            )
        else:
            total = sum(lengths)
            tf = sum(f[term] for f in fields) / (1 - B + B * total / sum(corpus.avg))
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        if term in query.terms:
            total_idf += idf
        if tf <= 0:
            continue
        if term in query.terms:
            matched_idf += idf
        factor = 1.0 if term in query.terms else 0.6
        if options.framing and term in FRAMING:
            factor *= 0.6
        score += factor * idf * tf * (K1 + 1) / (tf + K1)
    if options.coverage and total_idf:
        score *= 0.5 + 0.5 * matched_idf / total_idf
    if options.proximity and len(query.terms) > 1:
        pairs = set(zip(query.terms, query.terms[1:], strict=False))
        seen = set(zip(doc.sequence, doc.sequence[1:], strict=False))
        score *= 1 + 0.15 * len(pairs & seen)
    if options.overseas and doc.overseas and not query.overseas:
        score *= 0.4
    if options.originals and doc.copy_rank:
        score *= 0.8
    if options.subjects and doc.lead_bodies and not set(doc.lead_bodies) & set(query.bodies):
        # The article is about a council the question does not name.
        score *= 0.7
    return score


def _snippet(text: str, stems: set[str], size: int = 240) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]

    def hits(paragraph: str) -> int:
        return sum(1 for w in set(words(paragraph)) if stem(w) in stems)

    best = max(paragraphs, key=hits)
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


def search(raw: str, limit: int = 10, options: Options | None = None) -> list[Hit]:
    """Hits best first; an empty list for an empty or unusable query, never an error."""
    options = options or Options()
    limit = max(1, min(int(limit), 100))
    corpus = _load_corpus()
    query = parse_query(
        raw, corpus.vocabulary, acronyms=options.acronyms, synonyms=options.synonyms
    )
    if query.empty and not query.extra:
        return []
    wanted = list(query.terms) + list(query.extra)
    lines = index.candidates(wanted, CANDIDATES)
    scored: list[tuple[float, int]] = []
    for line in lines:
        doc = corpus.docs.get(line)
        if doc is None:
            continue
        if query.excluded and any(
            t in doc.lead or t in doc.body or t in doc.tables for t in query.excluded
        ):
            continue
        if query.phrases and not all(_contains(doc.sequence, p) for p in query.phrases):
            continue
        score = _score(doc, query, corpus, options)
        if options.bodies and query.bodies:
            for body in query.bodies:
                if any(line in corpus.bodies.get((body, topic), ()) for topic in query.topics):
                    score *= 1.6
                elif any(line in lines_ for (b, _), lines_ in corpus.bodies.items() if b == body):
                    score *= 1.15
        if score > 0:
            scored.append((score, line))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    stems = set(wanted)
    hits = []
    for score, line in scored[:limit]:
        doc = corpus.docs[line]
        hits.append(
            Hit(
                source_line=line,
                number=doc.number or None,
                number_confidence=doc.confidence,
                score=score,
                snippet=_snippet(doc.text, stems),
                overseas=doc.overseas,
                terms=tuple(stems),
            )
        )
    return hits


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
