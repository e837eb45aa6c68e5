"""A real install from an empty database: `conseils setup`, then the director builds an INSPE
in the setup area, once by hand and once from a workbook, in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from councils.models import Council, SubCouncil
from tests.browser.conftest import assert_accessible
from tests.test_structure_import import SHEETS, workbook

pytestmark = pytest.mark.browser
PASSWORD = "Un-mot-de-passe-solide-2026"
EMAIL = "directrice@inspe.example"


@pytest.fixture
def fresh_install(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    call_command(
        "setup",
        "--institution",
        "INSPE d'Aix-Marseille",
        "--short-name",
        "INSPE",
        "--director-email",
        EMAIL,
        "--director-name",
        "Claire Martin",
        "--no-input",
    )


def sign_in_and_open_the_setup_area(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mise en place de l’établissement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mise en place — INSPE d'Aix-Marseille"
    )
    assert_accessible(page)


def add(page: Page, link: str, fields: dict[str, str], checks: tuple[str, ...] = ()) -> None:
    page.get_by_role("link", name=link).click()
    for label, value in fields.items():
        field = page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    for label in checks:
        page.get_by_role("checkbox", name=label, exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("est enregistré")).to_be_visible()


def test_the_director_builds_an_inspe_in_the_browser(
    page: Page, live_server: Any, fresh_install: None
) -> None:
    sign_in_and_open_the_setup_area(page, live_server)
    add(page, "Ajouter une composante", {"Sigle": "INSPE", "Nom": "Inspé"})
    add(page, "Ajouter une composante", {"Sigle": "AMU", "Nom": "Aix-Marseille Université"})
    add(page, "Ajouter un site", {"Nom": "Avignon"})
    add(page, "Ajouter une mention", {"Intitulé": "MEEF second degré"})
    add(page, "Ajouter un parcours", {"Mention": "MEEF second degré", "Intitulé": "Mathématiques"})
    add(page, "Ajouter un parcours", {"Mention": "MEEF second degré", "Intitulé": "Lettres"})
    add(
        page,
        "Ajouter un conseil",
        {
            "Nom": "CPER second degré",
            "Type de conseil": "Conseil de perfectionnement",
            "Mention": "MEEF second degré",
        },
        checks=("Mathématiques", "Lettres", "INSPE", "AMU", "Avignon"),
    )
    add(
        page,
        "Ajouter un sous-conseil de site",
        {"Conseil": "CPER second degré", "Site": "Avignon", "Nom": "CPER second degré — Avignon"},
    )
    council = Council.objects.get(name="CPER second degré")
    assert set(council.component_codes()) == {"INSPE", "AMU"}
    assert {t.name for t in council.tracks.all()} == {"Mathématiques", "Lettres"}
    assert SubCouncil.objects.get(council=council).site.name == "Avignon"

    page.get_by_role("link", name="Réglages du CPER second degré").click()
    expect(page.get_by_text("Nul ne peut détenir plus d'une procuration.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mise en place", exact=True).click()
    page.get_by_role("link", name="Retirer Lettres").click()
    assert_accessible(page)
    page.get_by_role("button", name="Retirer").click()
    expect(page.get_by_text("1 retiré")).to_be_visible()


def test_the_director_builds_an_inspe_from_a_workbook(
    page: Page, live_server: Any, fresh_install: None, tmp_path: Path
) -> None:
    council_header, council_row = SHEETS["conseils"]
    sheets = {
        **SHEETS,
        "composantes": [["sigle", "nom"], ["INSPE", "Inspé"], ["AMU", "Aix-Marseille Université"]],
        "mentions": [["intitule"], ["MEEF encadrement"]],
        "conseils": [council_header, [*council_row[:4], "INSPE | AMU", *council_row[5:]]],
    }
    path = tmp_path / "structure.xlsx"
    path.write_bytes(workbook(sheets))
    sign_in_and_open_the_setup_area(page, live_server)
    page.get_by_role("link", name="Importer un classeur").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Classeur XLSX")).set_input_files(path)
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Aperçu : rien n’est encore enregistré")).to_be_visible()
    assert_accessible(page)
    assert not Council.objects.exists()
    page.get_by_role("button", name="Appliquer l’import").click()
    expect(page.get_by_text("Import appliqué.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="CPER encadrement", exact=True)).to_be_visible()
    council = Council.objects.get(name="CPER encadrement")
    assert set(council.component_codes()) == {"INSPE", "AMU"}
    assert council.tracks.count() == 2
    assert SubCouncil.objects.get(council=council).site.name == "Avignon"
