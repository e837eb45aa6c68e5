"""The whole demo, app by app in the order data flows: councils and people (councils.demo),
the year's calendar (meetings.demo), indicators (evaluation.demo), and a year's story told
through the actions (recommendations.demo). Loaded once, in one transaction."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from councils import demo as councils_demo
from councils.models import Institution
from elections import demo as elections_demo
from evaluation import demo as evaluation_demo
from meetings import demo as meetings_demo
from recommendations import demo as story


@transaction.atomic
def load() -> bool:
    """Create the demo; returns False when it is already there (idempotent)."""
    if not councils_demo.load():
        return False
    director = _account("directrice")
    institution = Institution.objects.get(director=director)
    head = _account("mention")
    # The year's calendar is the CPERs' (the conseil d'institut and the COSP have none yet).
    council_ids = list(
        institution.councils.filter(council_type="cper").values_list("pk", flat=True)
    )
    meetings_demo.load(
        council_ids, councils_demo.academic_year_start(), director=director, head=head
    )
    evaluation_demo.load(institution, by=director)
    elections_demo.load(institution, director=director)
    story.load(institution, director=director, cosp_respondent=_account("cosp"))
    return True


def _account(name: str) -> User:
    """A demo account by the name before the @ (directrice, mention, cosp…)."""
    email = next(a.email for a in councils_demo.ACCOUNTS if a.email.startswith(f"{name}@"))
    return User.objects.get(email=email)
