"""The director sets the year's calendar (a council's, or the institute's at once); readers of
a council read its set calendar as a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from councils import roles
from councils.models import Council, Institution
from documents.pdf import pdf_response
from meetings import calendar_acts
from meetings.calendars import _year
from meetings.models import CalendarAct


def _year_of(request: HttpRequest) -> str:
    return _year(request.POST.get("annee") or request.GET.get("annee"), timezone.localdate())


def _page(
    request: HttpRequest, institution: Institution, councils: list[Council], council: Any
) -> HttpResponse:
    year = _year_of(request)
    if request.method == "POST":
        assert isinstance(request.user, User)
        try:
            outcome = calendar_acts.set_calendar(
                institution, year, by=request.user, council=council
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if outcome.acts:
                messages.success(
                    request,
                    _("Calendrier %(year)s arrêté ; les membres en sont informés.")
                    % {"year": year},
                )
            else:
                messages.info(request, _("Ce calendrier était déjà arrêté : rien n’a changé."))
        return redirect(f"{request.path}?annee={year}")
    acts = {
        a.council_id: a
        for a in CalendarAct.objects.filter(institution=institution, academic_year=year)
    }
    rows = [
        {
            "council": c,
            "act": acts.get(c.pk),
            "entries": list(acts[c.pk].entries.select_related("meeting")) if c.pk in acts else [],
            "planned": calendar_acts.planned(c, year) if c.pk not in acts else [],
        }
        for c in councils
    ]
    return render(
        request,
        "meetings/calendar_set.html",
        {
            "institution": institution,
            "council": council,
            "year": year,
            "rows": rows,
            "institute_act": acts.get(None),
            "rules": [{"citation": c} for c in calendar_acts.calendar_citations(councils)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_calendar_set(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_object_or_404(Council.objects.select_related("institution"), pk=pk)
    if not roles.may_set_calendar(request.user, council.institution):
        raise PermissionDenied
    return _page(request, council.institution, [council], council)


@login_required
@require_http_methods(["GET", "POST"])
def institution_calendar_set(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk)
    if not roles.may_set_calendar(request.user, institution):
        raise PermissionDenied
    councils = list(institution.councils.active().order_by("name"))
    return _page(request, institution, councils, None)


@login_required
def calendar_act_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(CalendarAct.objects.select_related("council", "institution"), pk=pk)
    if act.council is not None:
        if not roles.may_read_set_calendar(request.user, act.council):
            raise Http404
    elif not roles.directs(request.user, act.institution):
        raise PermissionDenied
    if not act.pdf:
        raise Http404
    with act.pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"calendrier-arrete-{act.academic_year}-{act.pk}.pdf")
