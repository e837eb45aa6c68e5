"""Parse the plain-text Code de l'éducation into articles, paragraphs, notes and tables.

The file has no headings and no article numbers: each article is a bullet `•`
whose indentation gives the depth of the section it belongs to, followed by its
paragraphs (one per non-blank line). Pure Python, no Django, so that the
citation checks and the benchmark can use it without a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BULLET = "•"
# Bullets sit at 8, 10, 12, 14 or 16 spaces: depth 0 (chapter) to 4 (sub-paragraph).
BASE_INDENT = 8

# Entry-into-force and application notes that Légifrance shows as "NOTA". In the
# plain text they are ordinary paragraphs; they open with these formulas and run
# to the end of the article. "Conformément à l'article L. 124-2, ..." is body text:
# a note always names the decree, law or decision it comes from.
_NOTA_START = re.compile(
    r"^(?:"
    r"Conformément\b.{0,120}?\b(?:décret|loi|ordonnance|arrêté|annexe)\b"
    r"|Se reporter\b"
    r"|(?:Décret|Loi|Ordonnance) n°\s*[\d-]+"
    r"|Aux termes\b.{0,80}?\b(?:décret|loi|ordonnance)\b"
    r"|Par décision n[o°]"
    r"|Dans sa décision n[o°]"
    r")",
    re.IGNORECASE,
)

OVERSEAS_PLACES = (
    "Polynésie française",
    "Nouvelle-Calédonie",
    "Wallis et Futuna",
    "Wallis-et-Futuna",
    "Mayotte",
    "Saint-Pierre-et-Miquelon",
    "Saint-Barthélemy",
    "Saint-Martin",
    "Terres australes",
)
# The overseas applicability tables: a header of upper-case cells, then cells
# naming articles ("D. 123-20 à D. 123-22") and the wording they apply in
# ("Résultant du décret n° ..."). The export is ragged (cells glued together,
# cut in two, a wording shared by several rows), so the region is re-cut on
# the wording formula rather than read cell by cell.
_TABLE_HEADER = re.compile(r"^[A-ZÀÂÉÈÊÎÔÛÇ' ,-]{6,80}$")
_ARTICLE_CELL = re.compile(r"^(?:[LRD]\*{0,2}\.?\s?\d|Art(?:icle)?s?\.?\s+[LRD]\.)")
_TABLE_END = re.compile(r"^(?:[IVX]+\s?\.?\s?-|Conformément|Se reporter|\d+°)")
_WORDING = re.compile(
    r"(?:(?:Résultant|Dans (?:sa|leur) rédaction résultant)\s+(?:du|des|de\s+la|de\s+l['’])\s*)?"
    r"(?:décret|ordonnance|loi)\s+n°\s*[\d-]+\s+du\s+\d{1,2}(?:er)?\s+[a-zéû]+\s+\d{4}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def as_text(self) -> str:
        lines = [" | ".join(self.header)]
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join(lines)


Block = str | Table


@dataclass
class Article:
    source_line: int
    end_line: int
    depth: int
    blocks: list[Block] = field(default_factory=list)
    nota: list[str] = field(default_factory=list)
    overseas: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def lead(self) -> str:
        """The first paragraph: it usually states what the article is about."""
        return self.paragraphs[0] if self.paragraphs else ""

    @property
    def body_text(self) -> str:
        """Everything but the notes, tables flattened one row a line."""
        parts = [b if isinstance(b, str) else b.as_text() for b in self.blocks]
        return "\n\n".join(parts)

    @property
    def full_text(self) -> str:
        return "\n\n".join([self.body_text, *self.nota]).strip()


@dataclass
class Section:
    """A run of consecutive articles at one depth, nested under the run before it
    at a lower depth: the file gives no section titles, only their depth."""

    first_line: int
    depth: int
    articles: list[int] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)


def is_nota_start(paragraph: str) -> bool:
    return bool(_NOTA_START.match(paragraph))


def is_overseas(lead: str) -> bool:
    """Adaptation and application articles for the overseas collectivities."""
    return any(place.lower() in lead.lower() for place in OVERSEAS_PLACES)


def _table_rows(cells: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    text = " ".join(cells)
    rows: list[tuple[str, ...]] = []
    position = 0
    for match in _WORDING.finditer(text):
        articles = text[position : match.start()].strip(" ,")
        wording = match.group(0)
        if articles:
            rows.append((articles, wording))
        elif rows:  # a wording cell cut in two by the export
            rows[-1] = (rows[-1][0], f"{rows[-1][1]} {wording}")
        position = match.end()
    rest = text[position:].strip(" ,")
    if rest:
        rows.append((rest, ""))
    return tuple(rows)


def _split_tables(paragraphs: Sequence[str]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    n = len(paragraphs)
    while i < n:
        j = i
        while j < n and j - i < 4 and _TABLE_HEADER.match(paragraphs[j]):
            j += 1
        if j - i < 2 or j >= n or not _ARTICLE_CELL.match(paragraphs[j]):
            blocks.append(paragraphs[i])
            i += 1
            continue
        header = tuple(paragraphs[i:j])
        k = j
        while k < n and len(paragraphs[k]) < 300 and not _TABLE_END.match(paragraphs[k]):
            k += 1
        blocks.append(Table(header, _table_rows(paragraphs[j:k])))
        i = k
    return blocks


def _build_article(source_line: int, depth: int, lines: list[tuple[int, str]]) -> Article:
    blocks = _split_tables([text for _, text in lines])
    # Notes come last: after the lead and after any table (whose cells also cite decrees).
    first_candidate = 1 + max((k for k, b in enumerate(blocks) if isinstance(b, Table)), default=0)
    nota_at = next(
        (
            k
            for k in range(first_candidate, len(blocks))
            if isinstance(blocks[k], str) and is_nota_start(str(blocks[k]))
        ),
        len(blocks),
    )
    nota = [str(b) for b in blocks[nota_at:]]
    end_line = lines[-1][0] if lines else source_line
    article = Article(source_line, end_line, depth, blocks[:nota_at], nota)
    article.overseas = is_overseas(article.lead)
    return article


def parse_lines(lines: Iterable[str]) -> list[Article]:
    articles: list[Article] = []
    current: tuple[int, int, list[tuple[int, str]]] | None = None
    for number, raw in enumerate(lines, start=1):
        stripped = raw.lstrip(" ")
        if stripped.startswith(BULLET):
            if current:
                articles.append(_build_article(*current))
            indent = len(raw) - len(stripped)
            depth = max(0, (indent - BASE_INDENT) // 2)
            current = (number, depth, [(number, stripped[1:].strip())])
        elif current and stripped.strip() and raw.startswith(" "):
            # Unindented lines are page furniture ("Retourner en haut de la page").
            current[2].append((number, stripped.strip()))
    if current:
        articles.append(_build_article(*current))
    return articles


def parse_text(text: str) -> list[Article]:
    return parse_lines(text.split("\n"))


def build_sections(articles: Sequence[Article]) -> list[Section]:
    """The section tree implied by the bullets' indentation; returns the roots."""
    roots: list[Section] = []
    stack: list[Section] = []
    previous_depth = -1
    for article in articles:
        if article.depth != previous_depth:
            while stack and stack[-1].depth >= article.depth:
                stack.pop()
            section = Section(
                article.source_line, article.depth, parent=stack[-1] if stack else None
            )
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
            previous_depth = article.depth
        stack[-1].articles.append(article.source_line)
    return roots


def iter_sections(roots: Iterable[Section]) -> Iterable[Section]:
    for section in roots:
        yield section
        yield from iter_sections(section.children)
