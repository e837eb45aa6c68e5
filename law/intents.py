"""What a question asks for beyond its words, and the articles that state such a thing.

"Qui préside la commission ?" wants the article saying who presides it, not the one saying
when it meets; "valable combien de temps ?" the one stating a duration; "délai ?" the one
stating a time limit. Each intent is a pattern on the folded question and a pattern on the
article's text; the ranking (law.ranking) weighs up the articles stating what is asked.
Each was kept only where it moved ranks up and none down on the training and development
questions (bench/law_search.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|seize|vingt"
    r"|trente|quarante|cinquante|soixante|cent|\d+"
)


def amount_of(units: str) -> str:
    """A pattern for a number in words or figures followed by one of `units` ("quinze jours",
    "vingt et un ans", "3 mois")."""
    return rf"\b(?:{NUMBER_WORDS})(?:[\s-]+(?:{NUMBER_WORDS}|et))*\s+(?:{units})\b"


_AMOUNT_OF_TIME = amount_of(r"jours?|mois|ans?|années?|semaines?")


@dataclass(frozen=True)
class Intent:
    asked: re.Pattern[str]  # on the folded question
    stated: re.Pattern[str]  # on the article's text


INTENTS: dict[str, Intent] = {
    # Only presiding among the "qui ...?" questions: the Code says "présidé par" where it
    # answers, while "qui décide", "qui fixe" or "qui siège" are answered with other verbs
    # ("arrête", "comprend"), and asking for the verb itself lost ranks.
    "presides": Intent(
        re.compile(r"\bqui\s+(?:(?:le|la|les)\s+|l'\s*)?presid"),
        re.compile(r"\bprésid", re.IGNORECASE),
    ),
    # Narrower than "combien" and its amounts: a number of members does not say how long.
    "duration": Intent(
        re.compile(
            r"\b(?:combien de temps|duree|valable (?:combien|jusqu)|pour combien|pendant combien"
            r"|combien d'annees|combien d'ans|combien de mois)\b"
        ),
        re.compile(
            _AMOUNT_OF_TIME + r"|\brenouvelable\b|\bdurée (?:maximale |minimale )?d(?:e|u)\b",
            re.IGNORECASE,
        ),
    ),
    # By when: a time limit, or a date ("entre le 1er mars et le 31 mai").
    "deadline": Intent(
        re.compile(
            r"\b(?:delais?|jusqu'a quand|jusqu a quand|date limite|avant quand|au plus tard"
            r"|dans quel delai|quelle date|quand faut)\b"
        ),
        re.compile(
            r"\bau plus tard\b|\bdans (?:un|le|les) délais?\b"
            r"|\bdélai (?:de|d'un|d’un|maximum|maximal)\b"
            r"|\bdate limite\b|\bjours francs\b|\bà compter de\b|\bavant (?:le|la|l'|l’)\b"
            rf"|\bdans les (?:{NUMBER_WORDS}) (?:jours|mois|semaines)\b"
            r"|\b(?:1er|premier|\d{1,2}) (?:janvier|février|mars|avril|mai|juin|juillet|août"
            r"|septembre|octobre|novembre|décembre)\b",
            re.IGNORECASE,
        ),
    ),
}


def asked(folded_question: str) -> frozenset[str]:
    """The intents a question (folded: law.french.fold) asks for."""
    return frozenset(name for name, i in INTENTS.items() if i.asked.search(folded_question))


def stated(text: str) -> frozenset[str]:
    """The intents an article's text answers."""
    return frozenset(name for name, i in INTENTS.items() if i.stated.search(text))
