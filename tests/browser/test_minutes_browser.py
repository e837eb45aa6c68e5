"""The minutes circuit in Chromium: the president designates the secretary, who writes in the
rich-text editor (autosaved, announced, found again after a reload) and submits; the three
validators approve; the director hides a passage and publishes; the public page shows the
published text without the hidden passage."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, confirm, login
from tests.minutes_helpers import held_meeting
from tests.people import World

pytestmark = pytest.mark.browser


def as_person(browser: Browser, args: dict[str, Any], live_server: Any, email: str) -> Page:
    page = browser.new_context(**args).new_page()
    login(page, live_server, email)
    return page


def approve(page: Page, live_server: Any, url: str) -> None:
    page.goto(live_server.url + url)
    expect(page.get_by_role("heading", name="Votre validation")).to_be_visible()
    page.get_by_role("button", name="Approuver").click()
    expect(page.get_by_text("Votre décision est enregistrée.")).to_be_visible()


def test_minutes_go_from_the_secretary_to_the_public(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    world: World,
) -> None:
    meeting = held_meeting(world)
    login(page, live_server, world.president.email)
    page.goto(f"{live_server.url}/seances/{meeting.pk}/")
    page.get_by_role(
        "link", name="Désigner le secrétaire de séance et ouvrir le compte rendu"
    ).click()
    page.get_by_label("Secrétaire de séance").select_option(label="Marie Membre")
    assert_accessible(page)
    page.get_by_role("button", name="Désigner et ouvrir le compte rendu").click()
    expect(page.get_by_text("Secrétaire de séance : Marie Membre.")).to_be_visible()
    url = page.url.removeprefix(live_server.url)

    secretary = as_person(browser, browser_context_args, live_server, world.member.email)
    secretary.goto(live_server.url + url)
    secretary.get_by_role("link", name="Rédiger").click()
    expect(secretary.get_by_role("heading", name="2. Maquette de formation")).to_be_visible()
    # The editor replaces each textarea once its script has run: wait for it, or the click
    # would aim at the textarea the script is about to hide.
    expect(secretary.locator(".rich-area").first).to_be_visible()
    box = secretary.get_by_role("textbox", name="Texte de la section « Présences »")
    box.click()
    secretary.keyboard.press("Control+End")
    secretary.keyboard.press("Enter")
    secretary.keyboard.type("M. Dupont habite 12 rue des Lilas. Décision : ")
    toolbar = secretary.get_by_role("toolbar", name="Mise en forme — Présences")
    toolbar.get_by_role("button", name="Gras").click()
    secretary.keyboard.type("adoptée")
    # Autosaved within seconds (no click), announced in the polite live region.
    expect(secretary.get_by_role("status").filter(has_text="Enregistré à")).to_be_visible(
        timeout=15_000
    )
    assert_accessible(secretary)
    secretary.reload()
    expect(secretary.locator(".rich-area").first).to_be_visible()
    box = secretary.get_by_role("textbox", name="Texte de la section « Présences »")
    expect(box).to_contain_text("M. Dupont habite 12 rue des Lilas.")
    expect(box.locator("b, strong")).to_have_text("adoptée")
    secretary.get_by_role("link", name="Aperçu").click()
    expect(secretary.get_by_role("heading", name="Aperçu du compte rendu")).to_be_visible()
    expect(secretary.locator("article strong, article b").first).to_have_text("adoptée")
    assert_accessible(secretary)
    secretary.go_back()
    secretary.get_by_role("button", name="Enregistrer et soumettre à la validation").click()
    expect(secretary.get_by_text("Compte rendu soumis à la validation.")).to_be_visible()

    approve(page, live_server, url)
    for person in (world.track_head, world.head):
        approve(
            as_person(browser, browser_context_args, live_server, person.email), live_server, url
        )

    director = as_person(browser, browser_context_args, live_server, world.director.email)
    director.goto(live_server.url + url)
    expect(director.get_by_text("validé et signé")).to_be_visible()
    director.get_by_label("Passage à occulter (copié mot pour mot)").fill("12 rue des Lilas")
    director.get_by_label("Motif").fill("adresse personnelle")
    director.get_by_role("button", name="Occulter ce passage dans la version publique").click()
    director.get_by_role("button", name="Publier le compte rendu").click()
    confirm(director)
    expect(director.get_by_text("Compte rendu publié.")).to_be_visible()
    assert_accessible(director)

    public = browser.new_context(**browser_context_args).new_page()
    public.goto(f"{live_server.url}/comptes-rendus/publics/{world.institution.pk}/")
    public.get_by_role("link", name="Séance du").first.click()
    expect(public.get_by_text("[passage occulté]")).to_be_visible()
    expect(public.get_by_text("12 rue des Lilas")).to_have_count(0)
    assert_accessible(public)
