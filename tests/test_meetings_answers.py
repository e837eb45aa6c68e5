"""Answers before the meeting: present, remote, absent or a proxy; substitutes; the estimate."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from councils.models import Membership
from meetings import actions
from meetings.models import Answer, Meeting
from tests.meetings_world import NOW, plan
from tests.people import PASSWORD, BaseTestCase, seat


@time_machine.travel(NOW, tick=False)
class AnswerTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = plan(self.w)
        council = self.w.council
        self.seats = {m.person.email.split("@")[0]: m for m in council.memberships.current()}

    def say(self, who: str, response: str, to: str | None = None, meeting: Meeting | None = None):
        membership = self.seats[who]
        return actions.answer(
            meeting or self.meeting,
            membership,
            response,
            by=membership.person,
            proxy_to=self.seats[to] if to else None,
        )

    def test_a_member_answers_for_themselves_with_an_audit_entry(self) -> None:
        self.say("member", "remote")
        answer = Answer.objects.get(membership=self.seats["member"])
        assert answer.response == "remote" and answer.proxy_to is None
        entry = AuditEntry.objects.get(action="meeting.answered")
        assert entry.summary == {"response": "remote", "proxy_to": None}

    def test_a_second_answer_replaces_the_first(self) -> None:
        self.say("member", "present")
        self.say("member", "absent")
        assert Answer.objects.get(membership=self.seats["member"]).response == "absent"
        assert Answer.objects.count() == 1

    def test_nobody_answers_for_someone_else(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.answer(self.meeting, self.seats["member"], "absent", by=self.w.head)

    def test_a_seat_in_another_council_does_not_answer_here(self) -> None:
        other = self.w.other_council.memberships.get(person=self.w.other_head)
        with self.assertRaises(PermissionDenied):
            actions.answer(self.meeting, other, "present", by=self.w.other_head)

    def test_a_proxy_is_given_to_a_voting_member_who_is_told(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.say("member", "proxy", to="t2")
        answer = Answer.objects.get(membership=self.seats["member"])
        assert answer.proxy_to == self.seats["t2"]
        (message,) = mail.outbox
        assert message.to == ["t2@example.org"]
        assert message.subject.startswith("Procuration reçue")
        assert "Marie Membre vous donne procuration" in message.body

    def test_a_member_holds_one_proxy_by_default(self) -> None:
        self.say("member", "proxy", to="t2")
        with self.assertRaisesMessage(
            actions.AnswerRefused, "Théo Deux détient déjà 1 procuration, le maximum"
        ):
            self.say("student", "proxy", to="t2")
        assert not Answer.objects.filter(membership=self.seats["student"]).exists()

    def test_the_cap_is_the_councils(self) -> None:
        self.w.council.max_proxies = 2
        self.w.council.save()
        self.meeting.council.refresh_from_db()
        self.say("member", "proxy", to="t2")
        self.say("student", "proxy", to="t2")
        with self.assertRaisesMessage(actions.AnswerRefused, "détient déjà 2"):
            self.say("s2", "proxy", to="t2")

    def test_giving_the_same_proxy_again_does_not_count_twice(self) -> None:
        self.say("member", "proxy", to="t2")
        self.say("member", "proxy", to="t2")
        assert Answer.objects.filter(proxy_to=self.seats["t2"]).count() == 1

    def test_a_proxy_to_a_guest_is_refused(self) -> None:
        with self.assertRaisesMessage(actions.AnswerRefused, "Gil Invité est invité"):
            self.say("member", "proxy", to="guest")

    def test_a_proxy_to_oneself_is_refused(self) -> None:
        with self.assertRaisesMessage(actions.AnswerRefused, "à vous-même"):
            self.say("member", "proxy", to="member")

    def test_a_proxy_to_a_non_member_is_refused(self) -> None:
        stranger = self.w.other_council.memberships.get(person=self.w.other_head)
        with self.assertRaisesMessage(actions.AnswerRefused, "ne siège pas dans ce conseil"):
            actions.answer(
                self.meeting, self.seats["member"], "proxy", by=self.w.member, proxy_to=stranger
            )

    def test_a_proxy_to_a_member_whose_seat_has_ended_is_refused(self) -> None:
        gone = self.seats["t3"]
        gone.end_date = dt.date(2025, 9, 30)
        gone.save()
        with self.assertRaisesMessage(actions.AnswerRefused, "ne siège pas"):
            self.say("member", "proxy", to="t3")

    def test_a_proxy_is_not_given_to_someone_who_will_be_absent(self) -> None:
        self.say("t2", "absent")
        with self.assertRaisesMessage(actions.AnswerRefused, "a annoncé son absence"):
            self.say("member", "proxy", to="t2")

    def test_a_proxy_is_not_passed_on(self) -> None:
        self.say("member", "proxy", to="t2")
        with self.assertRaisesMessage(actions.AnswerRefused, "ne peut pas être transmise"):
            self.say("t2", "proxy", to="t3")

    def test_a_guest_has_no_vote_to_give(self) -> None:
        with self.assertRaisesMessage(actions.AnswerRefused, "Un invité n’a pas de voix"):
            self.say("guest", "proxy", to="t2")

    def test_givers_are_told_when_their_holder_will_be_absent(self) -> None:
        self.say("member", "proxy", to="t2")
        with self.captureOnCommitCallbacks(execute=True):
            self.say("t2", "absent")
        (message,) = mail.outbox
        assert message.to == [self.w.member.email]
        assert "n’est plus portée" in message.body

    def test_no_answer_once_the_meeting_started_or_when_it_is_cancelled(self) -> None:
        started = self.meeting.starts_at + dt.timedelta(minutes=5)
        with (
            time_machine.travel(started, tick=False),
            self.assertRaisesMessage(actions.AnswerRefused, "a commencé"),
        ):
            self.say("member", "present")
        actions.cancel_meeting(self.meeting, by=self.w.head, reason="Grève")
        with self.assertRaisesMessage(actions.AnswerRefused, "annulée"):
            self.say("member", "present")


@time_machine.travel(NOW, tick=False)
class SubstituteTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = plan(self.w)
        self.titular = self.w.council.memberships.get(person=self.w.member)
        self.substitute = User.objects.create_user(
            "suppleant@example.org", PASSWORD, first_name="Sol", last_name="Suppléant"
        )
        seat(self.w.council, self.substitute, "teacher", self.w.inspe, substitute_for=self.titular)

    def answer(self, response: str) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            actions.answer(self.meeting, self.titular, response, by=self.w.member)

    def test_the_substitute_is_convoked_when_the_titular_member_is_absent(self) -> None:
        self.answer("absent")
        (message,) = mail.outbox
        assert message.to == ["suppleant@example.org"]
        assert message.subject.startswith("Convocation en tant que suppléant")
        assert "vous êtes convoqué pour siéger à sa place" in message.body
        assert AuditEntry.objects.filter(action="meeting.substitutes_convoked").exists()

    def test_the_substitute_is_released_when_the_titular_member_comes_after_all(self) -> None:
        self.answer("absent")
        self.answer("present")
        assert [m.subject.split(" — ")[0] for m in mail.outbox] == [
            "Convocation en tant que suppléant",
            "Suppléance levée",
        ]

    def test_nobody_is_convoked_for_a_member_without_substitute(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            actions.answer(
                self.meeting,
                self.w.council.memberships.get(person=self.w.student),
                "absent",
                by=self.w.student,
            )
        assert mail.outbox == []

    def test_the_substitute_counts_in_place_of_the_absent_titular_member(self) -> None:
        self.answer("absent")
        sub_seat = Membership.objects.get(person=self.substitute)
        actions.answer(self.meeting, sub_seat, "present", by=self.substitute)
        estimate = actions.attendance_estimate(self.meeting)
        assert estimate.voting_seats == 9  # the substitute replaces, never adds a seat
        assert estimate.substitutes == 1 and estimate.absent == 1


@time_machine.travel(NOW, tick=False)
class AttendanceTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = plan(self.w)
        self.seats = {m.person: m for m in self.w.council.memberships.current()}

    def say(self, person: User, response: str, to: User | None = None) -> None:
        actions.answer(
            self.meeting,
            self.seats[person],
            response,
            by=person,
            proxy_to=self.seats[to] if to else None,
        )

    def test_the_estimate_counts_present_remote_and_proxies_against_half_the_seats(self) -> None:
        self.say(self.w.head, "present")
        self.say(self.w.president, "present")
        self.say(self.w.track_head, "remote")
        estimate = actions.attendance_estimate(self.meeting)
        assert estimate.voting_seats == 9  # ten members, one of them a guest
        assert estimate.expected_votes == 3 and not estimate.quorum_likely
        self.say(self.w.member, "proxy", to=self.w.head)
        self.say(self.w.student, "present")
        estimate = actions.attendance_estimate(self.meeting)
        assert estimate.expected_votes == 5 and estimate.proxies == 1
        assert estimate.quorum_likely and estimate.unanswered == 4

    def test_a_proxy_held_by_an_absent_member_is_not_counted(self) -> None:
        self.say(self.w.member, "proxy", to=self.w.head)
        self.say(self.w.head, "absent")
        assert actions.attendance_estimate(self.meeting).proxies == 0

    def test_the_head_of_mention_sees_the_page_labelled_as_an_estimate(self) -> None:
        self.say(self.w.member, "proxy", to=self.w.head)
        self.client.force_login(self.w.head)
        url = reverse("meetings:attendance", args=[self.meeting.pk])
        response = self.client.get(url)
        self.assertContains(response, "Estimation du quorum")
        self.assertContains(response, "Ceci est une estimation")
        self.assertContains(response, "Quorum probablement pas atteint.")
        self.client.force_login(self.w.member)
        assert self.client.get(url).status_code == 403

    def test_the_attendance_page_runs_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.w.head)
        url = reverse("meetings:attendance", args=[self.meeting.pk])
        self.client.get(url)
        with self.assertNumQueries(5):
            self.client.get(url)
        self.say(self.w.member, "proxy", to=self.w.head)
        self.say(self.w.student, "present")
        self.say(self.w.track_head, "absent")
        with self.assertNumQueries(5):
            self.client.get(url)

    def test_the_answer_page_explains_a_refused_proxy(self) -> None:
        guest = next(m for m in self.seats.values() if m.category == "guest")
        self.client.force_login(self.w.member)
        url = reverse("meetings:answer", args=[self.meeting.pk])
        response = self.client.post(url, {"response": "proxy", "proxy_to": guest.pk})
        self.assertContains(response, "est invité, sans voix délibérative", status_code=422)
        response = self.client.post(url, {"response": "proxy", "proxy_to": ""})
        self.assertContains(response, "Choisissez le membre", status_code=422)
        response = self.client.post(url, {"response": "present"})
        self.assertRedirects(response, reverse("meetings:detail", args=[self.meeting.pk]))

    def test_the_answer_form_offers_only_voting_members_other_than_oneself(self) -> None:
        self.client.force_login(self.w.member)
        response = self.client.get(reverse("meetings:answer", args=[self.meeting.pk]))
        choices = dict(response.context["form"].fields["proxy_to"].widget.choices)
        names = set(choices.values()) - {"—"}
        assert "Gil Invité" not in names and "Marie Membre" not in names
        assert "Théo Deux" in names and len(names) == 8

    def test_the_director_reads_the_meeting_but_has_no_seat_to_answer_with(self) -> None:
        self.client.force_login(self.w.director)
        url = reverse("meetings:answer", args=[self.meeting.pk])
        assert self.client.post(url, {"response": "present"}).status_code == 403


@time_machine.travel(NOW, tick=False)
class SeatsReadOnceTests(BaseTestCase):
    def test_the_meeting_page_and_the_answer_form_read_the_councils_seats_once(self) -> None:
        meeting = plan(self.w)
        self.client.force_login(self.w.member)
        for name in ("meetings:detail", "meetings:answer"):
            with self.subTest(page=name), CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse(name, args=[meeting.pk]))
                assert response.status_code == 200
                seats = [q for q in queries if q["sql"].startswith('SELECT "councils_membership"')]
                # The member's own seat (and the answer form's proxies) come from those seats.
                assert len(seats) == 1, [q["sql"] for q in seats]
                assert f"{self.w.member.display_name}" in response.content.decode()
