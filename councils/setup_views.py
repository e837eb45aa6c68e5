"""The director's setup area: the institution's structure, created, edited and retired in the
product (not in Django's admin), imported from a spreadsheet and exported back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from councils import roles, setup_actions, structure_import
from councils.council_settings import council_settings
from councils.importing import import_page
from councils.models import (
    Component,
    Council,
    Institution,
    Programme,
    Retirable,
    RetirableQuerySet,
    Site,
    SubCouncil,
    Track,
)
from councils.setup_forms import (
    ComponentForm,
    CouncilForm,
    ProgrammeForm,
    RetireForm,
    SiteForm,
    StructureForm,
    StructureImportForm,
    SubCouncilForm,
    SubCouncilMembersForm,
    TrackForm,
)


@dataclass(frozen=True)
class Kind:
    """One kind of structure: its model, its form, and how the pages name it."""

    name: str  # URL names: setup:<name>_add, _edit, _retire
    model: type[Retirable]
    form: type[StructureForm]
    title: Any  # the section's heading
    add_label: Any
    scope: str  # the lookup that ties an object to its institution

    @property
    def add_url(self) -> str:
        return reverse(f"setup:{self.name}_add")

    @property
    def edit_url_name(self) -> str:
        return f"setup:{self.name}_edit"

    @property
    def retire_url_name(self) -> str:
        return f"setup:{self.name}_retire"

    def objects(self, institution: Institution) -> RetirableQuerySet:
        return self.model.objects.filter(**{self.scope: institution})


KINDS = [
    Kind(
        "component",
        Component,
        ComponentForm,
        gettext_lazy("Composantes"),
        gettext_lazy("Ajouter une composante"),
        "institution",
    ),
    Kind(
        "site",
        Site,
        SiteForm,
        gettext_lazy("Sites"),
        gettext_lazy("Ajouter un site"),
        "institution",
    ),
    Kind(
        "programme",
        Programme,
        ProgrammeForm,
        gettext_lazy("Mentions"),
        gettext_lazy("Ajouter une mention"),
        "institution",
    ),
    Kind(
        "track",
        Track,
        TrackForm,
        gettext_lazy("Parcours"),
        gettext_lazy("Ajouter un parcours"),
        "programme__institution",
    ),
    Kind(
        "council",
        Council,
        CouncilForm,
        gettext_lazy("Conseils"),
        gettext_lazy("Ajouter un conseil"),
        "institution",
    ),
    Kind(
        "subcouncil",
        SubCouncil,
        SubCouncilForm,
        gettext_lazy("Sous-conseils de site"),
        gettext_lazy("Ajouter un sous-conseil de site"),
        "council__institution",
    ),
]
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
# What the director is told after saving, retiring, reinstating: each noun with its own gender.
SAVED = {
    "component": gettext_lazy("La composante « %(name)s » est enregistrée."),
    "site": gettext_lazy("Le site « %(name)s » est enregistré."),
    "programme": gettext_lazy("La mention « %(name)s » est enregistrée."),
    "track": gettext_lazy("Le parcours « %(name)s » est enregistré."),
    "council": gettext_lazy("Le conseil « %(name)s » est enregistré."),
    "subcouncil": gettext_lazy("Le sous-conseil de site « %(name)s » est enregistré."),
}
RETIRED = {
    "component": gettext_lazy(
        "La composante « %(name)s » est retirée ; elle reste dans l’historique."
    ),
    "site": gettext_lazy("Le site « %(name)s » est retiré ; il reste dans l’historique."),
    "programme": gettext_lazy(
        "La mention « %(name)s » est retirée ; elle reste dans l’historique."
    ),
    "track": gettext_lazy("Le parcours « %(name)s » est retiré ; il reste dans l’historique."),
    "council": gettext_lazy("Le conseil « %(name)s » est retiré ; il reste dans l’historique."),
    "subcouncil": gettext_lazy(
        "Le sous-conseil de site « %(name)s » est retiré ; il reste dans l’historique."
    ),
}
REINSTATED = {
    "component": gettext_lazy("La composante « %(name)s » est de nouveau en usage."),
    "site": gettext_lazy("Le site « %(name)s » est de nouveau en usage."),
    "programme": gettext_lazy("La mention « %(name)s » est de nouveau en usage."),
    "track": gettext_lazy("Le parcours « %(name)s » est de nouveau en usage."),
    "council": gettext_lazy("Le conseil « %(name)s » est de nouveau en usage."),
    "subcouncil": gettext_lazy("Le sous-conseil de site « %(name)s » est de nouveau en usage."),
}
USED_BY_COUNCILS = {"component", "site", "programme", "track"}
RELATED = {"track": ["programme", "head"], "programme": ["head"], "subcouncil": ["council", "site"]}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def get_institution_to_set_up(request: HttpRequest) -> Institution:
    """The one access check of the setup area: the institution the person may set up."""
    institution = setup_actions.directed_institution(request.user)
    if institution is None or not roles.may_set_up(request.user, institution):
        raise PermissionDenied
    return institution


def _object(request: HttpRequest, kind: Kind, pk: int) -> tuple[Institution, Any]:
    institution = get_institution_to_set_up(request)
    return institution, get_object_or_404(kind.objects(institution), pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    institution = get_institution_to_set_up(request)
    sections = []
    for kind in KINDS:
        objects = kind.objects(institution).select_related(*RELATED.get(kind.name, []))
        if kind.name == "council":
            objects = objects.select_related("programme")
        sections.append(
            {
                "kind": kind,
                "active": list(objects.active()),
                "retired": list(objects.retired()),
            }
        )
    return render(
        request, "councils/setup/index.html", {"institution": institution, "sections": sections}
    )


def _form_page(request: HttpRequest, kind: Kind, pk: int | None) -> HttpResponse:
    if pk is None:
        institution, instance = get_institution_to_set_up(request), None
    else:
        institution, instance = _object(request, kind, pk)
    form = kind.form(institution, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        setup_actions.save_structure(
            obj, by=_user(request), changed=form.changed_data, relations=form.save_m2m
        )
        messages.success(request, str(SAVED[kind.name]) % {"name": obj})
        return redirect(reverse("setup:index") + f"#{kind.name}s")
    context = {"institution": institution, "kind": kind, "form": form, "object": instance}
    if isinstance(instance, Council):
        context["settings"] = council_settings(instance)
    status = 422 if request.method == "POST" else 200
    return render(request, "councils/setup/form.html", context, status=status)


def add_view(kind: Kind) -> Any:
    @login_required
    @require_http_methods(["GET", "POST"])
    def add(request: HttpRequest) -> HttpResponse:
        return _form_page(request, kind, None)

    return add


def edit_view(kind: Kind) -> Any:
    @login_required
    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        return _form_page(request, kind, pk)

    return edit


def retire_view(kind: Kind) -> Any:
    @login_required
    @require_http_methods(["GET", "POST"])
    def retire(request: HttpRequest, pk: int) -> HttpResponse:
        """Retire from a date, or put back in use; nothing is ever deleted."""
        institution, obj = _object(request, kind, pk)
        form = RetireForm(request.POST or None)
        if request.method == "POST":
            if "reinstate" in request.POST:
                setup_actions.retire(obj, None, by=_user(request))
                done = str(REINSTATED[kind.name])
            elif form.is_valid():
                setup_actions.retire(obj, form.cleaned_data["retired_on"], by=_user(request))
                done = str(RETIRED[kind.name])
            else:
                done = ""
            if done:
                messages.success(request, done % {"name": obj})
                return redirect(reverse("setup:index") + f"#{kind.name}s")
        # Retiring something active councils still refer to deserves a warning first.
        in_use = obj.councils.active().count() if kind.name in USED_BY_COUNCILS else 0
        return render(
            request,
            "councils/setup/retire.html",
            {
                "institution": institution,
                "kind": kind,
                "object": obj,
                "form": form,
                "in_use": in_use,
            },
            status=422 if request.method == "POST" else 200,
        )

    return retire


@login_required
def council_settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    institution, council = _object(request, KIND_BY_NAME["council"], pk)
    return render(
        request,
        "councils/setup/council_settings.html",
        {"institution": institution, "council": council, "settings": council_settings(council)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def subcouncil_members(request: HttpRequest, pk: int) -> HttpResponse:
    institution, subcouncil = _object(request, KIND_BY_NAME["subcouncil"], pk)
    form = SubCouncilMembersForm(subcouncil, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup_actions.set_subcouncil_members(
                subcouncil, form.cleaned_data["members"], by=_user(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Membres du sous-conseil enregistrés."))
            return redirect(reverse("setup:index") + "#subcouncils")
    return render(
        request,
        "councils/setup/members.html",
        {
            "institution": institution,
            "subcouncil": subcouncil,
            "form": form,
            "quote": setup_actions.SUBCOUNCIL_QUOTE,
        },
        status=422 if request.method == "POST" else 200,
    )


def _uploaded_tables(form: StructureImportForm) -> bytes | None:
    if not form.is_valid():
        return None
    files = [(f.name, f.read()) for f in form.cleaned_data["upload"]]
    return structure_import.dumps(structure_import.read_upload(files))


@login_required
@require_http_methods(["GET", "POST"])
def structure_import_page(request: HttpRequest) -> HttpResponse:
    institution = get_institution_to_set_up(request)
    form = StructureImportForm(request.POST or None, request.FILES or None)
    return import_page(
        request,
        form,
        read=lambda: _uploaded_tables(form),
        preview=lambda data: structure_import.plan_import(
            institution, structure_import.loads(data)
        ),
        apply=lambda data: structure_import.apply_import(
            institution, structure_import.loads(data), by=_user(request)
        ),
        template="councils/setup/import.html",
        context={"institution": institution, "sheets": structure_import.SHEETS},
        done=_("Import appliqué."),
        done_url=reverse("setup:index"),
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    institution = get_institution_to_set_up(request)
    response = HttpResponse(
        structure_import.export_xlsx(institution),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="structure.xlsx"'
    return response


@login_required
def export_csv(request: HttpRequest, sheet: str) -> HttpResponse:
    institution = get_institution_to_set_up(request)
    if sheet not in structure_import.SHEETS:
        raise Http404
    response = HttpResponse(
        structure_import.export_csv(institution, sheet), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{sheet}.csv"'
    return response
