"""Meeting writes through the API call the steps of meetings.actions, with the pages' access."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from audit.models import AuditEntry
from meetings.models import AgendaItem, Answer, Meeting
from tests.test_api_helpers import ApiTestCase, api_url


class MeetingWriteTestCase(ApiTestCase):
    meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = Meeting.objects.create(
            council=cls.w.council,
            starts_at=timezone.now() + dt.timedelta(days=30),
            place="Salle 204",
        )
        AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan")


class CalendarTests(MeetingWriteTestCase):
    # A month ahead of whenever the tests run: a meeting is never moved into the past.
    PLAN = {
        "starts_at": f"{dt.date.today() + dt.timedelta(days=30)}T14:00:00",
        "place": "Amphi A",
        "duration_minutes": 90,
    }

    def test_the_heads_token_plans_a_meeting_through_the_action(self) -> None:
        url = api_url("plan_meeting", council_id=self.w.council.pk)
        response = self.call("POST", url, self.w.head, self.PLAN)
        assert response.status_code == 201, response.content
        meeting = Meeting.objects.get(pk=response.json()["id"])
        assert timezone.localtime(meeting.starts_at).hour == 14  # naive means Paris
        entry = AuditEntry.objects.get(action="meeting.planned")
        assert (entry.actor, entry.council_id) == (self.w.head, self.w.council.pk)

    def test_a_members_token_cannot_plan_a_meeting(self) -> None:
        url = api_url("plan_meeting", council_id=self.w.council.pk)
        assert self.call("POST", url, self.w.member, self.PLAN).status_code == 403
        assert Meeting.objects.count() == 1

    def test_an_outsiders_token_cannot_plan_a_meeting_nor_learn_the_council_exists(self) -> None:
        url = api_url("plan_meeting", council_id=self.w.council.pk)
        assert self.call("POST", url, self.w.outsider, self.PLAN).status_code == 404

    def test_a_meeting_is_cancelled_only_with_a_reason(self) -> None:
        url = api_url("cancel_meeting", meeting_id=self.meeting.pk)
        secret = self.token_for(self.w.director)
        refused = self.call("POST", url, body={"reason": " "}, secret=secret)
        assert refused.status_code == 422
        assert "reason" in refused.json()["detail"]  # refused by the schema, which says so
        done = self.call("POST", url, body={"reason": "Grève"}, secret=secret)
        assert done.json()["status"] == "cancelled"

    def test_moving_a_meeting_tells_the_members(self) -> None:
        url = api_url("move_meeting", meeting_id=self.meeting.pk)
        body = {**self.PLAN, "reason": "Salle indisponible"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call("POST", url, self.w.head, body)
        assert response.status_code == 200, response.content
        assert response.json()["place"] == "Amphi A"
        assert mail.outbox  # the action e-mails the change once it commits


class AgendaTests(MeetingWriteTestCase):
    def item_url(self, name: str, item: AgendaItem) -> str:
        return api_url(name, meeting_id=self.meeting.pk, item_id=item.pk)

    def test_the_heads_token_adds_an_item_through_the_action(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        body = {"title": "Maquette", "description": "Le **vote** de la maquette", "kind": "vote"}
        response = self.call("POST", url, self.w.head, body)
        assert response.status_code == 201, response.content
        assert "<strong>vote</strong>" in response.json()["description"]
        assert response.json()["position"] == 2
        assert AuditEntry.objects.filter(action="agenda.item_added").count() == 1

    def test_a_members_token_cannot_touch_the_agenda(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        assert self.call("POST", url, self.w.member, {"title": "Hors sujet"}).status_code == 403

    def test_a_presenter_from_outside_the_council_is_refused(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        body = {"title": "Maquette", "presenter_id": self.w.outsider.pk}
        response = self.call("POST", url, self.w.head, body)
        assert response.status_code == 422
        assert "présenter" in response.json()["detail"]

    def test_an_item_of_another_meeting_is_404(self) -> None:
        other = Meeting.objects.create(
            council=self.w.council, starts_at=timezone.now() + dt.timedelta(days=60), place="B"
        )
        foreign = AgendaItem.objects.create(meeting=other, title="Ailleurs")
        response = self.call(
            "PUT", self.item_url("update_agenda_item", foreign), self.w.head, {"title": "Volé"}
        )
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.title == "Ailleurs"

    def test_an_item_is_replaced_moved_and_removed(self) -> None:
        first = self.meeting.agenda_items.get()
        second = AgendaItem.objects.create(meeting=self.meeting, position=2, title="Stages")
        secret = self.token_for(self.w.head)
        put = self.call(
            "PUT",
            self.item_url("update_agenda_item", first),
            body={"title": "Bilan 2025"},
            secret=secret,
        )
        assert put.json()["title"] == "Bilan 2025"
        moved = self.call(
            "POST", self.item_url("move_agenda_item", second), body={"offset": -1}, secret=secret
        )
        assert [i["title"] for i in moved.json()["items"]] == ["Stages", "Bilan 2025"]
        gone = self.call("DELETE", self.item_url("remove_agenda_item", first), secret=secret)
        assert gone.status_code == 204
        assert list(self.meeting.agenda_items.values_list("title", flat=True)) == ["Stages"]

    def test_the_head_submits_and_the_president_sets_the_agenda(self) -> None:
        submit = api_url("submit_agenda", meeting_id=self.meeting.pk)
        assert self.call("POST", submit, self.w.head).json()["status"] == "submitted"
        agenda_set = api_url("set_agenda", meeting_id=self.meeting.pk)
        assert self.call("POST", agenda_set, self.w.member).status_code == 403
        response = self.call("POST", agenda_set, self.w.president)
        assert response.status_code == 200
        assert response.json()["status"] == "set"

    def test_submitting_twice_is_a_conflict(self) -> None:
        url = api_url("submit_agenda", meeting_id=self.meeting.pk)
        secret = self.token_for(self.w.head)
        self.call("POST", url, secret=secret)
        again = self.call("POST", url, secret=secret)
        assert again.status_code == 409
        assert again.json()["detail"] == (
            "L’ordre du jour n’est pas encore arrêté : il a déjà été proposé au président."
        )

    def test_a_set_agenda_is_reopened_with_a_reason(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(agenda_status="set")
        url = api_url("reopen_agenda", meeting_id=self.meeting.pk)
        response = self.call("POST", url, self.w.head, {"reason": "Un point oublié"})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "draft"


class AnswerWriteTests(MeetingWriteTestCase):
    def url(self) -> str:
        return api_url("put_my_answer", meeting_id=self.meeting.pk)

    def test_a_member_answers_through_the_action(self) -> None:
        response = self.call("PUT", self.url(), self.w.member, {"response": "remote"})
        assert response.status_code == 200, response.content
        assert response.json()["response"] == "remote"
        assert Answer.objects.get(meeting=self.meeting).membership.person == self.w.member
        assert AuditEntry.objects.filter(action="meeting.answered").count() == 1

    def test_a_member_gives_their_proxy_to_another_member(self) -> None:
        holder = self.w.council.memberships.get(person=self.w.president)
        body = {"response": "proxy", "proxy_to": holder.pk}
        response = self.call("PUT", self.url(), self.w.member, body)
        assert response.status_code == 200, response.content
        assert response.json()["proxy_to"]["name"] == self.w.president.display_name

    def test_a_proxy_to_a_seat_of_another_council_is_refused(self) -> None:
        foreign = self.w.other_council.memberships.get()
        body = {"response": "proxy", "proxy_to": foreign.pk}
        response = self.call("PUT", self.url(), self.w.member, body)
        assert response.status_code == 422
        assert not Answer.objects.exists()

    def test_an_unknown_response_is_refused(self) -> None:
        assert (
            self.call("PUT", self.url(), self.w.member, {"response": "peut-être"}).status_code
            == 422
        )

    def test_the_director_who_does_not_sit_cannot_answer(self) -> None:
        assert (
            self.call("PUT", self.url(), self.w.director, {"response": "present"}).status_code
            == 403
        )
