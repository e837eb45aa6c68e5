"""The demo data: the 21 CPERs named as on the seed page, loaded once."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.log import first_broken_entry
from audit.models import AuditEntry
from councils.demo import COSP, ILLEGAL, INSTITUTE_COUNCIL, MULTI_SITE
from councils.models import Council, Membership

SEED = (
    Path(__file__).resolve().parents[1] / "bylaws" / "sources" / "inspe-aix-marseille-cper.fr.txt"
)


def seed_council_names() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    block = text.split("Les 21 conseils de perfectionnement des formations")[1]
    block = block.split("Règlement intérieur")[0]
    return [m.strip() for m in re.findall(r"— (.+)", block)]


@pytest.mark.django_db
def test_demo_load_creates_the_21_councils_of_the_seed_and_is_idempotent() -> None:
    call_command("demo", "load")
    names = seed_council_names()
    assert len(names) == 21
    cpers = Council.objects.filter(council_type="cper")
    assert sorted(cpers.values_list("name", flat=True)) == sorted(names)
    entries = AuditEntry.objects.count()
    call_command("demo", "load")
    assert Council.objects.count() == 23 and AuditEntry.objects.count() == entries
    assert entries > 200 and first_broken_entry() is None
    illegal = [c.name for c in Council.objects.all() if c.violations()]
    assert illegal == [ILLEGAL]
    assert Council.objects.get(name=MULTI_SITE).subcouncils.count() == 5
    # Every demo person has a sex, so that pages agree with them ("Claire Aubert : présente").
    from accounts.models import User

    assert list(User.objects.filter(sex="").values_list("email", flat=True)) == []
    assert User.objects.get(email="membre@demo.conseils.test").sex == "F"


@pytest.mark.django_db
def test_the_demo_tells_a_year_of_minutes_recommendations_and_indicators() -> None:
    from evaluation.models import Value
    from minutes.models import Minutes
    from recommendations.models import Routing

    call_command("demo", "load")
    published = Minutes.objects.get(status="published")
    assert published.meeting.council.name == "Premier degré" and published.public_pdf
    cosp = Routing.objects.get(body__code="COSP", recommendation__council__name="Premier degré")
    assert cosp.position == "accepted" and cosp.routed_at is not None
    # The loop once: the COSP's sitting voted on the point its routing added, and the vote
    # is the answer, dated by that sitting, after the routing.
    assert cosp.agenda_item is not None and cosp.agenda_item.meeting.council.name == COSP
    vote = cosp.agenda_item.votes.get()
    assert cosp.answered_at is not None and cosp.answered_at == vote.closed_at
    assert cosp.routed_at < cosp.answered_at
    assert "Adopté à l’unanimité" in cosp.reasoning
    kinds = list(cosp.recommendation.events.values_list("kind", flat=True))
    assert kinds[:4] == ["adopted", "routed", "on_agenda", "answered"], kinds
    institute = Routing.objects.get(body__code="CI", recommendation=cosp.recommendation)
    assert institute.agenda_item is not None and not institute.position  # on the CI's agenda
    waiting = Routing.objects.get(recommendation__council__name="Second degré mathématiques")
    assert waiting.routed_at is None  # its minutes are the walk-through's to write
    assert Value.objects.count() == 21 * 4 * 4


@pytest.mark.django_db
def test_the_demo_has_a_legal_conseil_d_institut_and_cosp() -> None:
    call_command("demo", "load")
    institute = Council.objects.get(name=INSTITUTE_COUNCIL)
    cosp = Council.objects.get(name=COSP)
    assert (institute.council_type, cosp.council_type) == ("inspe_institute_council", "inspe_cosp")
    for council in (institute, cosp):
        assert council.violations() == []
        members = council.current_memberships()
        women = sum(1 for m in members if m.person.sex == "F")
        assert 2 * women == len(members)  # D. 721-4: as many women as men
    assert 22 <= len(institute.current_memberships()) <= 30
    president = institute.president()
    assert president is not None and president.category == "rector_appointee"
    # The bodies that answer recommendations are untouched: the COSP council is not one.
    assert not Membership.objects.filter(council=cosp, person__email__startswith="cosp@").exists()


@pytest.mark.django_db
def test_the_demo_has_a_past_election_whose_elected_are_the_users_seats() -> None:
    from elections.models import Election

    call_command("demo", "load")
    election = Election.objects.get()
    institute = Council.objects.get(name=INSTITUTE_COUNCIL)
    assert (election.council, election.college, election.state) == (institute, "f", "proclaimed")
    users = {m.pk for m in institute.current_memberships() if m.category == "user"}
    assert {s.membership_id for s in election.elected_seats.all()} == users
    assert all(s.substitute is not None for s in election.elected_seats.all())
    assert election.electors.count() == 1050
    assert institute.violations() == []  # the election attached the seats, it did not add any
