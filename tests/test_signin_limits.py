"""Sign-in failures are counted per normalised e-mail and per real client address; a person
who acted is pseudonymised, never deleted."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.models import User
from accounts.signin import client_ip
from audit.log import findings, record
from tests.people import PASSWORD, BaseTestCase


class SignInLimitTests(BaseTestCase):
    def sign_in(self, email: str, password: str, **extra: Any):
        return self.client.post(
            reverse("accounts:login"), {"username": email, "password": password}, **extra
        )

    def test_changing_the_case_of_the_email_does_not_give_more_guesses(self) -> None:
        email = self.w.director.email
        for variant in [email, email.upper(), email.title(), f" {email} ", email.capitalize()]:
            self.sign_in(variant, "nope")
        response = self.sign_in(email.swapcase(), PASSWORD)
        assert response.status_code == 429

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_the_proxy_a_stranger_does_not_lock_the_real_person_out(self) -> None:
        email = self.w.director.email
        for _ in range(5):
            self.sign_in(email, "nope", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        elsewhere = self.sign_in(
            email, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        self.assertRedirects(elsewhere, reverse("home"))

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_forged_forwarded_header_does_not_escape_the_count(self) -> None:
        email = self.w.director.email
        for n in range(5):
            self.sign_in(
                email,
                "nope",
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9",
            )
        response = self.sign_in(
            email, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        assert response.status_code == 429


def _ip(count: int, remote: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_COUNT=count):
        return client_ip(request)


def test_without_a_trusted_proxy_the_header_is_ignored() -> None:
    assert _ip(0, "192.0.2.1", "203.0.113.9") == "192.0.2.1"


def test_the_client_is_read_from_the_right_behind_n_proxies() -> None:
    assert _ip(1, "127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert _ip(1, "127.0.0.1", "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    assert _ip(2, "10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1") == "203.0.113.9"
    assert _ip(1, "127.0.0.1", "not-an-address") == "127.0.0.1"


class PseudonymisationTests(BaseTestCase):
    def test_the_admin_pseudonymises_a_person_who_acted_and_the_chain_holds(self) -> None:
        admin = User.objects.create_superuser("root@example.org", PASSWORD)
        person = User.objects.create_user("left@example.org", PASSWORD, first_name="Léa")
        record(person, "test.step")
        self.client.force_login(admin)
        url = reverse("admin:accounts_user_changelist")
        self.client.post(url, {"action": "pseudonymise", "_selected_action": [person.pk]})
        person.refresh_from_db()
        assert not person.is_active and "left@" not in person.email and person.first_name == ""
        assert not person.has_usable_password()
        assert list(findings()) == []

    def test_the_admin_refuses_to_delete_a_person_who_acted(self) -> None:
        admin = User.objects.create_superuser("root@example.org", PASSWORD)
        person = User.objects.create_user("acted@example.org")
        record(person, "test.step")
        self.client.force_login(admin)
        url = reverse("admin:accounts_user_delete", args=[person.pk])
        page = self.client.post(url, {"post": "yes"})
        assert page.status_code == 200
        assert User.objects.filter(pk=person.pk).exists()
        assert list(findings()) == []
