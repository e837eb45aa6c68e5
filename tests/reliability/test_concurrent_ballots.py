"""Secret ballots with candidates take each voice once when members (and their second
clicks) vote at the same moment, and a round closes once when closed twice at once. On
PostgreSQL the casts really run together (tests.reliability.test_concurrent_steps.fire)."""

from __future__ import annotations

from django.test import TransactionTestCase

from sittings.actions import elections
from sittings.actions.elections import Standing
from sittings.models import ElectionBallot, ElectionCast
from tests.people import build_world
from tests.reliability.test_concurrent_steps import audited, fire
from tests.room_elections_world import BORN, institute_council, sitting_today


class ConcurrentBallotsTests(TransactionTestCase):
    def setUp(self) -> None:
        self.w = build_world()
        self.council, self.seats = institute_council(self.w)
        item = sitting_today(self.w, self.council, self.seats)
        self.election = elections.open_election(
            item,
            by=self.w.director,
            title="Élection du président",
            kind="president",
            standing=[Standing(self.seats[k], BORN[k]) for k in ("xavier", "yasmine")],
        )
        self.xavier = str(self.election.candidates.get(membership=self.seats["xavier"]).pk)

    def test_every_member_voting_twice_at_once_puts_one_ballot_each_in_the_urn(self) -> None:
        voters = [m.person for m in self.seats.values()] * 2  # each clicks twice
        outcomes = fire(
            len(voters), lambda i: elections.cast(self.election, self.xavier, by=voters[i])
        )
        assert sum(o is None for o in outcomes) == len(self.seats)
        assert ElectionCast.objects.count() == len(self.seats)
        assert ElectionBallot.objects.count() == len(self.seats)
        assert audited("election.ballot_cast") == len(self.seats)

    def test_a_round_closed_twenty_times_at_once_closes_once_and_installs_one_president(
        self,
    ) -> None:
        voters = [m.person for m in self.seats.values()]
        fire(len(voters), lambda i: elections.cast(self.election, self.xavier, by=voters[i]))
        fire(20, lambda _i: elections.close(self.election, by=self.w.director))
        assert audited("election.closed") == 1
        assert audited("council.president_chosen") == 1
        assert self.council.memberships.filter(is_president=True).count() == 1
