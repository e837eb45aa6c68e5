"""The room's comforts in Chromium: the president takes the attendance on one screen with the
keyboard only (everyone present, then the exceptions), a member checks in from her own
browser, and the projector view follows the item, the speakers' list and the vote live."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sittings.models import Attendance
from tests.browser.conftest import assert_accessible, login
from tests.meetings_world import convoked
from tests.people import World

pytestmark = pytest.mark.browser


def test_attendance_on_one_screen_check_in_and_the_projector(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    world: World,
) -> None:
    world.member.sex = "F"
    world.member.save(update_fields=["sex"])
    meeting = convoked(world, starts_at=timezone.now() - dt.timedelta(minutes=10))
    login(page, live_server, world.president.email)
    page.goto(f"{live_server.url}/salle/{meeting.pk}/")

    # Everyone present in one action, then the exceptions, with the keyboard only.
    page.get_by_role("button", name="Tous présents").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("membres notés présents ; notez maintenant les exceptions")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Théo Deux : présent", exact=True).focus()
    for _step in range(3):  # présent → à distance → absent → excusé
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Théo Deux : excusé", exact=True)).to_be_checked()
    page.get_by_label("Marie Membre : présente", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Marie Membre : absente", exact=True)).to_be_checked()
    page.get_by_role("button", name="Enregistrer la feuille de présence").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Feuille de présence enregistrée : 2 lignes modifiées.")
    ).to_be_visible()
    page.get_by_role("button", name="Ouvrir la séance et constater le quorum").click()
    expect(page.locator(".room-quorum")).to_contain_text("Quorum constaté à l’ouverture")

    # Marie arrives late and checks in from her own browser, once.
    context = browser.new_context(**browser_context_args)
    marie = context.new_page()
    login(marie, live_server, world.member.email)
    marie.goto(f"{live_server.url}/salle/{meeting.pk}/en-direct/")
    marie.get_by_role("button", name="Je suis présente").click()
    expect(marie.get_by_text("Vous êtes notée présente.")).to_be_visible()
    expect(marie.get_by_role("button", name="Je suis présente")).to_have_count(0)
    assert_accessible(marie)
    row = Attendance.objects.get(meeting=meeting, membership__person=world.member)
    assert row.status == "present" and row.movements.count() == 1

    # The projector, on the wall: large type, the item, the speakers, the vote, all live.
    projector = context.new_page()
    projector.goto(f"{live_server.url}/salle/{meeting.pk}/projection/")
    expect(projector.get_by_role("heading", name="Point en cours")).to_be_visible()
    assert_accessible(projector)
    size = projector.locator(".projector-big").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 30

    page.reload()
    page.get_by_label("Point affiché au projecteur").select_option(label="2. Maquette 2026")
    page.get_by_role("button", name="Afficher ce point").click()
    for name in ("Marie Membre", "Henri Mention", "Paul Président"):
        page.get_by_label("Inscrire un orateur").select_option(label=name)
        page.get_by_role("button", name="Inscrire", exact=True).click()
    page.get_by_role("button", name="Monter Paul Président").click()
    page.get_by_role("button", name="Retirer Henri Mention").click()
    page.get_by_role("button", name="Orateur suivant").click()
    expect(page.get_by_text("La parole est à Marie Membre.").first).to_be_visible()
    assert_accessible(page)

    expect(projector.get_by_text("2. Maquette 2026")).to_be_visible(timeout=10_000)
    expect(projector.get_by_text("La parole est à Marie Membre")).to_be_visible()
    expect(projector.locator(".projector-queue")).to_have_text("Paul Président")

    # A vote by show of hands: the projector shows it running, then its counts.
    page.get_by_text("Mettre aux voix le point « Maquette 2026 »").click()
    page.get_by_role("button", name="Ouvrir le vote").click()
    expect(projector.get_by_text("Vote en cours")).to_be_visible(timeout=10_000)
    page.get_by_label("Pour").fill("6")
    page.get_by_label("Contre").fill("1")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Enregistrer le décompte").click()
    expect(projector.locator(".projector-counts")).to_contain_text("6", timeout=10_000)
    assert_accessible(projector)
    context.close()
