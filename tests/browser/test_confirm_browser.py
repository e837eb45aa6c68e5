"""The confirmation before an irreversible step, in Chromium: a native dialog says what will
happen; cancelling (button or Escape) changes nothing and gives the focus back; without
JavaScript the form asks for a ticked box instead."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from api.actions import create_token
from api.models import ApiToken
from tests.browser.conftest import assert_accessible, login
from tests.people import World

pytestmark = pytest.mark.browser


def test_revoking_a_token_asks_first_and_cancelling_changes_nothing(
    page: Page, live_server: Any, world: World
) -> None:
    token, _secret = create_token(world.member, "Tableur du secrétariat")
    login(page, live_server, world.member.email)
    page.goto(f"{live_server.url}/comptes/jetons/")
    # With JavaScript the tick box is not shown: the dialog asks instead.
    expect(page.get_by_label("Je confirme")).to_be_hidden()
    revoke = page.get_by_role("button", name="Révoquer Tableur du secrétariat")
    revoke.click()
    dialog = page.get_by_role("dialog", name="Révoquer Tableur du secrétariat")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(
        "Le jeton « Tableur du secrétariat » sera révoqué : les programmes qui l’utilisent "
        "n’auront plus accès à l’API. Cette action est définitive."
    )
    expect(dialog.get_by_role("button", name="Confirmer")).to_be_focused()
    assert_accessible(page)
    # The focus stays in the dialog (the page behind is inert).
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()

    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    expect(revoke).to_be_focused()
    token.refresh_from_db()
    assert token.revoked_at is None

    revoke.click()
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    token.refresh_from_db()
    assert token.revoked_at is None

    revoke.click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("révoqué le")).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_without_javascript_the_box_must_be_ticked(
    browser: Browser, browser_context_args: dict[str, Any], live_server: Any, world: World
) -> None:
    token, _secret = create_token(world.member, "Script")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, world.member.email)
    page.goto(f"{live_server.url}/comptes/jetons/")
    page.get_by_role("button", name="Révoquer Script").click()
    # The browser refuses the form while the required box is empty: nothing happened.
    assert page.url == f"{live_server.url}/comptes/jetons/"
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Révoquer Script").click()
    expect(page.get_by_text("révoqué le")).to_be_visible()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    context.close()
