"""Public pages (no sign-in), the director's form, and each person's own data."""

from __future__ import annotations

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from councils import roles
from councils.models import Institution
from legal import actions, personal_data
from legal.forms import WordingForm
from legal.models import default_retention_years, wording_for


def with_article(name: str) -> str:
    """The institution's name as a legal sentence uses it, lower-case article first.

    An initial vowel takes the elided article (« l’Institut national… »); before a consonant or
    an h the gender is not knowable from the name, so the sentence says « l’établissement … »."""
    name = name.strip()
    if not name:
        return _("l’établissement")
    if unicodedata.normalize("NFD", name[0])[0].lower() in "aeiouy":
        return _("l’%(name)s") % {"name": name}
    return _("l’établissement %(name)s") % {"name": name}


def _page(request: HttpRequest, page: str, pk: int | None) -> HttpResponse:
    """One institution's page; without a number, the first institution (the site's own)."""
    institutions = list(Institution.objects.select_related("director").order_by("pk"))
    if pk is not None:
        institution: Institution | None = get_object_or_404(
            Institution.objects.select_related("director"), pk=pk
        )
    else:
        institution = institutions[0] if institutions else None
    wording = wording_for(institution) if institution is not None else None
    return render(
        request,
        f"legal/{page}.html",
        {
            "same_page_of": f"legal:{page}_of",
            "institution": institution,
            "wording": wording,
            "others": [i for i in institutions if i != institution],
            "may_edit": institution is not None and roles.directs(request.user, institution),
            "default_years": default_retention_years(),
            "the_institution": with_article(institution.name if institution else ""),
        },
    )


@require_GET
def legal_notice(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _page(request, "notice", pk)


@require_GET
def accessibility(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _page(request, "accessibility", pk)


@require_GET
def privacy(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _page(request, "privacy", pk)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def edit_wording(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk)
    if not roles.directs(request.user, institution):
        raise PermissionDenied
    form = WordingForm(request.POST or None, instance=wording_for(institution))
    if request.method == "POST" and form.is_valid():
        actions.save_wording(form, by=_user(request))
        messages.success(request, _("Informations légales enregistrées."))
        return redirect("legal:notice_of", pk=institution.pk)
    return render(request, "legal/edit.html", {"institution": institution, "form": form})


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data: there is no one else's to ask for (no id in the URL)."""
    return render(request, "legal/my_data.html", {"sections": personal_data.SECTIONS})


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    content = personal_data.as_json(personal_data.collect(_user(request)))
    return _download(content.encode(), "application/json; charset=utf-8", "json")


@login_required
@require_GET
def my_data_csv(request: HttpRequest) -> HttpResponse:
    content = personal_data.as_csv(personal_data.collect(_user(request)))
    # A byte-order mark so that spreadsheets open the accents right.
    return _download(("\ufeff" + content).encode(), "text/csv; charset=utf-8", "csv")
