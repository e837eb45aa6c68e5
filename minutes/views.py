from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.grammar import agree
from accounts.models import User
from conseils.compiled import Compiled
from conseils.templatetags.dates import clock
from councils import roles
from councils.models import Institution
from documents.pdf import pdf_response
from minutes import actions, composition, lifecycle
from minutes.access import get_meeting, get_minutes_for_user, get_published_minutes
from minutes.diff import diff_lines
from minutes.forms import DecisionForm, RedactionForm, SecretaryForm
from minutes.models import Approval, Minutes, Revision


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    if isinstance(exc, lifecycle.TransitionRefused):
        raise exc  # the minutes' state refuses: 409 with its reason (meetings.refusals)
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(request, meeting_pk)
    if not roles.leads(_user(request), meeting.council):
        raise PermissionDenied
    form = SecretaryForm(meeting.council, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            minutes = actions.start(meeting, form.cleaned_data["secretary"], by=_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                agree(
                    minutes.secretary,
                    _("Secrétaire de séance désigné ; le compte rendu est ouvert."),
                    _("Secrétaire de séance désignée ; le compte rendu est ouvert."),
                ),
            )
            return redirect("minutes:detail", minutes.pk)
    return render(request, "minutes/start.html", {"meeting": meeting, "form": form})


# The minutes page's revisions and approvals, compiled once a day (conseils.compiled): built
# and compiled for every page (the approvals twice), for SQL that only the minutes' id changes.
_revisions: Compiled[Revision] = Compiled(
    Revision, lambda minutes: Revision.objects.filter(minutes=minutes).select_related("author")
)
_approvals: Compiled[Approval] = Compiled(
    Approval,
    lambda minutes: Approval.objects.filter(minutes=minutes).select_related("person", "revision"),
)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    user = _user(request)
    approvals = _approvals(minutes.pk)
    return render(
        request,
        "minutes/detail.html",
        {
            "minutes": minutes,
            "council": minutes.meeting.council,
            "revisions": _revisions(minutes.pk),
            "approvals": approvals,
            "mine": [
                a for a in actions.active_approvals(minutes, approvals) if a.person_id == user.pk
            ],
            "is_secretary": roles.may_write_minutes(user, minutes),
            "is_director": roles.may_publish_minutes(user, minutes),
            "can_correct": lifecycle.allowed(minutes, "correct"),
            "decision_form": DecisionForm(),
            "redaction_form": RedactionForm(),
        },
    )


def _writable(request: HttpRequest, pk: int) -> Minutes:
    minutes = get_minutes_for_user(request, pk)
    if not roles.may_write_minutes(request.user, minutes):
        raise PermissionDenied
    return minutes


def _saved_at() -> str:
    return _("Enregistré à %(time)s") % {"time": clock(timezone.now(), spaced=True)}


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: one rich-text part per section; without JavaScript, a plain form."""
    minutes = _writable(request, pk)
    lifecycle.require(minutes, "edit")
    parts = minutes.parts
    errors: list[str] = []
    if request.method == "POST":
        prefix = "part-"
        parts = {k[len(prefix) :]: v for k, v in request.POST.items() if k.startswith(prefix)}
        try:
            base = int(request.POST.get("saved_version", ""))
        except ValueError:
            base = None
        try:
            with transaction.atomic():  # a refused submission saves nothing either
                actions.save_parts(minutes, parts, by=_user(request), base=base)
                if "submit" in request.POST:
                    actions.submit(minutes, by=_user(request))
        except lifecycle.TransitionRefused:
            raise
        except ValidationError as exc:
            errors = exc.messages  # the text typed stays in the form: nothing is lost
            minutes.refresh_from_db()
        else:
            if "submit" in request.POST:
                messages.success(request, _("Compte rendu soumis à la validation."))
            else:
                messages.success(request, _saved_at() + ".")
            return redirect("minutes:detail", minutes.pk)
    return render(
        request,
        "minutes/edit.html",
        {
            "minutes": minutes,
            "sections": composition.sections(minutes.meeting, {**minutes.parts, **parts}),
            "errors": errors,
        },
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """The editor's autosave: {"version": n, "parts": {key: html}, "force": bool} in JSON.

    409 with `conflict` when somebody saved since version n (the editor keeps its text and
    offers to save it anyway), 409 with the state's sentence when the text is no longer a draft.
    """
    minutes = _writable(request, pk)
    try:
        data = json.loads(request.body)
        base, parts = int(data["version"]), dict(data["parts"])
        force = bool(data.get("force", False))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Requête illisible.")}, status=400)
    try:
        # Saving over another's text on purpose: theirs stays a revision of its own.
        actions.save_parts(minutes, parts, by=_user(request), base=base, coalesce=not force)
    except lifecycle.TransitionRefused as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    except actions.EditConflict as exc:
        return JsonResponse(
            {
                "conflict": True,
                "error": " ".join(exc.messages),
                "version": exc.minutes.saved_version,
            },
            status=409,
        )
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    minutes.refresh_from_db(fields=["saved_version"])
    return JsonResponse({"version": minutes.saved_version, "message": _saved_at()})


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The text as it will be printed and published (before the director's redactions)."""
    minutes = get_minutes_for_user(request, pk)
    return render(
        request,
        "minutes/preview.html",
        {"minutes": minutes, "is_writer": roles.may_write_minutes(request.user, minutes)},
    )


@login_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    try:
        actions.refresh_from_sitting(minutes, by=_user(request))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("Le compte rendu reprend les notes et les résultats de la séance.")
        )
    return redirect("minutes:detail", minutes.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        actions.decide(
            minutes,
            by=_user(request),
            approve="approve" in request.POST,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Votre décision est enregistrée."))
    return redirect("minutes:detail", minutes.pk)


@login_required
def revision_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    if not minutes.is_frozen and not roles.may_read_draft(request.user, minutes):
        raise Http404
    after = get_object_or_404(minutes.revisions, number=number)
    before = minutes.revisions.filter(number__lt=number).order_by("-number").first()
    lines = diff_lines(before.body if before else "", after.body)
    return render(
        request,
        "minutes/diff.html",
        {"minutes": minutes, "before": before, "after": after, "lines": lines},
    )


@login_required
def signed_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    if not minutes.signed_pdf:
        raise Http404
    with minutes.signed_pdf.open("rb") as fh:
        return pdf_response(fh.read(), f"compte-rendu-{minutes.pk}.pdf")


@login_required
@require_POST
def redact(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    form = RedactionForm(request.POST)
    if form.is_valid():
        try:
            actions.redact(
                minutes,
                form.cleaned_data["passage"],
                form.cleaned_data["reason"],
                by=_user(request),
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Passage occulté dans la version publique."))
    return redirect("minutes:detail", minutes.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    try:
        actions.publish(minutes, by=_user(request))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Compte rendu publié."))
    return redirect("minutes:detail", minutes.pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_minutes_for_user(request, pk)
    try:
        correction = actions.start_correction(minutes, by=_user(request))
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("minutes:detail", minutes.pk)
    messages.success(request, _("Rectificatif ouvert : il repasse par la validation."))
    return redirect("minutes:detail", correction.pk)


def public_index(request: HttpRequest, institution_pk: int) -> HttpResponse:
    """What the director published, by council, one academic year at a time: open to all."""
    institution = get_object_or_404(Institution, pk=institution_pk)
    published = Minutes.objects.published().filter(meeting__council__institution=institution)
    # order_by(): without it the model's ordering joins the DISTINCT, which then returned a
    # row per minutes (700 at national scale) instead of one per year.
    years = sorted(
        set(published.order_by().values_list("meeting__academic_year", flat=True).distinct()),
        reverse=True,
    )
    year = request.GET.get("annee") if request.GET.get("annee") in years else None
    year = year or (years[0] if years else "")
    shown = (
        published.filter(meeting__academic_year=year)
        .select_related("meeting__council")
        .only("pk", "corrects_id", "meeting__starts_at", "meeting__council__name")
        .order_by("meeting__council__name", "-meeting__starts_at")
    )
    groups: dict[str, list[Minutes]] = {}
    for m in shown:
        groups.setdefault(m.meeting.council.name, []).append(m)
    return render(
        request,
        "minutes/public_index.html",
        {"institution": institution, "groups": groups, "years": years, "year": year},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_published_minutes(pk)
    return render(request, "minutes/public_detail.html", {"minutes": minutes})


def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_published_minutes(pk)
    if not minutes.public_pdf:
        raise Http404
    with minutes.public_pdf.open("rb") as fh:
        return pdf_response(fh.read(), f"compte-rendu-{minutes.pk}.pdf")
