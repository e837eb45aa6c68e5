from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from audit.log import record
from councils import roles
from councils.access import get_institution_for_director
from recommendations import actions
from recommendations.access import (
    get_body_for_user,
    get_council_for_board,
    get_meeting_for_adoption,
    get_recommendation_for_user,
    get_routing_for_respondent,
)
from recommendations.boards import board, board_csv
from recommendations.forms import AdoptForm, AnswerForm, BoardFilterForm, BodyForm
from recommendations.models import Body, Routing

PAGE_SIZE = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting_for_adoption(request, meeting_pk)
    actions.ensure_default_bodies(meeting.council.institution)
    form = AdoptForm(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recommendation = actions.adopt(
                meeting,
                by=_user(request),
                title=data["title"],
                text=data["text"],
                bodies=data["bodies"],
                agenda_item=data["agenda_item"],
                track=data["track"],
                vote_result=data["vote_result"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Préconisation enregistrée : transmise à la publication du compte rendu."),
            )
            return redirect("recommendations:detail", recommendation.pk)
    return render(request, "recommendations/adopt.html", {"meeting": meeting, "form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request, pk)
    user = _user(request)
    routings = list(
        recommendation.routings.select_related("body", "answered_by", "answer_vote__meeting")
    )
    mine = [r for r in routings if r.routed_at and roles.answers_for(user, r.body)]
    for routing in mine:
        actions.mark_read(routing, by=user)
    forms = {
        r.pk: AnswerForm(
            initial={
                "position": r.position,
                "reasoning": r.reasoning,
                "planned_on": r.planned_on,
                "implementation": r.implementation,
            },
            prefix=f"r{r.pk}",
        )
        for r in mine
    }
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "routings": routings,
            "answer_forms": [(r, forms[r.pk]) for r in mine],
            "events": recommendation.events.select_related("by", "routing__body", "vote__meeting"),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    routing = get_routing_for_respondent(request, pk)
    form = AnswerForm(request.POST, prefix=f"r{routing.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.answer(
                routing,
                by=_user(request),
                position=data["position"],
                reasoning=data["reasoning"],
                planned_on=data["planned_on"],
                implementation=data["implementation"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Réponse enregistrée et transmise au conseil."))
    else:
        messages.error(request, _("Réponse incomplète : choisissez une réponse et motivez-la."))
    return redirect("recommendations:detail", routing.recommendation_id)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What the bodies I answer for have received."""
    routings = Routing.objects.filter(body__respondents=_user(request))
    result = board(routings, state=request.GET.get("state", ""))
    return render(request, "recommendations/inbox.html", {"board": result})


def _board_page(
    request: HttpRequest, title: str, routings: QuerySet[Routing], bodies: QuerySet[Body]
) -> HttpResponse:
    filters = BoardFilterForm(bodies, request.GET or None)
    state, body_id = "", None
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        body_id = filters.cleaned_data["body"].pk if filters.cleaned_data["body"] else None
    result = board(routings, state=state, body_id=body_id)
    if request.GET.get("format") == "csv":
        response = HttpResponse(board_csv(result.rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="preconisations.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    result.rows = page.object_list  # type: ignore[assignment]
    pages = request.GET.copy()
    pages.pop("page", None)
    return render(
        request,
        "recommendations/board.html",
        {
            "title": title,
            "board": result,
            "filters": filters,
            "csv_query": query.urlencode(),
            "page": page,
            "page_query": pages.urlencode(),
        },
    )


@login_required
def council_board(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_board(request, pk)
    routings = Routing.objects.filter(recommendation__council=council)
    bodies = Body.objects.filter(institution=council.institution_id)
    return _board_page(request, _("Préconisations — %(c)s") % {"c": council.name}, routings, bodies)


@login_required
def body_board(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request, pk)
    routings = Routing.objects.filter(body=body)
    bodies = Body.objects.filter(pk=body.pk)
    return _board_page(
        request, _("Préconisations reçues — %(b)s") % {"b": body.name}, routings, bodies
    )


@login_required
def institution_board(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_director(request, pk)
    routings = Routing.objects.filter(recommendation__council__institution=institution)
    bodies = Body.objects.filter(institution=institution)
    return _board_page(
        request, _("Suivi des préconisations — %(i)s") % {"i": institution}, routings, bodies
    )


@login_required
@require_http_methods(["GET", "POST"])
def bodies(request: HttpRequest, pk: int) -> HttpResponse:
    """The director keeps the list of receiving bodies and who answers for each."""
    institution = get_institution_for_director(request, pk)
    actions.ensure_default_bodies(institution)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        emails = [e.strip().lower() for e in data["respondents"].splitlines() if e.strip()]
        people = list(User.objects.filter(email__in=emails))
        unknown = sorted(set(emails) - {p.email for p in people})
        if unknown:
            form.add_error("respondents", _("Comptes inconnus : %(e)s") % {"e": ", ".join(unknown)})
        else:
            with transaction.atomic():
                body, _created = Body.objects.update_or_create(
                    institution=institution,
                    code=data["code"].strip().upper(),
                    defaults={"name": data["name"], "answer_days": data["answer_days"]},
                )
                body.respondents.set(people)
                record(_user(request), "body.saved", body, summary={"respondents": emails})
            messages.success(request, _("Instance enregistrée."))
            return redirect("recommendations:bodies", institution.pk)
    return render(
        request,
        "recommendations/bodies.html",
        {
            "institution": institution,
            "bodies": Body.objects.filter(institution=institution).prefetch_related("respondents"),
            "form": form,
        },
    )
