"""The directory of people: list and search, person page, create and edit, a picker for the
seat form, and the import of a university directory export."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import User
from councils import people_import, roles
from councils.models import Membership
from councils.people_access import get_person_for_manager, require_people_manager
from councils.people_actions import save_person
from councils.people_forms import PeopleImportForm, PersonForm, SearchForm

PAGE_SIZE = 50
PICK_LIMIT = 20


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    require_people_manager(request)
    search = SearchForm(request.GET or None)
    people = search.apply(User.objects.filter(is_active=True)).order_by(
        "last_name", "first_name", "email"
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_seat_components(request, page.object_list)
    return render(request, "people/list.html", {"search": search, "page": page})


def _attach_seat_components(request: HttpRequest, people: Any) -> None:
    """A person without an organisation typed in belongs to the components of their current
    seats (in the councils the viewer follows): one query for the whole page."""
    seats = (
        Membership.objects.current()
        .filter(person__in=people, council__in=roles.councils_readable_by(request.user))
        .exclude(component=None)
        .select_related("component")
        .order_by("component__code")
    )
    found: dict[int, list[str]] = {}
    for seat in seats:
        names = found.setdefault(seat.person_id, [])
        if str(seat.component) not in names:
            names.append(str(seat.component))
    for person in people:
        person.seat_components = found.get(person.pk, [])


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_manager(request, pk)
    seats = (
        person.memberships.filter(council__in=roles.councils_readable_by(request.user))
        .select_related("council", "component")
        .order_by("-start_date")
    )
    components = sorted({str(s.component) for s in seats if s.component and s.is_current()})
    return render(
        request,
        "people/detail.html",
        {"person": person, "seats": seats, "seat_components": components},
    )


def _person_form(request: HttpRequest, person: User | None) -> HttpResponse:
    by = require_people_manager(request)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = save_person(form.save(commit=False), by=by)
        messages.success(request, _("Fiche enregistrée."))
        return redirect("people:detail", pk=saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "people/form.html", {"form": form, "person": person}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    return _person_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_form(request, get_person_for_manager(request, pk))


@login_required
def person_pick(request: HttpRequest) -> HttpResponse:
    """Search by name or e-mail and choose: each result links back to the form that asked
    (`next`, a local address) with `?personne=<id>`."""
    require_people_manager(request)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    people = (
        list(search.apply(User.objects.filter(is_active=True)).order_by("last_name")[:PICK_LIMIT])
        if text
        else []
    )
    separator = "&" if "?" in back else "?"
    choices = [
        (
            p,
            f"{back}{separator}personne={p.pk}"
            if back
            else reverse("people:detail", kwargs={"pk": p.pk}),
        )
        for p in people
    ]
    return render(
        request,
        "people/pick.html",
        {"search": search, "text": text, "choices": choices, "next": back, "limit": PICK_LIMIT},
    )


def _uploaded(request: HttpRequest, form: PeopleImportForm) -> tuple[bytes, str] | None:
    """The uploaded file, or the one the preview sends back with its apply button."""
    if "payload" in request.POST:
        try:
            return base64.b64decode(request.POST["payload"], validate=True), request.POST.get(
                "filename", ""
            )
        except (binascii.Error, ValueError):
            return None
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    if upload.size > settings.CSV_IMPORT_MAX_BYTES:
        form.add_error("file", _("Fichier trop volumineux (1 Mo au plus)."))
        return None
    return bytes(upload.read()), str(upload.name)


@login_required
@require_http_methods(["GET", "POST"])
def people_import_view(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → apply with the confirmed merges, in one transaction."""
    by = require_people_manager(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        uploaded = _uploaded(request, form)
        if uploaded is None:
            if not form.errors:
                context["error"] = _("Aucun fichier reçu.")
            return render(request, "people/import.html", context, status=422)
        data, filename = uploaded
        try:
            if "apply" in request.POST:
                merge = set(request.POST.getlist("merge"))
                plan = people_import.apply_import(data, filename, merge, by=by)
                merged = len([d for d in plan.duplicates if d.row.key in merge])
                added = ngettext(
                    "Import appliqué : %(n)s personne ajoutée",
                    "Import appliqué : %(n)s personnes ajoutées",
                    len(plan.new),
                ) % {"n": len(plan.new)}
                completed = ngettext("%(n)s fiche complétée", "%(n)s fiches complétées", merged) % {
                    "n": merged
                }
                messages.success(request, f"{added}, {completed}.")
                return redirect("people:list")
            context["plan"] = people_import.plan_import(data, filename)
            context["payload"] = base64.b64encode(data).decode("ascii")
            context["filename"] = filename
        except people_import.UnreadableFile as exc:
            context["error"] = str(exc)
            return render(request, "people/import.html", context, status=422)
    return render(request, "people/import.html", context)
