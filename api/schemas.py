"""Schemas shared by the routers: errors, pages of a list, people, rules and their citations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import ConfigDict

import bylaws

MAX_PAGE = 100


# What the server refuses, the document refuses: no NUL character in a string (api.parsing),
# and one that must say something holds at least one visible character.
NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


class StrictIn(Schema):
    """A request body: a property the schema does not name is refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str


class CitationOut(Schema):
    source: str
    quote: str
    url: str | None = Field(None, description="La page du site où lire le texte cité.")


class ViolationOut(Schema):
    rule: str
    message: str
    citation: CitationOut
    members: list[str]


class IllegalChangeOut(Schema):
    detail: str
    violations: list[ViolationOut]


class PageParams(Schema):
    """limit/offset: a client walks a long list with offset += limit until offset >= count."""

    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class PageOut(Schema):
    """A page of a list: `items` from `offset`, at most `limit` of them, of `count` in all."""

    count: int
    limit: int
    offset: int


class PersonOut(Schema):
    id: int
    name: str
    email: str | None = Field(
        None, description="Visible de ceux qui tiennent la composition (direction, mention)."
    )


def lang() -> str:
    return (get_language() or "fr")[:2]


def citation_out(citation: bylaws.Citation) -> dict[str, Any]:
    """The same links as the council page (councils/_citation.html)."""
    url = None
    if citation.document:
        url = reverse("source_document", args=[citation.document.removesuffix(".txt")])
    elif citation.code_line:
        url = reverse("law:article", args=[citation.code_line])
    return {"source": citation.source, "quote": citation.quote, "url": url}


def violation_out(violation: bylaws.Violation) -> dict[str, Any]:
    return {
        "rule": violation.rule.id,
        "message": violation.message(lang()),
        "citation": citation_out(violation.rule.citation),
        "members": list(violation.members),
    }


def page(count: int, items: list[Any], params: PageParams) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}
