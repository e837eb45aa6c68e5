"""The public pages of the Code in Chromium, on a phone: axe-core finds no serious
violation, nothing is wider than the screen, and the search works from the keyboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from law.loader import load
from law.search import search
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
FIRST_SEARCH_MS = 30_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
    }


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_code_pages_are_accessible_and_fit_a_phone(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    load(force=True)
    search("sécurité")  # the ranking's corpus, built once per process, before the clock runs
    # 16055: R. 421-41-1, under its restored heading "Le conseil pédagogique".
    for path in (
        "/code/",
        "/code/organes/",
        "/code/article/1425/",
        "/code/article/15657/",
        "/code/article/16055/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert fits_the_screen(page), path
        assert_accessible(page)
    page.goto(f"{live_server.url}/code/")
    page.get_by_label("Chercher dans le Code de l’éducation").fill(
        "attributions du chef d'établissement en matière de sécurité"
    )
    page.keyboard.press("Enter")
    # On a loaded machine the first search through the live server can outlast Playwright's
    # 5 s default: it is given time; what it must show is unchanged.
    expect(page.get_by_role("status")).to_contain_text("résultat", timeout=FIRST_SEARCH_MS)
    first = page.get_by_role("listitem").filter(has=page.locator("mark")).first
    expect(first).to_contain_text("sécurité", timeout=FIRST_SEARCH_MS)
    assert fits_the_screen(page)
    assert_accessible(page)
    first.get_by_role("link").first.click()
    expect(page.locator(".law-text")).to_contain_text(
        "sécurité des personnes et des biens", timeout=FIRST_SEARCH_MS
    )
    # Parallel articles: the copies are listed under the hit, not as hits of their own.
    page.goto(f"{live_server.url}/code/recherche/?q=séance du conseil d'administration quorum")
    variants = page.locator("ul.law-variants").first
    expect(variants).to_contain_text("R. 421-96", timeout=FIRST_SEARCH_MS)
    expect(variants).to_contain_text("copie")
    assert fits_the_screen(page)
    assert_accessible(page)


def test_a_newcomer_browses_by_headings_and_opens_d_721_6_by_its_number(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    load(force=True)
    search("sécurité")
    page.goto(f"{live_server.url}/code/")
    page.locator("summary").filter(has_text="Livre VII : Les établissements").click()
    page.locator("summary").filter(has_text="Titre II : Etablissements de formation").click()
    chapter = (
        page.locator("summary, a").filter(has_text="Chapitre Ier").filter(has_text="professorat")
    )
    expect(chapter.first).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    page.get_by_label("Chercher dans le Code de l’éducation").fill("D721-6")
    page.keyboard.press("Enter")
    # A number alone leads straight to its article, as on Légifrance.
    expect(page.get_by_role("heading", level=1)).to_have_text("Article D. 721-6")
    expect(page.get_by_label("Citation à copier")).to_have_value(
        "Code de l’éducation, art. D. 721-6"
    )
    page.get_by_role("button", name="Copier la citation").click()
    expect(page.locator(".law-cite").get_by_role("status")).to_have_text("Citation copiée.")
    expect(page.locator(".law-evidence")).to_contain_text("version de 2015")
    expect(page.get_by_role("navigation", name="Fil d’Ariane")).to_contain_text("Livre VII")
    assert fits_the_screen(page)
    assert_accessible(page)
    page.locator("a[rel=next]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Article D. 721-")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Article D. 721-6")
    page.locator("a[rel=prev]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Article D. 721-6")


def test_a_probable_number_is_flagged_and_its_citation_can_still_be_copied(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    load(force=True)
    page.goto(f"{live_server.url}/code/article/677/")  # D. 122-9-2, confidence 0.60
    field = page.get_by_label("Citation à vérifier avant de la copier")
    expect(field).to_have_value("Code de l’éducation, art. D. 122-9-2")
    expect(field).to_have_accessible_description(re.compile("vérifiez-le sur Légifrance"))
    page.get_by_role("button", name="Copier la citation").click()
    expect(page.locator(".law-cite").get_by_role("status")).to_have_text("Citation copiée.")
    assert fits_the_screen(page)
    assert_accessible(page)
