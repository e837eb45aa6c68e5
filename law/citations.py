"""Citations of the Code from elsewhere in the product: links and verbatim checks.

`quote_in_article` reads the shipped text, not the database, so that the rule
packs can be checked in any test or script without loading the Code.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.urls import reverse

from law.parser import Article, parse_text
from law.source import shipped_text


def article_url_for_line(source_line: int) -> str:
    return reverse("law:article", kwargs={"source_line": int(source_line)})


@lru_cache(maxsize=1)
def _articles() -> dict[int, Article]:
    return {a.source_line: a for a in parse_text(shipped_text())}


def article_text(source_line: int) -> str | None:
    article = _articles().get(int(source_line))
    return article.full_text if article else None


def _squash(text: str) -> str:
    # Typography differs between a pack and the Code (’ or ', non-breaking spaces).
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def quote_in_article(source_line: int, quote: str) -> bool:
    """True when the quote stands word for word in the article that starts at this line."""
    text = article_text(source_line)
    if text is None or not quote.strip():
        return False
    return _squash(quote) in _squash(text)


@dataclass(frozen=True)
class PackRule:
    pack: str
    rule_id: str
    label: str
    code_line: int
    quote: str
    # The rule takes a default from this article, which governs another council.
    analogy: bool = False
    label_en: str = ""  # the pack's English label, when it has one

    @property
    def shown_label(self) -> str:
        """The label in the reader's language: the article page is read in English too."""
        from django.utils.translation import get_language

        english = (get_language() or "fr").startswith("en")
        return self.label_en if english and self.label_en else self.label

    @property
    def council_name(self) -> str:
        """The council type as users know it (« COSP », « Conseil d'institut »), never its code."""
        from django.utils.translation import get_language

        from bylaws.engine import load_pack

        return load_pack(self.pack).name(get_language() or "fr")


def packs_directory() -> Path | None:
    spec = importlib.util.find_spec("bylaws")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "packs"
    return folder if folder.is_dir() else None


def pack_rules_citing_the_code() -> list[PackRule]:
    """Every rule of every pack whose citation carries `code_line` (read as data)."""
    folder = packs_directory()
    found: list[PackRule] = []
    for path in sorted(folder.glob("*.toml")) if folder else []:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        # The composition rules, then how the council sits and decides (quorum, majority).
        sitting = data.get("sitting", {})
        sitting_rules = [
            {"id": f"sitting.{key}", "label": label, "citation": sitting[key]["citation"]}
            for key, label in (
                ("quorum", {"fr": "Quorum", "en": "Quorum"}),
                ("majority", {"fr": "Majorité des délibérations", "en": "Majority of decisions"}),
            )
            if "citation" in sitting.get(key, {})
        ]
        for rule in [*data.get("rule", []), *sitting_rules]:
            citation = rule.get("citation", {})
            if "code_line" in citation:
                labels = rule.get("label", {})
                label = labels.get("fr", rule.get("id", ""))
                line = int(citation["code_line"])
                found.append(
                    PackRule(
                        path.stem,
                        rule["id"],
                        label,
                        line,
                        citation.get("quote", ""),
                        analogy=_borrowed(line, path.stem),
                        label_en=labels.get("en", ""),
                    )
                )
    return found


def _borrowed(code_line: int, council_type: str) -> bool:
    from bylaws.sittings import BORROWED, body_of

    borrowed = BORROWED.get(code_line)
    return borrowed is not None and body_of(council_type) not in borrowed.bodies


def rules_citing(source_line: int) -> list[PackRule]:
    return [r for r in pack_rules_citing_the_code() if r.code_line == source_line]
