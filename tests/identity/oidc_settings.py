"""A throw-away OpenID Connect provider (django-oidc-provider) for the tests, run as its own
Django process."""

import os
from typing import Any

from tests.identity import base_settings
from tests.identity.base_settings import *  # noqa: F403

SECRET_KEY = "oidc-provider-tests-only"
INSTALLED_APPS = [*base_settings.INSTALLED_APPS, "oidc_provider"]
ROOT_URLCONF = "tests.identity.oidc_urls"
SESSION_COOKIE_NAME = "provider_session"  # both servers live on 127.0.0.1: cookies must differ
CSRF_COOKIE_NAME = "provider_csrf"
LOGIN_URL = "/login/"
SITE_URL = os.environ.get("IDENTITY_URL", "")
OIDC_USERINFO = f"{__name__}.userinfo"


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    return claims
