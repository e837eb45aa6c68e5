"""The conseil d'institut of the INSPE, opened by its director in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from councils.demo import INSTITUTE_COUNCIL, load_institute_councils
from councils.models import Component
from tests.browser.conftest import assert_accessible, login
from tests.people import START, World

pytestmark = pytest.mark.browser


def test_the_director_reads_the_rules_of_the_conseil_d_institut(
    page: Page, live_server: Any, world: World
) -> None:
    Component.objects.create(institution=world.institution, code="AU", name="Avignon")
    load_institute_councils(world.institution, world.director, START)
    login(page, live_server, world.director.email)
    page.get_by_role("link", name="Conseils", exact=True).click()
    page.get_by_role("link", name=INSTITUTE_COUNCIL).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(INSTITUTE_COUNCIL)
    expect(page.get_by_text("Composition conforme")).to_be_visible()
    expect(page.get_by_text("comprennent autant de femmes que d'hommes")).to_be_visible()
    expect(page.get_by_text("Anne Lemaire").first).to_be_visible()
    assert_accessible(page)
