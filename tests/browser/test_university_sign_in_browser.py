"""Sign-in with the university account, against real CAS and OpenID Connect servers started on
loopback ports (tests/identity/): the whole redirect round trip, sign-out included."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.university import CAS_BACKEND, OIDC_BACKEND
from conseils.settings import allow_form_redirect_to
from tests.browser.conftest import assert_accessible
from tests.identity.servers import (  # noqa: F401 - pytest fixtures
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    cas_server,
    oidc_provider,
)
from tests.people import World

pytestmark = pytest.mark.browser

CAS_BUTTON = "Se connecter avec le compte de l’université (CAS)"
OIDC_BUTTON = "Se connecter avec le compte de l’université (OpenID Connect)"


@pytest.fixture
def cas(settings: Any, cas_server: str) -> str:  # noqa: F811
    settings.CAS_SERVER_URL = f"{cas_server}/cas/"
    settings.CAS_MATCH_ATTRIBUTE = "uid"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, CAS_BACKEND]
    settings.CONTENT_SECURITY_POLICY = allow_form_redirect_to(
        settings.CONTENT_SECURITY_POLICY, cas_server
    )
    return cas_server


@pytest.fixture
def oidc(settings: Any, oidc_provider: str) -> str:  # noqa: F811
    base = f"{oidc_provider}/openid"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{base}/end-session"
    settings.OIDC_MATCH_CLAIM = "email"
    settings.OIDC_MATCH_ATTRIBUTE = "mail"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
    settings.CONTENT_SECURITY_POLICY = allow_form_redirect_to(
        settings.CONTENT_SECURITY_POLICY, oidc_provider
    )
    return oidc_provider


def sign_in_at_the_cas_server(page: Page, username: str) -> None:
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#login_form").get_by_role("button").click()


def sign_in_at_the_provider(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Fournisseur d’identité de test")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Valider").click()


def test_a_member_signs_in_through_cas_sees_the_council_and_signs_out_of_cas_too(
    page: Page, live_server: Any, world: World, cas: str
) -> None:
    world.member.uid = "mmembre"
    world.member.save(update_fields=["uid"])
    page.goto(f"{live_server.url}/comptes/connexion/")
    assert_accessible(page)
    page.get_by_role("link", name=CAS_BUTTON).click()
    assert page.url.startswith(f"{cas}/cas/login")
    sign_in_at_the_cas_server(page, "mmembre")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert page.url.startswith(live_server.url)
    page.get_by_role("link", name="Conseils", exact=True).click()
    expect(page.get_by_role("link", name="CPER mathématiques")).to_be_visible()
    expect(page.get_by_role("link", name="CPER premier degré")).to_have_count(0)

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    assert page.url.startswith(live_server.url)
    # The CAS server forgot the person too: the button asks for the password again.
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_role("link", name=CAS_BUTTON).click()
    expect(page.get_by_label("Nom d’utilisateur")).to_be_visible()


def test_a_university_account_unknown_to_the_directory_gets_a_clear_page_and_no_account(
    page: Page, live_server: Any, world: World, cas: str
) -> None:
    page.goto(f"{live_server.url}/comptes/universite/cas/")
    sign_in_at_the_cas_server(page, "inconnu")
    expect(page.get_by_role("heading", name="Compte universitaire inconnu")).to_be_visible()
    expect(page.get_by_text("identifiant (uid) : inconnu")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_a_member_signs_in_through_openid_connect_and_signs_out_of_the_provider_too(
    page: Page, live_server: Any, world: World, oidc: str
) -> None:
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_role("link", name=OIDC_BUTTON).click()
    assert page.url.startswith(oidc)
    sign_in_at_the_provider(page, "mmembre")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_role("link", name="Conseils", exact=True).click()
    expect(page.get_by_role("link", name="CPER mathématiques")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    assert page.url.startswith(live_server.url)
    page.goto(f"{live_server.url}/comptes/universite/oidc/")
    expect(page.get_by_role("heading", name="Fournisseur d’identité de test")).to_be_visible()


def test_an_openid_connect_account_unknown_to_the_directory_gets_the_clear_page(
    page: Page, live_server: Any, world: World, oidc: str
) -> None:
    page.goto(f"{live_server.url}/comptes/universite/oidc/")
    sign_in_at_the_provider(page, "inconnu")
    expect(page.get_by_role("heading", name="Compte universitaire inconnu")).to_be_visible()
    expect(page.get_by_text("adresse électronique : nobody@example.org")).to_be_visible()
    assert not User.objects.filter(email="nobody@example.org").exists()
