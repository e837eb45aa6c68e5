"""A list's seats read as plain rows (CouncilQuerySet.fetch_with_composition) answer as the
prefetch did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Prefetch
from django.db.models.signals import post_init
from django.urls import reverse

from councils.models import Council, Membership
from tests.people import BaseTestCase, seat


@contextmanager
def seats_built_by_init() -> Iterator[list[Any]]:
    """The Membership instances made through Model.__init__ (which sends post_init)."""
    made: list[Any] = []

    def record(sender: Any, instance: Any, **kwargs: Any) -> None:
        made.append(instance)

    post_init.connect(record, sender=Membership)
    try:
        yield made
    finally:
        post_init.disconnect(record, sender=Membership)


def seen(council: Council) -> list[tuple[Any, ...]]:
    return [
        (
            m.pk,
            m.category,
            m.person.display_name,
            m.person.sex,
            m.component.code if m.component else None,
            m.voting,
            m.is_president,
            m.as_rule_member(full=True),
        )
        for m in council.current_memberships()
    ]


class WithSeatsTests(BaseTestCase):
    def test_each_council_gets_the_seats_the_prefetch_gave_in_the_same_order(self) -> None:
        seat(self.w.other_council, self.w.member, "teacher", self.w.amu)
        ended = seat(self.w.council, self.w.outsider, "teacher")
        Membership.objects.filter(pk=ended.pk).update(
            start_date=dt.date(2019, 9, 1), end_date=dt.date(2020, 9, 1)
        )
        plain = Council.objects.order_by("name").fetch_with_composition()
        prefetched = list(
            Council.objects.order_by("name").prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.current().select_related("person", "component"),
                )
            )
        )
        assert [seen(c) for c in plain] == [seen(c) for c in prefetched]
        assert [c.violations() for c in plain] == [c.violations() for c in prefetched]
        assert plain[0].president() is not None
        with self.assertNumQueries(0):
            [(c.voting_count(), c.president(), c.memberships.all()) for c in plain]

    def test_seats_to_come_are_kept_for_the_forecast_but_are_not_current(self) -> None:
        later = dt.date.today() + dt.timedelta(days=40)
        coming = seat(self.w.council, self.w.outsider, "teacher", self.w.amu)
        Membership.objects.filter(pk=coming.pk).update(start_date=later)
        (council,) = Council.objects.filter(pk=self.w.council.pk).fetch_with_composition(
            seats_to_come=True
        )
        assert coming.pk in [m.pk for m in council.memberships.all()]
        assert coming.pk not in [m.pk for m in council.current_memberships()]

    def test_a_field_not_read_is_read_when_asked_for(self) -> None:
        (council,) = Council.objects.filter(pk=self.w.council.pk).fetch_with_composition()
        first = council.current_memberships()[0]
        with self.assertNumQueries(1):
            assert first.created_at is not None

    def test_the_list_pages_build_no_seat_through_the_model_constructor(self) -> None:
        self.login(self.w.director)
        with seats_built_by_init() as made:
            for name in ("home", "councils:list", "dashboard"):
                response = self.client.get(reverse(name))
                assert response.status_code == 200
                self.assertContains(response, "CPER mathématiques")
        assert made == []

    def test_the_forecast_reads_the_seats_ahead_as_plain_rows_and_as_before(self) -> None:
        from councils import mandates

        today = dt.date.today()
        coming = seat(self.w.council, self.w.outsider, "teacher", self.w.amu)
        Membership.objects.filter(pk=coming.pk).update(start_date=today + dt.timedelta(days=9))
        with seats_built_by_init() as made:
            ahead = mandates.seats_ahead([self.w.council, self.w.other_council], today)
        assert made == []
        orm = Membership.objects.filter(council=self.w.council).select_related("person")
        assert [m.pk for m in ahead[self.w.council.pk]] == [
            m.pk for m in orm.order_by("category", "person__last_name", "person__first_name", "pk")
        ]
        assert [m.as_rule_member(full=True) for m in ahead[self.w.council.pk]] == [
            m.as_rule_member(full=True)
            for m in orm.order_by("category", "person__last_name", "person__first_name", "pk")
        ]
        assert len(ahead[self.w.other_council.pk]) == 1
