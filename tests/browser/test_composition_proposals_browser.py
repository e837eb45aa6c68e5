"""The COSP proposes a CPER's composition in Chromium; the director accepts it and signs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import assert_accessible, confirm, login
from tests.convocation_world import signing_keys
from tests.people import World
from tests.recommendation_helpers import cosp

pytestmark = pytest.mark.browser


def test_the_cosp_proposes_and_the_director_decides(
    page: Page, live_server: Any, world: World, settings: Any
) -> None:
    for name, value in signing_keys().items():
        setattr(settings, name, value)
    _body, respondent = cosp(world)
    User.objects.create_user("nina@example.org", first_name="Nina", last_name="Nouvelle")

    login(page, live_server, respondent.email)
    page.goto(f"{live_server.url}/conseils/")
    page.get_by_role("link", name="Propositions pour CPER mathématiques").click()
    assert_accessible(page)
    page.get_by_role("link", name="Proposer une composition").click()
    page.get_by_label("Retirer Tom Trois").check()
    page.get_by_label("Adresse électronique de la personne à ajouter (1)").fill("nina@example.org")
    page.get_by_label("Catégorie (1)").select_option(label="Enseignant ou enseignant-chercheur")
    page.get_by_label("Composante (1)").select_option(label="AMU")
    assert_accessible(page)
    page.get_by_role("button", name="Transmettre la proposition à la direction").click()
    confirm(page)
    expect(page.get_by_text("Proposition transmise à la direction.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/conseils/{world.council.pk}/composition/propositions/")
    page.get_by_role("link", name="n° ").first.click()
    expect(page.get_by_role("cell", name="Nina Nouvelle")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter et signer la décision").click()
    confirm(page)
    expect(page.get_by_text("Décision signée et enregistrée.")).to_be_visible()
    expect(page.get_by_role("link", name="Décision signée (PDF)")).to_be_visible()
    page.goto(f"{live_server.url}/conseils/{world.council.pk}/")
    expect(page.get_by_text("Composition arrêtée par la décision n°")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Nina Nouvelle")).to_be_visible()
    assert_accessible(page)
