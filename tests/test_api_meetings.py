"""Meetings, agenda, convocation and answers through the API: what each person may read."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import User
from convocations.models import Convocation, Recipient
from meetings.models import AgendaItem, Answer, Meeting
from tests.test_api_helpers import ApiTestCase, api_url

PARIS = ZoneInfo("Europe/Paris")


class MeetingTestCase(ApiTestCase):
    meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.w
        cls.meeting = Meeting.objects.create(
            council=w.council, starts_at=dt.datetime(2026, 3, 12, 14, 0, tzinfo=PARIS), place="B12"
        )
        AgendaItem.objects.create(meeting=cls.meeting, position=2, title="Bilan des stages")
        AgendaItem.objects.create(
            meeting=cls.meeting, position=1, title="Maquette 2026", kind="vote", presenter=w.head
        )
        convocation = Convocation.objects.create(meeting=cls.meeting, status="sent")
        for membership in w.council.memberships.select_related("person"):
            Recipient.objects.create(
                convocation=convocation,
                membership=membership,
                email=membership.person.email,
                status="sent",
            )
        Answer.objects.create(
            meeting=cls.meeting,
            membership=w.council.memberships.get(person=w.member),
            response="present",
        )


class MeetingReadTests(MeetingTestCase):
    def test_an_outsiders_token_gets_404_on_every_meeting_url(self) -> None:
        secret = self.token_for(self.w.outsider)
        names = ("get_meeting", "get_agenda", "get_convocation", "get_my_answer")
        statuses = [
            self.call("GET", api_url(n, meeting_id=self.meeting.pk), secret=secret).status_code
            for n in names
        ]
        assert statuses == [404, 404, 404, 404]

    def test_the_head_of_another_programme_cannot_see_this_meeting(self) -> None:
        url = api_url("get_meeting", meeting_id=self.meeting.pk)
        assert self.call("GET", url, self.w.other_head).status_code == 404

    def test_a_member_lists_the_meetings_of_their_council(self) -> None:
        url = api_url("list_meetings", council_id=self.w.council.pk)
        body = self.call("GET", url, self.w.member).json()
        assert body["count"] == 1
        meeting = body["items"][0]
        assert meeting["id"] == self.meeting.pk
        assert meeting["academic_year"] == "2025-2026"
        assert meeting["convocation_status"] == "sent"
        assert meeting["status_label"] == "prévue"

    def test_the_meetings_can_be_filtered_by_academic_year(self) -> None:
        url = api_url("list_meetings", council_id=self.w.council.pk) + "?academic_year=2026-2027"
        assert self.call("GET", url, self.w.member).json()["count"] == 0

    def test_the_agenda_lists_its_items_in_order(self) -> None:
        body = self.call("GET", api_url("get_agenda", meeting_id=self.meeting.pk), self.w.student)
        assert [i["title"] for i in body.json()["items"]] == ["Maquette 2026", "Bilan des stages"]
        assert body.json()["items"][0]["presenter"] == self.w.head.display_name
        assert body.json()["status"] == "draft"

    def test_the_list_of_meetings_runs_a_fixed_number_of_queries(self) -> None:
        secret = self.token_for(self.w.member)
        url = api_url("list_meetings", council_id=self.w.council.pk)
        self.call("GET", url, secret=secret)
        # token, council, meetings with their convocation, count
        with self.assertNumQueries(4):
            self.call("GET", url, secret=secret)
        for day in (13, 14, 15):
            Meeting.objects.create(
                council=self.w.council, starts_at=dt.datetime(2026, 4, day, 9, tzinfo=PARIS)
            )
        with self.assertNumQueries(4):
            assert self.call("GET", url, secret=secret).json()["count"] == 4


class ConvocationTests(MeetingTestCase):
    def convocation(self, user: User) -> Any:
        return self.call("GET", api_url("get_convocation", meeting_id=self.meeting.pk), user)

    def test_the_head_follows_every_recipient(self) -> None:
        body = self.convocation(self.w.head).json()
        assert body["status"] == "sent"
        assert body["all_recipients"] is True
        assert len(body["recipients"]) == self.w.council.memberships.count()

    def test_the_director_follows_every_recipient(self) -> None:
        body = self.convocation(self.w.director).json()
        assert len(body["recipients"]) == self.w.council.memberships.count()

    def test_a_member_sees_only_their_own_line(self) -> None:
        body = self.convocation(self.w.member).json()
        assert body["all_recipients"] is False
        assert [r["name"] for r in body["recipients"]] == [self.w.member.display_name]

    def test_the_president_is_a_member_here_and_sees_only_their_own_line(self) -> None:
        body = self.convocation(self.w.president).json()
        assert [r["name"] for r in body["recipients"]] == [self.w.president.display_name]

    def test_a_meeting_without_convocation_answers_404(self) -> None:
        Convocation.objects.filter(meeting=self.meeting).delete()
        assert self.convocation(self.w.head).status_code == 404


class MyAnswerTests(MeetingTestCase):
    def my_answer(self, user: User) -> Any:
        return self.call("GET", api_url("get_my_answer", meeting_id=self.meeting.pk), user)

    def test_a_member_reads_their_answer(self) -> None:
        body = self.my_answer(self.w.member).json()
        assert body["response"] == "present"
        assert body["response_label"] == "présent"

    def test_a_member_who_has_not_answered_reads_null(self) -> None:
        body = self.my_answer(self.w.student).json()
        assert body["response"] is None
        assert body["proxy_to"] is None

    def test_the_director_who_reads_the_council_without_sitting_gets_403(self) -> None:
        assert self.my_answer(self.w.director).status_code == 403
