"""Wide tables on a narrow screen (issue 10 §2): each scrolling region is reached with the
keyboard and named, and axe finds nothing serious on the pages that hold such tables; the
council page says "Présidente" for a woman president."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_wide_tables_scroll_in_named_regions_the_keyboard_reaches(
    page: Page, live_server: Any, world: World
) -> None:
    world.president.sex = "F"
    world.president.save(update_fields=["sex"])
    # A phone's width: the tables are wider than the screen, so their wrappers scroll.
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, world.director.email)
    council = world.council.pk
    for path in [f"/conseils/{council}/", f"/conseils/{council}/historique/"]:
        page.goto(f"{live_server.url}{path}")
        regions = page.locator(".table-scroll")
        expect(regions.first).to_be_visible()
        scrolls = regions.first.evaluate("el => el.scrollWidth > el.clientWidth")
        assert scrolls, f"{path}: the table should be wider than a phone's screen"
        for i in range(regions.count()):
            region = regions.nth(i)
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("tabindex") == "0"
            assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
        regions.first.focus()
        assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
        assert_accessible(page)
    page.goto(f"{live_server.url}/conseils/{council}/")
    expect(page.get_by_text("Présidente", exact=True)).to_be_visible()
