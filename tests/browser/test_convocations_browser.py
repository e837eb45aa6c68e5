"""The director batch-signs convocations, the head of mention sends one: in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from convocations.models import Convocation, Recipient
from tests.browser.conftest import assert_accessible, confirm, login
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import World

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def test_signing_keys(settings: Any) -> None:
    for name, value in signing_keys().items():
        setattr(settings, name, value)


def test_the_director_signs_two_convocations_in_one_batch(
    page: Page, live_server: Any, world: World
) -> None:
    first = meeting_with_agenda(world, days_ahead=20)
    second = meeting_with_agenda(world, council=world.other_council, days_ahead=25)
    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/convocations/a-signer/")
    expect(page.get_by_role("heading", name="Convocations à signer")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Signer les convocations cochées").click()
    confirm(page)
    expect(page.get_by_text("2 convocations signées.")).to_be_visible()
    expect(page.get_by_text("Aucune convocation n’attend votre signature.")).to_be_visible()
    signed = Convocation.objects.filter(signed_at__isnull=False)
    assert {c.meeting_id for c in signed} == {first.pk, second.pk}


def test_the_head_sends_after_a_warning_and_follows_the_delivery(
    page: Page, live_server: Any, world: World
) -> None:
    from convocations import actions as convocations

    meeting = meeting_with_agenda(world, days_ahead=5)
    convocations.sign(meeting, by=world.director)
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/convocations/seance/{meeting.pk}/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("délai de convocation de 8 jours")
    expect(alert.get_by_role("link")).to_have_attribute("href", "/code/article/15886/")
    assert_accessible(page)
    page.get_by_label("J’envoie malgré le délai de convocation trop court").check()
    page.get_by_role("button", name="Envoyer aux membres").click()
    expect(page.get_by_role("dialog")).to_contain_text(
        "Les convocations seront envoyées à 10 membres. Cette action est définitive."
    )
    confirm(page)
    expect(page.get_by_text("Envoi lancé : 10 membres.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="10 envoyées")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "100"
    assert_accessible(page)
    assert len(mail.outbox) == 10
    assert Recipient.objects.filter(status="sent").count() == 10
    page.get_by_role("link", name="Registre des convocations du conseil").click()
    expect(page.get_by_role("heading", name="Registre des convocations")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Marie Membre")).to_be_visible()
    assert_accessible(page)
