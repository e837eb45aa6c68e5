"""The composition annex of the internal regulations, as PDF: one council, or all of them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from councils.access import get_council_for_user, get_institution_for_director
from councils.models import Council
from councils.proposals import PROPOSED_BY_COSP, decision_followed
from documents.pdf import pdf_response, render_pdf


def _sections(councils: list[Council]) -> list[dict[str, object]]:
    sections: list[dict[str, object]] = []
    for council in councils:
        results = council.evaluate()
        sources = list(dict.fromkeys(r.rule.citation.source for r in results))
        legal = all(r.ok for r in results)
        sections.append(
            {
                "council": council,
                "results": results,
                "sources": sources,
                "legal": legal,
                # The decision the composition follows (the CPERs: COSP's proposal, director).
                "decision": decision_followed(council),
                "proposed_by_cosp": council.council_type in PROPOSED_BY_COSP,
            }
        )
    return sections


@login_required
def council_annex(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    # The annex names each council's sites too, which no list page shows.
    (loaded,) = (
        Council.objects.filter(pk=council.pk).prefetch_related("sites").fetch_with_composition()
    )
    pdf = render_pdf(
        "councils/annex.html",
        {
            "institution": loaded.institution,
            "sections": _sections([loaded]),
            "today": timezone.localdate(),
            "single": True,
        },
        request,
    )
    return pdf_response(pdf, f"annexe-composition-conseil-{council.pk}.pdf")


@login_required
def institution_annex(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_director(request, pk)
    councils = (
        institution.councils.order_by("name").prefetch_related("sites").fetch_with_composition()
    )
    pdf = render_pdf(
        "councils/annex.html",
        {
            "institution": institution,
            "sections": _sections(councils),
            "today": timezone.localdate(),
            "single": False,
        },
        request,
    )
    return pdf_response(pdf, f"annexe-composition-{institution.short_name.lower()}.pdf")
