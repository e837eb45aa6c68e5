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
from collections.abc import Mapping, Sequence
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
    "cnvl": (
        "Conseil national de la vie lycéenne",
        r"\bconseil national de la vie lyceenne\b",
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


# Where a first sentence names a council in passing, not as its subject: as the electors of
# another council's members ("élus ... par et parmi les représentants ... du conseil
# d'administration", "sont électeurs et éligibles les membres ... du conseil d'administration",
# D. 239-6 and D. 239-8, on the Conseil national de l'enseignement supérieur et de la recherche
# artistiques et culturels), or as the model its elections follow ("élus ... dans les mêmes
# conditions que les membres élus du conseil d'école ou du conseil d'administration", D. 421-140,
# on the conseil de section internationale). What follows these words is not the subject.
_IN_PASSING = re.compile(
    r"\bpar et parmi\b|\belecteurs et eligibles\b"
    r"|\bdans les memes conditions que\b"
)
# A council the index does not list, named by its proper name ("Le Conseil national de
# l'enseignement supérieur et de la recherche artistiques et culturels est présidé par ...", "le
# conseil départemental de l'éducation nationale"): the article is about it, not about the
# council of the article before.
_OTHER_COUNCIL = re.compile(
    r"\b(?:conseil|comite|commission)s? (?:national|nationale|superieur|superieure"
    r"|departemental|departementale|regional|regionale|academique)\b"
)


def subject_councils(sentence: str) -> list[str] | None:
    """The councils an article's first sentence is about: those it names, but not in passing
    (see _IN_PASSING); None when it names only a council the index does not list, [] when it
    names none."""
    folded = _UNELIDED.sub(r"\1'", fold(sentence))
    passing = _IN_PASSING.search(folded)
    subject = folded[: passing.start()] if passing else folded
    named = bodies_named(subject)
    if not named and _OTHER_COUNCIL.search(subject):
        return None
    return named


def topics_named(text: str) -> list[str]:
    folded = fold(text)
    return [slug for slug, pattern in _TOPIC_RE.items() if pattern.search(folded)]


INHERITED = 3  # how many articles in a row may take their body from the one before
# Part of the load's record (law.loader.ANALYSIS): a new version rebuilds the councils'
# articles at the next `law load`. 2: the Conseil national de la vie lycéenne, and the
# council a heading names. 3: a council named in passing (electors, a model) or a council the
# index does not list ends the run of the council before.
VERSION = "3"


def index_bodies(
    articles: list[Article], headings: Mapping[int, Sequence[str]] | None = None
) -> list[BodyEntry]:
    """`headings` gives the titles above each article, its Livre first."""
    entries = []
    previous: Article | None = None
    inherited: list[str] = []
    run = 0
    for article in articles:
        if article.overseas:
            previous, inherited = None, []
            continue
        # The subject of an article is in its first sentence.
        subject = subject_councils(first_sentence(article.lead))
        bodies = subject or []
        if bodies:
            run = 0
        elif own := own_council(headings.get(article.source_line, ()) if headings else ()):
            # Under "Sous-section 2 : Le conseil d'administration", an article on the
            # "élection des représentants" is about that council's elections.
            bodies, run = [own], 0
        elif (
            # An article on a council the index does not list is not the one before's.
            subject is not None
            and previous is not None
            and previous.depth == article.depth
            and run < INHERITED
        ):
            bodies, run = inherited, run + 1
        previous, inherited = article, bodies
        if not bodies:
            continue
        topics = topics_named(article.body_text)
        for body in bodies:
            for topic in topics:
                entries.append(BodyEntry(article.source_line, body, topic))
    return entries


# -- who the council belongs to --------------------------------------------------------
# "Conseil d'administration" alone means nothing to a lawyer: the EPLE's, the university's and
# the CNED's are different bodies under different articles. The Code says whose council it is
# by the headings an article stands under ("Titre II : Les collèges et les lycées", "Chapitre
# VI : Le Centre national d'enseignement à distance"): the deepest heading that names an
# institution gives the council's full name, and the kind of institution groups the index.

# A heading's label ("Chapitre VI : ", "Section 2 : ") before its title; "Chapitre unique" has
# none and names nothing.
_LABEL = re.compile(
    r"^(?:Livre|Titre|Chapitre|Section|Sous-section|Paragraphe|Sous-paragraphe)\b[^:]*(?::\s*|$)"
)
# A title that is an institution's name: a definite article, then a word for an institution
# ("Les universités", "Le Réseau Canopé", "L'Office national ..."), or an "organisation des ..."
# title whose complement is one ("Organisation et fonctionnement des écoles maternelles ...").
_INSTITUTION = re.compile(
    r"^(?:(?:les?|la|l')\s*|(?:organisation|fonctionnement|organisation et fonctionnement)"
    r" (?=des |du |de la |de l'))(?:des |du |de la |de l')?"
    r"(?:ecoles?|colleges?|lycees?|etablissements?|universites?|instituts?|composantes|"
    r"centre|office|agence|reseau|services?|fondations?|grands etablissements|groupements|"
    r"chancelleries|"
    r"conseil (?:national|superieur)|conseils? academiques?)\b"
)
_TOPIC_LEVEL = re.compile(r"^(?:Sous-section|Paragraphe|Sous-paragraphe)\b")
_ORGANISATION = re.compile(
    r"^(?:organisation et fonctionnement|organisation|fonctionnement) ", re.IGNORECASE
)
# A preposition before " et les ": the "et" joins the complement's own words ("sur les
# enseignements et les professions"), not two institutions ("Les collèges et les lycées").
_PREPOSITION = re.compile(r"\b(?:de|du|des|d'|d’|sur|à|aux|pour|en)\b|\bd['’]")
# "Les X" -> "des X": the title as the complement of the council's name.
_CONTRACTIONS = (
    (re.compile(r"^Les "), "des "),
    (re.compile(r"^Le "), "du "),
    (re.compile(r"^La "), "de la "),
    (re.compile(r"^L['’]"), "de l’"),
)
_AND_ARTICLE = (
    (" et les ", " et des "),
    (" et le ", " et du "),
    (" et la ", " et de la "),
    (" et l'", " et de l’"),
    (" et l’", " et de l’"),
)

# Kinds of institution, in the index's order, each recognised in a heading's folded title.
# The labels are the interface's, translated by the views.
KINDS: dict[str, str] = {
    "ecoles": r"\becoles maternelles\b|^les ecoles$|\bpremier degre\b",
    "eple": r"\bcolleges\b(?! electoraux)|\blycees\b|etablissements publics locaux d'enseignement"
    r"|\betablissements scolaires\b|\bsecond degre\b"
    # Livre V, Titre Ier: the pupils of collèges and lycées, their discipline and its councils.
    r"|\bdroits et obligations des eleves\b",
    "superieur": r"universit|enseignements? superieurs?\b|scientifique, culturel et professionnel"
    r"|\bgrands etablissements\b|\becoles francaises a l'etranger\b",
    "inspe": r"professorat et de l'education|formation des maitres|\binspe\b",
    "etranger": r"enseignement francais a l'etranger|francais d'enseignement a l'etranger"
    r"|\bandorre\b|\bforces francaises\b",
    "etablissements-nationaux": r"\bcentre national\b|\boffice national\b|\breseau canope\b"
    r"|\bcentre international\b|\bcentre d'etudes et de recherches\b|\boeuvres universitaires\b",
    "instances": r"organismes collegiaux|\bconseil national\b|\bconseil superieur\b"
    r"|\bservices academiques\b|\binstances consultatives\b",
}
OTHER_KIND = "autres"
# The one institution of a kind whose every council is that institution's: a council no
# heading names an institution for ("Conseil de classe — Le redoublement", Livre III), or whose
# heading names it with more words ("des écoles maternelles et élémentaires publiques"), or
# "de l'établissement", is the one the kind's chapter names, listed once with it.
HOME: dict[str, str] = {
    "ecoles": "des écoles maternelles et élémentaires",
    "eple": "des établissements publics locaux d’enseignement",
}
# Councils that only one kind of institution has: one that no heading places is that kind's
# (the conseil de classe of "Le diplôme national des métiers d'art", Livre VI, sits in a lycée;
# the conseil des maîtres of Livre Ier's parents' meetings is a school's).
PROPER_KIND: dict[str, str] = {
    "conseil-ecole": "ecoles",
    "conseil-maitres": "ecoles",
    "conseil-cycle": "ecoles",
    "conseil-classe": "eple",
    "conseil-pedagogique": "eple",
    "conseil-discipline": "eple",
    "commission-permanente": "eple",
    "cvl": "eple",
    "cvc": "eple",
    "cesc": "eple",
}
# Which kind wins when the headings name two: the more specific first (an INSPE is in Livre
# VII, the CNED's chapter under "Les collèges et les lycées", the CNESER names higher education).
_KIND_PRECEDENCE = (
    "inspe",
    "etranger",
    "etablissements-nationaux",
    "instances",
    "ecoles",
    "eple",
    "superieur",
)
_KIND_RE = {kind: re.compile(KINDS[kind]) for kind in _KIND_PRECEDENCE}


@dataclass(frozen=True)
class Holder:
    """Whose council it is: the complement of its name ("des établissements publics locaux
    d’enseignement", "du Centre national d’enseignement à distance", or "" when no heading
    names an institution) and the kind of institution (a key of KINDS, or OTHER_KIND): the
    first kind, in precedence order, that one of the headings names (the CNED's chapter stands
    under "Les collèges et les lycées", Andorra's schools' sections say "second degré")."""

    complement: str
    kind: str
    context: str = ""  # where it stands when no heading names its institution
    # The council's own heading when it says more than the council's name ("Le conseil de
    # discipline départemental", "Le conseil de discipline de l'établissement"): the Code's
    # name for it, better than where it stands when no heading names its institution.
    own: str = ""


def heading_title(title: str) -> str:
    """A heading's title without its label: "Chapitre II : Les universités" -> "Les universités"."""
    return _LABEL.sub("", title, count=1).strip().rstrip(".")


def _complement(title: str) -> str:
    text = _ORGANISATION.sub("", title, count=1)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text, count=1)
    for words, replacement in _AND_ARTICLE:
        before, found, after = text.partition(words)
        # "des collèges" + " et les " + "lycées": the first word is the contracted article.
        if found and not _PREPOSITION.search(before.split(" ", 1)[-1]):
            text = before + replacement + after
            break
    return text.replace("'", "’")


def holder_of(trail: Sequence[str], body: str = "") -> Holder:
    """The holder of a council (`body`, when known) from the titles of the headings its
    article stands under, the Livre first. A heading that names a council ("Sous-section 2 :
    Le conseil d'administration") is the council, not its holder."""
    titles = [heading_title(t) for t in trail]
    complement = ""
    for title in reversed(titles):
        folded = _UNELIDED.sub(r"\1'", fold(title))
        if title and _INSTITUTION.match(folded) and not bodies_named(title):
            complement = _complement(title)
            break
    # Sub-sections and paragraphs are topics ("Composition des collèges électoraux"), not
    # places: the kind and the context come from the Livre down to the Section.
    places = [heading_title(t) for t in trail if not _TOPIC_LEVEL.match(t)]
    named = [fold(title) for title in places]
    kind = next(
        (k for k in _KIND_PRECEDENCE if any(_KIND_RE[k].search(t) for t in named)), OTHER_KIND
    )
    # No heading names an institution: the deepest titled one says where the council stands,
    # unless it is the council's own ("Conseil national et conseil académique de la vie
    # lycéenne"): its name is then enough.
    titled = [t for t in reversed(places) if t]
    context = "" if complement or not titled or bodies_named(titled[0]) else titled[0]
    own = "" if complement else _own_heading(titles)
    own = _OWN_ARTICLE.sub("", own, count=1).replace("'", "’") if own else ""
    placed_nowhere = not complement and (not own or own.endswith(" de l’établissement"))
    if placed_nowhere and body in PROPER_KIND:
        kind = PROPER_KIND[body]
    home = HOME.get(kind)
    if home and (complement.startswith(f"{home} ") or placed_nowhere):
        return Holder(home, kind)
    return Holder(complement, kind, context.replace("'", "’"), own)


# A heading whose title is a council's name: a definite article, then the council.
_OWN_HEADING = re.compile(r"^(?:le |la |l')(?:conseil|commission|comite)\b")
_OWN_ARTICLE = re.compile(r"^(?:Le |La |L['’])")


def _own_heading(titles: Sequence[str]) -> str:
    """The title of the council's own heading, if the nearest heading that names a council
    is one ("Le conseil de discipline de l'établissement"), else ""."""
    for title in reversed(titles):
        named = bodies_named(title)
        if named:
            own = len(named) == 1 and _OWN_HEADING.match(_UNELIDED.sub(r"\1'", fold(title)))
            return title if own else ""
    return ""


def own_council(trail: Sequence[str]) -> str | None:
    """The council an article is about when it stands under that council's own heading
    ("Sous-section 2 : Le conseil de discipline de l'établissement"): whatever other council
    its first sentence names is named in passing ("les représentants des personnels sont élus
    ... par les membres du conseil d'administration"), the heading says whose rules these are.
    None when the nearest heading that names a council is not its own ("Section 3 : Conseil
    national et conseil académique de la vie lycéenne", "Livre VIII : La vie universitaire")."""
    own = _own_heading([heading_title(t) for t in trail])
    return bodies_named(own)[0] if own else None


_INVARIABLE = frozenset({"français", "divers", "gris"})


def _one_of(base: str, complement: str) -> str:
    """The complement of a council whose name ends with the institution's noun, in the
    singular: each institute has its conseil de l'institut, so "Conseil de l’institut" and
    "des instituts nationaux supérieurs du professorat ..." make "Conseil de l’institut
    national supérieur du professorat ...", not "de l’institut des instituts ..."."""
    # "de l’institut": the one of its institution; "Conseil d’école des écoles ..." is the
    # Code's own name, with no article.
    definite = re.search(r"(?:\bde l[’']|\bdu |\bde la )(\w+)$", base)
    words = complement.split()
    if not definite or len(words) < 3 or words[0] != "des":
        return complement
    if fold(words[1]) != fold(definite.group(1)) + "s":
        return complement
    singular = []
    rest = words[2:]
    # The adjectives right after the noun agree with it; what follows a preposition does not.
    while rest and not _PREPOSITION.match(rest[0]) and rest[0].endswith(("s", "x")):
        word = rest.pop(0)
        if word in _INVARIABLE:
            return complement
        singular.append(word[:-3] + "al" if word.endswith("aux") else word[:-1])
    if rest and rest[0] == "et":
        return complement  # "maternelles et élémentaires": two adjectives, too many to guess
    return " ".join([*singular, *rest])


def council_name(body: str, holder: Holder) -> str:
    """The council's full name: "Conseil d’administration des établissements publics locaux
    d’enseignement". The qualifier a label carries for a search ("(université)") gives way to
    the holder the headings name."""
    label = BODIES[body][0]
    # "Conseil académique (université)": the qualifier says whose it is when nothing else does.
    base = label.split(" (")[0]
    if holder.complement:
        # "du conseil national et des conseils académiques des associations ...": the
        # heading names the council itself, in the plural; its name is what follows.
        plural = r"\s+".join(f"{re.escape(word)}s?" for word in base.lower().split())
        named = re.search(rf"\b{plural}\s+(?=(?:des|du|de la|de l’) )", holder.complement)
        if named:
            return f"{base} {holder.complement[named.end() :]}"
        return f"{base} {_one_of(base, holder.complement)}"
    if holder.own and fold(holder.own).startswith(fold(base) + " "):
        return holder.own[:1].upper() + holder.own[1:]
    if holder.context:
        return f"{base} — {holder.context}"
    return label


def council_anchor(body: str, holder: Holder) -> str:
    """The council's anchor on the index page, the same from an article page."""
    words = re.findall(r"[a-z0-9]+", fold(holder.complement or holder.own or holder.context))
    return "-".join([body, *words])[:120]
