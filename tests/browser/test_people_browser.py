"""The directory of people and its picker, driven in Chromium as a head of mention would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_a_head_of_mention_seats_a_person_chosen_in_the_directory_by_keyboard(
    page: Page, live_server: Any, world: World
) -> None:
    world.outsider.organisation = "Rectorat"
    world.outsider.save(update_fields=["organisation"])
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/personnes/")
    expect(page.get_by_role("heading", name="Annuaire des personnes")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/conseils/{world.council.pk}/")
    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_role("link", name=re.compile("Choisir la personne dans l’annuaire")).click()
    search = page.get_by_role("searchbox", name="Nom ou adresse électronique")
    search.fill("oscar")
    search.press("Enter")
    expect(page.get_by_role("heading", name="1 résultat")).to_be_visible()
    assert_accessible(page)
    choice = page.get_by_role("link", name="Choisir Oscar Extérieur")
    choice.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_label("Adresse électronique")).to_have_value("outsider@example.org")
    expect(page.get_by_label("Prénom")).to_have_value("Oscar")
    page.get_by_label("Catégorie").select_option(label="Invité (sans voix délibérative)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Membre ajouté.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Oscar Extérieur")).to_be_visible()


def test_the_import_page_is_accessible(page: Page, live_server: Any, world: World) -> None:
    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/personnes/importer/")
    expect(page.get_by_label("Export de l’annuaire (CSV ou XLSX)")).to_be_visible()
    assert_accessible(page)
