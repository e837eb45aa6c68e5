"""The places that have rules of their own in the Code: the overseas collectivities
(parser.OVERSEAS_PLACES), the overseas departments and regions, Corsica. A question that
names one ("bourse étudiant Wallis et Futuna", "jury du brevet en Guadeloupe") asks for
the articles that name it, often the adaptation of a general article.

Questions are read folded and with any separator ("saint pierre et miquelon"); the Code
always writes the names with their capitals, which tells "La Réunion" from "la réunion"
(a meeting).
"""

from __future__ import annotations

import re
from functools import lru_cache

from law.french import fold, words
from law.parser import OVERSEAS_PLACES

OTHER_PLACES = ("Guadeloupe", "Guyane", "Martinique", "Corse")
REUNION = "La Réunion"
# In a question "la réunion" is mostly a meeting: the island only after "à", "en", "sur"
# or "île de", and not before "du", "de", "des" ("à la réunion du conseil").
_REUNION_ASKED = re.compile(r"\b(?:a|en|sur|ile de)\s+la\s+reunion\b(?!\s+(?:du|de|des|d)\b)")
_REUNION_CAPITALISED = re.compile(r"(?<=\S)\s+R[ée]union\b")  # not the question's first word


# How people name these places in a question when not by the Code's full name.
ALIASES: dict[str, tuple[str, ...]] = {
    "Polynésie française": ("polynesie", "tahiti", "papeete"),
    "Nouvelle-Calédonie": ("caledonie", "noumea"),
    "Wallis et Futuna": ("wallis", "futuna"),
    "Saint-Pierre-et-Miquelon": ("saint pierre", "st pierre", "miquelon", "spm"),
    "Saint-Barthélemy": ("saint barth", "st barth", "st barthelemy"),
    "Saint-Martin": ("st martin",),
}


def _pattern(place: str) -> re.Pattern[str]:
    """The words of a place in order, with any separator between them, on folded text."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words(place))) + r"(?![^\W_])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Place name -> its pattern; one name for the spellings of one place."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[tuple[str, ...]] = set()
    for place in (*OVERSEAS_PLACES, *OTHER_PLACES):
        key = tuple(words(place))
        if key not in seen:
            seen.add(key)
            found[place] = _pattern(place)
    return found


@lru_cache(maxsize=1)
def _aliases() -> dict[str, re.Pattern[str]]:
    return {
        place: re.compile("|".join(_pattern(alias).pattern for alias in aliases))
        for place, aliases in ALIASES.items()
    }


def places_asked(question: str) -> tuple[str, ...]:
    """The places a question names, by their name in the Code."""
    folded = fold(question)
    asked = [place for place, pattern in _patterns().items() if pattern.search(folded)]
    asked += [
        place
        for place, pattern in _aliases().items()
        if place not in asked and pattern.search(folded)
    ]
    if _REUNION_ASKED.search(folded) or _REUNION_CAPITALISED.search(question):
        asked.append(REUNION)
    return tuple(asked)


@lru_cache(maxsize=1)
def _written() -> re.Pattern[str]:
    """Every place as the Code writes it (capitals, accents; hyphens or spaces), in one
    pattern whose groups are the places."""
    names = [*_patterns(), REUNION]
    alternatives = [
        f"(?P<p{k}>"
        + (
            r"[Ll]a Réunion"
            if place == REUNION
            else r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", place)))
        )
        + ")"
        for k, place in enumerate(names)
    ]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def places_named(text: str) -> frozenset[str]:
    """The places an article's text names."""
    names = [*_patterns(), REUNION]
    return frozenset(
        names[int(group[1:])]
        for match in _written().finditer(text)
        for group, value in match.groupdict().items()
        if value
    )
