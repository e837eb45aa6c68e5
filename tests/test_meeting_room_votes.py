"""Votes in the room: show of hands, roll call, secret ballot from each member's own session;
proxies, majorities, the president's casting vote, result sentences, closed votes frozen."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from meetings.actions.common import InvalidTransition
from sittings.actions import room, votes
from sittings.models import Ballot, BallotCast, NamedVote, Vote
from tests.test_meeting_room import RoomCase


class VoteCase(RoomCase):
    def setUp(self) -> None:
        super().setUp()
        # Six voting members here, the professional gives her proxy to the president.
        self.open_with_quorum()
        self.mark("t3", "present")
        self.mark("pro", "represented", to="president")
        self.item = self.items[1]

    def open(self, method: str, majority: str = "") -> Vote:
        return votes.open_vote(
            self.item,
            by=self.w.president,
            question="Maquette 2026",
            method=method,
            majority=majority,
        )

    def hands(self, votes_for: int, against: int, abstain: int = 0, **kwargs: str) -> Vote:
        vote = self.open("show_of_hands", **kwargs)
        votes.record_show_of_hands(
            vote,
            by=self.w.president,
            votes_for=votes_for,
            votes_against=against,
            abstentions=abstain,
        )
        return vote

    def client_for(self, who: str) -> Client:
        client = Client()
        client.force_login(self.seats[who].person)
        return client


class ShowOfHandsTests(VoteCase):
    def test_the_secretary_enters_the_counts_and_the_result_is_a_french_sentence(self) -> None:
        vote = votes.close_vote(self.hands(5, 1, 1), by=self.w.president)
        assert vote.adopted is True
        assert vote.result == "Adopté par 5 voix pour, 1 contre, 1 abstention"
        assert AuditEntry.objects.get(action="vote.closed").summary["for"] == 5

    def test_a_unanimous_vote_says_so(self) -> None:
        vote = votes.close_vote(self.hands(7, 0), by=self.w.president)
        assert vote.result == "Adopté à l’unanimité"

    def test_counts_cannot_exceed_the_voices_present_or_represented(self) -> None:
        vote = self.open("show_of_hands")
        with self.assertRaises(ValidationError):  # 6 here + 1 proxy = 7 voices
            votes.record_show_of_hands(
                vote, by=self.w.president, votes_for=6, votes_against=2, abstentions=0
            )

    def test_the_counts_must_be_entered_before_closing(self) -> None:
        with self.assertRaises(ValidationError):
            votes.close_vote(self.open("show_of_hands"), by=self.w.president)

    def test_one_vote_at_a_time(self) -> None:
        self.open("show_of_hands")
        with self.assertRaises(InvalidTransition):
            self.open("secret")

    def test_a_member_cannot_count_or_close(self) -> None:
        vote = self.open("show_of_hands")
        with self.assertRaises(PermissionDenied):
            votes.record_show_of_hands(
                vote, by=self.w.student, votes_for=1, votes_against=0, abstentions=0
            )
        self.login(self.w.student)
        url = reverse("room:vote_close", args=[self.meeting.pk, vote.pk])
        assert self.client.post(url).status_code == 403
        self.login(self.w.outsider)
        assert self.client.post(url).status_code == 404

    def test_through_the_pages(self) -> None:
        self.login(self.w.president)
        response = self.client.post(
            reverse("room:vote_open", args=[self.meeting.pk, self.item.pk]),
            {"question": "Maquette", "method": "show_of_hands", "majority": "votes_cast"},
        )
        vote = Vote.objects.get()
        self.assertRedirects(response, reverse("room:vote", args=[self.meeting.pk, vote.pk]))
        url = reverse("room:vote", args=[self.meeting.pk, vote.pk])
        self.client.post(url, {"votes_for": "4", "votes_against": "2", "abstentions": "1"})
        self.client.post(reverse("room:vote_close", args=[self.meeting.pk, vote.pk]))
        vote.refresh_from_db()
        assert vote.result == "Adopté par 4 voix pour, 2 contre, 1 abstention"


class MajorityAndCastingVoteTests(VoteCase):
    def test_a_tie_asks_for_the_presidents_vote_which_decides(self) -> None:
        vote = self.hands(3, 3)
        with self.assertRaises(ValidationError):
            votes.close_vote(vote, by=self.w.president)
        vote = votes.close_vote(vote, by=self.w.president, president_vote="for")
        assert vote.adopted and vote.casting_vote_used
        assert vote.result == (
            "Adopté par 3 voix pour, 3 contre, la voix du président étant prépondérante"
        )

    def test_in_a_roll_call_the_presidents_named_vote_decides_a_tie(self) -> None:
        vote = self.open("roll_call")
        for who, choice in [("member", "for"), ("t2", "for"), ("head", "against")]:
            votes.record_named_vote(vote, self.seats[who].pk, choice, by=self.w.president)
        # The president carries the professional's proxy: 2 voices against.
        votes.record_named_vote(vote, self.seats["president"].pk, "against", by=self.w.president)
        votes.record_named_vote(vote, self.seats["track"].pk, "for", by=self.w.president)
        vote = votes.close_vote(vote, by=self.w.president)
        assert (vote.votes_for, vote.votes_against) == (3, 3)
        assert vote.adopted is False and vote.casting_vote_used
        assert vote.result.startswith("Rejeté par 3 voix pour, 3 contre")

    def test_two_thirds_can_be_required_for_one_vote(self) -> None:
        vote = votes.close_vote(self.hands(4, 3, majority="two_thirds"), by=self.w.president)
        assert vote.adopted is False
        assert vote.result == (
            "Rejeté par 4 voix pour, 3 contre "
            "(majorité des deux tiers des suffrages exprimés requise)"
        )

    def test_an_absolute_majority_of_members_in_office_can_be_required(self) -> None:
        vote = votes.close_vote(
            self.hands(4, 0, 3, majority="absolute_members"), by=self.w.president
        )
        assert vote.members_in_office == 9 and vote.adopted is False

    def test_a_secret_ballot_has_no_casting_vote(self) -> None:
        vote = self.open("secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        votes.cast_ballot(vote, "against", by=self.w.head)
        vote = votes.close_vote(vote, by=self.w.president, president_vote="for")
        assert vote.adopted is False and not vote.casting_vote_used
        assert vote.result == "Rejeté par 1 voix pour, 1 contre"


class RollCallTests(VoteCase):
    def test_each_members_vote_is_recorded_by_name_with_their_proxies(self) -> None:
        vote = self.open("roll_call")
        votes.record_named_vote(vote, self.seats["president"].pk, "for", by=self.w.president)
        votes.record_named_vote(vote, self.seats["member"].pk, "abstain", by=self.w.president)
        named = {n.membership.person.email: (n.choice, n.weight) for n in NamedVote.objects.all()}
        assert named == {
            "president@example.org": ("for", 2),
            "member@example.org": ("abstain", 1),
        }
        vote = votes.close_vote(vote, by=self.w.president)
        assert vote.result == "Adopté à l’unanimité des suffrages exprimés (1 abstention)"

    def test_a_member_who_is_not_here_is_not_called(self) -> None:
        vote = self.open("roll_call")
        with self.assertRaises(ValidationError):
            votes.record_named_vote(vote, self.seats["student"].pk, "for", by=self.w.president)
        with self.assertRaises(ValidationError):  # represented: their proxy holder votes
            votes.record_named_vote(vote, self.seats["pro"].pk, "for", by=self.w.president)


class SecretBallotTests(VoteCase):
    def test_two_members_vote_from_their_own_sessions(self) -> None:
        vote = self.open("secret")
        url = reverse("room:ballot", args=[self.meeting.pk, vote.pk])
        for who, choice in [("member", "for"), ("head", "against")]:
            client = self.client_for(who)
            page = client.get(url)
            self.assertContains(page, "Déposer mon bulletin")
            response = client.post(url, {"choice": choice})
            self.assertRedirects(response, reverse("room:live", args=[self.meeting.pk]))
        voters = set(BallotCast.objects.values_list("membership__person__email", flat=True))
        assert voters == {"member@example.org", "head@example.org"}
        assert sorted(Ballot.objects.values_list("choice", flat=True)) == ["against", "for"]
        vote = votes.close_vote(vote, by=self.w.president)
        assert vote.result == "Rejeté par 1 voix pour, 1 contre"

    def test_closing_tells_how_many_have_not_voted_yet(self) -> None:
        vote = self.open("secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        self.login(self.w.president)
        url = reverse("room:vote", args=[self.meeting.pk, vote.pk])
        self.assertContains(
            self.client.get(url), "5 membres appelés à voter n’ont pas encore voté."
        )
        for person in (self.w.head, self.w.president, self.seats["t3"].person):
            votes.cast_ballot(vote, "for", by=person)
        self.assertContains(
            self.client.get(url), "2 membres appelés à voter n’ont pas encore voté."
        )

    def test_the_stored_data_cannot_link_a_voter_to_a_choice(self) -> None:
        fields = {f.name: f for f in Ballot._meta.get_fields()}
        assert set(fields) == {"id", "vote", "choice"}
        assert isinstance(fields["id"], models.UUIDField)  # random, not a sequence
        signing = {f.name for f in BallotCast._meta.get_fields()}
        assert signing == {"id", "vote", "membership"}  # no choice, no time
        vote = self.open("secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        votes.cast_ballot(vote, "against", by=self.w.head)
        before = set(Ballot.objects.values_list("id", flat=True))
        votes.close_vote(vote, by=self.w.president)
        # The urn is rewritten at closing: new keys, a random order.
        assert before.isdisjoint(set(Ballot.objects.values_list("id", flat=True)))
        entries = AuditEntry.objects.filter(action="vote.ballot_cast")
        assert entries.count() == 2
        assert all(e.summary == {} and e.object_type == "sittings.Vote" for e in entries)

    def test_a_running_count_is_never_shown_while_the_ballot_is_open(self) -> None:
        vote = self.open("secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        self.login(self.w.student)
        data = self.client.get(reverse("room:status", args=[self.meeting.pk])).json()
        assert data["votes"] == [
            {
                "id": vote.pk,
                "item": self.item.title,
                "question": "Maquette 2026",
                "method": "à bulletin secret",
                "open": True,
                "ballots_cast": 1,
                "ballots_text": "1 bulletin déposé",
                "result": "",
            }
        ]

    def test_a_proxy_holders_ballot_weighs_one_voice_more(self) -> None:
        vote = self.open("secret")
        votes.cast_ballot(vote, "against", by=self.w.president)
        assert Ballot.objects.filter(vote=vote).count() == 2
        vote = votes.close_vote(vote, by=self.w.president)
        assert vote.votes_against == 2

    def test_a_member_cannot_vote_twice(self) -> None:
        vote = self.open("secret")
        client = self.client_for("member")
        url = reverse("room:ballot", args=[self.meeting.pk, vote.pk])
        client.post(url, {"choice": "for"})
        response = client.post(url, {"choice": "against"})
        assert response.status_code == 422
        self.assertContains(response, "Vous avez déjà voté.", status_code=422)
        assert BallotCast.objects.count() == 1 and Ballot.objects.count() == 1

    def test_a_member_who_is_not_present_cannot_vote(self) -> None:
        vote = self.open("secret")
        with self.assertRaises(ValidationError):
            votes.cast_ballot(vote, "for", by=self.w.student)
        gone = self.seats["t2"]
        room.record_departure(self.meeting, gone, by=self.w.president)
        with self.assertRaises(ValidationError):
            votes.cast_ballot(vote, "for", by=gone.person)
        assert not Ballot.objects.exists()

    def test_an_outsider_and_the_director_cannot_reach_the_ballot(self) -> None:
        vote = self.open("secret")
        url = reverse("room:ballot", args=[self.meeting.pk, vote.pk])
        self.login(self.w.outsider)
        assert self.client.post(url, {"choice": "for"}).status_code == 404
        self.login(self.w.director)  # reads the council, has no seat
        assert self.client.post(url, {"choice": "for"}).status_code == 403
        assert not Ballot.objects.exists()


class ClosedVoteTests(VoteCase):
    def test_a_closed_vote_cannot_change_through_the_actions(self) -> None:
        vote = votes.close_vote(self.hands(5, 1), by=self.w.president)
        with self.assertRaises(InvalidTransition):
            votes.record_show_of_hands(
                vote, by=self.w.president, votes_for=1, votes_against=5, abstentions=0
            )
        with self.assertRaises(InvalidTransition):
            votes.close_vote(vote, by=self.w.president)

    def test_a_closed_secret_ballot_takes_no_more_ballots(self) -> None:
        vote = self.open("secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        votes.close_vote(vote, by=self.w.president)
        with self.assertRaises(InvalidTransition):
            votes.cast_ballot(vote, "for", by=self.w.head)

    def test_the_database_refuses_to_change_a_closed_vote(self) -> None:
        vote = votes.close_vote(self.hands(5, 1), by=self.w.president)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Vote.objects.filter(pk=vote.pk).update(votes_for=99)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Ballot.objects.create(vote=vote, choice="for")
        with self.assertRaises(IntegrityError), transaction.atomic():
            BallotCast.objects.create(vote=vote, membership=self.seats["head"])
        vote.refresh_from_db()
        assert vote.votes_for == 5

    def test_the_database_lets_an_open_vote_change(self) -> None:
        vote = self.open("secret")
        Vote.objects.filter(pk=vote.pk).update(question="Autre question")
        Ballot.objects.create(vote=vote, choice="for")
        assert Ballot.objects.count() == 1
