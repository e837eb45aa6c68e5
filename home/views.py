from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.models import User
from bylaws.engine import SOURCES_DIR
from councils import roles
from home.awaiting import awaiting, next_meetings


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    user = request.user
    if isinstance(user, User):
        # What the person holds, read once: every question below starts from it, and those
        # about roles the person does not hold cost no query.
        standing = roles.standing_of(user)
        councils = roles.councils_read_in(standing).order_by("name").fetch_with_composition()
        context["rows"] = [(c, c.violations()) for c in councils]
        context["roles"] = standing.roles()
        context["awaiting"] = awaiting(user, standing)
        context["next_meetings"] = next_meetings(user, standing)
        observing = standing.institutions_observed
        directing = standing.institutions_directed or standing.superuser
        context["observed"] = roles.councils_observed_by(user).order_by("name") if observing else []
        context["directed"] = (
            roles.institutions_directed_by(user).order_by("name") if directing else []
        )
    return render(request, "home/home.html", context)


def source_document(request: HttpRequest, name: str) -> HttpResponse:
    """A text a rule cites, shipped with the product; the quoted words are highlighted."""
    path = SOURCES_DIR / f"{name}.txt"
    if "/" in name or not path.is_file():
        raise Http404
    text = path.read_text(encoding="utf-8")
    quote = request.GET.get("citation", "")[:2000]
    before, found, after = text.partition(quote) if quote else (text, "", "")
    return render(
        request,
        "home/source_document.html",
        {"name": name, "before": before, "quote": found, "after": after, "asked": quote},
    )


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
