"""Cross-references: "article D. 721-5", "articles R. 421-2 à R. 421-5", "du présent
article", "de l'article L. 114 du code de l'action sociale et des familles".

Pure Python. A reference is in this Code unless the words after its list of
numbers name another code ("du code du travail", "du même code" after one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = r"[LRD]\*{0,2}\.\s?\d+(?:-\d+)*"
_TOKEN = re.compile(_NUMBER)
# A list of numbers: "R. 421-2 à R. 421-5", "D. 111-7 à D. 111-10 et D. 111-14".
_GROUP = re.compile(
    _NUMBER + r"(?:\s*(?:,\s*(?:et\s+|ou\s+)?|\s+et\s+|\s+ou\s+|\s+à\s+)" + _NUMBER + r")*"
)
_OTHER_CODE = re.compile(
    r"^\s*,?\s*(?:du|de la|de l['’])\s+(code\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+)?"
    r"[\w'’ -]+?)(?=[,.;:)]|\s+(?:et|ou|dans|sont|est|relatif|relative|en|pour|le|la|les|qui)\b|$)",
    re.IGNORECASE,
)
# Code names that contain "et", which the generic pattern would cut short.
_LONG_CODES = re.compile(
    r"^\s*,?\s*(?:du|de la|de l['’])\s+(code (?:de l['’]action sociale et des familles"
    r"|des relations entre le public et l['’]administration"
    r"|de l['’]entrée et du séjour des étrangers et du droit d['’]asile"
    r"|des postes et des communications électroniques"
    r"|de la recherche|de la santé publique|général des collectivités territoriales))",
    re.IGNORECASE,
)
_SAME_CODE = re.compile(r"^\s*,?\s*du même code", re.IGNORECASE)
_THIS_CODE = re.compile(r"^\s*,?\s*du (?:présent code|code de l['’]éducation)", re.IGNORECASE)
_SELF = re.compile(r"\b(?:du|au|le|par le) présent article\b", re.IGNORECASE)
_PREVIOUS = re.compile(r"\bl['’]article précédent\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    start: int  # offsets in the paragraph
    end: int
    number: str  # "D. 721-5" ("" for "présent article" / "article précédent")
    kind: str  # "article", "range_start", "range_end", "self", "previous"
    other_code: str = ""  # "code du travail"; empty when the reference is to this Code

    @property
    def in_code(self) -> bool:
        return not self.other_code

    @property
    def regulatory(self) -> bool:
        """R. and D. articles are in the shipped text; L. ones are the legislative part."""
        return self.number[:1] in {"R", "D"}


def normalise_number(text: str) -> str:
    letter, rest = text.replace("*", "").split(".", 1)
    return f"{letter}. {rest.strip()}"


def find_references(paragraph: str, previous_code: str = "") -> Iterator[Reference]:
    """References in one paragraph, in order. `previous_code` carries "du même code"."""
    other = previous_code
    for group in _GROUP.finditer(paragraph):
        tail = paragraph[group.end() : group.end() + 160]
        if _THIS_CODE.match(tail):
            code = ""
        elif _SAME_CODE.match(tail):
            code = other
        else:
            found = _LONG_CODES.match(tail) or _OTHER_CODE.match(tail)
            code = found.group(1).strip() if found else ""
        if code and "éducation" in code.lower() and "code de l" in code.lower():
            code = ""
        if code:
            other = code
        tokens = list(_TOKEN.finditer(group.group(0)))
        for i, token in enumerate(tokens):
            between_before = group.group(0)[tokens[i - 1].end() : token.start()] if i else ""
            between_after = (
                group.group(0)[token.end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ""
            )
            kind = "article"
            if " à " in f" {between_after} ":
                kind = "range_start"
            elif " à " in f" {between_before} ":
                kind = "range_end"
            yield Reference(
                group.start() + token.start(),
                group.start() + token.end(),
                normalise_number(token.group(0)),
                kind,
                code,
            )
    for match in _SELF.finditer(paragraph):
        yield Reference(match.start(), match.end(), "", "self")
    for match in _PREVIOUS.finditer(paragraph):
        yield Reference(match.start(), match.end(), "", "previous")


def references_in(paragraphs: list[str]) -> list[tuple[int, Reference]]:
    """(paragraph index, reference) over an article, "du même code" carried along."""
    found: list[tuple[int, Reference]] = []
    code = ""
    for index, paragraph in enumerate(paragraphs):
        for reference in sorted(find_references(paragraph, code), key=lambda r: r.start):
            found.append((index, reference))
            if reference.other_code:
                code = reference.other_code
    return found
