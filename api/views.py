"""The pages where a person creates and revokes their own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from api import actions
from api.forms import TokenForm
from api.models import ApiToken


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = actions.create_token(user, form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    # The secret is rendered here and nowhere else: never put in the session or a message.
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": ApiToken.objects.filter(user=user)},
        status=422 if request.method == "POST" and secret is None else 200,
    )
    add_never_cache_headers(response)  # a page holding a secret must not sit in any cache
    return response


# Refuse GET before anything else: the walk expects 405 from every visitor, signed in or not.
@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # Someone else's token is 404, as if it did not exist.
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    actions.revoke_token(token, by=user)
    messages.success(request, _("Jeton « %(name)s » révoqué.") % {"name": token.name})
    return redirect("tokens:list")
