from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.grammar import agree
from accounts.models import User
from audit.models import AuditEntry
from conseils.compiled import Compiled
from councils import absences, actions, mandates, memberscsv, roles
from councils.access import get_council_for_user, get_membership_for_user
from councils.forms import (
    CouncilFilterForm,
    EndForAbsencesForm,
    EndMembershipForm,
    ImportForm,
    NewMemberForm,
    PresidentForm,
    SeatForm,
)
from councils.importing import import_page
from councils.models import AbsenceFlag, Membership, SubCouncil
from councils.people_forms import picked_person_initial
from councils.proposals import PROPOSED_BY_COSP, decision_followed
from documents.csvfiles import uploaded_csv


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    # The councils the person reads, as ids read once (roles.standing_of): the list and its
    # three filters each built and compiled their UNION of four lookups (~4,000 calls apiece).
    visible = roles.councils_read_in(roles.standing_of(request.user))
    show_retired = request.GET.get("retires") == "1"
    if not show_retired:
        visible = visible.active()  # retired councils stay reachable, in their history
    filters = CouncilFilterForm(visible, request.GET or None)
    councils = filters.apply(visible).order_by("name").fetch_with_composition()
    rows = [(council, council.violations()) for council in councils]
    return render(
        request,
        "councils/list.html",
        {
            "rows": rows,
            "filters": filters,
            "illegal_count": sum(1 for _c, v in rows if v),
            "editable_institutions": {
                c.institution for c, _v in rows if roles.may_edit_council(request.user, c)
            },
            "show_retired": show_retired,
            # The COSP's respondents propose the CPERs' composition: their way in.
            "open_to_proposal": roles.councils_open_to_proposal_listed(request.user),
        },
    )


# Compiled once a day (conseils.compiled): every council page built and compiled it anew.
_subcouncils: Compiled[SubCouncil] = Compiled(
    SubCouncil,
    lambda council: (
        SubCouncil.objects.filter(council=council)
        .active()
        .select_related("site")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.current().select_related("person"),
                to_attr="current_members",
            )
        )
    ),
)


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    # Its current seats, read once: the members, the rules, the forecast and the presidency
    # each asked for them (four queries of twenty seats, and two of its components).
    prefetch_related_objects(
        [council],
        "components",
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("person", "component"),
        ),
    )
    members = council.current_memberships()
    results = council.evaluate()
    today = timezone.localdate()
    mandate_policy = mandates.policy(council.council_type)
    lang = get_language() or "fr"
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "members": members,
            "results": results,
            "legal": all(r.ok for r in results),
            "can_edit": roles.may_edit_council(request.user, council),
            "subcouncils": _subcouncils(council.pk),
            "can_set_up": roles.may_set_up(request.user, council.institution),
            "breach": mandates.council_forecast(council, today),
            "mandate_policy": mandate_policy,
            "mandate_terms": [
                (council.pack.category_label(c, lang), mandate_policy.term_label(c))
                for c in council.pack.categories
                if mandate_policy.term(c) is not None
            ],
            "absence_flags": (
                absences.open_flags([council])
                if roles.may_end_mandate_for_absences(request.user, council)
                else []
            ),
            "absence_rule": absences.absence_rule(council),
            "upcoming": council.meetings.upcoming()[:3],
            "recent": council.meetings.exclude(status="cancelled")
            .filter(starts_at__lt=timezone.now())
            .order_by("-starts_at")[:3],
            "decision": decision_followed(council),
            "proposed_by_cosp": council.council_type in PROPOSED_BY_COSP,
        },
    )


@login_required
def council_history(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk)
    memberships = council.memberships.select_related("person", "component").order_by(
        "-start_date", "person__last_name"
    )
    entries = AuditEntry.objects.filter(council_id=council.pk).order_by("-id")[:200]
    return render(
        request,
        "councils/history.html",
        {"council": council, "memberships": memberships, "entries": entries},
    )


def _seat(form: SeatForm) -> actions.Seat:
    data = form.cleaned_data
    return actions.Seat(
        category=data["category"],
        component=data["component"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        employer_representative=data.get("employer_representative", False),
        term_end=data["term_end"],
    )


def _act(data: dict[str, Any]) -> actions.Act | None:
    """The act of a first designation, when the add form says who designated and why."""
    if not data.get("designated_by"):
        return None
    return actions.Act(
        designated_by=data["designated_by"],
        designated_on=data["start_date"],
        basis=data["basis"],
        reference=data.get("reference", ""),
    )


def _composition_step(
    request: HttpRequest,
    form: forms.Form,
    step: Callable[[dict[str, Any]], object],
    done: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A change of composition: saved when legal or confirmed; otherwise the broken rules are
    shown with the form, and nothing is written."""
    council = context["council"]
    violations = None
    if request.method == "POST" and form.is_valid():
        try:
            step(form.cleaned_data)
        except actions.CompositionWouldBeIllegal as exc:
            violations = exc.violations
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect(council)
    return render(
        request,
        template,
        {**context, "form": form, "violations": violations},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    initial = picked_person_initial(request.GET.get("personne", ""))
    form = NewMemberForm(council, request.POST or None, initial=initial)

    def step(data: dict[str, Any]) -> object:
        person = actions.find_or_create_person(
            data["email"], data["first_name"], data["last_name"], data.get("sex", "")
        )
        return actions.add_membership(
            council,
            person,
            _seat(form),
            by=_user(request),
            confirm=data["confirm"],
            act=_act(data),
        )

    return _composition_step(
        request,
        form,
        step,
        _("Membre ajouté."),
        "councils/member_form.html",
        {"council": council, "adding": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for_user(request, pk, membership_pk, write=True)
    council = membership.council
    initial = {
        "category": membership.category,
        "component": membership.component,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
        "employer_representative": membership.employer_representative,
        "term_end": membership.term_end,
    }
    form = SeatForm(council, request.POST or None, initial=initial)
    return _composition_step(
        request,
        form,
        lambda data: actions.update_membership(
            membership, _seat(form), by=_user(request), confirm=data["confirm"]
        ),
        _("Mandat modifié."),
        "councils/member_form.html",
        {"council": council, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for_user(request, pk, membership_pk, write=True)
    council = membership.council
    form = EndMembershipForm(request.POST or None, initial={"end_date": timezone.localdate()})
    return _composition_step(
        request,
        form,
        lambda data: actions.end_membership(
            membership, data["end_date"], by=_user(request), confirm=data["confirm"]
        ),
        _("Mandat terminé ; il reste dans l’historique."),
        "councils/member_end.html",
        {"council": council, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def president(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    eligible = actions.eligible_presidents(council)
    current = council.president()
    form = PresidentForm(
        eligible, request.POST or None, initial={"membership": current.pk if current else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_president(
                council,
                form.cleaned_data["membership"],
                by=_user(request),
                on=form.cleaned_data["since"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                agree(
                    form.cleaned_data["membership"].person,
                    _("Président désigné."),
                    _("Présidente désignée."),
                ),
            )
            return redirect(council)
    return render(
        request,
        "councils/president.html",
        {"council": council, "form": form, "eligible": eligible, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    return import_page(
        request,
        form,
        read=lambda: uploaded_csv(request, form),
        preview=lambda data: memberscsv.plan_import(council, data),
        apply=lambda data: memberscsv.apply_import(council, data, by=_user(request)),
        template="councils/import.html",
        context={"council": council, "columns": memberscsv.COLUMNS},
        done=_("Import appliqué."),
        done_url=council.get_absolute_url(),
    )


@login_required
def member_export(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request, pk, write=True)
    response = HttpResponse(memberscsv.export_rows(council), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="membres-conseil-{council.pk}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def end_for_absences(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    """The president or the director records the end of a flagged member's mandate."""
    council = get_council_for_user(request, pk)
    if not roles.may_end_mandate_for_absences(request.user, council):
        raise PermissionDenied
    flag = get_object_or_404(
        AbsenceFlag.objects.filter(membership__council=council).select_related(
            "membership__person"
        ),
        pk=flag_pk,
    )
    flag.membership.council = council
    form = EndForAbsencesForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            absences.end_for_absences(
                flag,
                by=_user(request),
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Fin du mandat enregistrée ; elle reste dans l’historique.")
            )
            return redirect(council.get_absolute_url())
    return render(
        request,
        "councils/end_for_absences.html",
        {"council": council, "flag": flag, "form": form, "rule": absences.absence_rule(council)},
        status=422 if request.method == "POST" else 200,
    )
