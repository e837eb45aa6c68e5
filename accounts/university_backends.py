"""Authentication backends for university accounts: they find the person, they never create one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_cas_ng.backends import CASBackend as BaseCASBackend
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import university
from accounts.models import User


class CASBackend(BaseCASBackend):
    """Validates the CAS ticket, then matches the person on CAS_MATCH_ATTRIBUTE."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest, ticket: str, service: str
    ) -> User | None:
        client = get_cas_client(service_url=service, request=request)
        principal, attributes, _pgtiou = client.verify_ticket(ticket)
        if not principal:
            return None
        value = university.cas_match_value(principal, attributes or {})
        return university.sign_in(request, settings.CAS_MATCH_ATTRIBUTE, value)


class OIDCBackend(OIDCAuthenticationBackend):
    """Reads the user info of the OpenID Connect provider, then matches the person on the claim
    OIDC_MATCH_CLAIM against the attribute OIDC_MATCH_ATTRIBUTE."""

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        value = claims.get(settings.OIDC_MATCH_CLAIM, "")
        return university.sign_in(self.request, settings.OIDC_MATCH_ATTRIBUTE, value)
