"""Read a search query: words, "phrases", prefix* and -excluded, from any input whatsoever.

Nothing here reaches the database but analysed terms ([a-z0-9]+).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from law import intents
from law.bodies import bodies_named
from law.french import (
    STOP_WORDS,
    acronyms_in,
    analyse,
    deletions,
    expansions_in,
    fold,
    named_terms,
    stem,
    typo_distance,
    words,
)
from law.lexicon import is_french
from law.parser import OVERSEAS_PLACES
from law.places import places_asked

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
# An everyday word the Code uses ten times less often than the Code's word for it ("bac"
# once, "baccalauréat" 200 times; "fac", "proviseur", "rectorat") means the Code's word:
# left in, its rarity would make it outweigh the rest of the question.
RARE_IN_CODE = 0.1

# What a secretary calls "composition", "quorum"... : the words that say so in a question,
# and how the Code words the topic (searched too, as synonyms).
TOPICS = {
    "composition": (
        # "Qui en fait partie ?" asks who sits on it.
        "composition compose comprend constitué siège siéger partie",
        # Each form of "comprendre" the Code uses: the stemmer keeps them apart.
        "comprend comprennent comprenant composé constitué membres",
    ),
    # "Pas assez de membres présents" asks for the quorum, not who the members are.
    "quorum": ("quorum présents", "quorum majorité moitié valablement"),
    "mandats": ("mandat élu élection scrutin renouvellement", "mandat élus durée"),
    "fonctionnement": (
        "réunion réunit convocation convoqué ordre séance fonctionnement",
        "réunit séance convocation ordre jour",
    ),
}
TOPIC_STEMS = {topic: frozenset(analyse(said)) for topic, (said, _) in TOPICS.items()}
TOPIC_SYNONYMS = {topic: tuple(analyse(written)) for topic, (_, written) in TOPICS.items()}
# "Siège vacant", "un membre démissionne" ask who replaces a member, not who the members are.
VACANCY = frozenset(analyse("vacant vacance remplacement remplacer démission"))
# "Membres du CESC" asks for a composition, "durée du mandat des membres" does not.
WEAK_COMPOSITION = frozenset(analyse("membres représentants"))

# Words that frame a question rather than name its subject ("les attributions du chef
# d'établissement en matière de sécurité"): searched, but they weigh little.
FRAMING = frozenset(
    analyse(
        "attributions compétences rôle missions matière règles dispositions modalités "
        "conditions liste quelles possible droit loi législation réglementation texte"
    )
)

# How people talk, not what they ask about ("c'est vraiment obligatoire quand même ?"): left
# out of the question's terms, where the Code's rare use of them ("chose", "toujours")
# would weigh as much as the subject.
SPOKEN = frozenset(
    words(
        "chose choses truc trucs vrai vraiment encore toujours jamais aussi alors donc bien "
        "normal normalement exactement svp bonjour merci gens quelqu quelque ok oui voila "
        "veux voudrais aimerais souhaite souhaiterais exemple genre question"
        # The asker's own verbs ("je suis parent", "j'ai candidaté", "je peux siéger ?",
        # "on va", "ils font") : the Code writes in the third person and the infinitive, so
        # that these forms are rare there ("ai" once, "peux" once) and would weigh most.
        " suis es sommes etes ai as avons avez peux pouvons pouvez dois devons devez vais vas"
        " va allons allez vont fais faisons font sais savez voulons voulez pourrais pourrait"
        " devrais devrait faudrait serais serait aurais aurait puis ya hein stp dit dire"
    )
)

# Words that place a question at school or at the university: the Code has a Livre for each
# ("CA de la fac" is no question on the lycée's conseil d'administration, nor "redoublement
# en CE1" one on the licence). Words both use ("conseil", "école", "examen") say nothing;
# a question using words of both (the CROUS, "œuvres universitaires et scolaires") neither.
SCHOOL = "scolaire"
HIGHER = "supérieur"
LEVEL_WORDS = {
    SCHOOL: frozenset(
        analyse("élève collège lycée lycéen collégien maternelle élémentaire primaire scolaire")
    ),
    HIGHER: frozenset(
        analyse(
            # "enseignant-chercheur" by its second word: an "enseignant" teaches anywhere.
            "université universitaire étudiant licence master doctorat doctorant chercheur "
            # Higher education in a lycée (classes préparatoires, BTS) or an école
            # d'ingénieurs, whose students the Code also calls "élèves": asked with "élève",
            # neither level.
            "préparatoires technicien ingénieur"
        )
    ),
}


# The same, within schools: the école (premier degré) and the collège and lycée (second).
FIRST = "premier degré"
SECOND = "second degré"
DEGREE_WORDS = {
    FIRST: frozenset(analyse("maternelle élémentaire primaire")),
    SECOND: frozenset(analyse("collège lycée lycéen collégien")),
}


def degree_asked(terms: set[str]) -> str:
    """FIRST or SECOND when the question's terms name one and not the other."""
    degrees = [degree for degree, said in DEGREE_WORDS.items() if terms & said]
    return degrees[0] if len(degrees) == 1 else ""


def level_asked(terms: set[str]) -> str:
    """SCHOOL or HIGHER when the question's terms name one and not the other."""
    levels = [level for level, said in LEVEL_WORDS.items() if terms & said]
    return levels[0] if len(levels) == 1 else ""


# Words asking for what someone does: answered by an article listing it ("Le chef
# d'établissement : 1° ... 2° ...").
ROLE = frozenset(analyse("attributions compétences rôle missions fonctions pouvoirs"))


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...] = ()  # analysed, in order
    extra: tuple[str, ...] = ()  # acronyms as written and prefix* completions
    synonyms: tuple[str, ...] = ()  # how the Code words the topics the question asks about
    completing: tuple[str, ...] = ()  # the Code's words for everyday words it also uses
    phrases: tuple[tuple[str, ...], ...] = ()  # folded words, as written
    excluded: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    overseas: bool = False  # names an overseas collectivity
    places: tuple[str, ...] = ()  # the places with rules of their own it names (law.places)
    words: frozenset[str] = frozenset()  # every folded word of the question
    named_terms: frozenset[str] = frozenset()  # terms inside the names of councils it names
    asks_role: bool = False  # "attributions", "missions", "rôle"... of someone
    asks_quantity: bool = False  # "combien", "délai", "durée", "nombre"...
    intents: frozenset[str] = frozenset()  # "qui préside", "combien de temps"... (law.intents)
    level: str = ""  # SCHOOL or HIGHER: where the question stands (level_asked)
    degree: str = ""  # FIRST or SECOND: at which school (degree_asked)
    # Terms only an acronym's expansion brings, each with its weight (their count ** -1/4):
    # "INSPE" is one word of the question, not the six of its expansion.
    spelled_out: Mapping[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.extra or self.synonyms or self.completing or self.phrases)

    @property
    def wanted(self) -> list[str]:
        """Every analysed term worth retrieving articles for."""
        phrase_terms = [t for p in self.phrases for t in analyse(" ".join(p))]
        return list(
            dict.fromkeys(
                [*self.terms, *self.extra, *self.synonyms, *self.completing, *phrase_terms]
            )
        )

    @cached_property
    def stems_said(self) -> frozenset[str]:
        """The terms of the words the question wrote (acronyms with their expansions), before
        the everyday ones are read as the Code's."""
        return frozenset(stem(w) for w in self.words)

    @cached_property
    def phrase_patterns(self) -> tuple[re.Pattern[str], ...]:
        """One pattern a phrase: its words in order, on folded text, within one paragraph."""
        return tuple(
            re.compile(r"(?<![^\W_])" + r"[^\w\n]+".join(map(re.escape, p)) + r"(?![^\W_])")
            for p in self.phrases
        )


def expand_acronyms(text: str, replace: bool = False) -> str:
    """The text with its acronyms written out: "le CA du collège" -> "le CA (conseil
    d'administration) du collège", or with `replace` "le conseil d'administration du
    collège"."""
    found = dict(acronyms_in(text))
    if not found:
        return text
    return re.sub(
        r"[\w-]+",
        lambda m: (
            (found[key] if replace else f"{m.group(0)} ({found[key]})")
            if (key := m.group(0) if m.group(0) in found else fold(m.group(0)).upper()) in found
            and acronyms_in(m.group(0))
            else m.group(0)
        ),
        text,
    )


# "le ca du lycée", "au ca", "ca du collège": after an article or before "du", "de la"...,
# "ca" is no "ça" but the council.
_LOWER_CA = re.compile(
    r"\b(?:(le|au|du|un|l'|en)\s*ca\b(?!\w)|ca(?=\s+(?:du|de|des|d')\b))", re.IGNORECASE
)


# The courtesy around a question ("bonjour, je voudrais savoir si ..., merci d'avance"): its
# words ("savoir", "avance", "dire") are words of the Code too, and would be searched.
_COURTESY = re.compile(
    r"\b(?:merci (?:d['’ ]\s*avance|par avance|beaucoup)"
    r"|(?:je (?:voudrais|veux|souhaiterais|souhaite)|j['’ ]\s*aimerais|on voudrait|pour) savoir"
    r"|(?:pouvez|pourriez)[- ]vous (?:me )?(?:dire|indiquer|expliquer)"
    r"|s['’ ]\s*il vous pla[iî]t)\b",
    re.IGNORECASE,
)


# "48h", "35 h": hours as a question writes them, which the Code writes "quarante-huit heures".
_HOURS = re.compile(r"\b(\d+)\s?h\b", re.IGNORECASE)


# "en outre-mer", "dans les DOM-TOM": the overseas articles are what is asked, whatever the place.
_OVERSEAS_ASKED = re.compile(r"\boutre[\s-]*mer\b|\bultramarin|\bdom(?:[\s-]*tom)?\b|\btom\b")


# A question asking for an amount: a time, a number, a share.
_QUANTITY_ASKED = re.compile(
    r"\b(?:combien|delai|duree|nombre|max|maximum|minimum|mini|quel age|quelle moyenne"
    r"|a partir de|au bout de|frequence|pourcentage|quota)\b"
)


VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.toml"


@lru_cache(maxsize=1)
def vocabulary() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Everyday word or phrase (its analysed terms) -> the analysed terms of the Code's
    words for it. Keys are analysed like the question, so that every form of a word
    finds its entry ("sèche", "sécher", "séché")."""
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))["words"]
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for said, legal in data.items():
        key = tuple(analyse(said)) or tuple(words(said))  # "combien" is a stop word
        if key:
            table[key] = tuple(dict.fromkeys([*table.get(key, ()), *analyse(legal)]))
    return table


@lru_cache(maxsize=1)
def _longest_entry() -> int:
    return max(map(len, vocabulary()), default=1)


@lru_cache(maxsize=1)
def _everyday_words() -> dict[str, list[str]]:
    """The words of the vocabulary's keys (folded, five letters or more), and each of them
    less one letter -> the words: a typo in an everyday word ("cantinne", "redoublemnt")
    is found as a typo in the Code's words is (ranking.Corpus.correct_word)."""
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))["words"]
    table: dict[str, list[str]] = {}
    for word in {w for said in data for w in words(said) if len(w) >= 5 and w.isalpha()}:
        for key in deletions(word):
            table.setdefault(key, []).append(word)
    return table


def everyday_typos(text: str, known: Callable[[str], bool]) -> str:
    """The text with each word that neither the Code nor the vocabulary knows, but that is
    one letter away from a word of the vocabulary (missing, doubled, swapped or, in a
    long word, changed), written as that word."""
    table = _everyday_words()

    def fixed(match: re.Match[str]) -> str:
        word = fold(match.group(0))
        if len(word) < 5 or not word.isalpha() or word in table.get(word, ()):
            return match.group(0)
        if known(stem(word)) or is_french(word):  # a word of its own, not a typo
            return match.group(0)
        found = sorted({w for key in deletions(word) for w in table.get(key, ())})
        close = [w for w in found if typo_distance(word, w) <= 1]
        return close[0] if len(close) == 1 else match.group(0)

    return re.sub(r"[^\W\d_]+", fixed, text)


def _spelled(text: str, spell: Callable[[str], str | None], everyday: bool) -> str:
    """The text with each word the Code never uses written as its closest word, if any;
    not stop words, acronyms, nor the words of the vocabulary."""
    kept = {a.lower() for a, _ in acronyms_in(text)}
    if everyday:
        kept |= {t for key, _ in everyday_matches(text) for t in key}

    def fixed(match: re.Match[str]) -> str:
        word = fold(match.group(0))
        if word in STOP_WORDS or word in SPOKEN or word in kept or stem(word) in kept:
            return match.group(0)
        return spell(word) or match.group(0)

    return re.sub(r"[^\W\d_]+", fixed, text)


def everyday_matches(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The entries of the vocabulary found in a text, longest phrase first: "école à la
    maison" -> instruction dans la famille, before "école" alone."""
    table, found, position = vocabulary(), [], 0
    terms = [stem(w) for w in words(text) if w not in STOP_WORDS or (w,) in table]
    while position < len(terms):
        for size in range(min(_longest_entry(), len(terms) - position), 0, -1):
            key = tuple(terms[position : position + size])
            if key in table:
                found.append((key, table[key]))
                position += size
                break
        else:
            position += 1
    return found


def everyday_terms(text: str) -> list[str]:
    """The Code's terms for the everyday words of a question ("prof" -> enseignant)."""
    return [term for _, legal in everyday_matches(text) for term in legal]


def keyword_phrases(keywords: str) -> list[str]:
    """The phrases of an article's keywords, as the data file separates them ("triche ;
    fraude au bac")."""
    return [phrase.strip() for phrase in keywords.split(";") if phrase.strip()]


def keyword_terms(phrases: str) -> list[str]:
    """The analysed terms of an article's everyday keywords (law/data/article-keywords.tsv),
    read as a question is: its acronyms with their expansions ("CVL" and "conseil des
    délégués pour la vie lycéenne") and its everyday words with the Code's words for them
    ("triche" and "fraude"), so that a question meets them whichever it writes."""
    text = phrases.replace(";", " ")
    return [
        *analyse(expand_acronyms(text)),
        *(term for _key, legal in everyday_matches(text) for term in legal),
    ]


def keywords_matching(keywords: str, terms: set[str]) -> list[str]:
    """The phrases of an article's keywords that give one of `terms`: the search page passes
    the question's terms that only the keywords give that article (Hit.keyword_terms), so that
    it says what led to an article whose text lacks the reader's words."""
    if not terms:
        return []
    return [p for p in keyword_phrases(keywords) if not terms.isdisjoint(keyword_terms(p))]


def _corrected(
    text: str,
    mapped: set[str],
    written: set[str],
    correct: Callable[[str], str | None] | None,
) -> list[str]:
    """The analysed terms of a text, a word the Code never uses read as the closest one
    it does, if any (not the words the vocabulary maps, nor the acronyms written)."""
    terms = []
    for word in words(text):
        if word in STOP_WORDS or word in SPOKEN:
            continue
        term = stem(word)
        if correct is not None and term not in mapped and word not in written:
            term = correct(word) or term
        terms.append(term)
    return terms


def parse_query(
    raw: str,
    prefixed: Callable[[str], list[str]] | None = None,
    acronyms: bool = True,
    synonyms: bool = True,
    everyday: bool = True,
    correct: Callable[[str], str | None] | None = None,
    known: Callable[[str], bool] | None = None,
    frequency: Callable[[str], int] | None = None,
    spell: Callable[[str], str | None] | None = None,
) -> Query:
    """`correct` reads a word (folded) whose term the Code never uses as the term of the
    closest word it does ("compositon" -> the term of "composition"); `known` tells the
    words the Code uses: an everyday word it never uses ("prof") is replaced by the
    Code's words, one it uses in its own sense ("stage") is only completed by them.
    `frequency` gives how many articles use a term: an everyday word the Code uses far
    less than its words for it (RARE_IN_CODE) is replaced by them, not kept beside them.
    `spell` rewrites such a word as the Code's closest word before anything else reads the
    question, so that a council or a place named with a typo is still named."""
    text = _LOWER_CA.sub(
        lambda m: f"{m.group(1)} CA" if m.group(1) else "CA", (raw or "")[:MAX_QUERY_CHARS]
    )
    text = _HOURS.sub(r"\1 heures", _COURTESY.sub(" ", text))
    if everyday and known is not None and correct is not None:
        text = everyday_typos(text, known)
    if spell is not None:
        text = _spelled(text, spell, everyday)
    folded = fold(text)  # what the patterns below read: accents and case aside
    phrases = tuple(
        tuple(w) for w in (words(p) for p in re.findall(r"\"([^\"]+)\"", text)) if len(w) > 1
    )
    excluded = tuple(stem(w) for w in re.findall(r"(?:^|\s)-([^\W\d_]{2,})", folded))
    prefixes = re.findall(r"([^\W_]{3,})\*", folded)
    plain = re.sub(r"(?:^|\s)-[^\W\d_]{2,}", " ", text)
    found = acronyms_in(plain) if acronyms else []
    expanded = expand_acronyms(plain) if acronyms else plain
    written = {a.lower() for a, _ in found}
    matches = everyday_matches(plain) if everyday else []
    mapped = {t for key, _ in matches for t in key}
    analysed = _corrected(expanded, mapped, written, correct)
    terms = [t for t in analysed if t not in excluded and t not in written]
    completing: list[str] = []  # the Code's words for everyday words it also uses
    for key, legal in matches:
        # A phrase ("école à la maison") or a word the Code never uses ("prof") stands for
        # the Code's words; a word the Code uses in its own sense ("stage") keeps its place.
        replaces = len(key) > 1 or known is None or not known(key[0])
        rare = (
            frequency is not None
            and len(key) == 1
            and key[0] not in legal
            and frequency(key[0]) < RARE_IN_CODE * min(map(frequency, legal), default=0)
        )
        if rare:
            replaces = True
        if replaces and (len(key) > 1 or rare):
            terms = [t for t in terms if t not in key or t in legal]
            # The word itself still meets the keywords that use it ("sécher les cours").
            completing.extend(t for t in key if t not in legal and known and not known(t))
        (terms if replaces else completing).extend(t for t in legal if t not in excluded)
    extra: list[str] = sorted(written)
    if acronyms:
        extra.extend(a.lower() for a, _ in expansions_in(text))
    if prefixed is not None:
        for prefix in prefixes:
            extra.extend(prefixed(prefix))
    said = set(_corrected(text, mapped, written, correct))
    spelled_out = {
        t: len(analysed_expansion) ** -0.25
        for _, expansion in found
        for analysed_expansion in [analyse(expansion)]
        for t in analysed_expansion
        if t not in said
    }
    topics = tuple(topic for topic, stems in TOPIC_STEMS.items() if said & stems)
    if not topics and said & WEAK_COMPOSITION:
        topics = ("composition",)
    if said & VACANCY:
        topics = tuple(t for t in topics if t != "composition")
    related = [t for topic in topics for t in TOPIC_SYNONYMS[topic]] if synonyms else []
    places = places_asked(text)
    replaced = expand_acronyms(plain, replace=True) if acronyms else plain
    return Query(
        terms=tuple(dict.fromkeys(terms))[:MAX_TERMS],
        extra=tuple(t for t in dict.fromkeys(extra) if t not in terms)[:MAX_TERMS],
        synonyms=tuple(t for t in dict.fromkeys(related) if t not in terms and t not in extra),
        completing=tuple(t for t in dict.fromkeys(completing) if t not in terms),
        phrases=phrases,
        excluded=excluded,
        # "conseil de l'INSPE" names the conseil de l'institut once the acronym is replaced.
        bodies=tuple(dict.fromkeys([*bodies_named(expanded), *bodies_named(replaced)])),
        topics=topics,
        overseas=any(place in OVERSEAS_PLACES for place in places)
        or bool(_OVERSEAS_ASKED.search(folded)),
        places=places,
        words=frozenset(words(expanded)),
        named_terms=frozenset(named_terms(analysed)),  # "comission d'hygiène" names it too
        asks_role=bool(said & ROLE),
        asks_quantity=bool(_QUANTITY_ASKED.search(folded)),
        intents=intents.asked(folded),
        level=level_asked(set(terms) | set(completing)),
        degree=degree_asked(set(terms) | set(completing)),
        spelled_out=spelled_out,
    )
