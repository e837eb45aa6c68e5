"""The meeting room in Chromium: the president takes the attendance and opens the sitting,
the secretary takes notes, two members vote by secret ballot from their own browsers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, confirm, login
from tests.meetings_world import agenda_set, convoked, drafted
from tests.people import World

pytestmark = pytest.mark.browser


def mark_present(page: Page, *names: str) -> None:
    """Through the sheet's radio table: one radio group per member, saved together."""
    for name in names:
        page.get_by_label(f"{name} : présent", exact=True).check()
    page.get_by_role("button", name="Enregistrer la feuille de présence").click()
    expect(page.get_by_role("status").first).to_contain_text("Feuille de présence enregistrée")


def vote_from_own_browser(
    browser: Browser, context_args: dict[str, Any], live_server: Any, email: str, url: str
) -> None:
    context = browser.new_context(**context_args)
    page = context.new_page()
    login(page, live_server, email)
    page.goto(url)
    expect(page.get_by_text("Quorum atteint")).to_be_visible()
    page.get_by_role("link", name="Voter à bulletin secret").click()
    assert_accessible(page)
    page.get_by_label("Pour").check()
    page.get_by_role("button", name="Déposer mon bulletin").click()
    expect(page.get_by_text("Votre bulletin est dans l’urne.")).to_be_visible()
    expect(page.get_by_text("Vous avez voté.")).to_be_visible()
    assert_accessible(page)
    context.close()


def test_the_president_and_the_secretary_hold_a_meeting(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    world: World,
) -> None:
    # The sitting opens on the meeting's day: the meeting started a few minutes ago.
    meeting = convoked(world, starts_at=timezone.now() - dt.timedelta(minutes=10))
    live_url = f"{live_server.url}/salle/{meeting.pk}/en-direct/"

    # The president opens the room from the meeting page and takes the attendance.
    login(page, live_server, world.president.email)
    page.goto(f"{live_server.url}/seances/{meeting.pk}/")
    page.get_by_role("link", name="Salle de séance").click()
    page.get_by_role("button", name="Établir la feuille de présence").click()
    assert_accessible(page)
    mark_present(page, "Paul Président", "Marie Membre", "Henri Mention", "Théo Deux")
    expect(page.get_by_text("Quorum non atteint : 4 membres comptés, 5 requis")).to_be_visible()
    mark_present(page, "Tania Parcours")
    expect(page.get_by_text("Quorum atteint : 5 membres comptés, 5 requis")).to_be_visible()

    # The secretary is designated among the voting members, then the sitting opens.
    page.get_by_role("link", name="Désigner le secrétaire de séance").click()
    page.get_by_label("Secrétaire de séance").select_option(label="Marie Membre")
    page.get_by_role("button", name="Désigner et ouvrir le compte rendu").click()
    page.goto(f"{live_server.url}/salle/{meeting.pk}/")
    expect(page.get_by_text("Marie Membre").first).to_be_visible()
    page.get_by_role("button", name="Ouvrir la séance et constater le quorum").click()
    expect(page.locator(".room-quorum")).to_contain_text("Quorum constaté à l’ouverture")

    # A secret ballot on the second point.
    page.get_by_text("Mettre aux voix le point « Maquette 2026 »").click()
    page.get_by_label("Mode de scrutin").nth(1).select_option(label="À bulletin secret")
    page.get_by_role("button", name="Ouvrir le vote").click()
    expect(page.get_by_role("heading", name="Vote : Maquette 2026")).to_be_visible()
    assert_accessible(page)

    # Two members vote from their own browsers, in their own sessions.
    for email in (world.member.email, world.head.email):
        vote_from_own_browser(browser, browser_context_args, live_server, email, live_url)

    # The president's page follows the urn, then closes the vote.
    expect(page.locator("[data-field='ballots_text']")).to_have_text(
        "2 bulletins déposés", timeout=15_000
    )
    page.get_by_role("button", name="Clore le vote et proclamer le résultat").click()
    confirm(page)
    expect(page.get_by_text("Vote clos : Adopté à l’unanimité.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # The secretary takes notes on the first point; the live view shows the result.
    login(page, live_server, world.member.email)
    page.goto(live_url)
    expect(page.get_by_text("Adopté à l’unanimité")).to_be_visible()
    expect(page.get_by_text("Secrétaire de séance : Marie Membre.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tenir la séance").click()
    page.get_by_label("Notes de séance — Bilan des stages").fill("Les stages se passent bien.")
    page.get_by_role("button", name="Enregistrer les notes du point « Bilan des stages »").click()
    expect(page.get_by_text("Notes du point « Bilan des stages » enregistrées.")).to_be_visible()
    expect(page.get_by_label("Notes de séance — Bilan des stages")).to_have_value(
        "Les stages se passent bien."
    )
    assert_accessible(page)


def test_the_room_says_which_state_refuses_and_asks_for_the_urgency(
    page: Page, live_server: Any, world: World
) -> None:
    """Issue 10 §1.2 and the urgency: a draft agenda cannot sit, and a meeting never convoked
    opens only once the president types why it is urgent."""
    now = timezone.now()
    draft = drafted(world, starts_at=now - dt.timedelta(minutes=5))
    login(page, live_server, world.president.email)
    page.goto(f"{live_server.url}/salle/{draft.pk}/")
    expect(page.locator("#room-refused")).to_contain_text(
        "L’ordre du jour n’est pas encore arrêté : on ne peut pas noter les présences."
    )
    expect(page.get_by_role("button", name="Établir la feuille de présence")).to_have_count(0)
    assert_accessible(page)

    meeting = agenda_set(world, starts_at=now - dt.timedelta(minutes=5))
    page.goto(f"{live_server.url}/salle/{meeting.pk}/")
    page.get_by_role("button", name="Établir la feuille de présence").click()
    mark_present(page, "Paul Président")
    expect(page.get_by_text("aucune convocation n’a été envoyée")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motif d’urgence (repris au compte rendu)").fill(
        "Avis demandé par le rectorat avant vendredi"
    )
    page.get_by_role("button", name="Ouvrir la séance et constater le quorum").click()
    expect(page.locator(".room-quorum")).to_contain_text("Quorum non atteint à l’ouverture")
    meeting.refresh_from_db()
    assert meeting.urgency_reason == "Avis demandé par le rectorat avant vendredi"
