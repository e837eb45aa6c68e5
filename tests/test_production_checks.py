"""A production install without the director's key refuses to sign, and says so at
`check --deploy`; pages meant for one person are never cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from documents import signing
from tests.people import BaseTestCase


@override_settings(SIGNING_KEY_FILE="", SIGNING_CERT_FILE="", SIGNING_DEMO=False)
def test_production_without_the_directors_key_refuses_to_sign() -> None:
    with pytest.raises(signing.SigningNotConfigured, match="SIGNING_KEY_FILE"):
        signing.configured_identity()


@override_settings(SIGNING_KEY_FILE="", SIGNING_CERT_FILE="", SIGNING_DEMO=False)
def test_check_deploy_fails_without_the_directors_key() -> None:
    with pytest.raises(SystemCheckError, match="SIGNING_KEY_FILE and SIGNING_CERT_FILE"):
        call_command("check", "--deploy", "--tag", "security")


def test_check_deploy_passes_the_signing_check_with_a_readable_pair(tmp_path: Path) -> None:
    pair = signing.generate_demo_pair(tmp_path)
    with override_settings(
        SIGNING_KEY_FILE=str(pair.key_file), SIGNING_CERT_FILE=str(pair.cert_file)
    ):
        identity = signing.configured_identity()
        from conseils.checks import production_settings

        ids = {problem.id for problem in production_settings()}
    assert not identity.is_demo and not {"conseils.E001", "conseils.E002"} & ids


class CacheControlTests(BaseTestCase):
    def test_a_signed_in_page_is_private_and_not_stored(self) -> None:
        self.login(self.w.member)
        response = self.client.get(reverse("home"))
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

    def test_an_api_answer_with_a_token_is_not_stored(self) -> None:
        response = self.client.get("/api/v1/councils", HTTP_AUTHORIZATION="Bearer nope")
        assert "no-store" in response["Cache-Control"]

    def test_the_public_code_may_be_cached(self) -> None:
        response = self.client.get(reverse("law:index"))
        assert "no-store" not in response.get("Cache-Control", "")
