"""The demo data: the 21 CPERs named as on the seed page, loaded once."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.log import first_broken_entry
from audit.models import AuditEntry
from councils.demo import ILLEGAL, MULTI_SITE
from councils.models import Council

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
    assert sorted(Council.objects.values_list("name", flat=True)) == sorted(names)
    entries = AuditEntry.objects.count()
    call_command("demo", "load")
    assert Council.objects.count() == 21 and AuditEntry.objects.count() == entries
    assert entries > 200 and first_broken_entry() is None
    illegal = [c.name for c in Council.objects.all() if c.violations()]
    assert illegal == [ILLEGAL]
    assert Council.objects.get(name=MULTI_SITE).subcouncils.count() == 5


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
    waiting = Routing.objects.get(recommendation__council__name="Second degré mathématiques")
    assert waiting.routed_at is None  # its minutes are the walk-through's to write
    assert Value.objects.count() == 21 * 4 * 4
