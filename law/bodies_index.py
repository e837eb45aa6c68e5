"""The councils index as the pages show it: each council once, by its full name, under its
kind of institution, with its articles topic by topic; the article page names the councils
of one article the same way and links to their place in the index.

law/bodies.py says, from the text and the headings alone, which council an article is about
and whose council it is; this module reads the stored Code to apply it to every article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from law.bodies import BODIES, TOPICS, Holder, council_anchor, council_name, holder_of, own_council
from law.models import Article, BodyArticle, Heading
from law.numbers import Number, is_repeated_copy


@dataclass
class Listed:
    """An article as the index lists it; one of unknown number is told apart and found by the
    numbers of the nearest numbered articles around it in the text ("" at either end)."""

    article: Article
    before: str = ""
    after: str = ""


@dataclass
class IndexedCouncil:
    anchor: str
    name: str
    kind: str
    # topic -> its articles, each number once, numbered ones in the Code's order first
    topics: dict[str, list[Listed]] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True)
class Placement:
    """Every heading's trail of titles and where its subdivisions begin, from one query: an
    article the numbering left directly under a Titre, after its chapters, is read with the
    chapter it follows ("Le directeur d'école organise les élections ... au conseil d'école"
    stands after Chapitre Ier of "Titre Ier : Les écoles", whose council is the conseil d'école
    "des écoles maternelles et élémentaires", not another one "des écoles")."""

    trails: dict[int, list[str]]
    children: dict[int, list[tuple[int, int]]]  # heading -> [(first article's position, pk)]

    @classmethod
    def load(cls) -> Placement:
        rows = {
            pk: (parent, title, first)
            for pk, parent, title, first in Heading.objects.values_list(
                "pk", "parent_id", "title", "first_article"
            )
        }
        trails: dict[int, list[str]] = {}

        def trail(pk: int) -> list[str]:
            if pk not in trails:
                parent, title, _ = rows[pk]
                trails[pk] = [*(trail(parent) if parent is not None else []), title]
            return trails[pk]

        children: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pk, (parent, _, first) in rows.items():
            trail(pk)
            if parent is not None:
                children[parent].append((first, pk))
        for siblings in children.values():
            siblings.sort()
        return cls(trails, dict(children))

    def trail(self, heading: int | None, position: int) -> list[str]:
        if heading is None:
            return []
        before = [pk for first, pk in self.children.get(heading, []) if first < position]
        return self.trails[before[-1] if before else heading]


def trails_of(article: Article) -> tuple[list[str], list[str]]:
    """One article's trail of titles, and its trail as the index places it."""
    if article.heading is None:
        return [], []
    preceding = (
        article.heading.children.filter(first_article__lt=article.position)
        .order_by("-first_article")
        .first()
    )
    trail = [h.title for h in article.heading.trail()]
    return trail, [h.title for h in preceding.trail()] if preceding else trail


def council_of(body: str, trail: list[str], placed: list[str]) -> tuple[str, Holder]:
    """The council an article's index entry belongs to: the one whose own heading it stands
    under (its own trail: an article left after a council's sub-section is not in it), or
    else the one its first sentence names; and whose council it is (its placed trail)."""
    council = own_council(trail) or body
    return council, holder_of(placed, council)


def councils_of_article(article: Article) -> list[tuple[str, str, list[str]]]:
    """(anchor, name, topics) of each council one article sets rules for, once each, its
    topics in the index's order."""
    trail, placed = trails_of(article)
    topics_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in article.bodies.all():
        if entry.body in BODIES and entry.topic in TOPICS:
            body, holder = council_of(entry.body, trail, placed)
            topics_of[(council_anchor(body, holder), council_name(body, holder))].add(entry.topic)
    return [
        (anchor, name, [t for t in TOPICS if t in topics])
        for (anchor, name), topics in topics_of.items()
    ]


def index_of_councils() -> list[IndexedCouncil]:
    """Every council of the index, each once: the entries of the articles that its own
    heading or its first sentence names, gathered by the council's full name."""
    placement = Placement.load()
    councils: dict[str, IndexedCouncil] = {}
    for entry in BodyArticle.objects.select_related("article").only(
        "body",
        "topic",
        "article__source_line",
        "article__number",
        "article__number_evidence",
        "article__lead",
        "article__position",
        "article__heading_id",
    ):
        if entry.body not in BODIES or entry.topic not in TOPICS:
            continue
        article = entry.article
        heading = article.heading_id
        body, holder = council_of(
            entry.body,
            placement.trails[heading] if heading is not None else [],
            placement.trail(heading, article.position),
        )
        name = council_name(body, holder)
        council = councils.setdefault(
            name, IndexedCouncil(council_anchor(body, holder), name, holder.kind)
        )
        council.topics[entry.topic].append(Listed(article))
    for council in councils.values():
        for topic, listed in council.topics.items():
            council.topics[topic] = _each_once(listed)
    _place_unnumbered(item for c in councils.values() for t in c.topics.values() for item in t)
    return list(councils.values())


def _each_once(listed: list[Listed]) -> list[Listed]:
    """Each article once and each number once, by the first article that bears it (a repeated
    copy of a text, for another collectivity, bears its number again), in the Code's order."""
    seen: set[str] = set()
    kept = []
    for item in sorted(listed, key=lambda i: i.article.position):
        # An article of unknown number and its copies: the same first paragraph.
        key = item.article.number or item.article.lead
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return sorted(kept, key=lambda i: _by_number(i.article))


def _by_number(article: Article) -> tuple[int, tuple[int, ...], int]:
    """Numbered articles in the Code's numbering order, the others after, in text order."""
    if article.number:
        number = Number.parse(article.number)
        return (0, (number.chapter, *number.rest), article.position)
    return (1, (), article.position)


def _place_unnumbered(listed: Iterable[Listed]) -> None:
    """Give each article of unknown number the numbers of the nearest numbered articles
    before and after it in the text, as the article page's pager finds its neighbours."""
    unnumbered = [item for item in listed if not item.article.number]
    if not unnumbered:
        return
    # Repeated copies are passed over, as the pager passes them over: "entre D. 239-8 et
    # D. 239-2" would send the reader back to the first copy.
    numbered = [
        (position, number)
        for position, number, evidence in Article.objects.exclude(number="")
        .order_by("position")
        .values_list("position", "number", "number_evidence")
        if not is_repeated_copy(evidence)
    ]
    positions = [position for position, _ in numbered]
    for item in unnumbered:
        at = bisect_left(positions, item.article.position)
        item.before = numbered[at - 1][1] if at > 0 else ""
        item.after = numbered[at][1] if at < len(numbered) else ""
