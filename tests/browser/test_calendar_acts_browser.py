"""The director sets a council's year of meetings as one act, in Chromium (axe on the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import CalendarAct, Meeting, academic_year_of
from tests.browser.conftest import assert_accessible, confirm, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_the_director_sets_the_year_s_calendar(page: Page, live_server: Any, world: World) -> None:
    soon = timezone.now() + dt.timedelta(hours=2)
    meeting = Meeting.objects.create(council=world.council, starts_at=soon, place="Aix")
    mail.outbox.clear()

    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/seances/conseil/{world.council.pk}/")
    page.get_by_role("link", name="Arrêter le calendrier de l’année").click()
    expect(page.get_by_text("1 séance prévue, calendrier non arrêté")).to_be_visible()
    assert_accessible(page)
    year = academic_year_of(timezone.localdate())
    page.get_by_role("button", name=f"Arrêter le calendrier {year} de ce conseil").click()
    confirm(page)
    expect(
        page.get_by_text(f"Calendrier {year} arrêté ; les membres en sont informés.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Calendrier arrêté (PDF)")).to_be_visible()
    assert_accessible(page)
    act = CalendarAct.objects.get()
    assert act.entries.get().meeting == meeting
