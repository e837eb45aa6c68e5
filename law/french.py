"""French text analysis for search: accent folding, stop words, a light stemmer, acronyms.

Both databases index the same folded text, and the ranking in search.py uses
these stems, so results do not depend on which database runs underneath.
The stemmer is deliberately light (plural, gender and the common derivational
suffixes): legal French is regular, and an aggressive stemmer merges words the
Code keeps apart (élection / élève).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

STOP_WORDS = frozenset(
    [
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "est",
        "sont",
        "etre",
        "ete",
        "ont",
        "avoir",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quoi",
        "comment",
        "combien",
        "quand",
        "ou",
        "dont",
        "lequel",
        "laquelle",
        "lesquels",
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "fait",
        "faut",
        "il",
        "elle",
        "cela",
        "ceci",
        "ca",
    ]
)

# Acronyms a council secretary uses, and what the Code writes instead.
ACRONYMS: dict[str, str] = {
    "CA": "conseil d'administration",
    "EPLE": "établissement public local d'enseignement",
    "CVL": "conseil des délégués pour la vie lycéenne",
    "CVC": "conseil de la vie collégienne",
    "COSP": "conseil d'orientation scientifique et pédagogique",
    "INSPE": "institut national supérieur du professorat et de l'éducation",
    "CPE": "conseiller principal d'éducation",
    "CE": "conseil d'école",
    "CI": "conseil de l'institut",
    "CP": "conseil pédagogique",
    "CESC": "comité d'éducation à la santé et à la citoyenneté",
    "CESCE": "comité d'éducation à la santé, à la citoyenneté et à l'environnement",
    "CHS": "commission d'hygiène et de sécurité",
    "CFVU": "commission de la formation et de la vie universitaire",
    "CAC": "conseil académique",
    "CNESER": "conseil national de l'enseignement supérieur et de la recherche",
    "CSE": "conseil supérieur de l'éducation",
    "CAEN": "conseil académique de l'éducation nationale",
    "CDEN": "conseil départemental de l'éducation nationale",
    "DASEN": "directeur académique des services de l'éducation nationale",
    "IEN": "inspecteur de l'éducation nationale",
    "IA-IPR": "inspecteur d'académie-inspecteur pédagogique régional",
    "EPSCP": "établissement public à caractère scientifique, culturel et professionnel",
    "EPCSCP": "établissement public à caractère scientifique, culturel et professionnel",
    "CPGE": "classes préparatoires aux grandes écoles",
    "BTS": "brevet de technicien supérieur",
    "CAP": "certificat d'aptitude professionnelle",
    "ULIS": "unités localisées pour l'inclusion scolaire",
    "SEGPA": "sections d'enseignement général et professionnel adapté",
    "PAI": "projet d'accueil individualisé",
    "PPS": "projet personnalisé de scolarisation",
    "RASED": "réseaux d'aides spécialisées aux élèves en difficulté",
    "GRETA": "groupement d'établissements",
    "VAE": "validation des acquis de l'expérience",
    "DNB": "diplôme national du brevet",
    "CIO": "centre d'information et d'orientation",
    "AESH": "accompagnants des élèves en situation de handicap",
}
# Two-letter acronyms are ordinary words in lower case ("ce", "ca"): only upper case counts.
_CASE_SENSITIVE = {k for k in ACRONYMS if len(k) <= 3}


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Œuvre élève" -> "oeuvre eleve"."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    text = text.replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words, elisions split off ("d'administration" -> "d", "administration")."""
    return _WORD.findall(fold(text))


_SUFFIXES = (
    ("issements", "iss"),
    ("issement", "iss"),
    ("atrices", "at"),
    ("atrice", "at"),
    ("ateurs", "at"),
    ("ateur", "at"),
    ("ations", "at"),
    ("ation", "at"),
    ("ements", "e"),
    ("ement", "e"),
    ("ments", ""),
    ("ment", ""),
    ("ites", "it"),
    ("ite", "it"),
    ("iques", "iqu"),
    ("ique", "iqu"),
    ("euses", "eu"),
    ("euse", "eu"),
    ("eux", "eu"),
    ("ives", "if"),
    ("ive", "if"),
    ("ifs", "if"),
    ("elles", "el"),
    ("elle", "el"),
    ("els", "el"),
    ("aux", "al"),
    ("ales", "al"),
    ("ale", "al"),
    ("als", "al"),
    ("ees", ""),
    ("ee", ""),
    ("es", ""),
    ("er", ""),
    ("ez", ""),
    ("e", ""),
    ("s", ""),
    ("x", ""),
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


def analyse(text: str) -> list[str]:
    """The index terms of a text, in order (stop words dropped)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def acronyms_in(query: str) -> list[tuple[str, str]]:
    """(acronym, expansion) for every acronym written in the query."""
    found = []
    for token in re.findall(r"[\w-]+", query):
        key = token if token in _CASE_SENSITIVE else token.upper()
        if key in ACRONYMS and (key not in _CASE_SENSITIVE or token == key):
            found.append((key, ACRONYMS[key]))
    return found


def expansions_in(query: str) -> list[tuple[str, str]]:
    """(acronym, expansion) for every expansion written out in full in the query."""
    folded = " ".join(words(query))
    return [
        (acronym, expansion)
        for acronym, expansion in ACRONYMS.items()
        if " ".join(words(expansion)) in folded
    ]
