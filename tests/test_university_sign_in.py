"""Sign-in with the university account: matching, the page for strangers, sign-out, settings.

The whole round trip against real CAS and OpenID Connect servers is in
tests/browser/test_university_sign_in_browser.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import override_settings
from django.urls import reverse

from accounts import university
from accounts.university import CAS_BACKEND, OIDC_BACKEND
from tests.people import BaseTestCase
from tests.test_settings import manage

CAS = {"CAS_SERVER_URL": "https://cas.univ.example/cas/", "CAS_MATCH_ATTRIBUTE": "uid"}
OIDC = {
    "OIDC_RP_CLIENT_ID": "conseils",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://idp.univ.example/logout",
}


class MatchingTests(BaseTestCase):
    def test_it_finds_a_person_by_uid(self) -> None:
        self.w.member.uid = "mmembre"
        self.w.member.save()
        assert university.find_person("uid", "mmembre") == self.w.member

    def test_it_finds_a_person_by_mail_whatever_the_case(self) -> None:
        assert university.find_person("mail", "Member@Example.ORG") == self.w.member

    def test_it_finds_a_person_by_eppn(self) -> None:
        self.w.member.eppn = "mmembre@univ.example"
        self.w.member.save()
        assert university.find_person("eppn", "mmembre@univ.example") == self.w.member

    def test_it_finds_nobody_for_an_empty_value_or_an_unknown_attribute(self) -> None:
        assert university.find_person("uid", "") is None
        assert university.find_person("sn", "Membre") is None

    def test_a_deactivated_person_is_not_signed_in(self) -> None:
        self.w.member.is_active = False
        self.w.member.save()
        assert university.find_person("mail", "member@example.org") is None

    @override_settings(CAS_MATCH_ATTRIBUTE="uid")
    def test_cas_matches_the_uid_attribute_or_else_the_principal(self) -> None:
        assert university.cas_match_value("p123", {"uid": "mmembre"}) == "mmembre"
        assert university.cas_match_value("p123", {}) == "p123"

    @override_settings(CAS_MATCH_ATTRIBUTE="mail")
    def test_cas_matches_the_mail_attribute_never_the_principal(self) -> None:
        assert university.cas_match_value("p123", {"mail": "a@b.fr"}) == "a@b.fr"
        assert university.cas_match_value("p123", {}) == ""


class PagesTests(BaseTestCase):
    def test_the_sign_in_page_offers_only_the_password_when_nothing_is_configured(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertNotContains(response, "compte de l’université")
        self.assertContains(response, 'name="password"')

    @override_settings(**CAS, **OIDC)
    def test_the_sign_in_page_offers_the_configured_university_buttons_and_the_password(
        self,
    ) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, "Se connecter avec le compte de l’université (CAS)")
        self.assertContains(response, "(OpenID Connect)")
        self.assertContains(response, 'name="password"')

    def test_the_university_doors_are_absent_until_configured(self) -> None:
        for name in ("accounts:cas_login", "accounts:oidc_login", "accounts:oidc_callback"):
            assert self.client.get(reverse(name)).status_code == 404

    @override_settings(**CAS)
    def test_the_cas_door_sends_the_browser_to_the_cas_server(self) -> None:
        response = self.client.get(reverse("accounts:cas_login"))
        assert response.status_code == 302
        assert response["Location"].startswith("https://cas.univ.example/cas/login?service=")

    def test_the_stranger_page_names_the_account_the_university_gave(self) -> None:
        session = self.client.session
        session[university.UNKNOWN_SESSION_KEY] = {"attribute": "uid", "value": "zorro"}
        session.save()
        response = self.client.get(reverse("accounts:university_unknown"))
        self.assertContains(response, "identifiant (uid) : zorro", status_code=403)
        self.assertContains(response, "Aucun compte n’a été créé", status_code=403)

    def test_the_stranger_page_without_a_noted_account_says_the_sign_in_failed(self) -> None:
        response = self.client.get(reverse("accounts:university_unknown"))
        self.assertContains(response, "n’a pas abouti", status_code=403)


class SignOutTests(BaseTestCase):
    def test_after_a_password_sign_in_sign_out_stays_in_conseils(self) -> None:
        self.client.force_login(self.w.member)
        response = self.client.post(reverse("accounts:logout"))
        assert response["Location"] == reverse("home")
        assert "_auth_user_id" not in self.client.session

    @override_settings(**CAS)
    def test_after_a_cas_sign_in_sign_out_goes_through_the_cas_server(self) -> None:
        self.client.force_login(self.w.member, backend=CAS_BACKEND)
        response = self.client.post(reverse("accounts:logout"))
        location = urlsplit(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == (
            "https://cas.univ.example/cas/logout"
        )
        assert parse_qs(location.query)["service"] == ["http://testserver/"]
        assert "_auth_user_id" not in self.client.session

    @override_settings(**OIDC)
    def test_after_an_openid_sign_in_sign_out_goes_through_the_provider(self) -> None:
        self.client.force_login(self.w.member, backend=OIDC_BACKEND)
        session = self.client.session
        session["oidc_id_token"] = "the.id.token"
        session.save()
        response = self.client.post(reverse("accounts:logout"))
        location = urlsplit(response["Location"])
        assert location.netloc == "idp.univ.example"
        query: dict[str, Any] = parse_qs(location.query)
        assert query["id_token_hint"] == ["the.id.token"]
        assert query["post_logout_redirect_uri"] == ["http://testserver/"]


def test_an_unknown_match_attribute_stops_the_settings() -> None:
    result = manage("check", DEBUG="1", CAS_MATCH_ATTRIBUTE="sn")
    assert result.returncode != 0
    assert "uid, mail or eppn" in result.stderr


def test_the_cas_server_becomes_a_target_of_the_sign_out_form() -> None:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], s.AUTHENTICATION_BACKENDS)",
        DEBUG="1",
        CAS_SERVER_URL="https://cas.univ.example/cas/",
    )
    assert "https://cas.univ.example" in result.stdout, result.stderr
    assert CAS_BACKEND in result.stdout
