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
from typing import Any

from law.bodies import BODIES, bodies_named, first_sentence
from law.french import fold
from law.parser import Article

VERSION = "3"  # part of the load's record: a new version reloads the tables

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
    _restore_councils(articles, entries, restored["headings"])
    _restore_books(entries, restored["headings"])
    _restore_book_eight(articles, entries, restored["headings"])
    _rename(articles, restored["headings"])
    return restored


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
