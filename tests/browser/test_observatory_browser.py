"""The observatoire des formations, driven in Chromium: the director names an account, which
then enters a year of indicators for a training of a programme it has no seat in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from councils.models import Track
from evaluation.pack import current_year
from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_the_observatory_enters_a_year_of_indicators(
    page: Page, live_server: Any, world: World
) -> None:
    programme = world.other_council.programme
    assert programme is not None
    track = Track.objects.create(programme=programme, name="Premier degré")
    world.other_council.tracks.add(track)

    login(page, live_server, world.director.email)
    page.get_by_role("link", name="Observatoire des formations").click()
    expect(page.get_by_role("heading", name="Observatoire des formations", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Adresse électronique du compte").fill(world.outsider.email)
    page.get_by_role("button", name="Ajouter à l’observatoire").click()
    expect(page.get_by_role("row", name="Oscar Extérieur")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, live_server, world.outsider.email)
    page.get_by_role(
        "link", name="saisir ou importer les indicateurs de CPER premier degré"
    ).click()
    expect(page.get_by_role("heading", name="Indicateurs des formations")).to_be_visible()
    assert_accessible(page)
    for indicator, value in [
        ("Effectif inscrit", "24"),
        ("Taux de réussite", "86"),
        ("Satisfaction des étudiants (enquête)", "71"),
        ("Insertion dans le métier", "90"),
    ]:
        page.get_by_role("combobox", name="Indicateur").select_option(label=indicator)
        page.get_by_role("combobox", name="Parcours").select_option(label="Premier degré")
        page.get_by_label("Année universitaire").fill(current_year())
        page.get_by_role("spinbutton", name="Valeur").fill(value)
        page.get_by_role("textbox", name="Source").fill("Observatoire")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Valeur enregistrée.")).to_be_visible()

    page.get_by_role("link", name="Bilan annuel").click()
    expect(page.get_by_role("heading", name=f"Bilan de l’année {current_year()}")).to_be_visible()
    expect(page.get_by_text("Membre de l’observatoire : Oscar Extérieur.")).to_be_visible()
    expect(page.get_by_role("cell", name="86 %")).to_be_visible()
    assert_accessible(page)
