"""In Chromium: the conseil d'institut elects its president in the room (two rounds, the
youngest on a tie at the second, the article quoted), a member votes from their own browser;
and the COSP's vote on a CPER's recommendation comes back to the CPER as its answer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from recommendations import actions as recommendation_actions
from sittings.actions import elections
from sittings.models import Election
from tests.browser.conftest import assert_accessible, confirm, login
from tests.people import World
from tests.recommendation_helpers import adopted
from tests.room_elections_world import (
    BORN,
    cosp_council,
    institute_council,
    meeting_today,
    sit,
    sitting_today,
)

pytestmark = pytest.mark.browser


def cast(election: Election, seats: dict[str, Any], picks: dict[str, str]) -> None:
    for voter, pick in picks.items():
        candidate = election.candidates.get(membership=seats[pick])
        elections.cast(election, str(candidate.pk), by=seats[voter].person)


def test_the_institute_council_elects_its_president_in_the_room(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    world: World,
) -> None:
    council, seats = institute_council(world)
    item = sitting_today(world, council, seats)
    room_url = f"{live_server.url}/salle/{item.meeting.pk}/"

    # The director declares the two persons appointed by the rector and opens the first round.
    login(page, live_server, world.director.email)
    page.goto(room_url)
    page.get_by_text("Ouvrir un scrutin avec candidats").click()
    expect(page.get_by_label("Nature")).to_have_value("president")
    for key in ("xavier", "yasmine"):
        name = seats[key].person.display_name
        page.get_by_label(f"{name} est candidat").check()
        page.get_by_label(f"Date de naissance de {name}").fill(BORN[key].isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Ouvrir le scrutin").click()
    expect(page.get_by_role("heading", name="Élection du président du conseil")).to_be_visible()
    election = Election.objects.get()

    # Pauline votes from her own browser, for Xavier; three others vote from theirs too.
    context = browser.new_context(**browser_context_args)
    member = context.new_page()
    login(member, live_server, seats["prof"].person.email)
    member.goto(f"{room_url}en-direct/")
    member.get_by_role("link", name="Voter pour un candidat").click()
    assert_accessible(member)
    member.get_by_label("Xavier Conseil").check()
    member.get_by_role("button", name="Déposer mon bulletin").click()
    confirm(member)
    expect(member.get_by_text("Votre bulletin est dans l’urne.")).to_be_visible()
    context.close()
    cast(election, seats, {"xavier": "xavier", "yasmine": "yasmine", "lect": "yasmine"})

    # Two against two: no absolute majority, a second round.
    page.reload()
    page.get_by_role("button", name="Clore le scrutin et proclamer le résultat").click()
    confirm(page)
    expect(page.get_by_text("un second tour est nécessaire")).to_be_visible()
    page.get_by_role("button", name="Ouvrir le tour n° 2").click()
    second = Election.objects.get(round=2)
    cast(
        second,
        seats,
        {"xavier": "xavier", "prof": "xavier", "yasmine": "yasmine", "lect": "yasmine"},
    )
    page.get_by_role("button", name="Clore le scrutin et proclamer le résultat").click()
    confirm(page)
    expect(
        page.get_by_text("Yasmine Conseil est élue présidente du conseil au bénéfice de l’âge")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Tour n° 1")).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text(
        "En cas d'égalité de voix à l'issue du second tour, le candidat le plus jeune est élu."
    )
    assert_accessible(page)
    president = council.president()
    assert president is not None and president.person.first_name == "Yasmine"


def test_the_cosps_vote_answers_the_cpers_recommendation(
    page: Page, live_server: Any, world: World
) -> None:
    cosp, seats = cosp_council(world)
    recommendation = adopted(world)
    recommendation_actions.route_meeting(recommendation.meeting, by=world.director)
    routing = recommendation.routings.get()
    meeting = meeting_today(cosp)
    recommendation_actions.put_on_agenda(routing, by=world.director, meeting=meeting)
    sit(world, meeting, seats)

    # In the COSP's room, the point the routing added is put to the vote.
    login(page, live_server, world.director.email)
    page.goto(f"{live_server.url}/salle/{meeting.pk}/")
    page.get_by_text("Mettre aux voix le point « Préconisation du conseil").click()
    page.get_by_role("button", name="Ouvrir le vote").click()
    page.get_by_label("Pour").fill("3")
    page.get_by_label("Contre").fill("1")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Enregistrer le décompte").click()
    page.get_by_role("button", name="Clore le vote et proclamer le résultat").click()
    confirm(page)
    expect(page.get_by_text("Vote clos : Adopté par 3 voix pour, 1 contre.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # The CPER's head of mention reads the answer in the recommendation's timeline.
    login(page, live_server, world.head.email)
    page.goto(f"{live_server.url}/preconisations/{recommendation.pk}/")
    expect(page.get_by_text("Délibération en séance du").first).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("vote en séance du")
    assert_accessible(page)
