"""Signing in and out, password reset, rate limiting, language."""

from __future__ import annotations

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from councils.roles import roles_of
from tests.people import PASSWORD, BaseTestCase


class SignInTests(BaseTestCase):
    def sign_in(self, email: str, password: str):
        return self.client.post(
            reverse("accounts:login"), {"username": email, "password": password}
        )

    def test_a_person_signs_in_with_their_email_whatever_its_case(self) -> None:
        response = self.sign_in("Director@Example.org", PASSWORD)
        self.assertRedirects(response, reverse("home"))
        home = self.client.get(reverse("home"))
        self.assertContains(home, "Bonjour Diane Directrice")

    def test_a_wrong_password_is_refused_with_a_message(self) -> None:
        response = self.sign_in(self.w.director.email, "nope")
        assert response.status_code == 200
        assert "_auth_user_id" not in self.client.session

    def test_sign_in_is_locked_after_five_failures(self) -> None:
        for _ in range(5):
            self.sign_in(self.w.director.email, "nope")
        response = self.sign_in(self.w.director.email, PASSWORD)
        assert response.status_code == 429
        self.assertContains(response, "Connexion suspendue", status_code=429)
        assert "_auth_user_id" not in self.client.session

    def test_sign_out_needs_a_post(self) -> None:
        self.login(self.w.member)
        assert self.client.get(reverse("accounts:logout")).status_code == 405
        self.client.post(reverse("accounts:logout"))
        assert "_auth_user_id" not in self.client.session

    def test_csrf_is_enforced_on_sign_in(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(
            reverse("accounts:login"), {"username": self.w.member.email, "password": PASSWORD}
        )
        assert response.status_code == 403


class PasswordResetTests(BaseTestCase):
    def test_a_reset_link_is_mailed_and_sets_a_new_password(self) -> None:
        self.client.post(reverse("accounts:password_reset"), {"email": self.w.member.email})
        assert len(mail.outbox) == 1
        body = str(mail.outbox[0].body)
        link = re.search(r"https?://[^/]+(/\S+)", body)
        assert link is not None
        response = self.client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0]
        response = self.client.post(
            form_url,
            {"new_password1": "a-new-long-password-42", "new_password2": "a-new-long-password-42"},
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        self.w.member.refresh_from_db()
        assert self.w.member.check_password("a-new-long-password-42")

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self) -> None:
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        assert mail.outbox == []


class LanguageTests(BaseTestCase):
    def test_the_interface_is_french_by_default(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertContains(response, '<html lang="fr">')

    def test_the_english_switch_is_remembered_for_the_person(self) -> None:
        self.login(self.w.member)
        self.client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
        self.w.member.refresh_from_db()
        assert self.w.member.language == "en"
        response = self.client.get(reverse("councils:list"))
        self.assertContains(response, '<html lang="en">')

    def test_a_new_browser_gets_the_saved_language(self) -> None:
        self.w.member.language = "en"
        self.w.member.save()
        self.login(self.w.member)
        response = self.client.get(reverse("home"))
        self.assertContains(response, '<html lang="en">')


class RolesTests(BaseTestCase):
    def test_roles_come_from_data(self) -> None:
        assert roles_of(self.w.director) == ["director"]
        assert roles_of(self.w.head) == ["head_of_mention", "member"]
        assert roles_of(self.w.track_head) == ["head_of_track", "member"]
        assert roles_of(self.w.president) == ["president", "member"]
        assert roles_of(self.w.student) == ["member", "student_representative"]
        assert roles_of(self.w.outsider) == []

    def test_a_person_whose_mandate_ended_is_no_longer_a_member(self) -> None:
        m = self.w.council.memberships.get(person=self.w.member)
        m.end_date = "2025-12-31"
        m.save()
        assert roles_of(self.w.member) == []


@override_settings(DEBUG=False)
class ProductionSettingsTests(BaseTestCase):
    def test_an_unknown_page_is_a_plain_404_without_debug_details(self) -> None:
        response = self.client.get("/nowhere/")
        assert response.status_code == 404
        assert b"Traceback" not in response.content and b"URLconf" not in response.content

    def test_pages_carry_a_content_security_policy(self) -> None:
        response = self.client.get(reverse("home"))
        assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_users_have_no_free_text_role_field(self) -> None:
        assert "role" not in {f.name for f in User._meta.get_fields()}


class BrowserLanguageTests(BaseTestCase):
    def test_an_english_browser_still_gets_french_by_default(self) -> None:
        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="fr">')


@override_settings(DEBUG=False)
class ErrorPageTests(BaseTestCase):
    def test_errors_are_explained_in_french_within_the_site(self) -> None:
        self.login(self.w.president)
        response = self.client.get(reverse("councils:member_add", args=[self.w.council.pk]))
        self.assertContains(response, "Accès refusé", status_code=403)
        self.assertContains(self.client.get("/nulle-part/"), "Page introuvable", status_code=404)
