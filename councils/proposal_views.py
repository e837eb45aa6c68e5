"""The pages of a CPER's composition act: the COSP's proposal, the director's decision, the
signed PDF. Thin: parse the request, call one action, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from conseils.widgets import DateInput
from councils import proposal_actions, roles
from councils.models import Component, Council
from councils.proposals import (
    PROPOSAL_QUOTE,
    PROPOSAL_SOURCE,
    SEED_DOCUMENT,
    CompositionProposal,
    DecisionRefused,
)
from documents.pdf import pdf_response

ADDITION_ROWS = 3


def _council_for_proposals(request: HttpRequest, pk: int) -> Council:
    council = get_object_or_404(Council.objects.select_related("institution", "programme"), pk=pk)
    if not roles.may_read_proposals(request.user, council):
        raise Http404
    return council


def _proposal(request: HttpRequest, pk: int, proposal_pk: int) -> CompositionProposal:
    council = _council_for_proposals(request, pk)
    proposal = get_object_or_404(council.proposals.select_related("proposed_by"), pk=proposal_pk)
    proposal.council = council
    return proposal


def _citation() -> dict[str, Any]:
    return {
        "citation": {"quote": PROPOSAL_QUOTE, "source": PROPOSAL_SOURCE, "document": SEED_DOCUMENT}
    }


class ProposalForm(forms.Form):
    motivation = forms.CharField(
        label=gettext_lazy("Motivation de la proposition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.seats = council.current_memberships()
        lang = get_language() or "fr"
        categories = [("", _("— choisissez —"))] + [
            (c, council.pack.category_label(c, lang)) for c in council.pack.categories
        ]
        components = Component.objects.active().filter(institution=council.institution)
        for seat in self.seats:
            self.fields[f"remove_{seat.pk}"] = forms.BooleanField(
                label=_("Retirer %(name)s") % {"name": seat.person.display_name}, required=False
            )
        for i in range(ADDITION_ROWS):
            self.fields[f"email_{i}"] = forms.EmailField(
                label=_("Adresse électronique de la personne à ajouter (%(n)s)") % {"n": i + 1},
                required=False,
            )
            self.fields[f"category_{i}"] = forms.ChoiceField(
                label=_("Catégorie (%(n)s)") % {"n": i + 1}, choices=categories, required=False
            )
            self.fields[f"component_{i}"] = forms.ModelChoiceField(
                label=_("Composante (%(n)s)") % {"n": i + 1},
                queryset=components,
                required=False,
                empty_label=_("— Aucune composante —"),
            )
            self.fields[f"employer_{i}"] = forms.BooleanField(
                label=_("Représentant de l’employeur (%(n)s)") % {"n": i + 1}, required=False
            )

    def seat_rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(seat, self[f"remove_{seat.pk}"]) for seat in self.seats]

    def addition_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"{name}_{i}"] for name in ("email", "category", "component", "employer")]
            for i in range(ADDITION_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        additions: list[proposal_actions.Addition] = []
        for i in range(ADDITION_ROWS):
            if f"email_{i}" in self.errors:
                # The address is already refused beside its field: saying again that the
                # row lacks a person would report one mistake twice.
                continue
            email, category = data.get(f"email_{i}"), data.get(f"category_{i}")
            if not email and not category:
                continue
            if not email or not category:
                raise ValidationError(
                    _("Ligne %(n)s : indiquez la personne et sa catégorie.") % {"n": i + 1}
                )
            person = User.objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                self.add_error(
                    f"email_{i}",
                    _("Ligne %(n)s : aucune personne de l’annuaire n’a l’adresse %(email)s.")
                    % {"n": i + 1, "email": email},
                )
                continue
            additions.append(
                proposal_actions.Addition(
                    person, category, data.get(f"component_{i}"), bool(data.get(f"employer_{i}"))
                )
            )
        data["additions"] = additions
        data["remove"] = {seat.pk for seat in self.seats if data.get(f"remove_{seat.pk}")}
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", gettext_lazy("accepter")), ("refuse", gettext_lazy("refuser"))]
    )
    effective_on = forms.DateField(
        label=gettext_lazy("Date d’effet"), required=False, widget=DateInput()
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif (obligatoire pour un refus) ou modification apportée"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council_for_proposals(request, pk)
    return render(
        request,
        "councils/proposals/list.html",
        {
            "council": council,
            "proposals": council.proposals.select_related("proposed_by", "decided_by"),
            "may_propose": roles.may_propose_composition(request.user, council),
            "rule": _citation(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council_for_proposals(request, pk)
    if not roles.may_propose_composition(request.user, council):
        raise PermissionDenied
    form = ProposalForm(council, request.POST or None)
    violations: list[Any] = []
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        try:
            proposal = proposal_actions.propose(
                council,
                remove=form.cleaned_data["remove"],
                add=form.cleaned_data["additions"],
                motivation=form.cleaned_data["motivation"],
                by=request.user,
            )
        except proposal_actions.ProposalIllegal as exc:
            violations = exc.violations
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proposition transmise à la direction."))
            return redirect("councils:proposal", pk=council.pk, proposal_pk=proposal.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "councils/proposals/form.html",
        {"council": council, "form": form, "violations": violations, "rule": _citation()},
        status=status,
    )


def _detail(
    request: HttpRequest,
    proposal: CompositionProposal,
    *,
    form: DecisionForm | None = None,
    violations: list[Any] | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    council = proposal.council
    return render(
        request,
        "councils/proposals/detail.html",
        {
            "council": council,
            "proposal": proposal,
            "changes": proposal_actions.changes_of(proposal),
            "kept": proposal_actions.changes_of(proposal, decided=True)
            if proposal.status == "accepted"
            else [],
            "may_decide": proposal.is_open and roles.may_decide_composition(request.user, council),
            "form": form or DecisionForm(initial={"effective_on": timezone.localdate()}),
            "violations": violations or [],
            "refused": refused,
            "rule": _citation(),
        },
        status=status,
    )


@login_required
def proposal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    return _detail(request, _proposal(request, pk, proposal_pk))


def _kept(request: HttpRequest, name: str) -> set[int] | None:
    """The lines the director kept; None (all of them) when the form offered no choice."""
    if "modify" not in request.POST:
        return None
    return {int(v) for v in request.POST.getlist(name) if v.isdigit()}


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, proposal_pk)
    if not roles.may_decide_composition(request.user, proposal.council):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, form=form, status=422)
    assert isinstance(request.user, User)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        decided, changed = proposal_actions.decide(
            proposal,
            accept=accept,
            by=request.user,
            keep_remove=_kept(request, "keep_remove"),
            keep_add=_kept(request, "keep_add"),
            reason=form.cleaned_data["reason"],
            effective_on=form.cleaned_data["effective_on"],
        )
    except DecisionRefused as exc:
        return _detail(request, proposal, refused=str(exc), status=409)
    except proposal_actions.ProposalIllegal as exc:
        return _detail(request, proposal, form=form, violations=exc.violations, status=422)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, proposal, form=form, status=422)
    if changed:
        messages.success(request, _("Décision signée et enregistrée."))
    else:
        messages.info(request, _("Cette proposition était déjà décidée ainsi : rien n’a changé."))
    return redirect("councils:proposal", pk=pk, proposal_pk=decided.pk)


@login_required
def decision_pdf(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, proposal_pk)
    if not proposal.decision_pdf:
        raise Http404
    with proposal.decision_pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"decision-composition-{proposal.pk}.pdf")
