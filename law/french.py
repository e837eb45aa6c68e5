"""French text analysis for search: accent folding, stop words, a light stemmer, acronyms.

Both databases index the same folded text, and the ranking in ranking.py uses
these stems, so results do not depend on which database runs underneath.
The stemmer is deliberately light (plural, gender, the common derivational
suffixes, and the conjugated forms the Code itself uses as infinitives: "siègent"
because the Code writes "siéger", but not "parent"), with a short table of word
families the suffixes cannot join (convocation / convoquer, élu / élection):
legal French is regular, and an aggressive stemmer merges words the Code keeps
apart (élection / élève).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Changes whenever analyse() would give other terms: the stored terms are then stale and
# `law load` rebuilds them.
ANALYSIS = "3"

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
        # Elided "c'est", "j'ai", "n'a": a letter on its own says nothing of the subject.
        "c",
        "j",
        "n",
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
    "ULIS": "unités locales d'inclusion scolaire",  # as the Code writes it
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
# Schools, courses, diplomas and people as students and parents abbreviate them: written
# out like the others, but not names of councils or offices (see NAMES).
SCHOOL_ACRONYMS: dict[str, str] = {
    "CAVL": "conseil académique de la vie lycéenne",
    "DDEN": "délégué départemental de l'éducation nationale",
    "E2C": "école de la deuxième chance",
    "UFR": "unité de formation et de recherche",
    "STS": "section de techniciens supérieurs",
    "LP": "lycée professionnel",
    "LEGT": "lycée d'enseignement général et technologique",
    "EREA": "établissement régional d'enseignement adapté",
    "CAPES": "certificat d'aptitude au professorat de l'enseignement du second degré",
    "CRPE": "concours de recrutement de professeurs des écoles",
    "PE": "professeur des écoles",
    "PU": "professeur des universités",
    "ATER": "attaché temporaire d'enseignement et de recherche",
    "HDR": "habilitation à diriger des recherches",
    "CNU": "Conseil national des universités",
    "PAP": "plan d'accompagnement personnalisé",
    "PPRE": "programme personnalisé de réussite éducative",
    "ESS": "équipe de suivi de la scolarisation",
    "DSDEN": "direction des services départementaux de l'éducation nationale",
    "CFG": "certificat de formation générale",
    "BP": "brevet professionnel",
    "BEP": "brevet d'études professionnelles",
    "DAEU": "diplôme d'accès aux études universitaires",
    "BUT": "bachelor universitaire de technologie",
    "DUT": "diplôme universitaire de technologie",
    "HCERES": "Haut Conseil de l'évaluation de la recherche et de l'enseignement supérieur",
    "CNOUS": "Centre national des œuvres universitaires et scolaires",
    "TD": "travaux dirigés",
    "TP": "travaux pratiques",
    "UE": "unités d'enseignement",
    "CVEC": "contribution de vie étudiante et de campus",
    "CDAPH": "commission des droits et de l'autonomie des personnes handicapées",
    "ONISEP": "Office national d'information sur les enseignements et les professions",
    "IEP": "institut d'études politiques",
}
NAMED_ACRONYMS = dict(ACRONYMS)
ACRONYMS.update(SCHOOL_ACRONYMS)
# Acronyms that are ordinary words in lower case ("ce", "ça", "but", "pu"): only upper case
# counts. The others are read in any case: people type "cvl", "cpe", "bts", "ufr".
_CASE_SENSITIVE = {"CA", "CE", "CI", "CP", "BUT", "PU"}


_FOLD = str.maketrans(
    {
        **dict.fromkeys("àáâãäåÀÁÂÃÄÅ", "a"),
        **dict.fromkeys("èéêëÈÉÊË", "e"),
        **dict.fromkeys("ìíîïÌÍÎÏ", "i"),
        **dict.fromkeys("òóôõöÒÓÔÕÖ", "o"),
        **dict.fromkeys("ùúûüÙÚÛÜ", "u"),
        **dict.fromkeys("çÇ", "c"),
        **dict.fromkeys("ÿýÝŸ", "y"),
        **dict.fromkeys("ñÑ", "n"),
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "’": "'",
    }
)


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Œuvre élève" -> "oeuvre eleve"."""
    text = text.translate(_FOLD).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words, elisions split off ("d'administration" -> "d", "administration")."""
    return _WORD.findall(fold(text))


# Derivational suffixes, longest first, with what they become: the noun of an action
# and its verb meet ("convocation", "convoquer" -> "convoc"/"convoqu" meet through
# FAMILIES below; "remplacement", "remplacer" -> "remplac").
_DERIVATIONS = (
    ("issements", "iss"),
    ("issement", "iss"),
    ("ements", ""),
    ("ement", ""),
    ("ments", ""),
    ("ment", ""),
    ("atrices", ""),
    ("atrice", ""),
    ("ateurs", ""),
    ("ateur", ""),
    ("ations", ""),
    ("ation", ""),
    ("itions", ""),
    ("ition", ""),
    ("ences", ""),
    ("ence", ""),
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
)
# Inflections: plural, feminine, past participle, infinitive.
_INFLECTIONS = (
    ("ees", ""),
    ("ee", ""),
    ("es", ""),
    ("er", ""),
    ("ez", ""),
    ("e", ""),
    ("s", ""),
    ("x", ""),
)
# Word families the suffix rules cannot join (c/qu, irregular participles...), folded.
FAMILIES = {
    "convoqu": "convoc",
    "elu": "elect",
    "elir": "elect",
    "election": "elect",
    "reunion": "reun",
    "reuni": "reun",
    "nomm": "nomin",
    "decid": "decis",
    "decision": "decis",
    "adoption": "adopt",
    "redoubl": "redoubl",
    "suppleanc": "supplean",
    "supplean": "supplean",
    "presidenc": "presid",
    "president": "presid",
    "presidant": "presid",
}


def _known(word: str) -> bool:
    return word in _lexicon()


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """The folded words of the shipped Code: tells a verb form from a noun ("siègent",
    "siéger" but "parent", no "parer")."""
    from law.source import shipped_text

    return frozenset(fold(word) for word in set(_WORD.findall(shipped_text().lower())))


def _verb_base(word: str) -> str | None:
    """The infinitive of a conjugated form the Code also uses as an infinitive."""
    if word.endswith(("issent", "issant")):
        candidates = [word[:-6] + "ir"]
    elif word.endswith("ent"):
        candidates = [word[:-3] + "er", word[:-3] + "ir", word[:-3] + "re"]
    elif word.endswith(("it", "is")):
        candidates = [word[:-1] + "r"]
    elif word.endswith(("ie", "ies")):
        candidates = [word.rstrip("s")[:-1] + "r"]
    else:
        return None
    return next((c for c in candidates if len(c) > 4 and _known(c)), None)


def _strip(word: str) -> str:
    for suffix, replacement in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return FAMILIES.get(word, word)
    base = _verb_base(word)
    if base is not None:
        word = base[:-2] if base.endswith(("er", "ir", "re")) else base
        return FAMILIES.get(word, word)
    stemmed = _strip(word)
    if stemmed.endswith("ir") and len(stemmed) > 5 and _known(stemmed):
        stemmed = stemmed[:-2]
    return FAMILIES.get(stemmed, stemmed)


def analyse(text: str) -> list[str]:
    """The index terms of a text, in order (stop words dropped)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def acronyms_in(query: str) -> list[tuple[str, str]]:
    """(acronym, expansion) for every acronym written in the query."""
    found = []
    for token in re.findall(r"[\w-]+", query):
        key = token if token in _CASE_SENSITIVE else fold(token).upper()  # "Inspé"
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


# Councils, commissions and offices whose names are made of ordinary words: "sécurité" in
# "commission d'hygiène et de sécurité" names the commission, not the subject.
NAMES = tuple(
    dict.fromkeys(
        [
            *(e for e in NAMED_ACRONYMS.values() if " " in e),
            "conseil d'administration",
            "conseil d'école",
            "conseil pédagogique",
            "conseil de classe",
            "conseil des maîtres",
            "conseil de cycle",
            "conseil de discipline",
            "commission permanente",
            "commission éducative",
            "conseil école-collège",
            "conseil de la vie collégienne",
            "conseil académique de la vie lycéenne",
            "conseil de perfectionnement",
            "chef d'établissement",
            "conseil d'orientation",
            "conseil scientifique",
            "conseil d'évaluation de l'école",
        ]
    )
)


@lru_cache(maxsize=1)
def _names_by_first() -> dict[str, list[tuple[str, ...]]]:
    """The analysed names, longest first, by their first term."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for terms in sorted((tuple(analyse(name)) for name in NAMES), key=len, reverse=True):
        found.setdefault(terms[0], []).append(terms)
    return found


def named_terms(terms: list[str]) -> Counter[str]:
    """Of analysed terms in order, those that stand inside the name of a council or
    office ("commission d'hygiène et de sécurité"), with their counts."""
    found: Counter[str] = Counter()
    names = _names_by_first()
    position, size = 0, len(terms)
    while position < size:
        for name in names.get(terms[position], ()):
            if tuple(terms[position : position + len(name)]) == name:
                found.update(name)
                position += len(name) - 1
                break
        position += 1
    return found


def deletions(word: str) -> set[str]:
    """The word and the word less each of its letters: two words one edit apart (a letter
    missing, added, changed or swapped) share one of these keys."""
    return {word, *(word[:k] + word[k + 1 :] for k in range(len(word)))}


# Below this length a word is corrected only for a letter missing, doubled or swapped: a
# short word one letter away from the Code's is mostly another word ("train", "trait";
# "réagit", "réalité"), not a typo.
SUBSTITUTION_FROM = 7


def typo_distance(written: str, known: str) -> int:
    """The edits from `known` to `written` as a typo makes them: the same first letter (a
    typo seldom starts a word: "triche" is no "riche"; 99 otherwise), a letter changed for
    another counting as two in a short word."""
    if written[:1] != known[:1]:
        return 99
    substitution = 1 if len(written) >= SUBSTITUTION_FROM else 2
    return _edits(written, known, substitution)


def _edits(a: str, b: str, substitution: int = 1) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions (each
    costing `substitution`) and transpositions of neighbours."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = substitution if a[i - 1] != b[j - 1] else 0
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
