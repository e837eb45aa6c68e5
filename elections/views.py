"""Election pages: thin views that parse, call one action, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from councils import roles
from councils.access import get_council_for_user
from councils.actions import is_vacant
from councils.importing import import_page
from documents.csvfiles import uploaded_csv
from documents.pdf import pdf_response, render_pdf
from elections import actions, compute, lifecycle
from elections import electors as roll
from elections.access import get_election_for_user
from elections.forms import (
    CandidateForm,
    ElectionForm,
    ElectorForm,
    ImportForm,
    ListForm,
    ResultsForm,
)
from elections.models import Candidate, Election


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


T = TypeVar("T")


def _step_page(
    request: HttpRequest,
    election: Election,
    step: str,
    form: forms.Form,
    act: Callable[[dict[str, Any]], T],
    done: Callable[[T], tuple[str, str]],
    template: str,
    **extra: Any,
) -> HttpResponse:
    """The page of one step of the election: a POST is refused first when the election's state
    does not allow the step (409 naming the state, before any form error), then the form is
    read and the action called once; `done` words the success and says where to go (a message
    and a URL), and a refusal of the action goes back to the form (422)."""
    if request.method == "POST":
        lifecycle.require(election, step)
        if form.is_valid():
            try:
                outcome = act(form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                message, url = done(outcome)
                messages.success(request, message)
                return redirect(url)
    return render(
        request,
        template,
        _context(request, election, form=form, **extra),
        status=422 if request.method == "POST" else 200,
    )


def _context(request: HttpRequest, election: Election, **extra: Any) -> dict[str, Any]:
    return {
        "election": election,
        "council": election.council,
        "can_run": roles.may_run_elections(request.user, election.council),
        "allows": {step: lifecycle.allows(election, step) for step in lifecycle.STEPS},
        "state_label": Election.State(election.state).label,
        **extra,
    }


@login_required
def council_elections(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    return render(
        request,
        "elections/list.html",
        {
            "council": council,
            "elections": council.elections.all(),
            "can_run": roles.may_run_elections(request.user, council),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    form = ElectionForm(council, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = actions.create_election(
                council,
                actions.Settings(
                    category=data["category"],
                    seats=data["seats"],
                    held_on=data["held_on"],
                    mandate_start=data["mandate_start"],
                    users=data["users"],
                ),
                by=_user(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Élection créée."))
            return redirect(election)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "elections/create.html", {"council": council, "form": form}, status=status
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return render(
        request,
        "elections/detail.html",
        _context(
            request,
            election,
            lists=election.lists.prefetch_related("candidates__person"),
            electors_count=election.electors.count(),
            seats=election.elected_seats.select_related(
                "candidate__person", "candidate__list", "membership", "substitute__person"
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def electors(request: HttpRequest, pk: int) -> HttpResponse:
    # The roll lists people's addresses: the organisers read it, not every reader.
    election = get_election_for_user(request, pk, write=True)
    return _step_page(
        request,
        election,
        "electors",
        ElectorForm(request.POST or None),
        lambda data: actions.add_elector(
            election, data["last_name"], data["first_name"], data["email"], by=_user(request)
        ),
        lambda _elector: (_("Électeur ajouté."), reverse("elections:electors", args=[pk])),
        "elections/electors.html",
        electors=election.electors.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def electors_import(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)

    def read() -> bytes | None:
        data = uploaded_csv(request, form)
        return None if data is None else roll.as_csv(data)

    return import_page(
        request,
        form,
        read=read,
        preview=lambda data: roll.plan(election, data),
        apply=lambda data: roll.apply(election, data, by=_user(request)),
        template="elections/electors_import.html",
        context=_context(request, election, columns=roll.COLUMNS),
        done=_("Liste électorale importée."),
        done_url=election.get_absolute_url(),
    )


# Refuse GET before anything else: the walk expects 405 from every visitor, signed in or not.
@require_POST
@login_required
def open_lists(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    actions.open_lists(election, by=_user(request))
    messages.success(request, _("Le dépôt des listes est ouvert."))
    return redirect("elections:lists", election.pk)


@login_required
@require_http_methods(["GET", "POST"])
def lists(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=request.method == "POST")
    return _step_page(
        request,
        election,
        "lists",
        ListForm(request.POST or None),
        lambda data: actions.add_list(election, data["name"], by=_user(request)),
        lambda lst: (
            _("Liste %(name)s ajoutée.") % {"name": lst.name},
            reverse("elections:candidate_add", args=[pk, lst.pk]),
        ),
        "elections/lists.html",
        lists=election.lists.prefetch_related("candidates__person"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    lst = get_object_or_404(election.lists, pk=list_pk)

    def added(candidate: Candidate) -> tuple[str, str]:
        said = (
            _("%(name)s ajoutée en position %(n)d.")
            if candidate.sex == "F"
            else _("%(name)s ajouté en position %(n)d.")
        )
        return (
            said % {"name": candidate.person.display_name, "n": candidate.position},
            reverse("elections:candidate_add", args=[pk, lst.pk]),
        )

    return _step_page(
        request,
        election,
        "lists",
        CandidateForm(request.POST or None),
        lambda data: actions.add_candidate(
            lst,
            actions.Person(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
            ),
            by=_user(request),
        ),
        added,
        "elections/candidate.html",
        list=lst,
        candidates=lst.candidates.select_related("person"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    form = ResultsForm(election, list(election.lists.all()), request.POST or None)
    return _step_page(
        request,
        election,
        "results",
        form,
        lambda data: actions.enter_results(
            election,
            form.votes(),
            blank=data["blank"],
            void=data["void"],
            parity_draw=data.get("parity_draw") or "",
            by=_user(request),
        ),
        lambda _none: (_("Résultats enregistrés."), reverse("elections:result", args=[pk])),
        "elections/results.html",
    )


def _outcome(election: Election) -> tuple[dict[str, Any] | None, str]:
    """The proclaimed result as kept, or the result of the votes entered so far."""
    if election.result is not None:
        return election.result, ""
    if election.state == Election.State.RESULTS_ENTERED:
        outcome = compute.compute(election)
        return outcome.result, outcome.error
    return None, ""


def _result_context(request: HttpRequest, election: Election) -> dict[str, Any]:
    result, error = _outcome(election)
    outcome = compute.Outcome(data={}, result=result)
    lists = []
    for lst in (result or {}).get("lists", []):
        lists.append({**lst, "rest": compute.shown(lst["remainder"])})
    # The kept result names people; their candidacies give the sex "suppléante" agrees with.
    people = compute.candidates_of(election)
    named = compute.names(people)
    by_name = {named[c.pk]: c for c in people}
    elected = [
        {**e, "substitute_candidate": by_name.get(e.get("substitute") or "")}
        for e in (result or {}).get("elected", [])
    ]
    return _context(
        request,
        election,
        result=result,
        elected=elected,
        error=error,
        rows=lists,
        quotient=compute.shown(result.get("quotient")) if result else None,
        steps=compute.explain(election, outcome),
        next_citation=compute.next_in_line_citation(election),
        mandate_citation=compute.engine.citation("mandate")
        if election.council.council_type.startswith("inspe_")
        else None,
        today=timezone.localdate(),
    )


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return render(request, "elections/result.html", _result_context(request, election))


@login_required
def input_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The input of `conseils elections allocate` for this election, to check it elsewhere."""
    election = get_election_for_user(request, pk)
    response = JsonResponse(
        compute.allocate_input(election), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="election-{election.pk}.json"'
    return response


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    context = _result_context(request, election)
    context["institution"] = election.council.institution
    context["electors_count"] = election.electors.count()
    pdf = render_pdf("elections/pv_pdf.html", context, request)
    return pdf_response(pdf, f"proces-verbal-election-{election.pk}.pdf")


@require_POST
@login_required
def proclaim(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    try:
        election, now = actions.proclaim(election, by=_user(request))
    except lifecycle.ElectionRefused:
        raise  # the middleware answers 409 with the state's reason
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("elections:result", election.pk)
    if now:
        messages.success(request, _("Élection proclamée : les élus siègent au conseil."))
    else:
        messages.info(request, _("Cette élection était déjà proclamée."))
    return redirect("elections:result", election.pk)


@login_required
@require_http_methods(["GET", "POST"])
def next_in_line(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    elected = get_object_or_404(
        election.elected_seats.select_related("membership__person", "candidate__list"),
        pk=seat_pk,
    )
    elected.election = election
    error = ""
    if request.method == "POST":
        lifecycle.require(election, "next_in_line")
        try:
            actions.designate_next_in_line(elected, by=_user(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Le suivant de liste est désigné pour le mandat restant à courir.")
            )
            return redirect(election.council)
    return render(
        request,
        "elections/next_in_line.html",
        _context(
            request,
            election,
            elected=elected,
            seat=elected.membership,
            vacant=is_vacant(elected.membership),
            candidate=actions.next_in_line(elected),
            citation=compute.next_in_line_citation(election),
            error=error,
        ),
        status=422 if error else 200,
    )
