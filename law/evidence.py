"""The evidence of a restored number as the article page shows it: the numbering names the
other articles it relies on by their line in the shipped text ("l’article de la ligne 4482"),
which a lawyer cannot use; the page names them by their number, with a link.

The shipped sentences stay as they are (the API serves them, and the numbering cannot know
the numbers it is still deciding): they are reworded here, when shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from law.numbers import NUMBER

# The three ways the numbering names an article by its line (law/numbers.py): the article
# that quotes an amended wording, in brackets; an article the sentence speaks of, maybe
# followed by its number in brackets ("reproduit l’article de la ligne 4482 (D. 239-1)");
# the article that rewrites another ("Réécriture « Art. R. 212-15.- » à la ligne 6114").
# The numbering writes the straight apostrophe and the shipped data the typographic one.
_LINE_MENTION = re.compile(
    r"\(article de la ligne (?P<quoting>\d+)\)"
    r"|(?P<the>l['’])article de la ligne (?P<line>\d+)(?: \(" + NUMBER + r"\))?"
    r"|à la ligne (?P<rewriting>\d+)"
)

# An article of unknown number is named as the search page names it ("Article sans numéro
# connu"), in French whatever the reader's language, since the sentence around it is French.
UNNUMBERED = "sans numéro connu"

# The Code's words the sentence quotes, which may speak of a table's "ligne 3" themselves.
_QUOTED = re.compile(r"«[^»]*»")


def _mentions(reason: str) -> list[tuple[re.Match[str], int]]:
    """Each mention of an article by its line, outside the quoted words, with the line."""
    quoted = [m.span() for m in _QUOTED.finditer(reason)]
    return [
        (m, int(next(g for g in (m["quoting"], m["line"], m["rewriting"]) if g)))
        for m in _LINE_MENTION.finditer(reason)
        if not any(start < m.start() < end for start, end in quoted)
    ]


def lines_mentioned(reasons: Iterable[str]) -> set[int]:
    """The lines of the articles the evidence names by their line."""
    return {line for reason in reasons for _match, line in _mentions(reason)}


def reworded(reason: str, numbers: Mapping[int, str]) -> list[dict[str, Any]]:
    """One evidence sentence cut into parts, each article it names by its line named by its
    number ({"text", "target": line}) or, if unknown, as the page names it elsewhere.

    `numbers` gives the number ("" if unknown) of each line; a line it lacks (not an
    article of the loaded text) is left as written."""
    parts: list[dict[str, Any]] = []
    position = 0
    for match, line in _mentions(reason):
        if line not in numbers:
            continue
        number = numbers[line]
        if match["quoting"]:
            before, after = "(dans l’article ", ")"
        elif match["rewriting"]:
            before, after = "dans l’article ", ""
        else:
            before, after = f"{match['the']}article ", ""
        parts.append({"text": reason[position : match.start()] + before})
        parts.append({"text": number or UNNUMBERED, "target": line})
        if after:
            parts.append({"text": after})
        position = match.end()
    parts.append({"text": reason[position:]})
    return [part for part in parts if part["text"]]
