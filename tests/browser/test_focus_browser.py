"""The keyboard focus shows on every background: WCAG 2.2 (1.4.11) asks the indicator for a
contrast of 3:1 with what surrounds it. The amber ring alone was 1.6:1 on white pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.people import World

pytestmark = pytest.mark.browser


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours(css: str) -> list[tuple[int, int, int]]:
    return [(int(r), int(g), int(b)) for r, g, b in re.findall(r"rgba?\((\d+), (\d+), (\d+)", css)]


def ring_around(page: Page) -> tuple[list[tuple[int, int, int]], tuple[int, int, int]]:
    """The focused element's ring colours (outline, then box-shadow) and the background of
    the nearest ancestor that paints one."""
    found = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            let node = el.parentElement, bg = 'rgb(255, 255, 255)';
            while (node) {
                const c = getComputedStyle(node).backgroundColor;
                if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
                node = node.parentElement;
            }
            return [style.outlineColor + ' ' + style.boxShadow, bg];
        }"""
    )
    return colours(found[0]), colours(found[1])[0]


def test_the_focus_ring_stands_out_on_the_page_and_on_the_header(
    page: Page, live_server: Any, world: World
) -> None:
    page.goto(live_server.url)
    seen = {"page": False, "header": False}
    for _ in range(12):  # the skip link, the header's links, then the page's
        page.keyboard.press("Tab")
        in_header = bool(page.evaluate("!!document.activeElement.closest('.site-header')"))
        if page.evaluate("document.activeElement.classList.contains('skip-link')"):
            continue  # painted on its own dark box
        rings, background = ring_around(page)
        assert rings, "no focus indicator"
        best = max(contrast(ring, background) for ring in rings)
        assert best >= 3, (page.evaluate("document.activeElement.outerHTML"), best)
        seen["header" if in_header else "page"] = True
    assert seen == {"page": True, "header": True}
