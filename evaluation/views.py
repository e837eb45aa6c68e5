from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from councils import roles
from documents.csvfiles import CsvError, uploaded_csv
from documents.pdf import pdf_response, render_pdf
from evaluation import actions, importing
from evaluation.access import get_council_for_pack, get_institution_for_observatory
from evaluation.forms import ImportForm, ObservatoryMemberForm, ValueForm, year_validator
from evaluation.models import Indicator
from evaluation.pack import build, current_year, figures_csv


def _year(request: HttpRequest) -> str:
    year = request.GET.get("annee", "")
    try:
        year_validator(year)
    except ValidationError:
        return current_year()
    return year


@login_required
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_pack(request, pk)
    year = _year(request)
    start = int(year[:4])
    return render(
        request,
        "evaluation/pack.html",
        {
            "pack": build(council, year),
            "council": council,
            "can_edit": roles.may_enter_indicators(request.user, council),
            "can_read_council": roles.may_read_council(request.user, council),
            "previous": f"{start - 1}-{start}",
            "next": f"{start + 1}-{start + 2}",
        },
    )


@login_required
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_pack(request, pk)
    year = _year(request)
    data = render_pdf("evaluation/pack_pdf.html", {"pack": build(council, year)}, request)
    return pdf_response(data, f"bilan-{council.pk}-{year}.pdf")


@login_required
def pack_csv(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_pack(request, pk)
    year = _year(request)
    response = HttpResponse(
        figures_csv(build(council, year)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="bilan-{council.pk}-{year}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter one value, or import a CSV file (preview, then apply in one transaction)."""
    council = get_council_for_pack(request, pk, write=True)
    actions.ensure_default_indicators(council.institution)
    user = request.user
    assert isinstance(user, User)
    value_form = ValueForm(council, request.POST if "enter" in request.POST else None)
    import_form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "council": council,
        "can_read_council": roles.may_read_council(user, council),
        "value_form": value_form,
        "import_form": import_form,
        "columns": importing.COLUMNS,
        "indicators": Indicator.objects.filter(institution=council.institution_id),
    }
    status = 200
    if request.method == "POST" and "enter" in request.POST:
        if value_form.is_valid():
            data = value_form.cleaned_data
            try:
                actions.set_value(
                    council,
                    by=user,
                    indicator=data["indicator"],
                    track=data["track"],
                    year=data["year"],
                    value=data["value"],
                    source=data["source"],
                )
            except ValidationError as exc:
                value_form.add_error(None, exc)
            else:
                messages.success(request, _("Valeur enregistrée."))
                return redirect("evaluation:indicators", council.pk)
        status = 422
    elif request.method == "POST":
        payload = uploaded_csv(request, import_form)
        if payload is None:
            status = 422
        else:
            try:
                if "apply" in request.POST:
                    rows = importing.apply(council, payload, by=user)
                    messages.success(
                        request,
                        ngettext("%(n)s valeur importée.", "%(n)s valeurs importées.", len(rows))
                        % {"n": len(rows)},
                    )
                    return redirect("evaluation:pack", council.pk)
                context["rows"] = importing.read(council, payload)
                context["payload"] = payload.decode("utf-8-sig")
            except CsvError as exc:
                context["error"] = str(exc)
                status = 422
    return render(request, "evaluation/indicators.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def observatory(request: HttpRequest, pk: int) -> HttpResponse:
    """The director names the accounts of the institution's observatoire des formations."""
    institution = get_institution_for_observatory(request, pk)
    user = request.user
    assert isinstance(user, User)
    form = ObservatoryMemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            person = form.cleaned_data["email"]
            try:
                actions.add_to_observatory(institution, person, by=user)
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                messages.success(
                    request,
                    _("%(name)s fait désormais partie de l’observatoire.")
                    % {"name": person.display_name},
                )
                return redirect("evaluation:observatory", institution.pk)
        status = 422
    members = institution.observatory_members.select_related("person")
    return render(
        request,
        "evaluation/observatory.html",
        {"institution": institution, "form": form, "members": members},
        status=status,
    )


# Refuse GET before anything else: the walk expects 405 from every visitor, signed in or not.
@require_POST
@login_required
def observatory_remove(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    institution = get_institution_for_observatory(request, pk)
    user = request.user
    assert isinstance(user, User)
    seat = get_object_or_404(institution.observatory_members.select_related("person"), pk=member)
    actions.remove_from_observatory(seat, by=user)
    messages.success(
        request,
        _("%(name)s ne fait plus partie de l’observatoire.") % {"name": seat.person.display_name},
    )
    return redirect("evaluation:observatory", institution.pk)
