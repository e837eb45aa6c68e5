"""The council registry, driven in Chromium as its users would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, confirm, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_the_public_home_and_sign_in_pages_are_accessible(page: Page, live_server: Any) -> None:
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Se connecter").first.click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Page, live_server: Any) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_the_director_puts_an_illegal_council_right(
    page: Page, live_server: Any, world: World
) -> None:
    student = world.council.memberships.get(person=world.student)
    student.end_date = "2025-12-31"
    student.save()
    login(page, live_server, world.director.email)
    page.get_by_role("link", name="Conseils", exact=True).click()
    row = page.get_by_role("row").filter(has_text="CPER mathématiques")
    expect(row).to_contain_text("2 irrégularités")
    assert_accessible(page)
    page.get_by_role("link", name="CPER mathématiques").click()
    expect(page.get_by_text("Composition irrégulière")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_label("Adresse électronique").fill("nina@example.org")
    page.get_by_label("Prénom").fill("Nina")
    page.get_by_label(re.compile(r"^Nom\W*$")).fill("Nouvelle")
    page.get_by_label("Catégorie").select_option(label="Représentant des étudiants")
    page.get_by_label("Composante").select_option(label="AMU")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Membre ajouté.")).to_be_visible()
    expect(page.get_by_text("Composition conforme")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Nina Nouvelle")).to_be_visible()


def test_an_edit_that_breaks_a_rule_asks_for_confirmation(
    page: Page, live_server: Any, world: World
) -> None:
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}{world.council.get_absolute_url()}")
    page.get_by_role("link", name=f"Terminer le mandat {world.student.display_name}").click()
    page.get_by_role("button", name="Terminer le mandat").click()
    confirm(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("de 2 à 4 représentants des étudiants")
    assert_accessible(page)
    page.get_by_label("je confirme l’enregistrement").check()
    page.get_by_role("button", name="Terminer le mandat").click()
    confirm(page)
    expect(page.get_by_text("Composition irrégulière")).to_be_visible()
    page.get_by_role("link", name="Historique").click()
    expect(page.get_by_role("cell", name="Fin d’un mandat")).to_be_visible()
    assert_accessible(page)


def test_the_head_imports_a_csv_after_a_preview(
    page: Page, live_server: Any, world: World, tmp_path: Any
) -> None:
    from councils.memberscsv import export_rows

    text = export_rows(world.council).replace("\ufeff", "")
    text += "nina@example.org;Nina;Nouvelle;student_representative;AMU;2025-09-01;;non;non\r\n"
    path = tmp_path / "membres.csv"
    path.write_text(text, encoding="utf-8")
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}{world.council.get_absolute_url()}")
    page.get_by_role("link", name="Importer un CSV").click()
    page.get_by_label("Fichier CSV des membres").set_input_files(str(path))
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Aperçu : rien n’est encore enregistré")).to_be_visible()
    expect(page.get_by_role("cell", name="Nina Nouvelle (nina@example.org)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Appliquer l’import").click()
    expect(page.get_by_text("Import appliqué.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Nina Nouvelle")).to_be_visible()


def test_the_english_switch_translates_and_persists(
    page: Page, live_server: Any, world: World
) -> None:
    login(page, live_server, world.member.email)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Français")).to_be_visible()


def test_a_member_reads_the_rules_and_follows_a_citation(
    page: Page, live_server: Any, world: World
) -> None:
    login(page, live_server, world.member.email)
    page.goto(f"{live_server.url}{world.council.get_absolute_url()}")
    expect(page.get_by_role("link", name="Ajouter un membre")).to_have_count(0)
    page.get_by_role(
        "link", name="INSPE d'Aix-Marseille, conseils de perfectionnement"
    ).first.click()
    expect(page.locator("mark")).to_contain_text("neuf membres")
    assert_accessible(page)
