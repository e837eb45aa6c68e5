"""Mandates in Chromium: the forecast, its reminder, the yearly renewal and an extended seat."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from councils.tasks import remind_mandates_ending
from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def student_seats_end(world: World, day: dt.date, *, extended: bool = False) -> None:
    for seat in world.council.memberships.filter(category="student_representative"):
        seat.term_end = day
        seat.end_date = None if extended else day
        seat.save()


def test_the_director_sees_the_forecast_is_reminded_and_renews_the_students(
    page: Page, live_server: Any, world: World
) -> None:
    student_seats_end(world, timezone.localdate() + dt.timedelta(days=10))
    mail.outbox.clear()
    remind_mandates_ending.call_local()
    assert sorted(m.to[0] for m in mail.outbox) == [world.director.email, world.head.email]

    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/tableau-de-bord/")
    forecast = page.get_by_role("listitem").filter(has_text="CPER mathématiques")
    expect(forecast).to_contain_text("il manquera 2 sièges « Représentant des étudiants »")
    assert_accessible(page)
    forecast.get_by_role("link", name="CPER mathématiques").click()
    expect(page.get_by_text("La composition deviendra irrégulière le")).to_be_visible()
    expect(page.get_by_text("réglage de l’établissement")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Renouvellement des mandats").click()
    expect(page.get_by_role("heading", name="Renouvellement des mandats")).to_be_visible()
    assert_accessible(page)
    # The keyboard alone: each row's three fields follow one another in the tab order.
    page.get_by_label("Adresse électronique du successeur de Sacha Deux").focus()
    for text in ["lea@example.org", "Léa", "Nouvelle", "ugo@example.org", "Ugo", "Nouveau"]:
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    page.get_by_label("Désigné par").fill("Les étudiants de la mention")
    page.get_by_label("Fondement").fill("Élection des représentants des étudiants")
    page.get_by_label("Référence").fill("élection du 28 novembre 2026")
    page.get_by_label("Référence").press("Enter")
    expect(page.get_by_text("2 successeurs désignés.")).to_be_visible()

    page.get_by_role("link", name="Actes de désignation").click()
    expect(page.get_by_text("succède à Sacha Deux")).to_be_visible()
    expect(page.get_by_text("succède à Sam Étudiant")).to_be_visible()
    assert_accessible(page)


def test_a_successor_ends_the_extended_seat(
    page: Page, live_server: Any, world: World, settings: Any
) -> None:
    types = {**settings.MANDATES["council_types"]}
    types["cper"] = {**types["cper"], "until_successor": True}
    settings.MANDATES = {**settings.MANDATES, "council_types": types}
    student_seats_end(world, timezone.localdate() - dt.timedelta(days=20), extended=True)

    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/conseils/{world.council.pk}/")
    sam = page.get_by_role("row").filter(has_text="Sam Étudiant")
    expect(sam).to_contain_text("prolongé jusqu’à la désignation de son successeur")
    expect(page.get_by_text("Composition conforme")).to_be_visible()
    assert_accessible(page)
    sam.get_by_role("link", name="Désigner un successeur").click()
    page.get_by_label("Adresse électronique du successeur").fill("nina@example.org")
    page.get_by_label("Prénom").fill("Nina")
    page.get_by_label(re.compile(r"^Nom\W*$")).fill("Nouvelle")
    page.get_by_label("Désigné par").fill("Les étudiants de la mention")
    page.get_by_label("Fondement").fill("Élection partielle")
    assert_accessible(page)
    page.get_by_role("button", name="Désigner").click()

    expect(page.get_by_text("Successeur désigné ; l’acte est enregistré.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Nina Nouvelle")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Sam Étudiant")).to_have_count(0)
    expect(page.get_by_text("Composition conforme")).to_be_visible()
