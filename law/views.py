"""Public pages of the Code: browse, read an article, search. No sign-in required."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from law.bodies import KINDS, OTHER_KIND, TOPICS
from law.bodies_index import councils_of_article, index_of_councils
from law.citations import rules_citing
from law.evidence import lines_mentioned, reworded
from law.french import fold
from law.models import Article, Heading, Reference
from law.numbers import bare_numbers, is_only_a_number, numbers_in
from law.query import keywords_matching
from law.search import COPY, GENERAL, MAX_QUERY_CHARS, OVERSEAS, highlight, search

PAGE_SIZE = 20
MAX_RESULTS = 100
# Below this confidence a restored number is only probable: the rules that give it (order
# alone, a letter taken from the neighbours, an inserted article numbered in sequence)
# agree with the 2015 numbering less often, and a wrong citation in a decision is costly.
# The page then tells the reader to check the number on Légifrance before citing it.
SURE_CONFIDENCE = 0.8
LEGIFRANCE_CODE_URL = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006071191/"


def _tree() -> list[dict[str, Any]]:
    """Every heading as a nested table of contents: [{"heading", "children"}, ...]."""
    nodes: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for heading in Heading.objects.order_by("position"):
        nodes[heading.parent_id].append({"heading": heading, "children": []})
    for siblings in list(nodes.values()):
        for node in siblings:
            node["children"] = nodes.get(node["heading"].pk, [])
    return nodes[None]


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "law/index.html",
        {
            "tree": _tree(),
            "loaded": Article.objects.exists(),
            "article_count": Article.objects.count(),
            "numbered_count": Article.objects.exclude(number="").count(),
        },
    )


CRUMB_CHARS = 60  # a breadcrumb item longer than this is cut, at a word, on the screen


def _crumbs(headings: list[Heading]) -> list[dict[str, Any]]:
    """Breadcrumb items: the words shown, and the rest of a long title, hidden on the screen
    only, so that a screen reader says the whole title (a title attribute alone is not read
    by all of them)."""
    crumbs = []
    for heading in headings:
        title = heading.title
        cut = title.rfind(" ", 0, CRUMB_CHARS + 1) if len(title) > CRUMB_CHARS else len(title)
        if cut <= 0:
            cut = CRUMB_CHARS
        crumbs.append(
            {
                "url": heading.get_absolute_url(),
                "title": title,
                "shown": title[:cut],
                "rest": title[cut:],
            }
        )
    return crumbs


def _page_title(current: Heading, trail: list[Heading]) -> str:
    """The heading's title, followed when other headings bear it ("Sous-section 1 :
    Dispositions générales") by the nearest heading above it whose title is its own."""
    titles = [h.title for h in trail]
    counts = dict(
        Heading.objects.filter(title__in=titles)
        .values("title")
        .annotate(n=Count("pk"))
        .values_list("title", "n")
    )
    if counts.get(current.title, 0) <= 1 or len(trail) < 2:
        return current.title
    above = trail[-2::-1]
    distinct = next((h for h in above if counts.get(h.title, 0) <= 1), above[0])
    return f"{current.title} — {distinct.title}"


def _in_text_order(articles: list[Article], children: list[Heading]) -> list[dict[str, Any]]:
    """The heading's own articles and its subdivisions in the Code's order, as runs: an article
    the numbering left under a Livre between two of its Titres is read between them, not
    before the first."""
    items: list[tuple[int, str, Article | Heading]] = [
        *((a.position, "articles", a) for a in articles),
        *((h.first_article, "children", h) for h in children),
    ]
    runs: list[dict[str, Any]] = []
    for _position, kind, item in sorted(items, key=lambda i: (i[0], i[1] == "articles")):
        if not runs or runs[-1]["kind"] != kind:
            first = kind == "children" and not any(r["kind"] == kind for r in runs)
            runs.append({"kind": kind, "items": [], "first": first})
        runs[-1]["items"].append(item)
    # "Subdivisions" titles the subdivisions when they close the page, not articles after them.
    for run in runs[:-1]:
        run["first"] = False
    return runs


def section(request: HttpRequest, heading_id: int) -> HttpResponse:
    current = get_object_or_404(Heading, pk=heading_id)
    trail = current.trail()
    articles = list(current.articles.only("source_line", "number", "lead", "overseas", "position"))
    children = list(current.children.all())
    return render(
        request,
        "law/section.html",
        {
            "section": current,
            "page_title": _page_title(current, trail),
            "trail": _crumbs(trail[:-1]),
            "articles": articles,
            "children": children,
            "runs": _in_text_order(articles, children),
        },
    )


def _segments(text: str, references: list[Reference]) -> list[dict[str, Any]]:
    """The paragraph cut around its references, each reference with its link if known."""
    parts: list[dict[str, Any]] = []
    position = 0
    for ref in sorted(references, key=lambda r: r.start):
        if ref.start < position:
            continue
        if ref.start > position:
            parts.append({"text": text[position : ref.start]})
        parts.append(
            {"text": text[ref.start : ref.end], "target": ref.target_id, "code": ref.other_code}
        )
        position = ref.end
    if position < len(text):
        parts.append({"text": text[position:]})
    return parts


def article(request: HttpRequest, source_line: int) -> HttpResponse:
    current = get_object_or_404(Article.objects.select_related("heading"), source_line=source_line)
    by_paragraph: dict[int, list[Reference]] = defaultdict(list)
    for ref in current.references_out.all():
        if ref.kind not in {"self"}:
            by_paragraph[ref.paragraph].append(ref)
    blocks = []
    paragraph = 0
    for block in current.blocks:
        if "p" in block:
            blocks.append({"segments": _segments(block["p"], by_paragraph[paragraph])})
            paragraph += 1
        else:
            blocks.append({"table": block["table"]})
    citing = (
        Article.objects.filter(references_out__target=current)
        .exclude(source_line=current.source_line)
        .distinct()
        .order_by("position")
        .only("source_line", "number", "lead", "number_evidence")
    )
    # A repeated copy cites what its first copy cites: each citing number is listed once,
    # by its first copy (the articles of unknown number are each their own).
    seen: set[str] = set()
    cited_by = []
    for item in citing:
        if item.number and (item.number in seen or item.number == current.number):
            continue
        seen.add(item.number)
        cited_by.append(item)
    external = sorted(
        {(r.number, r.other_code) for r in current.references_out.all() if r.other_code}
    )
    # The evidence names the articles it relies on by their number, not their line.
    named = dict(
        Article.objects.filter(
            source_line__in=lines_mentioned(current.number_evidence)
        ).values_list("source_line", "number")
    )
    evidence = [reworded(reason, named) for reason in current.number_evidence]
    previous = _neighbour(current, before=True)
    following = _neighbour(current, before=False)
    # Each council once, named as the index names it, its topics in the index's order.
    bodies = [
        (anchor, name, _as_list([str(TOPIC_LABELS[t]) for t in topics]))
        for anchor, name, topics in councils_of_article(current)
    ]
    return render(
        request,
        "law/article.html",
        {
            "article": current,
            "blocks": blocks,
            "cited_by": cited_by,
            "evidence": evidence,
            "external": external,
            "previous": previous,
            "following": following,
            "rules": rules_citing(current.source_line),
            "trail": _crumbs(current.heading.trail()) if current.heading else [],
            "bodies": bodies,
            "probable": bool(current.number) and (current.number_confidence or 0) < SURE_CONFIDENCE,
            "legifrance_url": LEGIFRANCE_CODE_URL,
        },
    )


def _as_list(labels: list[str]) -> str:
    """ "Composition, fonctionnement": labels in a sentence, the first one capitalised."""
    return ", ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])])


NEIGHBOUR_BATCH = 20  # a run of repeated copies is longer than one article, rarely than 20


def _neighbour(current: Article, before: bool) -> Article | None:
    """The nearest distinct article on one side: repeated copies of a text and articles of
    the same number are passed over, so that the pager never offers one number twice."""
    articles = Article.objects.only("source_line", "number", "position", "number_evidence")
    if before:
        articles = articles.filter(position__lt=current.position).order_by("-position")
    else:
        articles = articles.filter(position__gt=current.position).order_by("position")
    start = 0
    while batch := list(articles[start : start + NEIGHBOUR_BATCH]):
        for candidate in batch:
            if not candidate.is_copy and not (
                candidate.number and candidate.number == current.number
            ):
                return candidate
        start += NEIGHBOUR_BATCH
    return None


def article_by_reference(request: HttpRequest, reference: str) -> HttpResponse:
    """/code/article/D721-6/: the article of that number in any spelling, at its address; a
    number without its letter that two articles bear leads to the search page that lists
    both."""
    named = _article_named(reference)
    if named is not None:
        return redirect(named)
    # Two articles bear it without its letter, or only articles of unknown number may bear
    # it: the search page says which.
    if len(Article.objects.letter_candidates(reference)) > 1 or (
        Article.objects.numbered_possibly(reference)
    ):
        return HttpResponseRedirect(f"{reverse('law:search')}?{urlencode({'q': reference})}")
    raise Http404


# The API returns the French label as a stable value; the page shows it in the reader's language.
VARIANT_LABELS = {
    COPY: _("copie"),
    OVERSEAS: _("adaptation outre-mer"),
    GENERAL: _("article général"),
}


def _article_named(query: str) -> Article | None:
    """The one article a query made only of its number designates ("721-6", "D721-6",
    "art. D. 721-6"), or None: a question, a number no article or two articles bear.
    A bare figure ("34856") is a word to search, not a line of the shipped text."""
    if not is_only_a_number(query):
        return None
    return Article.objects.by_reference(query)


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    page_number = request.GET.get("page", "1")
    # A number alone leads straight to its article, as on Légifrance.
    if named := _article_named(query):
        return redirect(named)
    results: list[dict[str, Any]] = []
    page = None
    # A number the reader typed that no article bears is said first, before the word matches.
    missing = [
        n for n in dict.fromkeys(numbers_in(query)) if not Article.objects.filter(number=n).exists()
    ]
    # A number typed without its letter: each article it can stand for, or none.
    ambiguous: list[tuple[str, list[Article]]] = []
    for bare in dict.fromkeys(bare_numbers(query)):
        candidates = Article.objects.letter_candidates(bare)
        if not candidates:
            missing.append(bare)
        elif len(candidates) > 1:
            # by_reference: the most sure of the articles bearing it (a repeated copy bears
            # its first copy's number too).
            bearing = [Article.objects.by_reference(n) for n in candidates]  # two at most
            ambiguous.append((bare, [a for a in bearing if a is not None]))
    if query.strip() and Article.objects.exists():
        hits = search(query, limit=MAX_RESULTS)
        paginator = Paginator(hits, PAGE_SIZE)
        page = paginator.get_page(page_number)
        # An article whose number is unknown is named by the heading it stands under; the
        # keywords that gave it the reader's words its text lacks say why it was found.
        shown = {
            line: (title, keywords)
            for line, title, keywords in Article.objects.filter(
                source_line__in=[h.source_line for h in page.object_list]
            ).values_list("source_line", "heading__title", "keywords")
        }
        results = [
            {
                "hit": hit,
                "heading": (title or "") if not hit.number else "",
                "keywords": keywords_matching(keywords, set(hit.keyword_terms)),
                "parts": highlight(hit.snippet, set(hit.terms)),
                "variants": [(v, VARIANT_LABELS[v.label]) for v in hit.variants],
            }
            for hit in page.object_list
            # A reload between the search and this query: the hit is shown without them.
            for title, keywords in [shown.get(hit.source_line, ("", ""))]
        ]
    # A number no article bears may be the unknown number of an article whose candidates
    # include it: each is named, as `conseils law show` does.
    possible = {
        number: Article.objects.filter(
            source_line__in=[line for line, _ in Article.objects.numbered_possibly(number)[:5]]
        ).select_related("heading")
        for number in missing
    }
    return render(
        request,
        "law/search.html",
        {
            "query": query,
            "missing": [(number, possible[number]) for number in missing],
            "ambiguous": ambiguous,
            "results": results,
            "page": page,
            "loaded": Article.objects.exists(),
        },
    )


# The interface's words for the index's topics and kinds of institution; the councils' names
# stay the Code's French.
TOPIC_LABELS = {
    "composition": _("Composition"),
    "quorum": _("Quorum"),
    "mandats": _("Mandats et élections"),
    "fonctionnement": _("Fonctionnement"),
}
KIND_LABELS = {
    "ecoles": _("Écoles maternelles et élémentaires"),
    "eple": _("Collèges et lycées (EPLE)"),
    "superieur": _("Universités et établissements d’enseignement supérieur"),
    "inspe": _("Instituts nationaux supérieurs du professorat et de l’éducation (INSPE)"),
    "etranger": _("Établissements d’enseignement français à l’étranger"),
    "etablissements-nationaux": _("Établissements publics nationaux"),
    "instances": _("Instances nationales et académiques"),
    OTHER_KIND: _("Autres conseils"),
}


def bodies(request: HttpRequest) -> HttpResponse:
    """The councils by kind of institution, each by its full name (whose council it is, as the
    headings of its articles say), with its articles by number, topic by topic."""
    councils: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for council in index_of_councils():
        councils[council.kind].append(
            {
                "anchor": council.anchor,
                "name": council.name,
                # Numbered articles in a line; those of unknown number each on its own, told
                # apart by where they stand and how they begin.
                "topics": [
                    (
                        TOPIC_LABELS[t],
                        [i for i in council.topics[t] if i.article.number],
                        [i for i in council.topics[t] if not i.article.number],
                    )
                    for t in TOPICS
                    if t in council.topics
                ],
            }
        )
    kinds = [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "councils": sorted(councils[kind], key=lambda c: fold(c["name"])),
        }
        for kind in [*KINDS, OTHER_KIND]
        if councils.get(kind)
    ]
    return render(request, "law/bodies.html", {"kinds": kinds})
