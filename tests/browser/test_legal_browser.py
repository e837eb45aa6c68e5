"""The legal pages and 'my data', as a visitor, a director and a member reach them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_a_visitor_reaches_the_three_pages_from_the_footer(
    page: Page, live_server: Any, world: World
) -> None:
    page.goto(live_server.url)
    footer = page.get_by_role("contentinfo")
    for link, heading in (
        ("Mentions légales", "Mentions légales"),
        ("Accessibilité", "Déclaration d’accessibilité"),
        ("Données personnelles", "Données personnelles"),
    ):
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    expect(page.get_by_text("Inspé de test, représenté par Diane Directrice")).to_be_visible()


def test_the_director_states_the_audit_and_the_statement_shows_it(
    page: Page, live_server: Any, world: World
) -> None:
    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/accessibilite/")
    page.get_by_role("link", name="Modifier les informations de l’établissement").click()
    assert_accessible(page)
    page.get_by_label("État de conformité au RGAA").select_option(label="partiellement conforme")
    page.get_by_label("Taux de conformité mesuré par l’audit").fill("62 %")
    page.get_by_label("Contact accessibilité").fill("accessibilite@example.org")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Informations légales enregistrées.")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibilité").click()
    expect(page.get_by_text("partiellement conforme", exact=True)).to_be_visible()
    expect(page.get_by_text("62 % des critères du RGAA sont respectés")).to_be_visible()


def test_a_member_downloads_their_data(page: Page, live_server: Any, world: World) -> None:
    login(page, live_server, world.member.email)
    page.get_by_role("contentinfo").get_by_role("link", name="Mes données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en JSON").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    account = next(s for s in data["sections"] if s["key"] == "account")
    assert account["rows"][0]["adresse électronique"] == world.member.email
