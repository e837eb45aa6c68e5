"""A proclamation clicked twenty times at once seats the elected once (see
test_concurrent_steps for how the requests run at the same time on PostgreSQL)."""

from __future__ import annotations

from django.test import TransactionTestCase

from audit.models import AuditEntry
from elections import actions
from elections.models import ElectedSeat, Election
from tests.election_helpers import election_with_results
from tests.people import build_world
from tests.reliability.test_concurrent_steps import N, fire


class ConcurrentProclamationTests(TransactionTestCase):
    def setUp(self) -> None:
        self.w = build_world()

    def test_twenty_proclamations_at_once_seat_the_elected_once(self) -> None:
        election = election_with_results(self.w)
        council = election.council
        seats_before = council.memberships.count()

        def proclaim(_i: int) -> object:
            fresh = Election.objects.get(pk=election.pk)
            return actions.proclaim(fresh, by=self.w.director)[1]

        outcomes = fire(N, proclaim)
        assert outcomes.count(True) == 1 and outcomes.count(False) == N - 1, outcomes
        assert ElectedSeat.objects.count() == 2
        assert council.memberships.count() == seats_before + 2
        assert AuditEntry.objects.filter(action="election.proclaimed").count() == 1
        assert Election.objects.get(pk=election.pk).state == Election.State.PROCLAIMED
