"""REST API of the Code (django-ninja), mounted under /api/v1/law/: public, as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.schemas import MAX_PAGE, PageOut, PageParams, page
from bylaws.code import CODE
from law.models import Article
from law.search import MAX_QUERY_CHARS, search

router = Router(tags=[CODE])


class SearchParams(PageParams):
    q: str = ""
    limit: int = Field(10, ge=1, le=MAX_PAGE)


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


class HitPage(PageOut):
    count: int = Field(
        description=f"Les articles trouvés, au plus {MAX_PAGE} : la recherche n’en classe pas "
        "davantage."
    )
    items: list[HitOut]


# The operation ids the document gave while this router lived in law/api.py: clients generated
# from it keep their names.
@router.get(
    "/search",
    response=HitPage,
    summary="Chercher dans le Code",
    operation_id="law_api_search_code",
)
def search_code(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    if not Article.objects.exists():
        raise HttpError(503, "Le Code n'est pas chargé.")
    # Every hit the search ranks, for the count; a window of them is the page (the first ones
    # are the same whatever the limit: law.search stops its ranked walk at the limit).
    hits = search(params.q[:MAX_QUERY_CHARS], limit=MAX_PAGE)
    window = hits[params.offset : params.offset + params.limit]
    return page(len(hits), [hit.as_json() for hit in window], params)


@router.get(
    "/articles/{reference}",
    response=ArticleOut,
    summary="Un article du Code, par sa ligne dans le texte livré ou par son numéro",
    operation_id="law_api_get_article",
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
