"""Mandate pages: a seat's successor, the renewal of seats ending, the designation acts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from councils import actions, mandates
from councils.access import get_council_for_user, get_membership_for_user
from councils.mandate_forms import RenewalForm, SuccessorForm
from councils.models import Council, Designation, Membership
from councils.views import _user
from documents.pdf import pdf_response, render_pdf


@login_required
@require_http_methods(["GET", "POST"])
def successor(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    seat = get_membership_for_user(request, pk, membership_pk, write=True)
    council = seat.council
    vacant = actions.is_vacant(seat)
    form = SuccessorForm(request.POST or None, initial={"start_date": actions.default_start(seat)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.find_or_create_person(
                data["email"], data["first_name"], data["last_name"]
            )
            actions.designate_successor(
                seat, person, form.act(), by=_user(request), start=data["start_date"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Successeur désigné ; l’acte est enregistré."))
            return redirect(council)
    return render(
        request,
        "councils/successor.html",
        {"council": council, "seat": seat, "vacant": vacant, "form": form},
        status=422 if request.method == "POST" else 200,
    )


def _renewal_seats(council: Council) -> tuple[list[Membership], list[Membership]]:
    """Seats to renew of the yearly categories (all categories if there are none), and the
    seats of the council left vacant within the last year."""
    today = timezone.localdate()
    categories = mandates.renewal_categories(council) or None
    to_renew = mandates.seats_to_renew(council, today, categories)
    vacant = [
        m
        for m in council.memberships.filter(
            end_date__lte=today, end_date__gt=today - mandates.LOOK_BACK, successor__isnull=True
        )
        .exclude(term_end__isnull=False, term_end__lte=today)
        .select_related("person", "component")
        if actions.is_vacant(m, today)
    ]
    return to_renew, vacant


@login_required
@require_http_methods(["GET", "POST"])
def renewal(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    seats, vacant = _renewal_seats(council)
    form = RenewalForm(seats, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairs = [
                (seat, actions.find_or_create_person(email, first, last))
                for seat, email, first, last in form.successors()
            ]
            done = actions.renew_seats(council, pairs, form.act(), by=_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d successeur désigné.", "%(n)d successeurs désignés.", len(done))
                % {"n": len(done)},
            )
            return redirect(council)
    return render(
        request,
        "councils/renewal.html",
        {
            "council": council,
            "form": form,
            "vacant": vacant,
            "policy": mandates.policy(council.council_type),
            "today": timezone.localdate(),
        },
        status=422 if request.method == "POST" else 200,
    )


def _designations(council: Council) -> list[Designation]:
    return list(
        council.designations.select_related(
            "membership__person", "membership__component", "membership__predecessor__person"
        ).order_by("-designated_on", "-pk")
    )


@login_required
def designations(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    return render(
        request,
        "councils/designations.html",
        {"council": council, "designations": _designations(council)},
    )


@login_required
def designations_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    pdf = render_pdf(
        "councils/designations_pdf.html",
        {
            "council": council,
            "institution": council.institution,
            "designations": _designations(council),
            "today": timezone.localdate(),
        },
        request,
    )
    return pdf_response(pdf, f"actes-de-designation-conseil-{council.pk}.pdf")
