"""REST API of the Code (django-ninja), mounted by the api app under /api/v1/law/."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from bylaws.code import CODE
from law.models import Article
from law.search import MAX_QUERY_CHARS, search

router = Router(tags=[CODE])


class SearchParams(Schema):
    q: str = ""
    limit: int = 10


class VariantOut(Schema):
    """A parallel article grouped under the hit: a copy, or an adaptation overseas."""

    source_line: int
    number: str | None
    label: str


class HitOut(Schema):
    source_line: int
    number: str | None
    number_confidence: float | None
    score: float
    snippet: str
    variants: list[VariantOut] = []


class TableOut(Schema):
    header: list[str]
    rows: list[list[str]]


class ArticleOut(Schema):
    source_line: int
    number: str | None
    number_confidence: float | None
    number_evidence: list[str]
    number_candidates: list[str]
    citation: str | None
    headings: list[str]
    paragraphs: list[str]
    tables: list[TableOut]
    nota: list[str]
    overseas: bool
    cites: list[int]
    cited_by: list[int]
    url: str


@router.get("/search", response=list[HitOut], summary="Chercher dans le Code")
def search_code(request: HttpRequest, params: Query[SearchParams]) -> list[dict[str, object]]:
    if not Article.objects.exists():
        raise HttpError(503, "Le Code n'est pas chargé.")
    limit = max(1, min(params.limit, 100))
    return [hit.as_json() for hit in search(params.q[:MAX_QUERY_CHARS], limit=limit)]


@router.get(
    "/articles/{reference}",
    response=ArticleOut,
    summary="Un article du Code, par sa ligne dans le texte livré ou par son numéro",
)
# The same with a trailing slash, as the pages' addresses are written (not in the schema).
@router.get("/articles/{reference}/", response=ArticleOut, include_in_schema=False)
def get_article(request: HttpRequest, reference: str) -> dict[str, object]:
    article = Article.objects.select_related("heading").by_reference(reference)
    if article is None:
        candidates = Article.objects.letter_candidates(reference)
        if len(candidates) > 1:
            raise HttpError(
                404, "Plusieurs articles portent ce numéro : " + ", ".join(candidates) + "."
            )
        raise HttpError(404, "Aucun article ne porte ce numéro ni ne commence à cette ligne.")
    source_line = article.source_line
    return {
        "source_line": article.source_line,
        "number": article.number or None,
        "number_confidence": article.number_confidence,
        "number_evidence": article.number_evidence,
        "number_candidates": article.number_candidates,
        "citation": article.citation or None,
        "headings": [h.title for h in article.heading.trail()] if article.heading else [],
        "paragraphs": [b["p"] for b in article.blocks if "p" in b],
        "tables": [b["table"] for b in article.blocks if "table" in b],
        "nota": article.nota,
        "overseas": article.overseas,
        "cites": sorted(
            {t for t in article.references_out.values_list("target_id", flat=True) if t}
        ),
        "cited_by": sorted(
            {
                s
                for s in article.references_in.values_list("source_id", flat=True)
                if s != source_line
            }
        ),
        "url": article.get_absolute_url(),
    }
