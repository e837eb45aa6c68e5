"""Sign-in with the university account (CAS, OpenID Connect): the person is found, never made.

A university account opens Conseils only when the directory already holds the person, matched
by the configured attribute (uid, e-mail or eduPersonPrincipalName). Anyone else gets a page that
says so, and no account. The settings (README, "University sign-in") switch each protocol on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

UNKNOWN_SESSION_KEY = "university_unknown"
CAS_BACKEND = "accounts.university_backends.CASBackend"
OIDC_BACKEND = "accounts.university_backends.OIDCBackend"

# The attribute a university account is matched on -> the person's field.
LOOKUPS = {"uid": "uid", "mail": "email__iexact", "eppn": "eppn"}
LABELS: dict[str, Promise] = {
    "uid": _("identifiant (uid)"),
    "mail": _("adresse électronique"),
    "eppn": _("eduPersonPrincipalName"),
}
# Where each attribute is found among the attributes a CAS server releases.
CAS_ATTRIBUTE_NAMES = {
    "uid": ("uid",),
    "mail": ("mail", "email"),
    "eppn": ("eduPersonPrincipalName", "eppn"),
}


def cas_enabled() -> bool:
    return bool(getattr(settings, "CAS_SERVER_URL", ""))


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def find_person(attribute: str, value: str) -> User | None:
    """The one active person whose `attribute` is `value`, or None."""
    value = value.strip()
    if not value or attribute not in LOOKUPS:
        return None
    found = list(User.objects.filter(is_active=True, **{LOOKUPS[attribute]: value})[:2])
    return found[0] if len(found) == 1 else None


def sign_in(request: HttpRequest | None, attribute: str, value: object) -> User | None:
    """The person a university account stands for; when none, note who knocked for the page
    that explains it (nothing is created)."""
    text = value[0] if isinstance(value, list) and value else value
    text = str(text or "").strip()
    person = find_person(attribute, text)
    if request is not None:
        if person is None:
            request.session[UNKNOWN_SESSION_KEY] = {"attribute": attribute, "value": text}
        else:
            request.session.pop(UNKNOWN_SESSION_KEY, None)
    return person


def unknown_identity(request: HttpRequest) -> tuple[str, str] | None:
    """(label of the attribute, value) of the last university account that matched nobody."""
    noted = request.session.get(UNKNOWN_SESSION_KEY)
    if not isinstance(noted, dict) or noted.get("attribute") not in LABELS:
        return None
    return str(LABELS[noted["attribute"]]), str(noted.get("value", ""))


def cas_match_value(principal: str, attributes: dict[str, Any]) -> object:
    attribute = settings.CAS_MATCH_ATTRIBUTE
    for name in CAS_ATTRIBUTE_NAMES.get(attribute, ()):
        if attributes.get(name):
            return attributes[name]
    # Most CAS servers of French universities authenticate by uid: it is the principal.
    return principal if attribute == "uid" else ""


def remote_logout_url(request: HttpRequest, backend: str, id_token: str | None) -> str | None:
    """Where to send a person who signs out of Conseils so that the university's single sign-on
    forgets them too; None after a password sign-in."""
    back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    if backend == CAS_BACKEND and cas_enabled():
        from django_cas_ng.utils import get_cas_client

        url: str = get_cas_client(request=request).get_logout_url(back)
        return url
    logout_endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if backend == OIDC_BACKEND and oidc_enabled() and logout_endpoint:
        query = {"post_logout_redirect_uri": back}
        if id_token:
            query["id_token_hint"] = id_token
        return f"{logout_endpoint}?{urlencode(query)}"
    return None
