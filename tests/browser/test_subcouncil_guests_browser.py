"""A site sub-council's meeting, with an occasional guest invited in the browser, convoked:
only the sub-council's members and the guest receive it, the guest without a vote."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from convocations.models import Recipient
from councils.models import Site, SubCouncil
from meetings.models import Meeting
from tests.browser.conftest import assert_accessible, confirm, login
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import World

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def test_signing_keys(settings: Any) -> None:
    for name, value in signing_keys().items():
        setattr(settings, name, value)


def test_a_subcouncil_meeting_with_an_occasional_guest_is_convoked(
    page: Page, live_server: Any, world: World
) -> None:
    from convocations import actions as convocations

    site = Site.objects.create(institution=world.institution, name="Avignon")
    sub = SubCouncil.objects.create(council=world.council, site=site, name="CPER maths Avignon")
    sub.members.set(
        world.council.memberships.filter(person__in=[world.head, world.president, world.member])
    )
    meeting = meeting_with_agenda(world, days_ahead=30)
    Meeting.objects.filter(pk=meeting.pk).update(subcouncil=sub)

    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/seances/{meeting.pk}/")
    section = page.get_by_role("region", name="Séance d’un sous-conseil de site")
    expect(section).to_contain_text("Seuls les 3 membres du sous-conseil CPER maths Avignon")
    expect(section).to_contain_text("ils ne peuvent se substituer au conseil de perfectionnement")
    assert_accessible(page)

    page.get_by_role("link", name="Invités ponctuels").click()
    page.get_by_label("Adresse électronique").fill("luce.tutrice@lycee.example.org")
    page.get_by_label("Prénom").fill("Luce")
    page.locator("#id_last_name").fill("Tutrice")
    page.get_by_label("Qualité").fill("tutrice de stage")
    page.get_by_role("button", name="Inviter à cette séance").click()
    expect(page.get_by_text("Luce Tutrice est invité à cette séance")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="tutrice de stage")).to_be_visible()
    assert_accessible(page)

    convocations.sign(meeting, by=world.director)
    page.goto(f"{live_server.url}/convocations/seance/{meeting.pk}/")
    page.get_by_role("button", name="Envoyer aux membres").click()
    confirm(page)
    expect(page.get_by_role("status").filter(has_text="4 envoyées")).to_be_visible()
    assert_accessible(page)
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {
        "head@example.org",
        "president@example.org",
        "member@example.org",
        "luce.tutrice@lycee.example.org",
    }
    assert "sans voix délibérative" in sent["luce.tutrice@lycee.example.org"].body
    assert "sans voix délibérative" not in sent["member@example.org"].body
    assert Recipient.objects.filter(guest__isnull=False, status="sent").count() == 1
