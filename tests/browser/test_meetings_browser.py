"""Meetings in Chromium: the agenda circuit, the calendar, answering, as people would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings import actions
from meetings.models import Meeting
from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def next_meeting(world: World) -> Meeting:
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=20)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    plan = actions.MeetingPlan(starts, place="Marseille, salle 204")
    return actions.plan_meeting(world.council, plan, by=world.head)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def add_point(page: Page, title: str, kind: str) -> None:
    page.get_by_role("link", name="Ajouter un point").click()
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Nature").select_option(label=kind)
    page.get_by_label("Description").fill(f"{title} :\n\n- **premier** élément\n- second")
    page.get_by_role("button", name="Enregistrer le point").click()
    expect(page.get_by_role("status")).to_contain_text("Point ajouté à l’ordre du jour.")


def test_the_agenda_goes_round_its_circuit(page: Page, live_server: Any, world: World) -> None:
    meeting = next_meeting(world)
    agenda_url = f"{live_server.url}/seances/{meeting.pk}/ordre-du-jour/"

    # The head of mention drafts two points and proposes them to the president.
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}{world.council.get_absolute_url()}")
    page.get_by_role("link", name="Calendrier des séances du conseil").click()
    page.get_by_role("link", name="Liste de l’année").click()
    assert_accessible(page)
    page.get_by_role("row").filter(has_text="Marseille, salle 204").get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ordre du jour", exact=True).click()
    expect(page.get_by_text("Ordre du jour en préparation")).to_be_visible()
    add_point(page, "Bilan des stages", "information")
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un point").click()
    assert_accessible(page)
    page.get_by_role("link", name="Retour à l’ordre du jour").click()
    add_point(page, "Maquette de la rentrée", "vote")
    expect(page.get_by_role("strong").filter(has_text="premier").first).to_be_visible()
    page.get_by_role("button", name="Proposer l’ordre du jour au président").click()
    expect(page.get_by_role("status")).to_contain_text("Ordre du jour proposé au président.")
    expect(page.get_by_role("link", name="Ajouter un point")).to_have_count(0)
    sign_out(page)

    # The president puts the vote first, then sets the agenda.
    login(page, live_server, world.president.email)
    page.goto(agenda_url)
    assert_accessible(page)
    page.get_by_role("button", name="Monter « Maquette de la rentrée »").click()
    expect(page.get_by_role("status")).to_contain_text("déplacé")
    headings = page.locator("ol.agenda-items h2")
    expect(headings).to_have_text(["Maquette de la rentrée", "Bilan des stages"])
    page.get_by_role("button", name="Arrêter l’ordre du jour").click()
    expect(page.get_by_role("status")).to_contain_text("Ordre du jour arrêté.")
    expect(page.get_by_role("button", name="Monter « Bilan des stages »")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # A later change needs a reason, and reopens the circuit.
    login(page, live_server, world.head.email)
    page.goto(agenda_url)
    page.get_by_role("link", name="Modifier l’ordre du jour arrêté").click()
    page.get_by_role("button", name="Rouvrir l’ordre du jour").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motif").fill("Point urgent demandé par le rectorat")
    page.get_by_role("button", name="Rouvrir l’ordre du jour").click()
    expect(page.get_by_role("status")).to_contain_text("Ordre du jour rouvert")
    expect(page.get_by_text("Point urgent demandé par le rectorat")).to_be_visible()
    expect(page.get_by_role("link", name="Ajouter un point")).to_be_visible()
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.DRAFT


def test_a_member_reads_the_calendar_and_gives_a_proxy(
    page: Page, live_server: Any, world: World
) -> None:
    meeting = next_meeting(world)
    login(page, live_server, world.member.email)
    page.get_by_role("link", name="Calendrier", exact=True).click()
    expect(page.get_by_role("heading", name="Mon calendrier")).to_be_visible()
    assert_accessible(page)
    local = timezone.localtime(meeting.starts_at)
    page.goto(f"{live_server.url}/seances/?vue=mois&mois={local:%Y-%m}")
    page.get_by_role("link", name="14h00 CPER mathématiques").click()
    page.get_by_role("link", name="Répondre à la convocation").click()
    assert_accessible(page)
    page.get_by_label("Donne procuration").check()
    page.get_by_label("Procuration donnée à").select_option(label="Théo Deux")
    page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Réponse enregistrée.")
    expect(page.get_by_text("Donne procuration : Théo Deux.")).to_be_visible()
    assert_accessible(page)


def test_the_head_follows_the_expected_attendance(
    page: Page, live_server: Any, world: World
) -> None:
    meeting = next_meeting(world)
    seat = world.council.memberships.get(person=world.member)
    actions.answer(meeting, seat, "present", by=world.member)
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/seances/{meeting.pk}/presences/")
    expect(page.get_by_role("heading", name="Estimation du quorum")).to_be_visible()
    expect(page.get_by_text("Ceci est une estimation")).to_be_visible()
    assert_accessible(page)
