"""Number the articles of the shipped Code de l'éducation and restore its headings.

    .venv/bin/python scripts/law_numbering.py PATH_TO_ETALAB_CLONE [--write | --check]

The shipped text (law/data/code-education-R.txt.gz, version of 16 April 2024) lost its
article numbers and its headings but kept the Code's order. A public, numbered copy of
the same Code exists: Etalab's export of Légifrance,

    git clone https://github.com/etalab/codes-juridiques-francais

(Licence Ouverte / Open Licence 2.0; the regulatory part of the Code de l'éducation as
of 2015, one Markdown file per article under
codes-en-vigueur/code-de-l-education/partie-reglementaire/, the folder READMEs holding
the titles of the Livres, Titres, Chapitres and Sections; Livre VIII is not in it).
The script reads that clone (or a bare snapshot of it) with `git`, never the network.
The export lost some articles in force with no text repealing them (commits "Suppressions
d'origine indéterminée", e.g. the EPLE's conseil de classe and vie lycéenne articles
R. 421-42 to R. 421-53 in 2010): those are read from their last version, dated by its
year in the evidence ("version de 2010"), under that version's titles.

How a number is decided, strongest evidence first:

1. alignment: each shipped article is compared with the 2015 articles (shared word
   3-grams), and the pairs are chosen so that both orders increase together (a
   heaviest increasing chain): a text copied in several chapters is matched with the
   copy that stands at its place. An identical or nearly identical text takes the
   2015 number;
2. the 2024 text's own evidence (law/numbers.py): adaptation articles that quote the
   words of "l'article D. 721-5" they amend (between « », " " or “ ” quotes; the new
   words they insert are not quoted wordings), and rewritten articles
   ("Art. D. 719-45.-"); where it contradicts the 2015 number, the 2024 text wins
   (renumbering). A quote that several articles hold goes to the one that stands
   between the numbered articles bracketing its number; and articles another one names
   by what they define ("les collèges définis à l'article D. 239-8"): the one article
   between the numbers bracketing it that says so of itself ("les collèges définis aux
   1° à 3° du présent article");
3. order (law/sequence.py): the articles between two numbered ones take the numbers
   the gap leaves, when there are exactly as many as articles: the 2015 numbers of
   texts rewritten since; the plain sequence at any level (D. 612-1-24 … between
   D. 612-1-23 and D. 612-1-28), with the numbers the 2024 text cites inside it;
   the run of numbers through the cited ones and the blocks its ranges name
   ("D. 612-32-1 à D. 612-32-3"), every chapter starting at 1; and, between two
   numbers that follow each other (D. 421-159, D. 421-160), the inserted numbers
   D. 421-159-1 … (when both ends are firm, not loosely matched rewrites nor texts an
   article of the gap resembles, or the text cites every inserted number). Numbers
   cited alone, with holes the gap would have to explain, decide nothing: a stale
   citation or a repealed article would shift the gap. The
   letter (R. or D.) is the one the text cites, else the 2015 one, else the letter
   of both nearest numbered articles of the chapter, else the one letter of all the
   chapter's other known articles.

A loose rewrite match is never an applicability table ("les articles mentionnés dans la
colonne de gauche du tableau") taking the number of one 2015 adaptation it absorbed.

Two texts that each name overseas places (law/places.py), none in common, are never
matched unless identical: an adaptation to Mayotte is not the one to
Saint-Pierre-et-Miquelon however alike their words. A block the shipped text repeats
word for word right after itself (the export wrote the CNESERAC section twice) is the
same articles: the copies are left out of every rule and take the first copy's number,
at a lower confidence; the report counts the coverage with and without them.

Headings: a matched article takes its 2015 headings; a rewritten one numbered otherwise
those of its number in the copy, when they lie inside the heading that holds both its
matched neighbours and the texts still share a fifth of their words; the others their
neighbours', but never a council's title (« La commission permanente ») that the first
paragraph of the article does not name; an
article that names places keeps only the headings above the first one that names other
places only (the overseas titles were recast since 2015). No Livre begins with overseas
articles: the unnumbered ones between two Livres, up to the last that names overseas
places or says "du présent livre", close the first Livre (under its overseas titre and
chapter for their places when the 2015 copy has them); between two Titres, an overseas
article left under the Livre goes to the overseas titre of either side that names its
places. Evidence sentences are written with the typographic apostrophe (’), the words
they quote between « » as the text has them.

An article no evidence decides keeps no number and lists its candidates. The result
(--write) goes to law/data/code-education-R-numbers.json.gz, whose SHA-256 this script
writes into law/source.py: the product checks it at load, like the text. The run is
deterministic (no salted hash()): --check rebuilds the data and exits 1 unless its
SHA-256 is the shipped one, e.g. on a bare snapshot of the copy,

    .venv/bin/python scripts/law_numbering.py /path/to/codes-juridiques-francais.git --check

The report (printed, and kept in the data file) gives the coverage and two agreements:
with the 2015 copy on unchanged texts, when each article's own match is left out (so
that its number must come from its neighbours and the 2024 citations), also counted by
the kind of evidence that decided; and with the 2024 text's own citations (numbers
that the quoting articles give). It replays the order rules on the 2015 copy, where
every number is known.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import itertools
import json
import re
import shutil
import subprocess
import sys
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from law.numbers import (  # noqa: E402
    Inference,
    Number,
    Quote,
    amendment_evidence,
    cited_numbers,
    described_articles,
    infer_numbers,
    numbers_written,
    place_quotes,
)
from law.parser import Article, parse_text  # noqa: E402
from law.places import places_named  # noqa: E402
from law.sequence import (  # noqa: E402
    filled_between,
    inserted_between,
    letter_between,
    range_members,
    siblings_between,
)
from law.source import DATA_FILE, NUMBERING_SHA256, SHA256, shipped_text  # noqa: E402

CODE_DIR = "codes-en-vigueur/code-de-l-education/partie-reglementaire"
OUTPUT = DATA_FILE.with_name("code-education-R-numbers.json.gz")
SOURCE_PY = ROOT / "law" / "source.py"
COPY_DATE = "2015"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
ORIGIN = "https://github.com/etalab/codes-juridiques-francais"

Order = tuple[int, tuple[int, ...]]

IDENTICAL = 0.97  # share of word 3-grams: the text did not change (typography aside)
SIMILAR = 0.75
MATCHED = 0.45  # below, the texts are only related: no number from the match alone
CANDIDATES = 8
REPEATED = "texte répété par le texte livré, qui reproduit l'article de"
FOLDS = 5  # the agreement measure leaves out each fifth of the unchanged texts in turn
LOOSE = 0.3  # shared vocabulary (Jaccard) of a rewritten text, inside a gap only
TABLE_WORDS = "colonne de gauche"  # an applicability table of the overseas chapters
KIN = 0.2  # shared vocabulary (Jaccard) of a text with the 2015 one of its number
FIRM = 0.85  # confidence of both ends of a gap before inserted or completed numbers

_FILE_NUMBER = re.compile(r"article-([rd])(\d+(?:-\d+)+)\.md$")
_LINK = re.compile(r"^- \[(.+?)\]\(([^)]+)\)")
_ROMAN_LEVELS = ("Livre", "Titre", "Chapitre", "Section", "Sous-section", "Paragraphe")


@dataclass
class Old:
    """One article of the 2015 copy."""

    index: int
    number: Number
    text: str
    headings: tuple[int, ...]  # ids into Tree.titles, from the Livre down
    version: str = COPY_DATE  # the year of the text, older for an article the export lost


@dataclass
class Tree:
    titles: list[str] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)
    by_path: dict[str, int] = field(default_factory=dict)

    def add(self, path: str, title: str, parent: int | None) -> int:
        if path not in self.by_path:
            self.by_path[path] = len(self.titles)
            self.titles.append(title)
            self.parents.append(parent)
        return self.by_path[path]


GIT = shutil.which("git") or "git"


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    # Fixed arguments and the path the user gave: no shell, nothing interpolated.
    return subprocess.run(  # noqa: S603
        [GIT, "-C", str(repo), *args], input=data, capture_output=True, check=True
    ).stdout


def _commit_info(repo: Path) -> dict[str, str]:
    commit, date = _git(repo, "log", "-1", "--format=%H %cs", "HEAD").decode().split()
    return {"commit": commit, "date": date}


def _read_blobs(repo: Path, paths: list[str], rev: str = "HEAD") -> dict[str, str]:
    """Many files at once (git cat-file --batch), from HEAD or another commit."""
    request = "".join(f"{rev}:{p}\n" for p in paths).encode()
    out = _git(repo, "cat-file", "--batch", data=request)
    found: dict[str, str] = {}
    position = 0
    for path in paths:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if header[-1] == b"missing":
            position = end + 1
            continue
        size = int(header[2])
        found[path] = out[end + 1 : end + 1 + size].decode("utf-8")
        position = end + 1 + size + 1
    return found


def _clean(markdown: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", markdown)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    lines = [line.strip() for line in text.split("\n")]
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(line for line in lines if line)


def _title(readme: str) -> str:
    first = readme.split("\n", 1)[0].lstrip("# ").strip()
    return re.sub(r"\s+", " ", first).rstrip(" .")


LOST = "Suppressions d'origine indéterminée"  # the export's subject for unexplained deletions


def lost_articles(repo: Path) -> dict[str, list[str]]:
    """Article files the export dropped without a text that repealed them, by the commit
    whose version they last had (the parent of the deletion).

    The export writes "Suppressions d'origine indéterminée" when an article vanished from
    its Légifrance dump with no decree: in 2010 it so lost sous-sections 4 to 6 of the
    EPLE's organisation (R. 421-42 to R. 421-53: the délégués des élèves, the conseil de
    la vie lycéenne, the conseil de classe), all in force in 2024. Such a file is kept
    when its number is not in HEAD and nothing re-added it since; a file a decree
    deleted stays deleted."""
    log = _git(
        repo,
        "log",
        "--format=%x00%H %P%x00%s",
        "--name-status",
        "--diff-filter=AD",
        "HEAD",
        "--",
        CODE_DIR,
    ).decode()
    present = {
        match.group(0)
        for name in _git(repo, "ls-tree", "-r", "HEAD", "--name-only", "--", CODE_DIR)
        .decode()
        .split("\n")
        if (match := _FILE_NUMBER.search(name))
    }
    seen: set[str] = set()
    lost: dict[str, list[str]] = defaultdict(list)
    chunks = log.split("\x00")[1:]
    for header, body in zip(chunks[0::2], chunks[1::2], strict=True):
        commits = header.split()
        subject, _, changes = body.partition("\n")
        for line in changes.split("\n"):
            status, _, path = line.partition("\t")
            match = _FILE_NUMBER.search(path)
            if not match or match.group(0) in seen:
                continue
            seen.add(match.group(0))  # newest first: only the last event counts
            if status == "D" and subject.startswith(LOST) and match.group(0) not in present:
                lost[commits[1]].append(path)
    return lost


def _same_title(a: str, b: str) -> bool:
    def words(title: str) -> list[str]:
        return re.findall(r"\w+", title.lower())

    return words(a) == words(b)


def read_copy(repo: Path) -> tuple[list[Old], Tree]:
    """The 2015 articles in the Code's order (by number), with their headings, and the
    articles the export lost (lost_articles) in their last version."""
    names = _git(repo, "ls-tree", "-r", "HEAD", "--name-only").decode().split("\n")
    names = [n for n in names if n.startswith(CODE_DIR + "/")]
    sources = [("HEAD", names, _read_blobs(repo, names), COPY_DATE)]
    for rev, paths in sorted(lost_articles(repo).items()):
        dirs = {p.rsplit("/", 1)[0] for p in paths}
        readmes = sorted(
            {f"{d.rsplit('/', k)[0]}/README.md" for d in dirs for k in range(d.count("/") + 1)}
        )
        year = _git(repo, "log", "-1", "--format=%cs", rev).decode()[:4]
        paths = sorted(paths)
        sources.append((rev, paths, _read_blobs(repo, paths + readmes, rev), year))
    tree = Tree()
    olds: list[Old] = []
    for rev, files, blobs, year in sources:
        for name in files:
            match = _FILE_NUMBER.search(name)
            if not match:
                continue
            folders = name[len(CODE_DIR) + 1 :].split("/")[:-1]
            parent: int | None = None
            for depth in range(len(folders)):
                path = "/".join(folders[: depth + 1])
                readme = blobs.get(f"{CODE_DIR}/{path}/README.md", "")
                title = _title(readme) or folders[depth]
                # A folder of a lost version is the HEAD one only under the same title:
                # the export renumbered sous-sections since (the 2010 "Sous-section 6"
                # is HEAD's "Sous-section 7").
                same = path in tree.by_path and _same_title(tree.titles[tree.by_path[path]], title)
                key = path if rev == "HEAD" or same else f"{rev}:{path}"
                parent = tree.add(key, title, parent)
            ids: list[int] = []
            node: int | None = parent
            while node is not None:
                ids.insert(0, node)
                node = tree.parents[node]
            try:
                number = Number.parse(f"{match.group(1).upper()}. {match.group(2)}")
            except ValueError:  # a few files are misnamed ("article-d75-10-1.md")
                continue
            olds.append(Old(0, number, _clean(blobs[name]), tuple(ids), year))
    olds.sort(key=lambda o: o.number.order)
    for index, old in enumerate(olds):
        old.index = index
    return olds, tree


# -- similarity ------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    text = text.replace("’", "'").replace("\u00a0", " ").lower()
    return re.findall(r"\w+", text)


def _stable_hash(words: str) -> int:
    # Not hash(): Python salts it per process, so set orders and tie-breaks (and thus the
    # written data) could differ from one run to the next.
    return int.from_bytes(hashlib.blake2b(words.encode(), digest_size=8).digest(), "big")


def _shingles(text: str) -> set[int]:
    words = _tokens(text)
    if len(words) < 3:
        return {_stable_hash(" ".join(words))}
    return {
        _stable_hash(f"{a} {b} {c}") for a, b, c in zip(words, words[1:], words[2:], strict=False)
    }


def _body_2015(text: str) -> str:
    """The 2015 text without its NOTA (the shipped bodies have theirs apart)."""
    return re.split(r"\n\s*NOTA\s*:?", text, maxsplit=1)[0]


def _other_places(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Two texts that each name overseas places, and none in common: the adaptation of one
    article to Mayotte is not the one to Saint-Pierre-et-Miquelon, however alike their
    words ("la référence au recteur est remplacée par …")."""
    return bool(mine and theirs and not mine & theirs)


def candidate_pairs(new: list[Article], olds: list[Old]) -> dict[int, list[tuple[int, float]]]:
    """For each shipped article (by position), the closest 2015 articles and their share
    of common 3-grams (|A∩B| / max(|A|, |B|))."""
    old_sets = [_shingles(_body_2015(o.text)) for o in olds]
    postings: dict[int, list[int]] = defaultdict(list)
    for j, shingles in enumerate(old_sets):
        for s in shingles:
            postings[s].append(j)
    found: dict[int, list[tuple[int, float]]] = {}
    places_2015: dict[int, frozenset[str]] = {}

    def old_places(j: int) -> frozenset[str]:
        if j not in places_2015:
            places_2015[j] = places_named(_body_2015(olds[j].text))
        return places_2015[j]

    for i, article in enumerate(new):
        mine = _shingles(article.body_text)
        counts: Counter[int] = Counter()
        for s in mine:
            common = postings.get(s, ())
            if len(common) <= 60:  # boilerplate 3-grams say nothing
                counts.update(common)
        scored = []
        places = places_named(article.body_text)
        for j, _ in counts.most_common(40):
            share = len(mine & old_sets[j]) / max(len(mine), len(old_sets[j]))
            if share < IDENTICAL and _other_places(places, old_places(j)):
                continue
            scored.append((j, share))
        scored.sort(key=lambda pair: -pair[1])
        found[i] = [pair for pair in scored[:CANDIDATES] if pair[1] >= 0.2]
    return found


def heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The set of (new, old, weight) pairs with both indices strictly increasing and the
    largest total weight (a Fenwick tree of prefix maxima over old indices)."""
    if not pairs:
        return []
    size = max(j for _, j, _ in pairs) + 2
    best = [(0.0, -1)] * (size + 1)

    def query(j: int) -> tuple[float, int]:
        result = (0.0, -1)
        j += 1
        while j > 0:
            if best[j][0] > result[0]:
                result = best[j]
            j -= j & -j
        return result

    def update(j: int, value: tuple[float, int]) -> None:
        j += 1
        while j <= size:
            if value[0] > best[j][0]:
                best[j] = value
            j += j & -j

    ordered = sorted(range(len(pairs)), key=lambda k: (pairs[k][0], -pairs[k][1]))
    total = [0.0] * len(pairs)
    back = [-1] * len(pairs)
    pending: list[tuple[int, tuple[float, int]]] = []
    current_i = None
    for k in ordered:
        i, j, weight = pairs[k]
        if i != current_i:  # pairs of one new article must not chain with each other
            for jj, value in pending:
                update(jj, value)
            pending, current_i = [], i
        previous_total, previous = query(j - 1)
        total[k], back[k] = previous_total + weight, previous
        pending.append((j, (total[k], k)))
    k = max(range(len(pairs)), key=total.__getitem__)
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


# -- numbering -------------------------------------------------------------------------


@dataclass
class Decision:
    number: Number | None = None
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    old: int | None = None  # index of the matched 2015 article
    similarity: float = 0.0
    headings: tuple[int, ...] = ()


def _consistent(items: list[tuple[int, Number]]) -> set[int]:
    """Positions of the longest run of numbers increasing with the positions."""
    items = sorted(items)
    tails: list[tuple[int, tuple[int, ...]]] = []
    tail_at: list[int] = []
    previous = [-1] * len(items)
    for k, (_, number) in enumerate(items):
        key = number.order
        slot = bisect_left(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_at.append(k)
        else:
            tails[slot], tail_at[slot] = key, k
        previous[k] = tail_at[slot - 1] if slot else -1
    kept: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(items[k][0])
        k = previous[k]
    return kept


class Cited:
    """Numbers the text writes, parsed once and sorted, to be cut by interval."""

    def __init__(self, texts: set[str]) -> None:
        numbers = {(n := Number.parse(text)).order: n for text in sorted(texts)}
        self.orders = sorted(numbers)
        self.numbers = [numbers[key] for key in self.orders]

    def between(self, low: Order, high: Order) -> list[Number]:
        return self.numbers[bisect_right(self.orders, low) : bisect_left(self.orders, high)]


def _gap_numbers(
    a: Number | None,
    b: Number | None,
    cited: Cited | None,
    olds_between: list[Number],
    plain: bool = True,
) -> list[Number]:
    """The numbers that can stand between two numbered articles."""
    found: dict[Order, Number] = {}
    for number in olds_between:
        found[number.order] = number
    low = a.order if a else (0, ())
    high = b.order if b else (10**6, ())
    for number in cited.between(low, high) if cited else []:
        found.setdefault(number.order, number)
    if plain and a and b:
        for number in siblings_between(a, b):
            found.setdefault(number.order, number)
    return [found[key] for key in sorted(found)]


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(w for w in _tokens(text) if len(w) >= 4)


def _rewritten(
    new: list[Article],
    olds: list[Old],
    decisions: list[Decision],
    kept: list[int],
    leave_out: set[int],
) -> set[int]:
    """Inside each gap between two numbered articles, the texts rewritten since 2015:
    the gap's articles and the 2015 articles left between the two are aligned again
    with a looser measure (shared vocabulary), where so few candidates leave little
    room for a wrong match."""
    found: set[int] = set()
    with_old = [i for i in kept if decisions[i].old is not None]
    bounds = [(-1, -1), *((i, decisions[i].old or 0) for i in with_old), (len(new), len(olds))]
    for (left, old_left), (right, old_right) in itertools.pairwise(bounds):
        gap = [
            i for i in range(left + 1, right) if decisions[i].number is None and i not in leave_out
        ]
        spare = list(range(old_left + 1, old_right))
        if not gap or not spare or len(gap) * len(spare) > 20000:
            continue
        low = decisions[left].number if left >= 0 else None
        high = decisions[right].number if right < len(new) else None
        spare = [
            j
            for j in spare
            if (low is None or olds[j].number.order > low.order)
            and (high is None or olds[j].number.order < high.order)
        ]
        mine = {i: _vocabulary(new[i].body_text) for i in gap}
        theirs = {j: _vocabulary(_body_2015(olds[j].text)) for j in spare}
        pairs = []
        for i in gap:
            # Anchors without a 2015 match (the 2024 quotes) bound the gap too.
            k = bisect_left(kept, i)
            before = decisions[kept[k - 1]].number if k else None
            after = decisions[kept[k]].number if k < len(kept) else None
            for j in spare:
                a, b = mine[i], theirs[j]
                order = olds[j].number.order
                if (before and order <= before.order) or (after and order >= after.order):
                    continue
                if _other_places(places_named(new[i].body_text), places_named(olds[j].text)):
                    continue
                # An applicability table ("les articles mentionnés dans la colonne de
                # gauche du tableau") recasts the adaptations that several articles made
                # one by one: sharing words with one of them does not give its number.
                if TABLE_WORDS in new[i].body_text and TABLE_WORDS not in olds[j].text:
                    continue
                if a and b:
                    share = len(a & b) / len(a | b)
                    if share >= LOOSE:
                        pairs.append((i, j, share * share))
        for i, j, weight in heaviest_chain(pairs):
            share = weight**0.5
            decision = decisions[i]
            decision.old, decision.similarity = j, share
            decision.number, decision.confidence = olds[j].number, 0.75
            decision.evidence = [
                f"texte réécrit depuis l'article {olds[j].number} "
                f"de la version de {olds[j].version}, "
                f"à la même place ({share:.0%} de vocabulaire commun)"
            ]
            found.add(i)
    return found


def _range_numbers(new: list[Article]) -> set[str]:
    """The numbers inside the ranges the text cites ("D. 123-20 à D. 123-22"), in its
    sentences and in the cells of its overseas applicability tables."""
    from law.references import references_in

    found: set[str] = set()
    for article in new:
        cells = [cell for table in article.tables for row in table.rows for cell in row]
        start: Number | None = None
        for _, ref in references_in(article.paragraphs + cells):
            if not ref.in_code or ref.number[:1] not in {"R", "D"}:
                continue
            try:
                number = Number.parse(ref.number)
            except ValueError:
                continue
            if ref.kind == "range_start":
                start = number
            elif ref.kind == "range_end" and start is not None:
                found.update(str(n) for n in range_members(start, number))
                start = None
    return found


def _gap_options(
    a: Number | None,
    b: Number | None,
    size: int,
    between_old: list[Number],
    cited: Cited,
    with_ranges: Cited,
    firm: bool,
) -> tuple[list[Number], str]:
    """The numbers `size` articles between a and b take, and the reason shown, or the
    candidates when the evidence leaves a choice. Each list must hold exactly `size`
    numbers; the text's citations count only beside a sequence that stands without
    them (the 2015 numbers in between, or the plain sequence between a and b): cited
    numbers alone let a stale citation or a repealed article shift the whole gap."""
    plain = _gap_numbers(a, b, None, [])
    supported = bool(plain or between_old)
    tiers = [between_old]
    if plain:
        tiers.append(_gap_numbers(a, b, cited, []))
    if supported:
        tiers.append(_gap_numbers(a, b, cited, between_old))
        tiers.append(_gap_numbers(a, b, with_ranges, between_old))
    tiers.append(plain)
    reason = f"entre {a} et {b}, sans lacune dans la numérotation"
    for choice in tiers:
        if len(choice) == size:
            return choice, reason
    fallback = _gap_numbers(a, b, cited, between_old)
    if a is None or b is None:
        return fallback, reason
    known = _gap_numbers(a, b, cited, between_old, plain=False)
    # The numbering runs on through the numbers the text cites, and through the blocks
    # its ranges name ("D. 612-32-1 à D. 612-32-3").
    starts = ", chaque chapitre commençant à 1" if a.chapter != b.chapter else ""
    for source in (known, _gap_numbers(a, b, with_ranges, between_old, plain=False)):
        filled = filled_between(a, b, source)
        if filled is not None and len(filled) == size:
            return filled, (
                f"entre {a} et {b}, sans lacune dans la numérotation entre les numéros "
                f"que le texte cite dans l'intervalle{starts}"
            )
    # No room between a and b at their level: the articles were inserted.
    inserted = inserted_between(a, b, size)
    fits = inserted and {n.order for n in known} <= {n.order for n in inserted}
    if fits and (firm or _all_cited(inserted, cited, a, b)):
        return inserted, f"entre {a} et {b}, qui se suivent : article inséré, numéroté à la suite"
    return fallback, reason


def _all_cited(numbers: list[Number], cited: Cited, a: Number, b: Number) -> bool:
    """Whether the text cites every one of these numbers (whatever their letter)."""
    written = {n.order for n in cited.between(a.order, b.order)}
    return all(n.order in written for n in numbers)


def _neighbour(decisions: list[Decision], i: int, step: int) -> Number | None:
    k = i + step
    while 0 <= k < len(decisions):
        if decisions[k].number is not None:
            return decisions[k].number
        k += step
    return None


def _letter_from_neighbours(
    decisions: list[Decision],
    unlettered: list[tuple[int, Number, str]],
    chapter_letters: dict[int, list[str]],
) -> None:
    """Articles numbered by their place whose letter no citation states take the letter
    of the nearest numbered articles of their chapter when both sides agree, or else the
    one letter every other known article of their chapter carries (in 2015 and among the
    2024 anchors). All are decided before any is assigned, so that one guess does not
    lead another."""
    found = []
    for i, number, reason in unlettered:
        left, right = _neighbour(decisions, i, -1), _neighbour(decisions, i, 1)
        same = [n for n in (left, right) if n is not None and n.chapter == number.chapter]
        letter = letter_between(*same) if len(same) == 2 else None
        why = f"lettre {letter}. comme celle des articles qui l'entourent, {left} et {right}"
        letters = chapter_letters.get(number.chapter, [])
        if letter is None and len(letters) >= 2 and len(set(letters)) == 1:
            letter = letters[0]
            why = (
                f"lettre {letter}. comme celle de tous les autres articles connus du chapitre "
                f"{number.chapter} ({len(letters)})"
            )
        found.append((i, number, reason, letter, why))
    for i, number, reason, letter, why in found:
        if letter is None:
            decisions[i].candidates = [str(Number(x, number.chapter, number.rest)) for x in "RD"]
            continue
        decisions[i].number = Number(letter, number.chapter, number.rest)
        decisions[i].confidence = 0.6
        decisions[i].evidence = [reason, why]


def repetitions(new: list[Article]) -> dict[int, int]:
    """The articles the shipped text repeats at once: a block of texts identical, in order,
    to the block just before it (A B C A B C, or A A), as the export wrote a section twice.
    Copy position -> position of the first copy. Found from the longest blocks down, so
    that a block repeated whole is seen before the repetitions inside it."""
    bodies = [a.body_text for a in new]
    copy_of: dict[int, int] = {}
    size = 60
    while size >= 1:
        start = 0
        while start + 2 * size <= len(new):
            first = range(start, start + size)
            second = range(start + size, start + 2 * size)
            if not any(k in copy_of for k in (*first, *second)) and all(
                bodies[k] == bodies[k + size] for k in first
            ):
                for k in second:
                    copy_of[k] = k - size
                start += 2 * size
            else:
                start += 1
        size -= 1
    # A copy of a copy points at the first one.
    for k in sorted(copy_of):
        copy_of[k] = copy_of.get(copy_of[k], copy_of[k])
    return copy_of


_CACHE: dict[
    tuple[int, int],
    tuple[dict[int, list[tuple[int, float]]], dict[int, Inference], list[Quote], dict[int, int]],
] = {}


def decide(
    new: list[Article], olds: list[Old], leave_out: set[int] | None = None
) -> list[Decision]:
    """A decision per shipped article (by position). `leave_out`: positions whose own
    match with the 2015 copy is ignored (for the agreement measure)."""
    leave_out = leave_out or set()
    key = (id(new), id(olds))
    if key not in _CACHE:
        quotes = amendment_evidence(new)[1]
        _CACHE[key] = (candidate_pairs(new, olds), infer_numbers(new), quotes, repetitions(new))
    candidates, inferred, quotes, copies = _CACHE[key]
    # A repeated copy is the article it repeats: it is left out of every rule, then takes
    # that article's number at the end.
    pairs = [
        (i, j, share * share)
        for i, options in candidates.items()
        for j, share in options
        if share >= MATCHED and i not in leave_out and i not in copies
    ]
    decisions = [Decision() for _ in new]
    for i, j, weight in heaviest_chain(pairs):
        decisions[i].old, decisions[i].similarity = j, weight**0.5
    position = {a.source_line: i for i, a in enumerate(new)}

    # 2024 evidence: quotes and rewrites.
    quoted = {
        position[line]: inf
        for line, inf in inferred.items()
        if inf.confidence >= 0.85 and position[line] not in copies
    }
    anchors: dict[int, tuple[Number, float, list[str]]] = {}
    for i, decision in enumerate(decisions):
        if decision.old is None:
            continue
        old = olds[decision.old]
        share = decision.similarity
        words: str
        if share >= IDENTICAL:
            words = f"texte identique à l'article {old.number} de la version de {old.version}"
            confidence = 0.99
        elif share >= SIMILAR:
            words = (
                f"texte presque identique ({share:.0%} en commun) à l'article {old.number} "
                f"de la version de {old.version}"
            )
            confidence = 0.95
        else:
            words = (
                f"texte modifié depuis l'article {old.number} de la version de {old.version} "
                f"({share:.0%} en commun)"
            )
            confidence = 0.85
        anchors[i] = (old.number, confidence, [words])
    for i, inference in quoted.items():
        if i in anchors and anchors[i][0] == inference.number:
            number, confidence, reasons = anchors[i]
            anchors[i] = (number, min(0.995, confidence + 0.02), [*reasons, inference.evidence])
        elif i not in anchors or anchors[i][1] < 0.99:
            anchors[i] = (inference.number, inference.confidence, [inference.evidence])
    kept = _consistent([(i, n) for i, (n, _, _) in anchors.items()])
    for i in kept:
        number, confidence, reasons = anchors[i]
        decisions[i].number, decisions[i].confidence = number, confidence
        decisions[i].evidence = list(reasons)
    for i in set(anchors) - kept:
        decisions[i].old = None
    # Quotes that several articles hold, placed by all the anchors (2015 copy and 2024
    # text), not only by the other quotes.
    lines = {new[i].source_line: n for i in kept if (n := decisions[i].number) is not None}
    for line, inference in place_quotes(quotes, lines).items():
        i = position[line]
        if i in copies:
            continue
        decisions[i].number, decisions[i].confidence = inference.number, inference.confidence
        decisions[i].evidence = [inference.evidence]
        kept.add(i)
    # Articles another one names by what they define ("les collèges définis à l'article
    # D. 239-8"), placed the same way.
    lines = {new[i].source_line: n for i in kept if (n := decisions[i].number) is not None}
    repeated = {new[i].source_line for i in copies}
    for line, inference in described_articles(new, lines, repeated).items():
        i = position[line]
        decisions[i].number, decisions[i].confidence = inference.number, inference.confidence
        decisions[i].evidence = [inference.evidence]
        kept.add(i)
    kept |= _rewritten(new, olds, decisions, sorted(kept), leave_out | set(copies))

    # Order: fill the gaps between numbered articles.
    cited = cited_numbers(new)
    sorted_cited, with_ranges = Cited(cited), Cited(cited | _range_numbers(new))
    numbered = sorted(kept)
    olds_numbers = [o.number for o in olds]
    unlettered: list[tuple[int, Number, str]] = []  # numbered by order, letter unknown
    # Numbered by order, an article keeps the letter its number had in 2015.
    letters_2015 = {n.order: n.letter for n in olds_numbers}
    bounds = [(-1, None), *((i, decisions[i].number) for i in numbered), (len(new), None)]
    for (left, a), (right, b) in itertools.pairwise(bounds):
        gap = [k for k in range(left + 1, right) if k not in copies]
        if not gap:
            continue
        old_low = decisions[left].old if left >= 0 and decisions[left].number else None
        old_high = decisions[right].old if right < len(new) and decisions[right].number else None
        between_old = (
            [
                n
                for n in olds_numbers[(old_low + 1 if old_low is not None else 0) : old_high]
                if (a is None or n.order > a.order) and (b is None or n.order < b.order)
            ]
            if (old_low is not None or old_high is not None)
            else []
        )
        # The rules that trust the numbering to run on need two firm ends: a number
        # taken by a loosely matched neighbour would shift every number of the gap.
        firm = (
            left >= 0
            and right < len(new)
            and min(decisions[left].confidence, decisions[right].confidence) >= FIRM
            # An end whose 2015 text an article of the gap resembles as well may have
            # taken that article's number (texts of one family: D. 338-45 … D. 338-47).
            and not any(
                j in (decisions[left].old, decisions[right].old)
                for i in gap
                if i not in leave_out
                for j, share in candidates.get(i, [])
                if share >= MATCHED
            )
        )
        options, reason = _gap_options(a, b, len(gap), between_old, sorted_cited, with_ranges, firm)
        if a is not None and b is not None and len(options) == len(gap):
            for i, number in zip(gap, options, strict=True):
                tail = str(number)[3:]
                letters = [x for x in "RD" if f"{x}. {tail}" in cited]
                if len(letters) == 1:
                    decisions[i].number = Number(letters[0], number.chapter, number.rest)
                    decisions[i].confidence = 0.8
                    decisions[i].evidence = [reason]
                elif number.order in letters_2015:
                    letter = letters_2015[number.order]
                    decisions[i].number = Number(letter, number.chapter, number.rest)
                    decisions[i].confidence = 0.7
                    decisions[i].evidence = [
                        reason,
                        f"lettre {letter}., celle du {letter}. {tail} de la version de {COPY_DATE}",
                    ]
                else:
                    unlettered.append((i, number, reason))
        else:
            near = options[:6] if a is not None else options[-6:]
            for i in gap:
                decisions[i].candidates = [str(n) for n in near]
    # The letters each chapter's articles carry, in 2015 and among the 2024 anchors.
    chapter_letters: dict[int, list[str]] = defaultdict(list)
    for number in olds_numbers:
        chapter_letters[number.chapter].append(number.letter)
    for i in kept:
        if (known := decisions[i].number) is not None:
            chapter_letters[known.chapter].append(known.letter)
    _letter_from_neighbours(decisions, unlettered, chapter_letters)
    for i, first in copies.items():
        original = decisions[first]
        copy = decisions[i]
        copy.candidates = list(original.candidates)
        if original.number is not None:
            # Not counted as a 2015 match: the measures must not see the article twice.
            copy.number = original.number
            # Below the first copy's, so that the number leads to the first copy.
            copy.confidence = round(original.confidence * 0.99, 3)
            copy.evidence = [
                f"{REPEATED} la ligne {new[first].source_line} ({original.number}) : "
                "même texte, à la suite",
                *original.evidence,
            ]
    # Citations under the number, as supporting evidence.
    citing: dict[str, list[int]] = defaultdict(list)
    from law.references import references_in

    for i, article in enumerate(new):
        for _, ref in references_in(article.paragraphs):
            if ref.in_code and ref.number:
                citing[ref.number].append(i)
    for i, decision in enumerate(decisions):
        if decision.number is None:
            continue
        sources = [k for k in dict.fromkeys(citing.get(str(decision.number), [])) if k != i]
        named = [str(decisions[k].number) for k in sources if decisions[k].number][:3]
        if named:
            decision.evidence.append(
                "cité sous ce numéro par l'article " + ", ".join(named)
                if len(named) == 1
                else "cité sous ce numéro par les articles " + ", ".join(named)
            )
    return decisions


# -- headings --------------------------------------------------------------------------


_BODY = re.compile(
    r"^(?:le |la |les |l')(conseil|commission|comité|assemblée|conférence)s? (\S+)", re.IGNORECASE
)


def _other_body(text: str, headings: tuple[int, ...], titles: list[str]) -> bool:
    """Whether one of the headings is the title of a council ("La commission permanente")
    that the text's first paragraph does not name: the conseil pédagogique's articles,
    inserted after the commission permanente's last one, are not that commission's
    (though one of them lists who may refer a question to it, the commission among
    others)."""
    plain = " ".join(_tokens(text.strip().split("\n", 1)[0]))
    for h in headings:
        match = _BODY.match(titles[h].split(" : ", 1)[-1].replace("’", "'"))
        if match and " ".join(_tokens(f"{match.group(1)} {match.group(2)}")) not in plain:
            return True
    return False


def assign_headings(
    new: list[Article], decisions: list[Decision], olds: list[Old], titles: list[str]
) -> None:
    """Matched articles take their 2015 headings; the others those of their neighbours
    (the deepest common to both sides, or the side whose depth in the shipped text
    they share), or at least the chapter their number names."""
    by_chapter: dict[int, tuple[int, ...]] = {}
    for old in olds:
        by_chapter.setdefault(old.number.chapter, old.headings[:3])
    for decision in decisions:
        if decision.old is not None and decision.number is not None:
            decision.headings = olds[decision.old].headings
    # A text rewritten since, numbered by order or citations, stands where the copy puts
    # its number (the CESC's R. 421-46 under its own paragraph, not under the vie
    # lycéenne's before it) when that place lies inside the deepest heading, a chapter or
    # below, that holds both matched neighbours, and when the two texts still share a
    # fifth of their vocabulary: a number reused since for another subject (the D. 636-16
    # of orthophonie was an audioprothèse one) is not placed by its old text.
    by_number = {old.number: old.headings for old in olds}
    old_text = {old.number: old.text for old in olds}
    matched = [i for i, d in enumerate(decisions) if d.headings]
    for i, decision in enumerate(decisions):
        place = by_number.get(decision.number) if decision.number else None
        k = bisect_left(matched, i)
        if decision.headings or not place or not 0 < k < len(matched):
            continue
        low, high = decisions[matched[k - 1]].headings, decisions[matched[k]].headings
        common = tuple(x for x, y in zip(low, high, strict=False) if x == y)
        if len(common) >= 3 and place[: len(common)] == common:
            mine = _vocabulary(new[i].body_text)
            theirs = _vocabulary(_body_2015(old_text[decision.number]))  # type: ignore[index]
            if len(mine & theirs) >= KIN * len(mine | theirs):
                decision.headings = place
    known = [i for i, d in enumerate(decisions) if d.headings]
    for i, decision in enumerate(decisions):
        if decision.headings:
            continue
        k = bisect_left(known, i)
        before = decisions[known[k - 1]] if k else None
        after = decisions[known[k]] if k < len(known) else None
        chapter = decision.number.chapter if decision.number else None
        options = []
        for side, index in (
            (before, known[k - 1] if k else None),
            (after, known[k] if k < len(known) else None),
        ):
            if side is None or index is None:
                continue
            same_chapter = chapter is None or (side.number and side.number.chapter == chapter)
            if same_chapter:
                options.append((side.headings, new[index].depth))
        if len(options) == 2:
            common = tuple(x for x, y in zip(options[0][0], options[1][0], strict=False) if x == y)
            chosen = common
            # The side whose depth it shares decides only between sections of one chapter:
            # depth says nothing of which chapter (a rule for Saint-Pierre-et-Miquelon
            # after the last article on dance had been put under the dance chapter).
            for headings, depth in options if len(common) >= 3 else ():
                if (
                    depth == new[i].depth
                    and len(headings) > len(chosen)
                    and not _other_body(new[i].body_text, headings[len(common) :], titles)
                ):
                    chosen = headings
                    break
            decision.headings = chosen
        elif options:
            headings, depth = options[0]
            decision.headings = headings if depth == new[i].depth else headings[:3]
        if not decision.headings and chapter in by_chapter:
            decision.headings = by_chapter[chapter]


def cut_at_other_places(new: list[Article], decisions: list[Decision], tree: Tree) -> int:
    """An article that names overseas places (or Corsica) and stands under a heading that
    names only others ("Chapitre II : Dispositions applicables à Mayotte" over a rule for
    Saint-Pierre-et-Miquelon) keeps only the headings above that one: the overseas titles
    were recast since 2015 and a loose match or a neighbour brought the old title.
    Returns how many articles were cut."""
    cut = 0
    for article, decision in zip(new, decisions, strict=True):
        mine = places_named(article.body_text)
        if not mine:
            continue
        for depth, heading in enumerate(decision.headings):
            theirs = places_named(tree.titles[heading])
            if theirs and not theirs & mine:
                decision.headings = decision.headings[:depth]
                cut += 1
                break
    return cut


# Livre VIII is not in the 2015 copy; its title is the one of the Code's legislative part.
MISSING_BOOKS = {8: "Livre VIII : La vie universitaire"}
_ROMAN = {"Ier": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def book_of(title: str) -> int | None:
    match = re.match(r"Livre (\w+)", title)
    return _ROMAN.get(match.group(1)) if match else None


def place_in_books(decisions: list[Decision], tree: Tree) -> None:
    """Articles no neighbour places take at least their Livre: the one their number
    names, or the Livre missing between the Livres of the articles around them."""
    books = {book_of(tree.titles[k]): k for k, p in enumerate(tree.parents) if p is None}
    for number, title in MISSING_BOOKS.items():
        books.setdefault(number, tree.add(f"livre-{number}", title, None))
    known = [i for i, d in enumerate(decisions) if d.headings]
    for i, decision in enumerate(decisions):
        if decision.headings:
            continue
        book = decision.number.chapter // 100 if decision.number else None
        if book is None:
            k = bisect_left(known, i)
            before = book_of(tree.titles[decisions[known[k - 1]].headings[0]]) if k else None
            after = (
                book_of(tree.titles[decisions[known[k]].headings[0]]) if k < len(known) else None
            )
            if before is not None and before == after:
                book = before
            elif before is not None and after is not None and after - before == 2:
                book = before + 1
        if book in books:
            decision.headings = (books[book],)


_PRESENT = re.compile(r"\bdu présent (livre|titre)\b")
_TITRE = re.compile(r"Titre (\w+)")


def _main_places(text: str) -> frozenset[str]:
    """The places an article is for: those of its first paragraph ("Sont applicables en
    Nouvelle-Calédonie…"), not the others its table or its list names in passing."""
    return places_named(text.split("\n", 1)[0]) or places_named(text)


def _overseas_path(
    tree: Tree, children: dict[int, list[int]], book: int, mine: frozenset[str]
) -> tuple[int, ...]:
    """The Livre, then its overseas titre and that titre's chapter whose titles name every
    place the article is for, when the 2015 copy has them (a rule for all the overseas
    regions is not in the Mayotte chapter)."""
    path: tuple[int, ...] = (book,)
    while len(path) < 3:  # Livre, Titre, Chapitre: the sections below say nothing of places
        fits = [c for c in children.get(path[-1], []) if mine <= places_named(tree.titles[c])]
        if not fits:
            break
        path = (*path, fits[0])
    return path


def close_books(new: list[Article], decisions: list[Decision], tree: Tree) -> int:
    """No Livre of the Code begins with overseas articles: each ends with them. The
    unnumbered articles between the last numbered article of one Livre and the first of
    the next, up to the last that names overseas places or speaks of "du présent livre"
    (or "titre"), close the first Livre: under its overseas titre (and chapter) for their
    places when the 2015 copy has one, else right under the Livre. Between two Titres of
    a Livre, an overseas article left right under the Livre goes to the overseas titre of
    either side that names its places, one that speaks of "du présent titre" to the end of
    the first. Returns how many articles changed heading."""
    children: dict[int, list[int]] = defaultdict(list)
    for node, parent in enumerate(tree.parents):
        if parent is not None:
            children[parent].append(node)
    books = {book_of(tree.titles[k]): k for k, p in enumerate(tree.parents) if p is None}
    numbered = [i for i, d in enumerate(decisions) if d.number is not None]
    moved = 0
    for a, b in itertools.pairwise(numbered):
        first, second = decisions[a].number, decisions[b].number
        assert first is not None and second is not None
        book = first.chapter // 100
        if book not in books or b - a < 2:
            continue
        gap = range(a + 1, b)
        marks = {
            i: (_main_places(new[i].body_text), _PRESENT.search(new[i].body_text)) for i in gap
        }
        titre = decisions[a].headings[:2] if decisions[a].headings[:1] == (books[book],) else ()
        if second.chapter // 100 > book:
            last = max((i for i in gap if marks[i][0] or marks[i][1]), default=None)
            span = range(a + 1, last + 1) if last is not None else range(0)
            for i in span:
                places, present = marks[i]
                headings = decisions[i].headings
                if headings[:1] == (books[book],) and len(headings) > 1:
                    continue  # already inside the Livre's titres
                if places:
                    wanted = _overseas_path(tree, children, books[book], places)
                elif present and present.group(1) == "titre" and len(titre) == 2:
                    wanted = titre
                else:
                    wanted = (books[book],)
                if wanted != headings:
                    decisions[i].headings = wanted
                    moved += 1
        elif second.chapter // 100 == book and second.chapter // 10 > first.chapter // 10:
            sides = {decisions[k].headings[1] for k in (a, b) if len(decisions[k].headings) > 1}
            for i in gap:
                places, present = marks[i]
                if decisions[i].headings not in ((), (books[book],)):
                    continue
                if places:
                    wanted = _overseas_path(tree, children, books[book], places)
                    if len(wanted) > 1 and wanted[1] in sides:
                        decisions[i].headings = wanted
                        moved += 1
                elif present and present.group(1) == "titre" and len(titre) == 2:
                    decisions[i].headings = titre
                    moved += 1
    return moved


# -- report ----------------------------------------------------------------------------


EVIDENCE_KINDS = (
    # (words of the first evidence sentence, the kind the report counts it under)
    (REPEATED, "répétition d'un article numéroté"),
    ("version de", "copie de 2015"),
    ("seul des articles qui la contiennent", "citation placée par l'ordre"),
    ("Citation «", "citation"),
    ("Réécriture «", "réécriture"),
    ("le désigne par", "désigné par ce qu'il définit"),
    ("article inséré", "article inséré"),
    ("que le texte cite dans l'intervalle", "numéros cités complétés"),
    ("sans lacune", "ordre"),
)


def evidence_kind(evidence: list[str]) -> str:
    """The kind of evidence that decided a number, as the report counts it."""
    first = evidence[0] if evidence else ""
    kind = next((name for words, name in EVIDENCE_KINDS if words in first), "autre")
    if any(reason.startswith("lettre ") for reason in evidence):
        kind += ", lettre déduite"
    return kind


def check_rules(olds: list[Old]) -> dict[str, list[int]]:
    """The rules that number a gap, replayed on the 2015 copy, whose numbers are all
    known: every run of one to five consecutive articles is hidden in turn, the numbers
    the 2015 texts cite standing for the citations, and each rule that decides the run
    is checked against the hidden numbers: {rule: [right, applied]}. The rule the
    script no longer applies (the cited numbers alone) is measured for comparison."""
    numbers = [o.number for o in olds]
    cited = Cited(set().union(*(numbers_written(o.text) for o in olds)))
    tally: dict[str, list[int]] = {
        "sans lacune": [0, 0],
        "sans lacune, numéros cités compris": [0, 0],
        "numéros cités complétés": [0, 0],
        "article inséré": [0, 0],
        "numéros cités seuls (règle écartée)": [0, 0],
        "lettre des voisins": [0, 0],
    }

    def count(rule: str, found: list[Number], truth: list[Order]) -> None:
        tally[rule][0] += [n.order for n in found] == truth
        tally[rule][1] += 1

    for size in range(1, 6):
        for k in range(len(numbers) - size - 1):
            a, b = numbers[k], numbers[k + size + 1]
            hidden = numbers[k + 1 : k + size + 1]
            truth = [n.order for n in hidden]
            inside = cited.between(a.order, b.order)
            plain = siblings_between(a, b)
            with_cited = _gap_numbers(a, b, cited, [])
            if len(inside) == size:
                count("numéros cités seuls (règle écartée)", inside, truth)
            if len(plain) == size:
                count("sans lacune", plain, truth)
            elif plain and len(with_cited) == size:
                count("sans lacune, numéros cités compris", with_cited, truth)
            elif (filled := filled_between(a, b, inside)) is not None and len(filled) == size:
                count("numéros cités complétés", filled, truth)
            elif inserted := inserted_between(a, b, size):
                count("article inséré", inserted, truth)
            same = size == 1 and a.chapter == b.chapter == hidden[0].chapter
            if same and (letter := letter_between(a, b)) is not None:
                tally["lettre des voisins"][0] += hidden[0].letter == letter
                tally["lettre des voisins"][1] += 1
    letters: dict[int, list[str]] = defaultdict(list)
    for number in numbers:
        letters[number.chapter].append(number.letter)
    tally["lettre du chapitre"] = [0, 0]
    for chapter_letters in letters.values():
        for k, letter in enumerate(chapter_letters):
            others = chapter_letters[:k] + chapter_letters[k + 1 :]
            if len(others) >= 2 and len(set(others)) == 1:
                tally["lettre du chapitre"][0] += others[0] == letter
                tally["lettre du chapitre"][1] += 1
    return tally


def report(new: list[Article], olds: list[Old], decisions: list[Decision]) -> dict[str, object]:
    n = len(new)
    numbered = [d for d in decisions if d.number]
    unchanged = [
        i for i, d in enumerate(decisions) if d.old is not None and d.similarity >= IDENTICAL
    ]
    # Agreement on unchanged texts: every fifth one's own match left out, so that its
    # number must come from its neighbours, the gaps and the 2024 citations.
    held: list[tuple[int, Number, str]] = []
    for offset in range(FOLDS):
        leave = set(unchanged[offset::FOLDS])
        again = decide(new, olds, leave_out=leave)
        held.extend(
            (i, found, evidence_kind(again[i].evidence))
            for i in leave
            if (found := again[i].number) is not None
        )

    def number_2015(i: int) -> Number:
        return olds[decisions[i].old or 0].number

    agree_held = sum(1 for i, number, _ in held if number == number_2015(i))
    by_kind: dict[str, list[int]] = {}
    for i, number, kind in held:
        tally = by_kind.setdefault(kind, [0, 0])
        tally[0] += number == number_2015(i)
        tally[1] += 1
    kept_2015 = sum(1 for i in unchanged if decisions[i].number == number_2015(i))
    # Agreement with the 2024 text's own citations: the numbers its quoting articles give.
    quoted = infer_numbers(new)
    position = {a.source_line: i for i, a in enumerate(new)}
    checked = [(position[line], inf) for line, inf in quoted.items() if inf.confidence >= 0.85]
    agree_quotes = sum(1 for i, inf in checked if decisions[i].number == inf.number)
    cited = {c for c in cited_numbers(new) if Number.parse(c).chapter < 1000}
    assigned = {str(d.number) for d in numbered}
    return {
        "articles": n,
        "numbered": len(numbered),
        "coverage": round(len(numbered) / n, 4),
        "repeated_copies": len(repeated := repetitions(new)),
        "distinct_numbered": len(
            distinct := [d for i, d in enumerate(decisions) if d.number and i not in repeated]
        ),
        "coverage_without_copies": round(len(distinct) / (n - len(repeated)), 4),
        "from_2015_match": sum(
            1
            for d in numbered
            if d.old is not None and d.evidence and "version de" in d.evidence[0]
        ),
        "unchanged_texts": len(unchanged),
        "unchanged_keeping_2015_number": kept_2015,
        "unchanged_left_out_numbered": len(held),
        "unchanged_left_out_agreeing": agree_held,
        "agreement_unchanged_left_out": round(agree_held / max(1, len(held)), 4),
        "quoted_numbers": len(checked),
        "quoted_agreeing": agree_quotes,
        "agreement_citations": round(agree_quotes / max(1, len(checked)), 4),
        "cited_numbers": len(cited),
        "cited_numbers_found": len(cited & assigned),
        "confidence_at_least_0_9": sum(1 for d in numbered if d.confidence >= 0.9),
        "numbered_by_evidence": dict(
            sorted(Counter(evidence_kind(d.evidence) for d in numbered).items())
        ),
        "left_out_agreement_by_evidence": dict(sorted(by_kind.items())),
        "rules_checked_on_2015_copy": check_rules(olds),
    }


def print_report(figures: dict[str, object]) -> None:
    f = figures
    print(f"Articles numérotés : {f['numbered']} / {f['articles']} ({float(f['coverage']):.1%})")  # type: ignore[arg-type]
    print(f"  dont confiance >= 0,9 : {f['confidence_at_least_0_9']}")
    print(
        f"  sans les {f['repeated_copies']} articles que le texte livré répète : "
        f"{f['distinct_numbered']} / {int(f['articles']) - int(f['repeated_copies'])} "  # type: ignore[call-overload]
        f"({float(f['coverage_without_copies']):.1%})"  # type: ignore[arg-type]
    )
    print(
        f"Textes inchangés depuis 2015 : {f['unchanged_texts']}, "
        f"dont {f['unchanged_keeping_2015_number']} gardent leur numéro de 2015"
    )
    print(
        "Accord avec la copie de 2015 sur les textes inchangés, leur propre appariement "
        f"écarté : {f['unchanged_left_out_agreeing']} / {f['unchanged_left_out_numbered']} "
        f"({float(f['agreement_unchanged_left_out']):.1%})"  # type: ignore[arg-type]
    )
    print(
        "Accord avec les citations du texte de 2024 (articles qui citent les mots "
        f"d'un article numéroté) : {f['quoted_agreeing']} / {f['quoted_numbers']} "
        f"({float(f['agreement_citations']):.1%})"  # type: ignore[arg-type]
    )
    print("Numéros attribués, par preuve :")
    for kind, count in f["numbered_by_evidence"].items():  # type: ignore[attr-defined]
        print(f"  {kind} : {count}")
    print("Accord avec la copie de 2015, appariement écarté, par preuve qui a décidé :")
    for kind, (right, total) in f["left_out_agreement_by_evidence"].items():  # type: ignore[attr-defined]
        print(f"  {kind} : {right} / {total} ({right / total:.1%})")
    print("Règles de numérotation rejouées sur la copie de 2015 (1 à 5 articles cachés) :")
    for rule, (right, total) in f["rules_checked_on_2015_copy"].items():  # type: ignore[attr-defined]
        print(f"  {rule} : {right} / {total} ({right / max(1, total):.1%})")
    print(
        f"Numéros R./D. cités dans le texte et attribués à un article : "
        f"{f['cited_numbers_found']} / {f['cited_numbers']}"
    )


_QUOTED = re.compile(r"(«[^»]*»)")


def typographic(sentence: str) -> str:
    """An evidence sentence with the typographic apostrophe of the product's French
    (’); the words it quotes between « » are the shipped text's and stay as they are."""
    return "".join(
        part if part.startswith("«") else part.replace("'", "’") for part in _QUOTED.split(sentence)
    )


def build(repo: Path) -> dict[str, object]:
    new = parse_text(shipped_text())
    olds, tree = read_copy(repo)
    decisions = decide(new, olds)
    assign_headings(new, decisions, olds, tree.titles)
    cut_at_other_places(new, decisions, tree)
    place_in_books(decisions, tree)
    close_books(new, decisions, tree)
    used = sorted({h for d in decisions for h in d.headings})
    renumber = {old: k for k, old in enumerate(used)}
    headings = [
        {
            "title": tree.titles[h],
            "parent": renumber[tree.parents[h]] if tree.parents[h] is not None else None,  # type: ignore[index]
        }
        for h in used
    ]
    articles = []
    for article, decision in zip(new, decisions, strict=True):
        articles.append(
            {
                "line": article.source_line,
                "number": str(decision.number) if decision.number else None,
                "confidence": round(decision.confidence, 3) if decision.number else None,
                "evidence": [typographic(reason) for reason in decision.evidence],
                "candidates": [] if decision.number else decision.candidates,
                "heading": renumber[decision.headings[-1]] if decision.headings else None,
                "depth": article.depth,
            }
        )
    return {
        "text_sha256": SHA256,
        "copy": {"origin": ORIGIN, "licence": LICENCE, **_commit_info(repo), "articles": len(olds)},
        "report": report(new, olds, decisions),
        "headings": headings,
        "articles": articles,
    }


def serialise(data: dict[str, object]) -> bytes:
    """The JSON the data file holds (the checksum is taken on these bytes)."""
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")


def write(data: dict[str, object]) -> str:
    raw = serialise(data)
    digest = hashlib.sha256(raw).hexdigest()
    OUTPUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    source = SOURCE_PY.read_text(encoding="utf-8")
    source = re.sub(r'NUMBERING_SHA256 = "[0-9a-f]*"', f'NUMBERING_SHA256 = "{digest}"', source)
    SOURCE_PY.write_text(source, encoding="utf-8")
    return digest


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "copy", type=Path, help="clone (or bare snapshot) of etalab/codes-juridiques-francais"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"write {OUTPUT.relative_to(ROOT)}")
    action.add_argument(
        "--check",
        action="store_true",
        help="exit 1 unless the data this run would write is the shipped file (same SHA-256)",
    )
    args = parser.parse_args()
    data = build(args.copy)
    print_report(data["report"])  # type: ignore[arg-type]
    if args.write:
        digest = write(data)
        print(f"{OUTPUT.relative_to(ROOT)} écrit (SHA-256 {digest}).")
    if args.check:
        digest = hashlib.sha256(serialise(data)).hexdigest()
        if digest != NUMBERING_SHA256:
            shipped = f"{OUTPUT.relative_to(ROOT)} ({NUMBERING_SHA256})"
            print(f"SHA-256 {digest} : ce n'est pas {shipped}.")
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} est bien ce que le script écrit (SHA-256 {digest}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
