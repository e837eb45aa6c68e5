"""Recover article numbers that the plain-text export stripped, from evidence in the text.

Three kinds of evidence, strongest first:

1. quoted wordings: the adaptation articles (overseas, mostly) amend other
   articles by quoting their words ("Au deuxième alinéa de l'article D. 721-5, le
   mot : " quarante-huit " est remplacé ..."); an article that is the only one to
   contain the quoted words (at the right paragraph when the amendment says
   which) is D. 721-5, and of several that contain them, the one that stands
   where the number's order puts it;
2. rewritten articles ("Art. D. 719-45.-Le conseil ...") are matched to the
   article whose vocabulary they share best;
3. order: the export follows the Code's order, so anchors must increase, and
   the k articles between two anchors N-x and N-(x+k+1) of one chapter are
   N-(x+1) ... N-(x+k); the letter (R. or D.) comes from the numbers the text
   cites, or from both anchors when they agree.

Articles without such evidence keep no number: the product says "numéro non
déterminé" rather than guess. Pure Python.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

from law.parser import Article

NUMBER = r"[RD]\.\s?\d{3,4}(?:-\d+)+"
_NUMBER_RE = re.compile(r"\b([RD])\.\s?(\d{3,4}(?:-\d+)+)")
_TARGET = re.compile(r"\b(?:l['’]article|article)\s+(" + NUMBER + r")(?![\d-])")
# The first reason scripts/law_numbering.py gives for an article that the shipped text
# repeats (a run of articles printed twice): it takes the number of the first copy. Matched
# on its opening words only, so that the reason's typography may change.
REPEATED_COPY = "texte répété par le texte livré"


def is_repeated_copy(evidence: Sequence[str]) -> bool:
    """True for an article whose number comes from the earlier copy of the same text."""
    return bool(evidence) and evidence[0].startswith(REPEATED_COPY)


_ORDINALS = {
    "premier": 1,
    "deuxième": 2,
    "second": 2,
    "troisième": 3,
    "quatrième": 4,
    "cinquième": 5,
    "sixième": 6,
    "septième": 7,
    "huitième": 8,
    "neuvième": 9,
    "dixième": 10,
}
_ALINEA = re.compile(r"\b(" + "|".join(_ORDINALS) + r") alinéa", re.IGNORECASE)
# An old wording is the quote after "mot(s) :" that is not the replacement ("par les mots :")
# nor new words ("sont insérés les mots :", "est ajouté le mot :").
_QUOTE = re.compile(
    r"(?<!par )(?<!par le )(?<!par les )\bmots? :\s*[\"«“]\s*([^\"«»“”]{12,400}?)\s*[\"»”]"
)
_NEW_WORDS = re.compile(r"\b(?:insérée?s?|ajoutée?s?)\s+(?:les?\s+)?$", re.IGNORECASE)
# Quoted words, blanked before looking for the amended article: "les mots : « de l'article
# D. 332-7 »" quote a number, they do not name the article amended.
_QUOTED = re.compile(r"[\"«“][^\"«»“”]*[\"»”]")
_REWRITE = re.compile(r"[\"«]?\s*Art\.\s+(" + NUMBER + r")\.?\s?-\s?(.{40,})")

QUOTE_CONFIDENCE = 0.95
QUOTE_ORDERED_CONFIDENCE = 0.85
REWRITE_CONFIDENCE = 0.9
INTERPOLATED_CONFIDENCE = 0.8
INTERPOLATED_LETTER_GUESS_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Number:
    letter: str  # "R" or "D"
    chapter: int  # 721 for D. 721-5
    rest: tuple[int, ...]  # (5,) for D. 721-5, (5, 1) for D. 721-5-1

    @classmethod
    def parse(cls, text: str) -> Number:
        match = _NUMBER_RE.search(text)
        if not match:
            raise ValueError(f"not an article number: {text!r}")
        chapter, *rest = (int(part) for part in match.group(2).split("-"))
        return cls(match.group(1), chapter, tuple(rest))

    @property
    def order(self) -> tuple[int, tuple[int, ...]]:
        return (self.chapter, self.rest)

    def __str__(self) -> str:
        return f"{self.letter}. {self.chapter}-" + "-".join(str(p) for p in self.rest)


@dataclass(frozen=True)
class Inference:
    source_line: int
    number: Number
    confidence: float
    evidence: str  # French: shown on the article page


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ").replace("«", '"').replace("»", '"')
    text = text.replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def numbers_written(text: str) -> set[str]:
    """Every R./D. number written in a text, normalised ("D. 721-5")."""
    return {f"{match.group(1)}. {match.group(2)}" for match in _NUMBER_RE.finditer(text)}


def cited_numbers(articles: Sequence[Article]) -> set[str]:
    """Every R./D. number written anywhere in the text (citations, tables, amendments)."""
    found: set[str] = set()
    for article in articles:
        found |= numbers_written(article.full_text)
    return found


def amended_wordings(article: Article) -> list[tuple[Number, str, int | None, int]]:
    """(target, quoted old wording, paragraph number or None, line) in an overseas article."""
    found = []
    target: Number | None = None
    for paragraph in article.paragraphs:
        targets = _TARGET.findall(_QUOTED.sub(" ", paragraph))
        if targets:
            target = Number.parse(targets[-1]) if len(set(targets)) == 1 else None
        if target is None:
            continue
        alinea = _ALINEA.search(paragraph)
        position = _ORDINALS[alinea.group(1).lower()] if alinea else None
        for match in _QUOTE.finditer(paragraph):
            if _NEW_WORDS.search(paragraph[max(0, match.start() - 20) : match.start()]):
                continue
            found.append((target, match.group(1), position, article.source_line))
    return found


class _Index:
    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = [a for a in articles if not a.overseas]
        self.bodies = [normalise(a.body_text) for a in self.articles]
        self.paragraphs = [[normalise(p) for p in a.paragraphs] for a in self.articles]
        self.words = [set(re.findall(r"\w{4,}", body)) for body in self.bodies]

    def containing(self, quote: str, position: int | None) -> list[Article]:
        needle = normalise(quote)
        hits = [i for i, body in enumerate(self.bodies) if needle in body]
        if position is not None and len(hits) > 1:
            placed = [
                i
                for i in hits
                if len(self.paragraphs[i]) >= position
                and needle in self.paragraphs[i][position - 1]
            ]
            hits = placed or hits
        return [self.articles[i] for i in hits]

    def closest(self, text: str) -> tuple[Article, float, float] | None:
        words = set(re.findall(r"\w{4,}", normalise(text)))
        if len(words) < 8:
            return None
        scored = sorted(
            ((len(words & w) / len(words | w), i) for i, w in enumerate(self.words) if w),
            reverse=True,
        )
        (best, i), (second, _) = scored[0], scored[1]
        return self.articles[i], best, second


def _consistent(anchors: list[Inference]) -> list[Inference]:
    """The largest set of anchors whose numbers increase with their lines (a longest
    increasing subsequence); a clash means one piece of evidence was wrong."""
    anchors = sorted(anchors, key=lambda a: a.source_line)
    tails: list[tuple[int, tuple[int, ...]]] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(anchors)
    for i, anchor in enumerate(anchors):
        key = anchor.number.order
        k = bisect_left(tails, key)
        if k == len(tails):
            tails.append(key)
            tail_index.append(i)
        else:
            tails[k] = key
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    kept: list[Inference] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        kept.append(anchors[i])
        i = previous[i]
    return kept[::-1]


def _between(a: Number, b: Number, cited: set[str]) -> list[tuple[int, ...]]:
    """Numbers that can sit between two anchors of one chapter: the plain ones the gap
    implies, plus the inserted ones (D. 721-5-1) that the text cites."""
    rests: set[tuple[int, ...]] = (
        {(value,) for value in range(a.rest[0] + 1, b.rest[0])} if len(a.rest) == 1 else set()
    )
    for text in cited:
        number = Number.parse(text)
        if number.chapter == a.chapter and a.rest < number.rest < b.rest:
            rests.add(number.rest)
    return sorted(rests)


def _interpolate(
    articles: Sequence[Article], anchors: list[Inference], cited: set[str]
) -> list[Inference]:
    position = {a.source_line: i for i, a in enumerate(articles)}
    found: list[Inference] = []
    for left, right in itertools.pairwise(anchors):
        a, b = left.number, right.number
        if a.chapter != b.chapter:
            continue
        between = articles[position[left.source_line] + 1 : position[right.source_line]]
        rests = _between(a, b, cited)
        if not between or len(rests) != len(between):
            continue
        for rest, article in zip(rests, between, strict=True):
            tail = "-".join(str(p) for p in rest)
            letters = [x for x in "RD" if f"{x}. {a.chapter}-{tail}" in cited]
            if len(letters) == 1:
                letter, confidence = letters[0], INTERPOLATED_CONFIDENCE
            elif a.letter == b.letter:
                letter, confidence = a.letter, INTERPOLATED_LETTER_GUESS_CONFIDENCE
            else:
                continue
            number = Number(letter, a.chapter, rest)
            found.append(
                Inference(
                    article.source_line,
                    number,
                    confidence,
                    f"Position : entre {a} (ligne {left.source_line}) et {b} "
                    f"(ligne {right.source_line}), sans lacune dans la numérotation.",
                )
            )
    return found


@dataclass(frozen=True)
class Quote:
    """An amendment's quoted old wording that several articles contain: which of them is
    the amended article only their place can tell."""

    target: Number
    lines: tuple[int, ...]  # the source lines of the articles that contain the words
    evidence: str


def amendment_evidence(articles: Sequence[Article]) -> tuple[list[Inference], list[Quote]]:
    """What the adaptation articles (overseas, or any article that replaces another's
    words) say of the articles they amend: the numbers of the articles that alone hold
    a quoted wording or share a rewritten text's vocabulary, and the quotes that several
    articles hold. The quoting article is never its own target."""
    index = _Index(articles)
    direct: list[Inference] = []
    ambiguous: list[Quote] = []
    for article in articles:
        for target, quote, position, line in amended_wordings(article):
            candidates = [c for c in index.containing(quote, position) if c is not article]
            evidence = f"Citation « {quote} » de l'article {target} (article de la ligne {line})."
            if len(candidates) == 1:
                hit = candidates[0]
                direct.append(Inference(hit.source_line, target, QUOTE_CONFIDENCE, evidence))
            elif candidates:
                lines = tuple(c.source_line for c in candidates)
                ambiguous.append(Quote(target, lines, evidence))
        if not article.overseas:
            continue
        for paragraph in article.paragraphs:
            match = _REWRITE.search(paragraph)
            if not match:
                continue
            target = Number.parse(match.group(1))
            closest = index.closest(match.group(2))
            if closest and closest[1] >= 0.5 and closest[1] - closest[2] >= 0.15:
                hit = closest[0]
                direct.append(
                    Inference(
                        hit.source_line,
                        target,
                        REWRITE_CONFIDENCE,
                        f"Réécriture « Art. {target}.- » à la ligne {article.source_line} "
                        f"(vocabulaire commun : {closest[1]:.0%}).",
                    )
                )
    return direct, ambiguous


def place_quotes(quotes: Sequence[Quote], anchors: Mapping[int, Number]) -> dict[int, Inference]:
    """Quotes that several articles hold: the one candidate that stands between the
    numbered articles (source line -> number) that bracket the quoted number takes it."""
    ordered = sorted(anchors.items(), key=lambda item: item[1].order)
    orders = [number.order for _, number in ordered]
    found: dict[int, Inference] = {}
    for quote in quotes:
        k = bisect_left(orders, quote.target.order)
        if k < len(ordered) and ordered[k][1] == quote.target:
            continue
        low = ordered[k - 1][0] if k else 0
        high = ordered[k][0] if k < len(ordered) else 10**9
        fitting = [line for line in quote.lines if low < line < high]
        if len(fitting) == 1 and fitting[0] not in anchors and fitting[0] not in found:
            found[fitting[0]] = Inference(
                fitting[0],
                quote.target,
                QUOTE_ORDERED_CONFIDENCE,
                quote.evidence[:-1] + ", seul des articles qui la contiennent à cette place.",
            )
    return found


# "les collèges définis à l'article D. 239-8": the words another article uses to name
# what a numbered article defines, and that article's own words for it ("les collèges
# définis aux 1° à 3° du présent article").
_NAMED_AS = re.compile(
    r"((?:[\w'-]+ ){2,3})(?:à|de) l'article (" + NUMBER + r")(?![\d-])", re.IGNORECASE
)
_GENERIC = frozenset(
    [
        "article",
        "articles",
        "alinéa",
        "alinéas",
        "dispositions",
        "conditions",
        "présent",
        "présente",
        "prévues",
        "prévus",
        "prévue",
        "prévu",
        "mentionnés",
        "mentionnées",
        "mentionné",
        "mentionnée",
        "définis",
        "définies",
        "défini",
        "définie",
        "fixées",
        "fixés",
        "fixée",
        "fixé",
        "application",
        "modalités",
        "termes",
        "sens",
        "premier",
        "première",
        "second",
        "seconde",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "dernier",
        "dernière",
    ]
)
DESCRIBED_CONFIDENCE = 0.85


def _naming_words(before: str) -> str | None:
    """The last words before "à/de l'article N" that name what N defines: two words
    holding a word of substance ("collèges définis"), else three ("culture au sens")."""
    words = before.split()
    for size in (2, 3):
        key = words[-size:]
        if len(key) == size and any(len(w) >= 5 and w not in _GENERIC for w in key):
            return " ".join(key)
    return None


def described_articles(
    articles: Sequence[Article], anchors: Mapping[int, Number], skip: Container[int] = ()
) -> dict[int, Inference]:
    """Articles another article names by what they define: "les collèges définis à
    l'article D. 239-8" names D. 239-8, and the one article that speaks of "les collèges
    définis aux 1° à 3° du présent article", between the numbered articles (source
    line -> number) that bracket D. 239-8, is D. 239-8. The citing article is never its
    own target; articles in `skip` (repeated copies) are not candidates; two readings
    (two articles, or two numbers for one article) decide nothing."""
    ordered = sorted(anchors.items(), key=lambda item: item[1].order)
    orders = [number.order for _, number in ordered]
    texts = {a.source_line: normalise(a.body_text) for a in articles}
    lines = sorted(texts)
    proposals: dict[int, dict[Number, str]] = defaultdict(dict)
    for article in articles:
        for match in _NAMED_AS.finditer(texts[article.source_line]):
            key = _naming_words(match.group(1))
            if key is None:
                continue
            target = Number.parse(match.group(2).upper())
            k = bisect_left(orders, target.order)
            if k < len(ordered) and ordered[k][1] == target:
                continue
            low = ordered[k - 1][0] if k else 0
            high = ordered[k][0] if k < len(ordered) else 10**9
            own = re.compile(re.escape(key) + r" (?:aux?|du|de|à|par) [^.;:]{0,40}?présent article")
            fitting = [
                (line, hit.group(0))
                for line in lines[bisect_right(lines, low) : bisect_left(lines, high)]
                if line != article.source_line
                and line not in anchors
                and line not in skip
                and (hit := own.search(texts[line]))
            ]
            if len(fitting) == 1:
                line, words = fitting[0]
                cited = f"{key} {match.group(0)[len(match.group(1)) :].split(' ', 1)[0]}"
                proposals[line].setdefault(
                    target,
                    f"l'article de la ligne {article.source_line} le désigne par « {cited} "
                    f"l'article {target} » ; seul article à cette place à dire « {words} »",
                )
    found: dict[int, Inference] = {}
    claimed: dict[Number, list[int]] = defaultdict(list)
    for line, options in proposals.items():
        if len(options) == 1:
            claimed[next(iter(options))].append(line)
    for target, claiming in claimed.items():
        if len(claiming) == 1:
            line = claiming[0]
            found[line] = Inference(line, target, DESCRIBED_CONFIDENCE, proposals[line][target])
    return found


def infer_numbers(articles: Sequence[Article]) -> dict[int, Inference]:
    """source_line -> the best-supported number; articles without evidence are absent."""
    found, ambiguous = amendment_evidence(articles)
    direct: dict[int, list[Inference]] = defaultdict(list)
    for inference in found:
        direct[inference.source_line].append(inference)
    anchors = []
    for options in direct.values():
        numbers = {o.number for o in options}
        if len(numbers) == 1:
            best = max(options, key=lambda o: o.confidence)
            anchors.append(best)
    anchors = _consistent(anchors)
    by_line = {a.source_line: a for a in anchors}
    by_line.update(place_quotes(ambiguous, {a.source_line: a.number for a in anchors}))
    anchors = _consistent(list(by_line.values()))
    result = {a.source_line: a for a in anchors}
    for inference in _interpolate(articles, anchors, cited_numbers(articles)):
        result.setdefault(inference.source_line, inference)
    return result


_SPELLING = re.compile(
    r"^\s*(?:(?:l['’]\s*)?art(?:icle)?s?\.?\s*)?([LRD])\*{0,2}\s*\.?\s*(\d{3,4}(?:\s*-\s*\d+)+)\s*\.?\s*$",
    re.IGNORECASE,
)
_IN_TEXT = re.compile(
    r"(?<![\w.])([LRD])\*{0,2}\s?\.?\s?(\d{3,4}(?:-\d+)+)(?![\w-])", re.IGNORECASE
)


# Hyphens and dashes a number copied from a word processor or a PDF may carry instead of
# "-": hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def _plain(text: str) -> str:
    return text.translate(_DASHES)


def normalise_number(text: str) -> str | None:
    """An article number as the Code writes it ("D. 721-6"), from any spelling a reader
    types ("D721-6", "d. 721-6", "art. D. 721-6", "article R 421-25"); None if it is none."""
    match = _SPELLING.match(_plain(text))
    if not match:
        return None
    return f"{match.group(1).upper()}. " + re.sub(r"\s+", "", match.group(2))


def numbers_in(text: str) -> list[str]:
    """The article numbers written inside a longer text (a search query), normalised."""
    return [f"{m.group(1).upper()}. {m.group(2)}" for m in _IN_TEXT.finditer(_plain(text))]


# A number typed without its letter ("721-6", "article 721-6"): the whole input, or inside
# a question after "art." / "article" only, since "2024-04" or "1-2" alone are not numbers.
_BARE_SPELLING = re.compile(
    r"^\s*(?:(?:l['’]\s*)?art(?:icle)?s?\.?\s*)?(\d{3,4}(?:\s*-\s*\d+)+)\s*\.?\s*$",
    re.IGNORECASE,
)
_BARE_IN_TEXT = re.compile(r"\bart(?:icle)?s?\.?\s*(\d{3,4}(?:-\d+)+)(?![\w-])", re.IGNORECASE)


def bare_numbers(text: str) -> list[str]:
    """The numbers typed without their letter ("721-6"), as "721-6": the whole text when it
    is one, else those written after "art." or "article". Which article they name (R. or D.)
    is for the caller to decide from the numbers that exist: `with_letters`."""
    text = _plain(text)
    if match := _BARE_SPELLING.match(text):
        return [re.sub(r"\s+", "", match.group(1))]
    return [m.group(1) for m in _BARE_IN_TEXT.finditer(text)]


def is_only_a_number(text: str) -> bool:
    """True when the whole text is one article number, with or without its letter
    ("D721-6", "art. D. 721-6", "721-6"), and not a question that contains one."""
    text = _plain(text)
    return bool(_SPELLING.match(text) or _BARE_SPELLING.match(text))


def with_letters(bare: str, known: Container[str]) -> list[str]:
    """The numbers among `known` that a letterless number can stand for: ["D. 721-6"] when
    one letter fits, ["D. 721-6", "R. 721-6"] when both exist, [] when none does."""
    return [number for letter in "DR" if (number := f"{letter}. {bare}") in known]
