"""Who is calling the API: a personal token (Authorization: Bearer …) or the browser's session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from accounts.models import User
from api.models import ApiToken, hash_secret

# Writing last_used_at on every request would add a write to every read; a minute is precise
# enough for a person deciding which token they still use.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def user_for_secret(secret: str) -> User | None:
    """The active owner of an active token, or None (unknown, revoked, or owner deactivated)."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(secret_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_secret(token.strip())
        if user is not None:
            # The access helpers shared with the pages read request.user.
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser of the same site, with Django's CSRF check on writes.

    ninja's SessionAuth checks CSRF before knowing whether anyone is signed in, so a script
    with a revoked token would get "403 CSRF" instead of 401; this one only checks CSRF for a
    signed-in session, and leaves requests that carry a token to the token alone.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "La vérification CSRF a échoué : rechargez la page.")
        return request.user


# Token first: a script's request never depends on a stray session cookie.
API_AUTH = [TokenAuth(), BrowserSessionAuth()]
