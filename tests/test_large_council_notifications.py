"""Telling a large council: cancelling a meeting of 3,000 members answers at once. The request
queues one task after its commit; that task builds each member's message and calendar update
and queues one sending task each (issue 12 §1.5: the cancellation timed out after 30 s)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from unittest import mock

import time_machine
from django.core import mail
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from icalendar import Calendar

from accounts import tasks as account_tasks
from accounts.models import User
from councils.models import Membership
from meetings import actions
from meetings.models import Meeting
from tests.meetings_world import NOW, agenda_set
from tests.people import BaseTestCase

LARGE = 3000


@time_machine.travel(NOW, tick=False)
class LargeCouncilTests(BaseTestCase):
    meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The meeting first: preparing its agenda is not what this test measures.
        cls.meeting = agenda_set(cls.w)
        people = User.objects.bulk_create(
            User(email=f"membre{i}@large.test", first_name="Membre", last_name=f"N{i}")
            for i in range(LARGE)
        )
        Membership.objects.bulk_create(
            Membership(
                council=cls.w.council, person=p, category="teacher", start_date=dt.date(2025, 9, 1)
            )
            for p in people
        )

    def setUp(self) -> None:
        HUEY.flush()
        self.members = set(
            self.meeting.council.memberships.current().values_list("person__email", flat=True)
        )
        assert len(self.members) > LARGE

    def test_cancelling_renders_nothing_in_the_request_and_queues_one_task(self) -> None:
        self.login(self.w.head)
        url = reverse("meetings:cancel", args=[self.meeting.pk])
        with (
            mock.patch.object(
                account_tasks, "message_for", wraps=account_tasks.message_for
            ) as made,
            self.captureOnCommitCallbacks(execute=False) as queued,
            self.assertNumQueries(16),  # as for a council of ten
        ):
            response = self.client.post(url, {"reason": "Grève des transports"})
        assert response.status_code == 302
        self.meeting.refresh_from_db()
        assert self.meeting.status == Meeting.Status.CANCELLED
        assert made.call_count == 0 and mail.outbox == []
        assert len(queued) == 1  # one task, queued once the cancellation is committed


@time_machine.travel(NOW, tick=False)
class FanOutTests(BaseTestCase):
    def test_the_one_task_tells_each_member_once_through_the_queue(self) -> None:
        HUEY.flush()
        meeting = agenda_set(self.w)
        members = Counter(
            meeting.council.memberships.current().values_list("person__email", flat=True)
        )
        with self.captureOnCommitCallbacks(execute=False) as queued:
            actions.cancel_meeting(meeting, by=self.w.head, reason="Grève des transports")
        enqueued: Counter[str] = Counter()
        enqueue = HUEY.enqueue

        def through_the_queue(task: Any) -> Any:
            # What a worker receives: the task pickled and read back, as over Redis.
            enqueued[task.name] += 1
            return enqueue(HUEY.deserialize_task(HUEY.serialize_task(task)))

        with mock.patch.object(HUEY, "enqueue", side_effect=through_the_queue):
            for callback in queued:
                callback()
        assert enqueued == {"tell_members": 1, "send_notification": sum(members.values())}
        assert Counter(m.to[0] for m in mail.outbox) == members  # each member once
        for message in mail.outbox:
            assert message.subject == "Séance annulée — CPER mathématiques"
            _name, content, mimetype = message.attachments[0]
            assert "method=CANCEL" in mimetype
            (event,) = Calendar.from_ical(content).walk("VEVENT")
            assert str(event["ATTENDEE"]).lower() == f"mailto:{message.to[0]}".lower()
