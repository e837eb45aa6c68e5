"""The bodies index: which articles set the composition, quorum, mandates and
functioning of which council. Rule packs cite these articles, and search uses
the index to put the defining article first for a question about a council.

An article belongs to a body when its first sentence names it (the Code opens
an article with its subject: "Le conseil d'administration comprend ..."), or,
when it names none, to the body of the article before it: the Code writes a run
of articles about one council and names it in the first ("Les représentants des
personnels et des parents d'élèves sont élus ..." follows the articles on the
conseil d'administration). It belongs to a topic when its text uses that topic's
vocabulary. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from law.french import fold
from law.parser import Article

# slug -> (French label, patterns on folded text of the lead). A council that a rule pack
# governs bears the pack's name (bylaws/packs/*.toml [name] fr), so that an article page
# names it one way in its rules and in this index.
BODIES: dict[str, tuple[str, str]] = {
    "conseil-administration": ("Conseil d’administration", r"\bconseil d'administration\b"),
    "conseil-ecole": ("Conseil d’école", r"\bconseil d'ecole\b"),
    "conseil-pedagogique": ("Conseil pédagogique", r"\bconseil pedagogique\b"),
    "conseil-institut": (
        "Conseil de l’institut (INSPE)",
        r"\bconseil de l'institut national superieur du professorat|\bconseil de l'institut\b"
        r"|\bconseil d'institut\b",
    ),
    "cosp": (
        "Conseil d’orientation scientifique et pédagogique (INSPE)",
        r"\bconseil d'orientation scientifique et pedagogique\b",
    ),
    "conseil-classe": ("Conseil de classe", r"\bconseil de classe\b"),
    "conseil-maitres": ("Conseil des maîtres", r"\bconseil des maitres\b"),
    "conseil-cycle": ("Conseil de cycle", r"\bconseil(?:s)? de cycle\b"),
    "conseil-discipline": ("Conseil de discipline", r"\bconseil de discipline\b"),
    "commission-permanente": ("Commission permanente", r"\bcommission permanente\b"),
    "cvl": (
        "Conseil des délégués pour la vie lycéenne",
        r"\bconseil (?:des delegues pour la|de la) vie lyceenne\b",
    ),
    "cavl": (
        "Conseil académique de la vie lycéenne",
        r"\bconseil academique de la vie lyceenne\b",
    ),
    "cvc": ("Conseil de la vie collégienne", r"\bvie collegienne\b"),
    "cesc": ("Comité d’éducation à la santé et à la citoyenneté", r"\beducation a la sante"),
    "conseil-ecole-college": ("Conseil école-collège", r"\bconseil ecole-college\b"),
    "conseil-academique": (
        "Conseil académique (université)",
        r"\bconseil academique\b(?! de la vie lyceenne| de l'education nationale| des langues)",
    ),
    "cfvu": ("Commission de la formation et de la vie universitaire", r"\bvie universitaire\b"),
    "conseil-perfectionnement": ("Conseil de perfectionnement", r"\bconseil de perfectionnement\b"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "composition": (
        "Composition",
        r"\b(?:comprend|compose|est constitue|membres? de droit|representants? (?:elus|des)"
        r"|siegent|sont membres)",
    ),
    "quorum": ("Quorum", r"\bquorum\b|la moitie (?:au moins )?des membres"),
    "mandats": (
        "Mandats et élections",
        r"\bmandats?\b|\belus? pour\b|\bduree de\b.{0,40}\bans?\b|\belection|\bscrutin\b",
    ),
    "fonctionnement": (
        "Fonctionnement",
        r"\bse reunit\b|\bconvoqu|\bordre du jour\b|\bseances?\b|\bpreside\b|\bdelibere|"
        r"\breglement interieur\b|\bvote\b|\bproces-verbal\b",
    ),
}

_BODY_RE = {slug: re.compile(pattern) for slug, (_, pattern) in BODIES.items()}
_TOPIC_RE = {slug: re.compile(pattern) for slug, (_, pattern) in TOPICS.items()}


@dataclass(frozen=True)
class BodyEntry:
    source_line: int
    body: str
    topic: str


# A sentence ends at a full stop, colon or semicolon, but not after the letter of an
# article number ("l'article R. 421-22") or an abbreviation ("art.", "n°").
_SENTENCE_END = re.compile(r"(?<=[.:;])(?<![\s(][A-Z]\.)(?<!\bart\.)\s+")


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


# "conseil d administration", "l education": an elision typed without its apostrophe.
_UNELIDED = re.compile(r"\b([dl])\s+(?=[aeiouyh])")


def bodies_named(text: str) -> list[str]:
    folded = _UNELIDED.sub(r"\1'", fold(text))
    return [slug for slug, pattern in _BODY_RE.items() if pattern.search(folded)]


def topics_named(text: str) -> list[str]:
    folded = fold(text)
    return [slug for slug, pattern in _TOPIC_RE.items() if pattern.search(folded)]


INHERITED = 3  # how many articles in a row may take their body from the one before


def index_bodies(articles: list[Article]) -> list[BodyEntry]:
    entries = []
    previous: Article | None = None
    inherited: list[str] = []
    run = 0
    for article in articles:
        if article.overseas:
            previous, inherited = None, []
            continue
        # The subject of an article is in its first sentence.
        bodies = bodies_named(first_sentence(article.lead))
        if bodies:
            run = 0
        elif previous is not None and previous.depth == article.depth and run < INHERITED:
            bodies, run = inherited, run + 1
        previous, inherited = article, bodies
        if not bodies:
            continue
        topics = topics_named(article.body_text)
        for body in bodies:
            for topic in topics:
                entries.append(BodyEntry(article.source_line, body, topic))
    return entries
