"""The loop with the CPERs (issue 11 §3): a recommendation routed to the COSP goes on the
agenda of the COSP's next meeting, the COSP's vote on that point is its answer (dated by the
sitting), and the answer comes back to the CPER's timeline and next agenda."""

from __future__ import annotations

import datetime as dt
import importlib
import re

from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import actions as meeting_actions
from meetings.models import AgendaItem, Meeting
from recommendations import actions
from recommendations.models import Body, Event, Recommendation, Routing
from sittings.actions import votes
from tests.people import BaseTestCase
from tests.recommendation_helpers import adopted
from tests.room_elections_world import cosp_council, meeting_today, sit


class LoopCase(BaseTestCase):
    def setUp(self) -> None:
        self.cosp, self.seats = cosp_council(self.w)
        self.recommendation: Recommendation = adopted(self.w)  # links the COSP body
        self.body = Body.objects.get(institution=self.w.institution, code="COSP")
        self.routing = self.recommendation.routings.get(body=self.body)

    def plan_cosp(self, days: int = 30) -> Meeting:
        starts = timezone.now() + dt.timedelta(days=days)
        return meeting_actions.plan_meeting(
            self.cosp,
            meeting_actions.MeetingPlan(starts_at=starts, place="Salle du COSP"),
            by=self.w.director,
        )

    def route(self) -> None:
        actions.route_meeting(self.recommendation.meeting, by=self.w.director)
        self.routing.refresh_from_db()


class RoutingToTheAgendaTests(LoopCase):
    def test_the_cosp_body_sits_as_the_institutions_cosp(self) -> None:
        assert self.body.council == self.cosp
        ci = Body.objects.get(institution=self.w.institution, code="CI")
        assert ci.council is None  # no conseil d'institut in this institution

    def test_a_cosp_set_up_after_the_bodies_is_found_when_routing(self) -> None:
        Body.objects.filter(pk=self.body.pk).update(council=None)
        meeting = self.plan_cosp()
        self.route()
        assert self.routing.agenda_item is not None
        assert self.routing.agenda_item.meeting == meeting

    def test_routing_puts_it_to_the_vote_at_the_cosps_next_meeting(self) -> None:
        later = self.plan_cosp(60)
        meeting = self.plan_cosp(30)
        self.route()
        item = self.routing.agenda_item
        assert item is not None and item.meeting == meeting and later.agenda_items.count() == 0
        assert item.kind == AgendaItem.Kind.VOTE
        assert item.title == (
            "Préconisation du conseil « CPER mathématiques » : Renforcer les stages en "
            "établissement"
        )
        assert self.recommendation.events.filter(kind="on_agenda").count() == 1

    def test_routing_again_adds_nothing(self) -> None:
        meeting = self.plan_cosp()
        self.route()
        actions.put_on_agenda(self.routing, by=self.w.director)
        assert meeting.agenda_items.count() == 1

    def test_without_a_meeting_the_next_one_planned_takes_it(self) -> None:
        self.route()
        assert self.routing.agenda_item is None
        meeting = self.plan_cosp()
        self.routing.refresh_from_db()
        assert self.routing.agenda_item is not None
        assert self.routing.agenda_item.meeting == meeting

    def test_a_set_agenda_is_not_touched(self) -> None:
        meeting = self.plan_cosp()
        Meeting.objects.filter(pk=meeting.pk).update(agenda_status=Meeting.AgendaStatus.SET)
        self.route()
        assert self.routing.agenda_item is None and meeting.agenda_items.count() == 0

    def test_a_body_that_is_no_council_gets_no_agenda_item(self) -> None:
        self.plan_cosp()
        Body.objects.filter(pk=self.body.pk).update(council=None)
        self.cosp.retired_on = timezone.localdate()  # no active COSP left to sit as the body
        self.cosp.save()
        self.route()
        assert self.routing.agenda_item is None


class AnsweredByTheVoteTests(LoopCase):
    def setUp(self) -> None:
        super().setUp()
        self.route()
        self.meeting = meeting_today(self.cosp)
        item = actions.put_on_agenda(self.routing, by=self.w.director, meeting=self.meeting)
        assert item is not None
        self.item = item
        self.meeting = sit(self.w, self.meeting, self.seats)
        self.item.meeting = self.meeting

    def hands(self, votes_for: int, against: int) -> None:
        vote = votes.open_vote(
            self.item,
            by=self.w.director,
            question="Le COSP retient la préconisation",
            method="show_of_hands",
        )
        votes.record_show_of_hands(
            vote, by=self.w.director, votes_for=votes_for, votes_against=against, abstentions=0
        )
        self.vote = votes.close_vote(vote, by=self.w.director)
        self.routing.refresh_from_db()

    def test_an_adopted_vote_accepts_it_with_the_sittings_date(self) -> None:
        cper_next = meeting_actions.plan_meeting(
            self.w.council,
            meeting_actions.MeetingPlan(
                starts_at=timezone.now() + dt.timedelta(days=20), place="Salle 12"
            ),
            by=self.w.head,
        )
        self.hands(3, 1)
        assert self.routing.position == Routing.Position.ACCEPTED
        assert self.routing.answered_at == self.vote.closed_at
        day = f"{timezone.localdate(self.meeting.opened_at).day}"
        assert f"Délibération en séance du {day}" in self.routing.reasoning
        assert "Adopté par 3 voix pour, 1 contre" in self.routing.reasoning
        answered = self.recommendation.events.get(kind="answered")
        assert answered.at == self.vote.closed_at
        # Its position as a code and the vote that gave it: the page words both.
        assert (answered.detail, answered.vote) == ("accepted", self.vote)
        assert "vote en séance du" in answered.detail_label()
        # back to the CPER: a point on its next agenda
        assert cper_next.agenda_items.filter(
            title__startswith="Réponse de l’instance COSP"
        ).exists()

    def test_a_rejected_vote_refuses_it(self) -> None:
        self.hands(1, 3)
        assert self.routing.position == Routing.Position.REFUSED

    def test_a_second_vote_on_the_point_changes_nothing(self) -> None:
        self.hands(3, 1)
        first = self.routing.answered_at
        self.hands(1, 3)
        assert self.routing.position == Routing.Position.ACCEPTED
        assert self.routing.answered_at == first

    def test_an_english_reader_reads_the_vote_s_answer_in_english(self) -> None:
        self.w.head.language = "en"
        self.w.head.save(update_fields=["language"])
        with self.captureOnCommitCallbacks(execute=True):
            self.hands(3, 1)
        # The record keeps the institution's words; pages and e-mails say it again.
        assert self.routing.reasoning.startswith("Délibération en séance du")
        told = [m for m in mail.outbox if m.to == [self.w.head.email]]
        assert len(told) == 1 and "Deliberation at the sitting of" in told[0].body
        assert "Délibération" not in told[0].body
        self.login(self.w.head)
        self.client.post(reverse("accounts:set_language"), {"language": "en"})
        page = self.client.get(reverse("recommendations:detail", args=[self.recommendation.pk]))
        text = page.content.decode()
        assert "Deliberation at the sitting of" in text
        assert "accepted — vote at the meeting of" in text
        # The adoption's result stays as the president typed it: a person's words.
        assert not re.search(r"Délibération|vote en séance|acceptée|Adopté par", text), text

    def test_the_timeline_names_the_answering_body_once(self) -> None:
        self.hands(3, 1)
        self.login(self.w.head)
        page = self.client.get(reverse("recommendations:detail", args=[self.recommendation.pk]))
        text = page.content.decode()
        assert "réponse de l’instance COSP : acceptée — vote en séance du" in text
        assert "réponse de l’instance COSP : COSP" not in text

    def test_answers_stored_as_sentences_before_are_linked_to_their_vote(self) -> None:
        self.hands(3, 1)
        answered = self.recommendation.events.get(kind="answered")
        Routing.objects.filter(pk=self.routing.pk).update(answer_vote=None)
        Event.objects.filter(pk=answered.pk).update(
            detail="COSP : acceptée — vote en séance du 1 octobre 2025 : Adopté", vote=None
        )
        migration = importlib.import_module(
            "recommendations.migrations.0004_answers_said_in_the_readers_language"
        )
        migration.keep_what_the_sentences_said(apps, None)
        self.routing.refresh_from_db()
        answered.refresh_from_db()
        assert self.routing.answer_vote == self.vote
        assert (answered.detail, answered.vote) == ("accepted", self.vote)

    def test_the_cpers_head_reads_the_answer_in_the_timeline(self) -> None:
        self.hands(3, 1)
        self.login(self.w.head)
        page = self.client.get(reverse("recommendations:detail", args=[self.recommendation.pk]))
        text = page.content.decode()
        assert "Délibération en séance du" in text and "vote en séance du" in text
