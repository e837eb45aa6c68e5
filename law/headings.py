"""Headings the shipped numbering could not take from the 2015 copy, restored at load time
where the 2024 text itself decides them. Pure Python.

scripts/law_numbering.py gives each article the headings of its match in Etalab's copy of
2015 (or of its neighbours). Some headings are missing from that copy, or out of date:

- a subdivision added since, whose articles open with the council they are about: the EPLE's
  conseil pédagogique (R. 421-41-1 to R. 421-41-4) stands at the depth of a paragraph, after
  the commission permanente's paragraphs, each of its articles opening with "Le conseil
  pédagogique". A run of such articles, deeper in the text than the heading they were left
  under, gets the heading its first words give ("Le conseil pédagogique"), with no number:
  the text does not say which one it bears;
- the first articles of Livre IX, of unknown number, stand under Livre VIII when no number
  of theirs separates them from it; the order decides otherwise: all the numbers their place
  leaves them (their candidates) are of Livre IX, so they are of Livre IX;
- the headings the numbering lends an article the copy does not hold, from its nearest
  neighbours that it does hold, where the order of the copy's own numbers shows they are not
  its: a Titre or Chapitre its number (or all its candidates) contradicts; a division that
  follows divisions missing from the copy (Section 1, then Section 4) or that is not the
  first of its level at a Chapitre's start; a division at a Chapitre's end, to the articles
  numbered on after the copy's last (a division added since). These keep the heading above
  (usually the Chapitre), which is true if less precise;
- an article whose first words contradict the division lent it, where nothing else decides
  (LEAVES_BY_TEXT, a short table);
- a title naming an institution renamed since (RENAMED), when the 2024 text no longer uses
  its old name;
- Livre VIII, absent from the copy: its articles stand directly under the Livre. A number
  gives its Titre (D. 811-1: Livre VIII, Titre Ier; R. 822-16: Titre II), and the articles
  between two articles of the same Titre are of that Titre; the others stay under the Livre.
  The Titres' titles are those of the legislative part of the Code, whose plan the regulatory
  part follows (circulaire du 30 mai 1996 relative à la codification des textes législatifs
  et réglementaires), as Etalab's copy has them (Licence Ouverte, commit 2afcea3f,
  partie-legislative/troisieme-partie/livre-viii/*/README.md): titles of 2015, which a
  later amendment of the legislative part may have changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from itertools import pairwise
from typing import Any

from law.bodies import BODIES, bodies_named, first_sentence
from law.french import fold
from law.parser import Article
from law.places import places_named

VERSION = "4"  # part of the load's record: a new version reloads the tables

# Livre VIII's Titres, by the second figure of their articles' numbers (D. 811-1: Titre Ier).
BOOK_EIGHT = "Livre VIII"
BOOK_EIGHT_TITRES = {
    1: "Titre Ier : Les droits et obligations des usagers du service public de l'enseignement "
    "supérieur",
    2: "Titre II : Les aides aux étudiants et les œuvres universitaires",
    3: "Titre III : La santé et la protection sociale des étudiants",
    4: "Titre IV : Les activités périuniversitaires, sportives et culturelles",
    5: "Titre V : Dispositions applicables dans les îles Wallis et Futuna, à Mayotte, en "
    "Polynésie française et en Nouvelle-Calédonie",
}
# Headings sit two levels above the articles of depth 0: Livre (0), Titre (1), Chapitre (2).
ARTICLE_LEVEL = 2
SHORTEST_RUN = 2  # one article naming a council is its subject, not a subdivision
_NUMBER = re.compile(r"^[RD]\. (\d)(\d)(\d)-")
_OPENING = re.compile(r"^(le|la|l')\s*")


def _levels(headings: Sequence[dict[str, Any]]) -> list[int]:
    levels: list[int] = []
    for heading in headings:
        parent = heading["parent"]
        levels.append(0 if parent is None else levels[parent] + 1)
    return levels


def opening_council(lead: str) -> str | None:
    """The council an article opens with ("Le conseil pédagogique comprend ..." ->
    "conseil-pedagogique"), or None."""
    folded = fold(first_sentence(lead))
    opening = _OPENING.match(folded)
    if not opening:
        return None
    named = bodies_named(folded[opening.end() :])
    rest = folded[opening.end() :]
    return next(
        (slug for slug in named if rest.startswith(BODIES[slug][0].split(" (")[0].lower()[:8])),
        None,
    )


def _council_title(lead: str, slug: str) -> str:
    """ "Le conseil pédagogique": the council's name as the article opens with it."""
    name = BODIES[slug][0].split(" (")[0]
    article = _OPENING.match(fold(lead))
    said = article.group(1) if article else "le"
    name = name[0].lower() + name[1:]
    return f"L’{name}" if said == "l'" else f"{said.capitalize()} {name}"


def _restore_councils(
    articles: Sequence[Article], entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]
) -> None:
    levels = _levels(headings)
    run: list[Article] = []
    council: str | None = None

    def close() -> None:
        if council is None or len(run) < SHORTEST_RUN:
            return
        heading = entries[run[0].source_line]["heading"]
        if heading is None or council in bodies_named(headings[heading]["title"]):
            return
        headings.append({"parent": heading, "title": _council_title(run[0].lead, council)})
        for article in run:
            entries[article.source_line]["heading"] = len(headings) - 1

    for article in articles:
        heading = entries[article.source_line]["heading"]
        said = opening_council(article.lead)
        # A subdivision is missing where an article stands deeper than its heading's children.
        missing = heading is not None and levels[heading] < article.depth + ARTICLE_LEVEL
        same = (
            run
            and said == council
            and heading == entries[run[-1].source_line]["heading"]
            and article.depth == run[-1].depth
        )
        if said is not None and missing and same:
            run.append(article)
            continue
        close()
        run, council = ([article], said) if said is not None and missing else ([], None)
    close()


ROMAN = {"Ier": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
_BOOK_TITLE = re.compile(r"Livre (\w+)")


def book_number(title: str) -> int | None:
    """ "Livre VIII : La vie universitaire" -> 8."""
    match = _BOOK_TITLE.match(title)
    return ROMAN.get(match.group(1)) if match else None


def _restore_books(entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]) -> None:
    books = {book_number(h["title"]): k for k, h in enumerate(headings) if h["parent"] is None}
    for entry in entries.values():
        heading = entry["heading"]
        if entry["number"] or not entry["candidates"] or heading is None:
            continue
        if headings[heading]["parent"] is not None:
            continue
        book = book_number(headings[heading]["title"])
        theirs = {int(match.group(1)) for c in entry["candidates"] if (match := _NUMBER.match(c))}
        if book is not None and theirs == {book + 1} and book + 1 in books:
            entry["heading"] = books[book + 1]


def _titre(entry: dict[str, Any]) -> int | None:
    """The Titre of Livre VIII an article's number gives. The candidates of an article of
    unknown number do not decide it: the bourses' articles (Titre II) follow the disciplinary
    ones and list R. 811-30 … among their candidates."""
    match = _NUMBER.match(entry["number"] or "")
    if not match or match.group(1) != "8":
        return None
    return int(match.group(2))


def _restore_book_eight(
    articles: Sequence[Article], entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]
) -> None:
    book = next(
        (k for k, h in enumerate(headings) if h["title"].startswith(f"{BOOK_EIGHT} ")), None
    )
    if book is None:
        return
    lines = [a.source_line for a in articles if entries[a.source_line]["heading"] == book]
    known = {line: _titre(entries[line]) for line in lines}
    decided: dict[int, int] = {}
    for position, line in enumerate(lines):
        titre = known[line]
        if titre is None:
            # Between two articles of one Titre, of that Titre.
            before = next((known[x] for x in reversed(lines[:position]) if known[x]), None)
            after = next((known[x] for x in lines[position + 1 :] if known[x]), None)
            titre = before if before == after else None
        if titre in BOOK_EIGHT_TITRES:
            decided[line] = titre
    created: dict[int, int] = {}
    for line, titre in decided.items():
        if titre not in created:
            headings.append({"parent": book, "title": BOOK_EIGHT_TITRES[titre]})
            created[titre] = len(headings) - 1
        entries[line]["heading"] = created[titre]


def restore_headings(articles: Sequence[Article], numbering: dict[str, Any]) -> dict[str, Any]:
    """The shipped numbering with the headings the text decides added (a copy)."""
    restored = deepcopy(numbering)
    entries = {entry["line"]: entry for entry in restored["articles"]}
    _keep_numbered_place(entries, restored["headings"])
    _missing_divisions(articles, entries, restored["headings"])
    _leave_by_text(articles, entries, restored["headings"])
    _restore_councils(articles, entries, restored["headings"])
    _restore_books(entries, restored["headings"])
    _restore_book_eight(articles, entries, restored["headings"])
    _rename(articles, restored["headings"])
    return restored


# -- the place an article's number gives ------------------------------------------------

# Ordinals of the Titres and Chapitres ("Titre Ier", "Chapitre IV"): the Titre and the
# Chapitre of a number are its second and third figures (D. 636-16: Livre VI, Titre III,
# Chapitre VI).
_ORDINAL = re.compile(r"(Titre|Chapitre) (\w+)")


def _ordinal(title: str) -> int | None:
    match = _ORDINAL.match(title)
    return ROMAN.get(match.group(2)) if match else None


def _figures(entry: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    """The Livre, Titre and Chapitre the article's number gives, or, when it has none, those
    all its candidates share (None where they differ, or where nothing says)."""
    numbers = [entry["number"]] if entry["number"] else list(entry["candidates"])
    found = [match.groups() for n in numbers if (match := _NUMBER.match(n))]
    if not found:
        return None, None, None
    figures: list[int | None] = []
    for level in range(3):
        digits = {int(f[level]) for f in found}
        figures.append(digits.pop() if len(digits) == 1 else None)
        if figures[-1] is None:
            # A lower figure says nothing once a higher one is unknown.
            figures += [None] * (2 - level)
            break
    return figures[0], figures[1], figures[2]


def _keep_numbered_place(
    entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]
) -> None:
    """An article stands under no Livre, Titre or Chapitre its number (or all its candidates)
    does not name. The numbering script lends an article of unknown number its neighbour's
    headings: the R. 931 and R. 951 to R. 953 articles (public staff whose post is
    suppressed, university staff), unnumbered, follow the last article of Livre IX the 2015
    copy has, R. 914-142 (private schools' staff, their additional pension), and were left
    under it though their candidates run from D. 916-1 to D. 931-1, three Titres. They keep
    the headings above the first one their figures contradict or do not decide."""
    for entry in entries.values():
        if entry["heading"] is None:
            continue
        path = heading_path(entry["heading"], headings)
        figures = _figures(entry)
        if figures == (None, None, None):
            continue
        keep = len(path)
        for level, heading in enumerate(path[:3]):
            title = headings[heading]["title"]
            said = _ordinal(title) if level else None  # the Livre: _restore_books decides
            if said is None or places_named(title):
                # A heading the ordinal rule cannot read (Livre VIII's), or an overseas
                # Titre or Chapitre the numbering gave by the places the article names.
                continue
            if figures[level] != said:
                keep = level
                break
        if keep < len(path):
            entry["heading"] = path[keep - 1] if keep else None


# -- divisions the 2015 copy lacks between two of its articles ---------------------------

# Headings an article inherits from the 2015 copy are its own when the copy holds its text
# ("texte identique à l'article D. 642-14 de la version de 2015", "presque identique",
# "modifié depuis", "réécrit depuis ... à la même place"). The others are lent by their
# nearest such neighbours.
_OWN = re.compile(r"^texte (identique|presque identique|modifié depuis|réécrit depuis)\b")
_DIVISION = re.compile(r"^(Section|Sous-section|Paragraphe|Sous-paragraphe) (\d+) :")


def _division(title: str) -> int | None:
    """ "Section 4 : ..." -> 4; None for "Section unique", "Section 3 ter" (no sequence)."""
    match = _DIVISION.match(title)
    return int(match.group(2)) if match else None


def heading_path(node: int | None, headings: Sequence[dict[str, Any]]) -> list[int]:
    """The headings from the Livre down to `node` (indexes into `headings`)."""
    path: list[int] = []
    while node is not None:
        path.insert(0, node)
        node = headings[node]["parent"]
    return path


def _missing_divisions(
    articles: Sequence[Article], entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]
) -> None:
    """Articles the copy does not hold, between two that it does, are lent the headings of
    one of them. Where the copy numbers its divisions and one is missing between the two
    (Section 1, then Section 4; or Section 4, then Section 5 known by its Sous-section 2
    only), the missing divisions stood there: the articles between are of one of them or of
    the division before, which the numbering cannot tell. An article of unknown number, or
    one lent the division that follows, then keeps only the heading that holds both sides:
    the orthophoniste articles (D. 636-16 ...) stood under « Section 4 : Les études de
    technicien supérieur en imagerie médicale », the copy's Sections 2 and 3 missing; the
    universities' sports service (candidates D. 714-41 ...) under « Section 4 : Les
    bibliothèques », before Section 5's Sous-section 2 (activités physiques et sportives).
    An article of known number lent the division before keeps it (R. 421-78-1 after
    R. 421-78)."""
    own = [
        a.source_line
        for a in articles
        if entries[a.source_line]["heading"] is not None
        and any(_OWN.match(e) for e in entries[a.source_line].get("evidence", []))
    ]
    position = {a.source_line: k for k, a in enumerate(articles)}
    for before, after in pairwise(own):
        gap = [a.source_line for a in articles[position[before] + 1 : position[after]]]
        if not gap:
            continue
        low = heading_path(entries[before]["heading"], headings)
        high = heading_path(entries[after]["heading"], headings)
        common = 0
        while common < min(len(low), len(high)) and low[common] == high[common]:
            common += 1
        if common <= CHAPTER_LEVEL:
            _chapter_edges(gap, low, high, entries, headings)
            continue
        if common == len(high):
            continue  # the same division on both sides
        first = high[common]
        number = _division(headings[first]["title"])
        previous = _division(headings[low[common]]["title"]) if common < len(low) else 0
        if number is None or previous is None:
            continue
        if number <= previous + 1:
            inner = next(
                (k for k in range(common + 1, len(high)) if _division(headings[high[k]]["title"])),
                None,
            )
            if inner is None or _division(headings[high[inner]]["title"]) == 1:
                continue  # nothing missing: the numbering's choice stands
        place = high[common - 1]  # the heading that holds both sides
        for line in gap:
            path = heading_path(entries[line]["heading"], headings)
            if path[:common] != high[:common] or len(path) <= common:
                continue
            lent_by_after = path[common] == high[common]
            # An article of known number under the division before keeps it (R. 421-78-1
            # after R. 421-78); one lent the division after is not shown to be of it.
            if entries[line]["number"] and not lent_by_after:
                continue
            entries[line]["heading"] = place


CHAPTER_LEVEL = 2  # Livre (0), Titre (1), Chapitre (2)


def _inserted_after(number: str, numbers: set[str]) -> bool:
    """ "D. 222-42-1" follows "D. 222-42", one of `numbers`: an article inserted after it."""
    parent, dash, last = number.rpartition("-")
    return bool(dash) and last.isdigit() and parent.count("-") >= 1 and parent in numbers


def _chapter_edges(
    gap: Sequence[int],
    low: Sequence[int],
    high: Sequence[int],
    entries: dict[int, dict[str, Any]],
    headings: list[dict[str, Any]],
) -> None:
    """Between the last article of one Chapitre the copy holds and the first of the next,
    the numbering lends the articles of either Chapitre the division of that side's
    article. At a Chapitre's end, the articles numbered on after it (D. 642-44 … after the
    copy's last, D. 642-29) are those of the divisions added since: the DNMADE's
    (diplôme national des métiers d'art et du design) stood under « Section 4 : Le
    diplôme supérieur d'arts appliqués », the universities' cultural service's under
    « Les services d'activités industrielles et commerciales », the césure's under
    « Insertion dans l'Espace européen de l'enseignement supérieur ». They keep the
    Chapitre; an article inserted after one of the division (D. 222-42-1 after D. 222-42)
    keeps the division. At a Chapitre's start, a division that is not the first of its
    level (a Sous-section 2) does not hold the articles before its first one: they keep
    the Chapitre (R. 631-1-6 …, national targets for health studies, stood under « Le
    diplôme d'études spécialisées de biologie médicale »)."""
    edges = ((low, False), (high, True))
    for side, starts in edges:
        if len(side) <= CHAPTER_LEVEL + 1:
            continue
        chapter = side[CHAPTER_LEVEL]
        if starts and all(_division(headings[h]["title"]) == 1 for h in side[CHAPTER_LEVEL + 1 :]):
            continue  # the Chapitre's first divisions: nothing stands between
        lines = [
            line
            for line in gap
            if heading_path(entries[line]["heading"], headings)[: len(side)] == list(side)
        ]
        numbers = {
            e["number"]
            for e in entries.values()
            if e["number"]
            and e["heading"] is not None
            and side[-1] in heading_path(e["heading"], headings)
        }
        for line in lines:
            number = entries[line]["number"]
            if not starts and number and _inserted_after(number, numbers):
                continue
            entries[line]["heading"] = chapter


# An article whose own first words contradict the division the numbering lent it, where no
# number and no order decides (the evidence is only in its text): its opening words -> the
# heading it leaves (it keeps the one above). The lycées professionnels maritimes' article
# on discipline (candidates R. 421-104 to R. 421-107) precedes R. 421-108, the first article
# of their « Organisation financière », which lent it its Sous-section by depth.
LEAVES_BY_TEXT = {
    "En matière disciplinaire, sont applicables aux élèves des lycées professionnels "
    "maritimes": "Sous-section 3 : Organisation financière",
}


def _leave_by_text(
    articles: Sequence[Article], entries: dict[int, dict[str, Any]], headings: list[dict[str, Any]]
) -> None:
    for article in articles:
        entry = entries[article.source_line]
        for opening, title in LEAVES_BY_TEXT.items():
            if not fold(article.lead).startswith(fold(opening)):
                continue
            path = heading_path(entry["heading"], headings)
            left = next((h for h in path if headings[h]["title"] == title), None)
            if left is not None:
                entry["heading"] = headings[left]["parent"]


# Institutions renamed since 2015, whose old name the 2024 text no longer uses anywhere: the
# écoles supérieures du professorat et de l'éducation became the instituts nationaux
# supérieurs du professorat et de l'éducation (loi n° 2019-791 du 26 juillet 2019 pour une
# école de la confiance). A heading taken from the 2015 copy follows the text it stands over.
RENAMED = {
    "écoles supérieures du professorat et de l'éducation": (
        "instituts nationaux supérieurs du professorat et de l'éducation"
    ),
}


def _rename(articles: Sequence[Article], headings: list[dict[str, Any]]) -> None:
    text = fold(" ".join(article.full_text for article in articles))
    for old, new in RENAMED.items():
        if fold(old) in text or fold(new) not in text:
            continue  # the text does not decide it
        for heading in headings:
            heading["title"] = heading["title"].replace(old, new)
