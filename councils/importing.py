"""The shape every import page shares: upload → preview (nothing written) → apply (the same
data, sent back by the preview, read and validated again, applied in one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from documents.csvfiles import CsvError


def import_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    read: Callable[[], bytes | None],
    preview: Callable[[bytes], Any],
    apply: Callable[[bytes], object],
    template: str,
    context: dict[str, Any],
    done: str,
    done_url: str,
) -> HttpResponse:
    """`read` gives the uploaded data (None when the form is invalid); a refused apply may
    carry the plan that shows why (`exc.plan`)."""
    context = {**context, "form": form}
    if request.method != "POST":
        return render(request, template, context)
    try:
        data = request.POST["payload"].encode("utf-8") if "payload" in request.POST else read()
        if data is not None and len(data) > settings.CSV_IMPORT_MAX_BYTES:
            # The preview's text comes back in a form field: the upload's limit holds for it too.
            raise CsvError(_("Fichier trop volumineux (1 Mo au plus)."))
        if data is not None:
            if "apply" in request.POST:
                apply(data)
                messages.success(request, done)
                return redirect(done_url)
            context["plan"] = preview(data)
            context["payload"] = data.decode("utf-8-sig")
        elif not form.errors:
            context["error"] = _("Aucun fichier reçu.")
    except CsvError as exc:
        context["error"] = str(exc)
        if getattr(exc, "plan", None) is not None:
            context["plan"] = getattr(exc, "plan")  # noqa: B009
    plan_errors = getattr(context.get("plan"), "errors", None)
    refused = "error" in context or "plan" not in context or bool(plan_errors)
    return render(request, template, context, status=422 if refused else 200)
