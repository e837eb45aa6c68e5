"""The meeting room: the sign-in sheet, arrivals and departures, the quorum, the
re-convocation, the session secretary, live notes flowing into the minutes, who may do what."""

from __future__ import annotations

import dataclasses
import datetime as dt
from unittest import mock

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from bylaws import sittings
from convocations.models import Convocation
from councils import roles
from councils.models import Membership
from meetings import actions, lifecycle
from meetings.actions.common import InvalidTransition
from meetings.lifecycle import TransitionRefused
from meetings.models import Meeting
from minutes import actions as minutes_actions
from minutes.models import Minutes
from sittings.actions import room, votes
from sittings.models import Attendance, Movement
from tests.meetings_world import NOW, agenda_set, convoked, drafted
from tests.people import BaseTestCase, seat

CPER = sittings.sitting_rules("cper")


class RoomCase(BaseTestCase):
    """A meeting whose agenda is set (two points), its room run by the president."""

    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        # Later the same day: members may still answer, and the sitting may open today.
        self.meeting = convoked(self.w, starts_at=NOW + dt.timedelta(hours=2))
        self.seats = {
            m.person.email.split("@")[0]: m
            for m in self.w.council.memberships.current().select_related("person")
        }
        self.items = list(self.meeting.agenda_items.all())

    def answer(self, who: str, response: str, to: str | None = None) -> None:
        seat = self.seats[who]
        holder = self.seats[to] if to else None
        actions.answer(self.meeting, seat, response, by=seat.person, proxy_to=holder)

    def mark(self, who: str, status: str, to: str | None = None, by: User | None = None) -> None:
        holder = self.seats[to] if to else None
        room.set_presence(
            self.meeting, self.seats[who], status, by=by or self.w.president, proxy_to=holder
        )

    def present(self, *who: str) -> None:
        for name in who:
            self.mark(name, "present")

    def state(self) -> room.RoomState:
        return room.load_room(Meeting.objects.get(pk=self.meeting.pk))

    def open_with_quorum(self) -> None:
        self.present("president", "member", "t2", "head", "track")
        room.open_sitting(self.meeting, by=self.w.president)
        self.meeting.refresh_from_db()


class SignInSheetTests(RoomCase):
    def test_the_sheet_is_prefilled_from_the_members_answers(self) -> None:
        self.answer("member", "present")
        self.answer("t2", "remote")
        self.answer("student", "absent")
        self.answer("pro", "proxy", to="president")
        added = room.prepare_room(self.meeting, by=self.w.president)
        rows = {a.membership.person.email.split("@")[0]: a for a in self.meeting.attendances.all()}
        assert added == 10 and len(rows) == 10
        assert rows["member"].status == "present"
        assert rows["t2"].status == "remote"
        assert rows["student"].status == "excused"
        assert rows["pro"].status == "represented"
        assert rows["pro"].proxy_to == self.seats["president"]
        assert rows["t3"].status == "absent"
        assert AuditEntry.objects.filter(action="sitting.prepared").count() == 1

    def test_preparing_the_sheet_again_adds_nobody_twice(self) -> None:
        room.prepare_room(self.meeting, by=self.w.president)
        assert room.prepare_room(self.meeting, by=self.w.head) == 0
        assert self.meeting.attendances.count() == 10

    def test_marking_a_member_present_keeps_their_arrival_time(self) -> None:
        self.mark("member", "present")
        row = Attendance.objects.get(membership=self.seats["member"])
        assert row.arrived_at == timezone.now()
        assert not Movement.objects.exists()  # before the opening, arriving is not news
        entry = AuditEntry.objects.get(action="sitting.presence")
        assert entry.summary["status"] == "present"

    def test_a_late_arrival_is_noted_with_its_time(self) -> None:
        self.open_with_quorum()
        with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):
            self.mark("t3", "present")
        move = Movement.objects.get()
        assert move.kind == "arrived" and move.at == NOW + dt.timedelta(minutes=20)

    def test_a_departure_and_a_return_are_timed_and_the_member_stops_counting_meanwhile(
        self,
    ) -> None:
        self.open_with_quorum()
        before = self.state().counted
        with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
            room.record_departure(self.meeting, self.seats["t2"], by=self.w.president)
        assert self.state().counted == before - 1
        with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
            room.record_return(self.meeting, self.seats["t2"], by=self.w.president)
        assert self.state().counted == before
        kinds = list(Movement.objects.values_list("kind", "at"))
        assert kinds == [
            ("left", NOW + dt.timedelta(hours=1)),
            ("arrived", NOW + dt.timedelta(hours=2)),
        ]

    def test_a_departure_before_the_opening_is_refused(self) -> None:
        self.present("member")
        with self.assertRaises(InvalidTransition):
            room.record_departure(self.meeting, self.seats["member"], by=self.w.president)

    def test_a_member_cannot_leave_twice(self) -> None:
        self.open_with_quorum()
        room.record_departure(self.meeting, self.seats["t2"], by=self.w.president)
        with self.assertRaises(InvalidTransition):
            room.record_departure(self.meeting, self.seats["t2"], by=self.w.president)

    def test_the_sign_in_sheet_is_a_pdf_for_those_who_run_the_room(self) -> None:
        room.prepare_room(self.meeting, by=self.w.president)
        self.login(self.w.president)
        response = self.client.get(reverse("room:sign_in_sheet", args=[self.meeting.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


class QuorumTests(RoomCase):
    def test_nine_voting_members_need_five_and_the_guest_never_counts(self) -> None:
        self.present("president", "member", "t2", "head", "guest")
        state = self.state()
        assert state.count.members_in_office == 9
        assert state.required == 5
        assert state.counted == 4
        assert not state.reached

    def test_remote_members_count_under_the_cper_rule(self) -> None:
        self.present("president", "member", "t2", "head")
        self.mark("track", "remote")
        assert self.state().reached

    def test_proxies_do_not_count_under_the_cper_rule_but_carry_votes(self) -> None:
        self.present("president", "member", "t2", "head")
        self.mark("pro", "represented", to="president")
        state = self.state()
        assert not CPER.quorum.count_proxies
        assert state.count.represented == 1 and state.counted == 4 and not state.reached
        assert state.voters[self.seats["president"].pk] == 2

    def test_proxies_count_when_the_council_rule_says_so(self) -> None:
        rules = dataclasses.replace(
            CPER, quorum=dataclasses.replace(CPER.quorum, count_proxies=True)
        )
        self.present("president", "member", "t2", "head")
        self.mark("pro", "represented", to="president")
        with mock.patch("bylaws.sittings.sitting_rules", return_value=rules):
            state = self.state()
        assert state.counted == 5 and state.reached

    def test_a_proxy_lapses_while_its_holder_is_out(self) -> None:
        self.open_with_quorum()
        self.mark("pro", "represented", to="member")
        assert self.state().voters[self.seats["member"].pk] == 2
        room.record_departure(self.meeting, self.seats["member"], by=self.w.president)
        state = self.state()
        assert self.seats["member"].pk not in state.voters
        assert state.count.represented == 0

    def test_a_member_holds_no_more_proxies_than_the_council_allows(self) -> None:
        self.present("member")
        self.mark("pro", "represented", to="member")
        with self.assertRaises(ValidationError):
            self.mark("t3", "represented", to="member")

    def test_a_substitute_stands_in_for_an_absent_titular_member(self) -> None:
        substitute = User.objects.create_user("sub@example.org", "x", last_name="Suppléant")
        seat(self.w.council, substitute, "teacher", substitute_for=self.seats["t3"])
        self.mark("t3", "excused")
        room.set_presence(
            self.meeting,
            Membership.objects.get(person=substitute),
            "present",
            by=self.w.president,
        )
        state = self.state()
        assert state.count.members_in_office == 9  # a substitute replaces, never adds
        assert state.count.present == 1
        assert len(state.voters) == 1

    def test_opening_notes_the_quorum_once(self) -> None:
        self.open_with_quorum()
        assert self.meeting.quorum_at_opening is True
        entry = AuditEntry.objects.get(action="sitting.opened")
        assert entry.summary["counted"] == 5 and entry.summary["required"] == 5
        with self.assertRaises(InvalidTransition):
            room.open_sitting(self.meeting, by=self.w.president)

    def test_the_room_shows_the_quorum_and_its_rule_to_everyone_live(self) -> None:
        self.present("president", "member")
        self.login(self.w.student)
        response = self.client.get(reverse("room:live", args=[self.meeting.pk]))
        self.assertContains(response, 'aria-live="polite"')
        self.assertContains(response, "Quorum non atteint : 2 membres comptés, 5 requis")
        self.assertContains(response, "ne peut siéger valablement que si le nombre des membres")
        self.assertContains(response, reverse("law:article", args=[CPER.quorum.citation.code_line]))
        data = self.client.get(reverse("room:status", args=[self.meeting.pk])).json()
        assert data["quorum"]["counted"] == 2 and data["quorum"]["required"] == 5


class ReconvocationTests(RoomCase):
    def open_without_quorum(self) -> None:
        self.present("president", "member")
        room.open_sitting(self.meeting, by=self.w.president)
        self.meeting.refresh_from_db()

    def test_without_quorum_the_rule_window_is_proposed_with_its_citation(self) -> None:
        self.open_without_quorum()
        proposal = room.reconvocation_for(self.meeting)
        assert proposal is not None
        assert proposal.first_day == NOW.date() + dt.timedelta(days=5)
        assert proposal.last_day == NOW.date() + dt.timedelta(days=8)
        self.login(self.w.president)
        page = self.client.get(reverse("room:reconvene", args=[self.meeting.pk]))
        self.assertContains(page, "entre le")
        self.assertContains(page, "quel que soit le nombre des membres présents")
        self.assertContains(page, reverse("law:article", args=[15886]))

    def test_no_proposal_when_the_quorum_was_reached(self) -> None:
        self.open_with_quorum()
        assert room.reconvocation_for(self.meeting) is None

    def test_without_quorum_the_council_cannot_vote(self) -> None:
        self.open_without_quorum()
        with self.assertRaises(InvalidTransition):
            votes.open_vote(self.items[1], by=self.w.president, question="", method="secret")

    def test_confirming_creates_the_new_meeting_which_sits_without_quorum(self) -> None:
        self.open_without_quorum()
        self.login(self.w.head)
        day = (NOW + dt.timedelta(days=6)).date()
        response = self.client.post(
            reverse("room:reconvene", args=[self.meeting.pk]),
            {"date": day.isoformat(), "time": "14:00", "place": "Salle 2"},
        )
        new = Meeting.objects.get(reconvenes=self.meeting)
        self.assertRedirects(response, reverse("meetings:detail", args=[new.pk]))
        assert new.sits_without_quorum
        assert timezone.localtime(new.starts_at).date() == day
        assert [i.title for i in new.agenda_items.all()] == [i.title for i in self.items]
        assert AuditEntry.objects.filter(action="meeting.planned", object_id=str(new.pk)).exists()
        self.meeting.refresh_from_db()
        assert self.meeting.closed_at is not None

    def test_a_date_outside_the_window_is_refused(self) -> None:
        self.open_without_quorum()
        plan = actions.MeetingPlan(NOW + dt.timedelta(days=12), place="Salle 2")
        with self.assertRaises(ValidationError):
            room.reconvene(self.meeting, plan, by=self.w.head)
        assert not Meeting.objects.filter(reconvenes=self.meeting).exists()

    def test_the_president_proposes_but_the_organisers_plan(self) -> None:
        self.open_without_quorum()
        plan = actions.MeetingPlan(NOW + dt.timedelta(days=6), place="Salle 2")
        with self.assertRaises(PermissionDenied):
            room.reconvene(self.meeting, plan, by=self.w.president)

    def test_the_new_meeting_deliberates_whatever_the_attendance(self) -> None:
        self.open_without_quorum()
        plan = actions.MeetingPlan(NOW + dt.timedelta(days=6), place="Salle 2")
        new = room.reconvene(self.meeting, plan, by=self.w.head)
        # Convened again with the same agenda, set; the new convocation goes out at once.
        assert new.agenda_status == "set"
        Convocation.objects.create(meeting=new, status="sent", sent_at=timezone.now())
        with time_machine.travel(plan.starts_at, tick=False):  # the day of the new sitting
            room.set_presence(new, self.seats["member"], "present", by=self.w.head)
            room.open_sitting(new, by=self.w.head)
        new.refresh_from_db()
        assert new.quorum_at_opening is False and room.may_deliberate(new)
        item = new.agenda_items.first()
        assert item is not None
        votes.open_vote(item, by=self.w.head, question="", method="show_of_hands")


class SecretaryAndNotesTests(RoomCase):
    def test_the_room_offers_to_designate_the_secretary_then_names_them(self) -> None:
        self.login(self.w.president)
        url = reverse("room:room", args=[self.meeting.pk])
        self.assertContains(self.client.get(url), reverse("minutes:start", args=[self.meeting.pk]))
        minutes_actions.start(self.meeting, self.w.member, by=self.w.president)
        response = self.client.get(url)
        self.assertContains(response, "Marie Membre")
        self.assertNotContains(response, reverse("minutes:start", args=[self.meeting.pk]))

    def test_the_secretary_runs_the_room_and_other_members_do_not(self) -> None:
        url = reverse("room:room", args=[self.meeting.pk])
        self.login(self.w.member)
        assert self.client.get(url).status_code == 403
        minutes_actions.start(self.meeting, self.w.member, by=self.w.president)
        assert self.client.get(url).status_code == 200
        self.login(self.w.student)
        assert self.client.get(url).status_code == 403

    def test_the_attendance_labels_agree_with_the_group_they_head(self) -> None:
        for key in ("member", "student"):
            User.objects.filter(pk=self.seats[key].person_id).update(sex="F")
        self.open_with_quorum()
        self.mark("member", "excused")
        self.mark("student", "excused")
        self.mark("t3", "excused")
        text = minutes_actions.draft_text(self.meeting)
        assert "<strong>Excusés</strong> : " in text  # a man among them: the masculine
        self.mark("t3", "present")
        text = minutes_actions.draft_text(self.meeting)
        assert "<strong>Excusées</strong> : " in text  # women only
        self.mark("student", "present")
        text = minutes_actions.draft_text(self.meeting)
        assert "<strong>Excusée</strong> : Marie Membre</li>" in text

    def test_notes_results_and_attendance_flow_into_the_minutes_draft(self) -> None:
        self.answer("t3", "present")  # the answer says present; the room says otherwise
        self.open_with_quorum()
        self.mark("pro", "represented", to="president")
        self.mark("t3", "absent")
        self.mark("guest", "present")
        room.save_notes(self.items[0], "Les stages se passent bien.", by=self.w.president)
        vote = votes.open_vote(
            self.items[1], by=self.w.president, question="Maquette", method="show_of_hands"
        )
        votes.record_show_of_hands(
            vote, by=self.w.president, votes_for=6, votes_against=0, abstentions=0
        )
        votes.close_vote(vote, by=self.w.president)
        text = minutes_actions.draft_text(self.meeting)
        # Several present: the plural; the permanent guest apart, not among the members.
        present = text.split("<li><strong>Présents</strong> : ")[1].split("</li>")[0]
        assert "Marie Membre" in present and "Gil Invité" not in present
        names = present.split(", ")
        assert names == sorted(names, key=lambda n: (n.split(" ")[-1], n))  # by surname
        assert "<strong>Invités permanents, sans voix délibérative</strong> : Gil Invité" in text
        assert "Pia Pro (procuration à Paul Président)" in text
        assert "Tom Trois" in text.split("<strong>Absents</strong>")[1]  # as recorded
        assert "Les stages se passent bien." in text
        assert "Maquette : <strong>Adopté à l’unanimité</strong>" in text
        assert '<div class="minutes-vote">' in text  # a block of its own, not editable
        assert "le quorum est atteint" in text

    def test_the_secretary_takes_the_room_record_into_the_minutes(self) -> None:
        minutes = minutes_actions.start(self.meeting, self.w.member, by=self.w.president)
        room.save_notes(self.items[0], "Tour de table.", by=self.w.member)
        self.login(self.w.member)
        response = self.client.post(reverse("minutes:refresh", args=[minutes.pk]))
        self.assertRedirects(response, reverse("minutes:detail", args=[minutes.pk]))
        minutes.refresh_from_db()
        assert "Tour de table." in minutes.body
        assert minutes.revisions.count() == 2

    def test_notes_are_kept_per_point_with_an_audit_entry(self) -> None:
        self.login(self.w.president)
        url = reverse("room:notes", args=[self.meeting.pk, self.items[1].pk])
        self.client.post(url, {"text": "Débat nourri."})
        self.items[1].refresh_from_db()
        assert self.items[1].notes.text == "Débat nourri."
        assert AuditEntry.objects.filter(action="sitting.notes_saved").exists()


class RoomAccessTests(RoomCase):
    def test_an_outsider_gets_404_on_every_room_step(self) -> None:
        self.login(self.w.outsider)
        member = self.seats["member"].pk
        for name, args in [
            ("room:room", [self.meeting.pk]),
            ("room:prepare", [self.meeting.pk]),
            ("room:presence", [self.meeting.pk, member]),
            ("room:open", [self.meeting.pk]),
            ("room:notes", [self.meeting.pk, self.items[0].pk]),
            ("room:live", [self.meeting.pk]),
        ]:
            assert self.client.post(reverse(name, args=args)).status_code in {404, 405}, name
            assert self.client.get(reverse(name, args=args)).status_code in {404, 405}, name
        assert not Attendance.objects.exists()

    def test_a_member_gets_403_on_room_steps(self) -> None:
        self.login(self.w.member)
        url = reverse("room:presence", args=[self.meeting.pk, self.seats["member"].pk])
        assert self.client.post(url, {"status": "present"}).status_code == 403
        assert self.client.post(reverse("room:open", args=[self.meeting.pk])).status_code == 403
        assert not Attendance.objects.exists()

    def test_the_actions_refuse_a_member_too(self) -> None:
        with self.assertRaises(PermissionDenied):
            room.set_presence(self.meeting, self.seats["member"], "present", by=self.w.member)
        with self.assertRaises(PermissionDenied):
            room.prepare_room(self.meeting, by=self.w.track_head)

    def test_the_head_of_mention_and_the_director_run_the_room(self) -> None:
        for person in (self.w.head, self.w.director, self.w.president):
            assert roles.may_run_room(person, self.meeting)

    def test_marking_present_through_the_page(self) -> None:
        self.login(self.w.president)
        url = reverse("room:presence", args=[self.meeting.pk, self.seats["member"].pk])
        response = self.client.post(url, {"status": "remote"})
        assert response.status_code == 302
        assert Attendance.objects.get(membership=self.seats["member"]).status == "remote"

    def test_the_room_page_keeps_a_fixed_number_of_queries(self) -> None:
        room.prepare_room(self.meeting, by=self.w.president)
        self.open_with_quorum()
        url = reverse("room:room", args=[self.meeting.pk])
        self.login(self.w.president)
        with self.assertNumQueries(ROOM_QUERIES):
            assert self.client.get(url).status_code == 200
        for n in range(5):  # more members, a proxy, a departure, notes and a closed vote
            person = User.objects.create_user(f"extra{n}@example.org", "x", last_name=f"X{n}")
            seat(self.w.council, person, "teacher")
        self.mark("pro", "represented", to="president")
        room.record_departure(self.meeting, self.seats["t2"], by=self.w.president)
        room.save_notes(self.items[0], "Notes.", by=self.w.president)
        vote = votes.open_vote(self.items[1], by=self.w.president, question="", method="secret")
        votes.cast_ballot(vote, "for", by=self.w.member)
        votes.close_vote(vote, by=self.w.president)
        with self.assertNumQueries(ROOM_QUERIES):
            assert self.client.get(url).status_code == 200


# 13, one for the occasional guests, one for the ballots with candidates listed under their
# items, and three for the floor while the sitting is open: its state, the speakers, the item.
ROOM_QUERIES = 18


class OpeningDayTests(BaseTestCase):
    def test_a_sitting_does_not_open_before_its_day(self) -> None:
        with time_machine.travel(NOW, tick=False):
            meeting = convoked(self.w, starts_at=NOW + dt.timedelta(days=3))
            seat_ = self.w.council.memberships.get(person=self.w.president)
            # Issue 10 §1.9: attendance is not recorded months, or days, before the meeting.
            with self.assertRaisesMessage(TransitionRefused, "prévue le"):
                room.set_presence(meeting, seat_, "present", by=self.w.president)
            with self.assertRaisesMessage(TransitionRefused, "prévue le"):
                room.prepare_room(meeting, by=self.w.president)
            with self.assertRaisesMessage(TransitionRefused, "prévue le"):
                room.open_sitting(meeting, by=self.w.president)
            assert not meeting.attendances.exists()


class LifecycleTests(BaseTestCase):
    """Issue 10 §1: the meeting's life decides what the room may do, and says which state
    refused (not the person's role)."""

    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.seat = self.w.council.memberships.get(person=self.w.president)

    def test_a_meeting_with_published_minutes_cannot_sit_again(self) -> None:
        """§1.1: the held meeting was re-opened, quorum "non atteint", 0/9 in the evidence."""
        meeting = convoked(self.w, starts_at=NOW - dt.timedelta(hours=3))
        Minutes.objects.create(  # a published text has its dates (minutes.lifecycle's guards)
            meeting=meeting,
            secretary=self.w.member,
            status="published",
            frozen_at=NOW,
            published_at=NOW,
        )
        assert lifecycle.state_of(meeting) is lifecycle.State.MINUTES
        with self.assertRaisesMessage(TransitionRefused, "La séance est close"):
            room.set_presence(meeting, self.seat, "present", by=self.w.president)
        with self.assertRaisesMessage(TransitionRefused, "La séance est close"):
            room.open_sitting(meeting, by=self.w.president, urgency="Sans objet")
        self.login(self.w.president)
        page = self.client.get(reverse("room:room", args=[meeting.pk]))
        self.assertContains(page, "La séance est close et son compte rendu est établi")
        self.assertNotContains(page, reverse("room:open", args=[meeting.pk]))
        response = self.client.post(reverse("room:prepare", args=[meeting.pk]), follow=True)
        self.assertContains(response, "on ne peut pas noter les présences")
        meeting.refresh_from_db()
        assert meeting.opened_at is None and not meeting.attendances.exists()

    def test_a_closed_sitting_does_not_open_again_even_in_the_database(self) -> None:
        meeting = convoked(self.w, starts_at=NOW - dt.timedelta(minutes=5))
        room.set_presence(meeting, self.seat, "present", by=self.w.president)
        room.open_sitting(meeting, by=self.w.president)
        room.close_sitting(meeting, by=self.w.president)
        assert lifecycle.state_of(meeting) is lifecycle.State.HELD
        with self.assertRaisesMessage(TransitionRefused, "La séance est close"):
            room.open_sitting(meeting, by=self.w.president)
        rows = Meeting.objects.filter(pk=meeting.pk)
        with self.assertRaises(IntegrityError), transaction.atomic():
            rows.update(opened_at=timezone.now(), closed_at=None)
        with self.assertRaises(IntegrityError), transaction.atomic():
            rows.update(status="planned")
        # A held meeting that never recorded its sitting (the demo's) stays out of session too.
        other = convoked(self.w, starts_at=NOW - dt.timedelta(hours=5))
        Meeting.objects.filter(pk=other.pk).update(status="held")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=other.pk).update(opened_at=timezone.now())

    def test_the_database_refuses_a_sitting_closed_before_it_opened(self) -> None:
        meeting = agenda_set(self.w, starts_at=NOW)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(closed_at=timezone.now())
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(
                status="cancelled", opened_at=timezone.now()
            )

    def test_no_sitting_on_an_agenda_in_preparation(self) -> None:
        """§1.2: the sitting opened, and votes closed, on a draft agenda never convoked."""
        meeting = drafted(self.w, starts_at=NOW)
        message = "L’ordre du jour n’est pas encore arrêté"
        with self.assertRaisesMessage(TransitionRefused, message):
            room.set_presence(meeting, self.seat, "present", by=self.w.president)
        with self.assertRaisesMessage(TransitionRefused, message):
            room.open_sitting(meeting, by=self.w.president, urgency="Urgence")
        self.login(self.w.president)
        response = self.client.post(reverse("room:open", args=[meeting.pk]), follow=True)
        self.assertContains(response, message)
        assert not Meeting.objects.get(pk=meeting.pk).opened_at

    def test_without_a_convocation_the_sitting_opens_only_with_an_urgency_reason(self) -> None:
        meeting = agenda_set(self.w, starts_at=NOW)
        room.set_presence(meeting, self.seat, "present", by=self.w.president)
        with self.assertRaisesMessage(room.UrgencyRequired, "aucune convocation"):
            room.open_sitting(meeting, by=self.w.president)
        self.login(self.w.president)
        page = self.client.get(reverse("room:room", args=[meeting.pk]))
        self.assertContains(page, 'name="urgency"')
        self.client.post(reverse("room:open", args=[meeting.pk]), {"urgency": "  "})
        assert Meeting.objects.get(pk=meeting.pk).opened_at is None
        reason = "Avis requis par le rectorat avant vendredi"
        self.client.post(reverse("room:open", args=[meeting.pk]), {"urgency": reason})
        meeting.refresh_from_db()
        assert meeting.opened_at is not None and meeting.urgency_reason == reason
        assert AuditEntry.objects.get(action="sitting.opened").summary["urgency"] == reason
        assert f"Séance ouverte en urgence : {reason}" in minutes_actions.draft_text(meeting)

    def test_a_convocation_sent_without_the_full_notice_needs_an_urgency_reason(self) -> None:
        meeting = agenda_set(self.w, starts_at=NOW)
        Convocation.objects.create(
            meeting=meeting, status="sent", sent_at=NOW - dt.timedelta(days=2)
        )
        room.set_presence(meeting, self.seat, "present", by=self.w.president)
        with self.assertRaisesMessage(room.UrgencyRequired, "moins de 8 jours"):
            room.open_sitting(meeting, by=self.w.president)
        room.open_sitting(meeting, by=self.w.president, urgency="Calendrier du rectorat")
        assert Meeting.objects.get(pk=meeting.pk).urgency_reason == "Calendrier du rectorat"

    def test_with_the_full_notice_no_reason_is_asked_nor_kept(self) -> None:
        meeting = convoked(self.w, starts_at=NOW)
        room.set_presence(meeting, self.seat, "present", by=self.w.president)
        room.open_sitting(meeting, by=self.w.president, urgency="inutile")
        assert Meeting.objects.get(pk=meeting.pk).urgency_reason == ""
