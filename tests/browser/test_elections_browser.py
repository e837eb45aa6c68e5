"""An election entered in Chromium by the director gives the seats of `conseils elections
allocate` on the same input, explains itself, is proclaimed, and its procès-verbal prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from councils.demo import INSTITUTE_COUNCIL
from elections.models import Election
from tests.browser.conftest import assert_accessible, login
from tests.election_helpers import LISTS, dates, email, institute
from tests.people import World

pytestmark = pytest.mark.browser


def allocate(data: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "election.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        command = Path(sys.executable).parent / "conseils"
        run = subprocess.run(
            [str(command), "elections", "allocate", str(path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def test_the_director_enters_an_election_and_gets_the_command_s_seats(
    page: Page, live_server: Any, world: World
) -> None:
    council = institute(world)
    held_on, start = dates()
    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}{council.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(INSTITUTE_COUNCIL)
    page.get_by_role("link", name="Élections", exact=True).click()
    page.get_by_role("link", name="Organiser une élection").click()
    page.get_by_label("Collège (catégorie des sièges)").select_option("other_teacher")
    page.get_by_label("Sièges à pourvoir").fill("2")
    page.get_by_label("Date du scrutin").fill(held_on.isoformat())
    page.get_by_label("Début des mandats").fill(start.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Créer l’élection").click()
    page.get_by_role("button", name="Ouvrir le dépôt des listes").click()
    for name, _votes, people in LISTS:
        page.get_by_label("Nom de la nouvelle liste").fill(name)
        page.get_by_role("button", name="Déposer la liste").click()
        for person, sex, born in people:
            page.get_by_label(re.compile("^Nom")).fill("Candidat")
            page.get_by_label("Prénom").fill(person)
            page.get_by_label("Adresse électronique").fill(email(person))
            page.get_by_label("Sexe").select_option(sex)
            if born:
                page.get_by_label("Date de naissance").fill(born)
            page.get_by_role("button", name="Ajouter le candidat").click()
            expect(page.get_by_text(f"{person} Candidat ajouté")).to_be_visible()
        page.get_by_role("link", name="Retour aux listes").click()
    page.get_by_role("link", name="Saisir les résultats").click()
    for name, votes, _people in LISTS:
        page.get_by_label(f"Voix de la liste {name}").fill(str(votes))
    page.get_by_label("Bulletins blancs").fill("3")
    page.get_by_label("Bulletins nuls").fill("1")
    page.get_by_role("button", name="Enregistrer les résultats").click()
    expect(page.get_by_role("heading", name="Le calcul, étape par étape")).to_be_visible()
    expect(page.get_by_text("B1 Candidat cède son siège à B2 Candidat")).to_be_visible()
    assert_accessible(page)

    election = Election.objects.get()
    data = page.request.get(f"{live_server.url}/elections/{election.pk}/entree.json").json()
    command = allocate(data)
    shown = page.locator("section", has_text="Élus").locator("ul li").all_inner_texts()
    assert [e["name"] for e in command["elected"]] == ["A1 Candidat", "B2 Candidat"]
    assert [text.split(" (")[0] for text in shown] == [e["name"] for e in command["elected"]]

    page.get_by_role("button", name="Proclamer les résultats").click()
    expect(page.get_by_text("Élection proclamée")).to_be_visible()
    seats = council.memberships.current().filter(category="other_teacher")
    assert sorted(s.person.first_name for s in seats) == ["A1", "B2"]
    pdf = page.request.get(f"{live_server.url}/elections/{election.pk}/proces-verbal.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
