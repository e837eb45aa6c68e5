"""Personal API tokens: created and revoked by their owner, shown once, stored as a hash."""

from __future__ import annotations

import datetime as dt
import hashlib

import time_machine
from django.test.client import Client
from django.urls import reverse

from api.models import ApiToken
from audit.models import AuditEntry
from tests.test_api_helpers import ApiTestCase, api_url

TOKENS = reverse("tokens:list")


class TokenPageTests(ApiTestCase):
    def create_on_the_page(self, name: str = "Mon script") -> str:
        self.login(self.w.head)
        response = self.client.post(TOKENS, {"name": name})
        assert response.status_code == 200
        return response.context["secret"]

    def test_creating_a_token_shows_its_secret_once_and_stores_only_its_hash(self) -> None:
        secret = self.create_on_the_page()
        token = ApiToken.objects.get(user=self.w.head)
        assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert token.prefix == secret[:12]
        stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
        assert not any(secret in value for value in stored)
        again = self.client.get(TOKENS)
        self.assertNotContains(again, secret)
        self.assertContains(again, token.prefix)

    def test_the_page_holding_a_secret_is_never_cached(self) -> None:
        self.login(self.w.head)
        response = self.client.post(TOKENS, {"name": "Mon script"})
        assert "no-store" in response["Cache-Control"]

    def test_the_secret_it_shows_opens_the_api(self) -> None:
        secret = self.create_on_the_page()
        self.client.logout()
        response = self.call("GET", api_url("list_councils"), secret=secret)
        assert response.status_code == 200
        assert response.json()["count"] == 1

    def test_creating_a_token_is_recorded_in_the_audit_trail(self) -> None:
        self.create_on_the_page("Tableur")
        entry = AuditEntry.objects.get(action="api_token.created")
        assert entry.actor == self.w.head
        assert entry.summary["name"] == "Tableur"

    def test_a_token_needs_a_name(self) -> None:
        self.login(self.w.head)
        response = self.client.post(TOKENS, {"name": "  "})
        assert response.status_code == 422
        assert response.context["secret"] is None
        assert not ApiToken.objects.exists()

    def test_a_person_sees_only_their_own_tokens(self) -> None:
        self.token_for(self.w.director)
        self.login(self.w.head)
        assert list(self.client.get(TOKENS).context["tokens"]) == []

    def test_the_page_links_back_to_the_account_and_to_the_api_description(self) -> None:
        self.login(self.w.head)
        response = self.client.get(TOKENS)
        self.assertContains(response, reverse("accounts:password_change"))
        self.assertContains(response, reverse("api:openapi-json"))

    def test_anonymous_people_are_sent_to_the_sign_in_page(self) -> None:
        response = self.client.get(TOKENS)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class RevokeTests(ApiTestCase):
    def test_a_revoked_token_is_refused_with_401(self) -> None:
        secret = self.token_for(self.w.head)
        token = ApiToken.objects.get(user=self.w.head)
        self.login(self.w.head)
        response = self.client.post(reverse("tokens:revoke", args=[token.pk]))
        assert response.status_code == 302
        self.client.logout()
        refused = self.call("GET", api_url("list_councils"), secret=secret)
        assert refused.status_code == 401
        assert "jeton" in refused.json()["detail"]
        assert refused["WWW-Authenticate"] == "Bearer"
        assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1

    def test_a_revoked_token_is_refused_on_writes_too_and_not_as_a_csrf_error(self) -> None:
        secret = self.token_for(self.w.head)
        ApiToken.objects.update(revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        url = api_url("add_member", council_id=self.w.council.pk)
        response = self.call("POST", url, body={"email": "x@example.org"}, secret=secret)
        assert response.status_code == 401

    def test_nobody_can_revoke_someone_elses_token(self) -> None:
        self.token_for(self.w.head)
        token = ApiToken.objects.get(user=self.w.head)
        self.login(self.w.outsider)
        response = self.client.post(reverse("tokens:revoke", args=[token.pk]))
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.is_active

    def test_revoking_refuses_get(self) -> None:
        self.token_for(self.w.head)
        token = ApiToken.objects.get(user=self.w.head)
        self.login(self.w.head)
        assert self.client.get(reverse("tokens:revoke", args=[token.pk])).status_code == 405
        token.refresh_from_db()
        assert token.is_active


class BearerTests(ApiTestCase):
    def test_an_unknown_token_is_refused_with_401(self) -> None:
        response = self.call("GET", api_url("list_councils"), secret="cns_made-up")
        assert response.status_code == 401

    def test_no_token_and_no_session_is_refused_with_401(self) -> None:
        assert self.call("GET", api_url("list_councils")).status_code == 401

    def test_the_token_of_a_deactivated_person_is_refused(self) -> None:
        secret = self.token_for(self.w.head)
        self.w.head.is_active = False
        self.w.head.save()
        assert self.call("GET", api_url("list_councils"), secret=secret).status_code == 401

    def test_a_bad_token_is_refused_even_alongside_a_valid_session(self) -> None:
        self.login(self.w.head)
        response = self.call("GET", api_url("list_councils"), secret="cns_made-up")
        assert response.status_code == 401

    def test_using_a_token_records_when_it_was_last_used_to_the_minute(self) -> None:
        secret = self.token_for(self.w.head)
        url = api_url("list_councils")
        with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
            self.call("GET", url, secret=secret)
        with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 30, tzinfo=dt.UTC), tick=False):
            self.call("GET", url, secret=secret)
        token = ApiToken.objects.get(user=self.w.head)
        assert token.last_used_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        with time_machine.travel(dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC), tick=False):
            self.call("GET", url, secret=secret)
        token.refresh_from_db()
        assert token.last_used_at == dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC)


class BrowserSessionTests(ApiTestCase):
    """The signed-in browser of the site may call the API, with Django's CSRF check on writes."""

    def test_the_signed_in_browser_reads_without_a_token(self) -> None:
        self.login(self.w.member)
        response = self.client.get(api_url("list_councils"))
        assert response.status_code == 200
        assert [c["name"] for c in response.json()["items"]] == [self.w.council.name]

    def test_a_write_from_the_browser_without_the_csrf_token_is_refused(self) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.w.head)
        url = api_url("end_member", council_id=self.w.council.pk, membership_id=self.seat_pk())
        response = self.call("POST", url, body={"end_date": "2030-01-01"}, client=browser)
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]

    def test_a_write_from_the_browser_with_the_csrf_token_goes_through(self) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.w.head)
        browser.get(TOKENS)  # the page sets the CSRF cookie, as it would in the browser
        csrf = browser.cookies["csrftoken"].value
        url = api_url("end_member", council_id=self.w.council.pk, membership_id=self.seat_pk())
        response = browser.post(
            url,
            '{"end_date": "2030-01-01"}',
            content_type="application/json",
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 200, response.content

    def seat_pk(self) -> int:
        return self.w.council.memberships.get(person=self.w.member).pk
