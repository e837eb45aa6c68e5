"""The demo's indicators: four years of plausible figures for every training."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from councils.demo import DOMAIN
from councils.models import Institution
from evaluation import actions as evaluation_actions
from evaluation.pack import previous_years
from meetings.models import academic_year_of


def load(institution: Institution, *, by: User) -> None:
    """The observatory's account, and four years of plausible figures it entered for every
    training (deterministic, for the charts)."""
    observer = User.objects.get(email=f"observatoire@{DOMAIN}")
    evaluation_actions.add_to_observatory(institution, observer, by=by)
    indicators = {i.code: i for i in evaluation_actions.ensure_default_indicators(institution)}
    years = previous_years(academic_year_of(timezone.localdate()), 4)
    for n, council in enumerate(institution.councils.order_by("pk")):
        for track in council.tracks.all():
            for age, year in enumerate(years):
                base = {
                    "effectif": Decimal(18 + (n * 7) % 30 + age * 2),
                    "reussite": Decimal(72 + (n * 3) % 15 + age * 2),
                    "satisfaction": Decimal(60 + (n * 5) % 20 + age * 3),
                    "insertion": Decimal(70 + (n * 2) % 20 + age),
                }
                for code, value in base.items():
                    evaluation_actions.set_value(
                        council,
                        by=observer,
                        indicator=indicators[code],
                        track=track,
                        year=year,
                        value=min(value, Decimal(100)),
                        source="Observatoire des formations",
                    )
