"""Secret ballots with candidates in the room: designations and the election of the conseil
d'institut's president (D. 721-2, decided by bylaws.president); the urn keeps no link to its
voters; blank and void ballots counted; the result in the room, the audit trail and the
minutes' draft."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from bylaws.elections import citation
from law.source import shipped_lines
from meetings.actions.common import InvalidTransition
from minutes import actions as minutes_actions
from minutes.models import Minutes
from sittings.actions import elections, votes
from sittings.actions.elections import BLANK, Standing
from sittings.models import Candidate, Election, ElectionBallot, ElectionCast
from tests.people import BaseTestCase
from tests.room_elections_world import BORN, institute_council, sitting_today
from tests.test_meeting_room_votes import VoteCase


class DesignationTests(VoteCase):
    """In the CPER: seven voices (six here, the professional's proxy held by the president)."""

    def designation(self, *who: str) -> Election:
        return elections.open_election(
            self.item,
            by=self.w.president,
            title="Élection du représentant étudiant au conseil d’institut",
            kind="designation",
            standing=[Standing(self.seats[name]) for name in who],
        )

    def vote(self, who: str, election: Election, choice: str) -> None:
        elections.cast(election, choice, by=self.seats[who].person)

    def candidate(self, election: Election, who: str) -> str:
        return str(election.candidates.get(membership=self.seats[who]).pk)

    def test_the_projector_and_an_english_reader_see_the_ballots_result(self) -> None:
        from django.utils import translation

        election = self.designation("member", "t2")
        self.vote("member", election, self.candidate(election, "t2"))
        screen = reverse("room:projector_screen", args=[self.meeting.pk])
        self.login(self.w.president)
        assert "1 membre a voté" in self.client.get(screen).content.decode()
        with translation.override("en"):  # closing in English still stores the minutes' French
            closed = elections.close(election, by=self.w.president)
        assert closed.result.startswith("Théo Deux est désigné.")
        assert "Théo Deux est désigné." in self.client.get(screen).content.decode()
        with translation.override("en"):
            assert closed.result_label.startswith("Théo Deux is designated.")
            assert "no blank ballot" in closed.result_label

    def test_each_voice_goes_to_a_candidate_or_blank_and_the_most_votes_is_designated(
        self,
    ) -> None:
        election = self.designation("member", "t2")
        member, t2 = self.candidate(election, "member"), self.candidate(election, "t2")
        self.vote("president", election, member)  # and her proxy: two voices
        self.vote("member", election, member)
        self.vote("t2", election, t2)
        self.vote("head", election, BLANK)
        closed = elections.close(election, by=self.w.president)
        counts = {c.membership_id: c.votes for c in closed.candidates.all()}
        assert counts == {self.seats["member"].pk: 3, self.seats["t2"].pk: 1}
        assert (closed.blank, closed.void) == (1, 0)
        assert closed.elected is not None
        assert closed.elected.membership == self.seats["member"]
        assert closed.result == (
            "Marie Membre est désigné. Marie Membre : 3 voix ; Théo Deux : 1 voix "
            "(4 suffrages exprimés, 1 bulletin blanc, aucun bulletin nul)"
        )

    def test_the_urn_keeps_no_link_to_the_voter(self) -> None:
        election = self.designation("member", "t2")
        self.vote("president", election, self.candidate(election, "t2"))
        fields = {f.name for f in ElectionBallot._meta.get_fields()}
        assert fields == {"id", "election", "candidate"}
        assert ElectionBallot.objects.count() == 2  # one row per voice, no weight
        assert ElectionCast.objects.get().membership == self.seats["president"]
        entry = AuditEntry.objects.get(action="election.ballot_cast")
        assert "candidate" not in str(entry.summary) and "t2" not in str(entry.summary)

    def test_a_member_votes_once(self) -> None:
        election = self.designation("member", "t2")
        self.vote("member", election, BLANK)
        with self.assertRaises(ValidationError):
            self.vote("member", election, self.candidate(election, "t2"))
        assert ElectionBallot.objects.count() == 1

    def test_an_absent_member_a_guest_or_an_unknown_candidate_cannot_vote(self) -> None:
        election = self.designation("member", "t2")
        with self.assertRaises(ValidationError):
            self.vote("student", election, BLANK)  # not marked present
        with self.assertRaises(ValidationError):
            self.vote("member", election, "999999")
        with self.assertRaises(PermissionDenied):
            elections.cast(election, BLANK, by=self.w.outsider)

    def test_a_withdrawn_candidates_ballots_are_void(self) -> None:
        election = self.designation("member", "t2")
        self.vote("member", election, self.candidate(election, "t2"))
        self.vote("head", election, self.candidate(election, "member"))
        candidate = election.candidates.get(membership=self.seats["t2"])
        elections.withdraw(election, candidate, by=self.w.president)
        with self.assertRaises(ValidationError):  # no longer on the ballot
            self.vote("track", election, str(candidate.pk))
        closed = elections.close(election, by=self.w.president)
        assert (closed.blank, closed.void) == (0, 1)
        assert "1 bulletin nul" in closed.result

    def test_a_tie_designates_no_one_and_offers_a_new_round(self) -> None:
        election = self.designation("member", "t2")
        self.vote("member", election, self.candidate(election, "t2"))
        self.vote("head", election, self.candidate(election, "member"))
        closed = elections.close(election, by=self.w.president)
        assert closed.elected is None and closed.result.startswith("Partage des voix")
        following = elections.open_next_round(closed, by=self.w.president)
        assert following.round == 2 and following.candidates.count() == 2

    def test_candidates_are_voting_members_each_once(self) -> None:
        with self.assertRaises(ValidationError):
            self.designation()
        with self.assertRaises(ValidationError):
            self.designation("member", "member")
        with self.assertRaises(ValidationError):
            self.designation("guest")

    def test_one_round_at_a_time_and_a_closed_round_never_changes(self) -> None:
        election = self.designation("member")
        with self.assertRaises(InvalidTransition):
            votes.open_vote(self.item, by=self.w.president, question="", method="secret")
        with self.assertRaises(InvalidTransition):
            self.designation("t2")
        elections.close(election, by=self.w.president)
        with self.assertRaises(InvalidTransition):
            self.vote("member", election, BLANK)
        with self.assertRaises(InvalidTransition):
            elections.close(election, by=self.w.president)

    def test_the_president_election_is_the_institute_councils_only(self) -> None:
        with self.assertRaises(ValidationError):
            elections.open_election(
                self.item,
                by=self.w.president,
                title="Président",
                kind="president",
                standing=[Standing(self.seats["president"])],
            )

    def test_the_result_goes_into_the_minutes_draft(self) -> None:
        minutes_actions.start(self.meeting, self.w.member, by=self.w.president)
        election = self.designation("member", "t2")
        self.vote("member", election, self.candidate(election, "member"))
        elections.close(election, by=self.w.president)
        body = Minutes.objects.get().body
        assert "Élection du représentant étudiant au conseil d’institut" in body
        assert "Marie Membre est désigné." in body

    def test_minutes_started_after_the_ballot_carry_its_result_under_its_item(self) -> None:
        election = self.designation("member", "t2")
        self.vote("member", election, self.candidate(election, "t2"))
        elections.close(election, by=self.w.president)
        body = minutes_actions.start(self.meeting, self.w.member, by=self.w.president).body
        section = body.split(f"<h2>2. {self.item.title}</h2>")[1]
        assert "Scrutin à bulletin secret, tour n° 1" in section
        assert "Théo Deux est désigné" in section and "<li>Théo Deux : 1</li>" in section

    def test_through_the_pages_with_an_outsider_refused(self) -> None:
        self.login(self.w.president)
        url = reverse("room:election_open", args=[self.meeting.pk, self.item.pk])
        response = self.client.post(
            url,
            {
                "title": "Représentant étudiant",
                "kind": "designation",
                "candidates": [self.seats["member"].pk, self.seats["t2"].pk],
            },
        )
        election = Election.objects.get()
        page = reverse("room:election", args=[self.meeting.pk, election.pk])
        self.assertRedirects(response, page)
        member = self.client_for("member")
        ballot = reverse("room:election_ballot", args=[self.meeting.pk, election.pk])
        form = member.get(ballot).content.decode()
        assert "Théo Deux" in form
        assert 'id="confirm-box-cast"' in form and "ne se reprend pas" in form
        choice = self.candidate(election, "t2")
        self.assertRedirects(
            member.post(ballot, {"choice": choice}),
            reverse("room:live", args=[self.meeting.pk]),
        )
        assert "Vous avez déjà voté" in member.get(ballot).content.decode()
        waiting = "5 membres appelés à voter n’ont pas encore voté."
        assert waiting in self.client.get(page).content.decode()
        self.client.post(reverse("room:election_close", args=[self.meeting.pk, election.pk]))
        text = self.client.get(page).content.decode()
        assert "Théo Deux est désigné." in text
        for who in ("outsider",):
            outsider = Client()
            outsider.force_login(self.w.outsider)
            assert outsider.get(page).status_code == 404, who
            assert outsider.get(ballot).status_code == 404
        student = self.client_for("student")
        assert student.get(page).status_code == 403  # a member follows live, does not run


class PresidentElectionTests(BaseTestCase):
    def setUp(self) -> None:
        self.council, self.seats = institute_council(self.w)
        self.item = sitting_today(self.w, self.council, self.seats)

    def open(self) -> Election:
        return elections.open_election(
            self.item,
            by=self.w.director,
            title="Élection du président du conseil d’institut",
            kind="president",
            standing=[Standing(self.seats[k], BORN[k]) for k in ("xavier", "yasmine")],
        )

    def ballots(self, election: Election, picks: dict[str, str]) -> None:
        """picks: voter → candidate key (xavier, yasmine) or blank."""
        for voter, pick in picks.items():
            choice = BLANK
            if pick != BLANK:
                choice = str(election.candidates.get(membership=self.seats[pick]).pk)
            elections.cast(election, choice, by=self.seats[voter].person)

    def test_an_absolute_majority_elects_at_the_first_round_and_the_council_has_a_president(
        self,
    ) -> None:
        election = self.open()
        self.ballots(
            election,
            {"xavier": "xavier", "prof": "xavier", "lect": "xavier", "yasmine": "yasmine"},
        )
        closed = elections.close(election, by=self.w.director)
        assert closed.outcome["decided_by"] == "absolute_majority"
        assert closed.result.startswith(
            "Xavier Conseil est élu président du conseil à la majorité absolue"
        )
        president = self.council.president()
        assert president is not None and president.person.first_name == "Xavier"
        assert president.president_since == self.item.meeting.starts_at.date()
        assert closed.outcome["citation"] == citation("president.absolute_majority")

    def test_half_is_no_majority_then_a_tie_at_the_second_round_elects_the_youngest(
        self,
    ) -> None:
        first = self.open()
        self.ballots(
            first,
            {
                "xavier": "xavier",
                "prof": "xavier",
                "yasmine": "yasmine",
                "lect": "yasmine",
                "user": BLANK,
            },
        )
        first = elections.close(first, by=self.w.director)
        assert first.outcome["status"] == "second_round_required" and first.elected is None
        assert "majorité absolue (3 voix)" in first.result
        assert self.council.president() is None
        second = elections.open_next_round(first, by=self.w.director)
        self.ballots(
            second, {"xavier": "xavier", "prof": "xavier", "yasmine": "yasmine", "lect": "yasmine"}
        )
        second = elections.close(second, by=self.w.director)
        assert second.outcome["decided_by"] == "youngest"
        assert second.result.startswith("Yasmine Conseil est élue présidente du conseil")
        assert [r["round"] for r in second.outcome["rounds"]] == [1, 2]
        president = self.council.president()
        assert president is not None and president.person.first_name == "Yasmine"
        with self.assertRaises(InvalidTransition):  # never a third round
            elections.open_next_round(second, by=self.w.director)

    def test_the_quotation_is_the_articles_own_words(self) -> None:
        text = shipped_lines()[34815 - 1]  # the page shows what elections.toml quotes
        for key in ("president.eligibility", "president.absolute_majority", "president.youngest"):
            assert citation(key)["quote"] in text

    def test_only_the_rectors_appointees_stand_and_their_birth_date_is_asked(self) -> None:
        with self.assertRaisesMessage(ValidationError, "désignées par le recteur"):
            elections.open_election(
                self.item,
                by=self.w.director,
                title="Président",
                kind="president",
                standing=[Standing(self.seats["prof"], BORN["xavier"])],
            )
        with self.assertRaisesMessage(ValidationError, "date de naissance"):
            elections.open_election(
                self.item,
                by=self.w.director,
                title="Président",
                kind="president",
                standing=[Standing(self.seats["xavier"])],
            )
        assert not Candidate.objects.exists()

    def test_the_page_shows_the_rounds_and_cites_the_article(self) -> None:
        election = self.open()
        self.ballots(election, {"xavier": "xavier", "prof": "xavier", "yasmine": "yasmine"})
        elections.close(election, by=self.w.director)
        self.login(self.w.director)
        page = self.client.get(reverse("room:election", args=[self.item.meeting.pk, election.pk]))
        text = page.content.decode()
        assert "Tour n° 1" in text and "Suffrages exprimés" in text
        assert citation("president.absolute_majority")["quote"] in text
        assert "D. 721-2" in text

    def test_the_set_up_form_s_hidden_labels_agree_and_elide(self) -> None:
        self.login(self.w.director)
        text = self.client.get(reverse("room:room", args=[self.item.meeting.pk])).content.decode()
        assert "Yasmine Conseil est candidate" in text and "Xavier Conseil est candidat<" in text
        assert "Date de naissance d’Ulysse Conseil" in text
        assert "Date de naissance de Xavier Conseil" in text
