"""Notification e-mails go through the task queue: a request never waits for the mail server,
and a message the server refused is tried again later (issue 12, finding 5)."""

from __future__ import annotations

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from accounts import tasks
from meetings.models import Meeting
from tests.convocation_world import FlakyBackend
from tests.meetings_world import NOW, drafted
from tests.people import BaseTestCase


@time_machine.travel(NOW, tick=False)
@override_settings(EMAIL_BACKEND="tests.convocation_world.FlakyBackend")
class MailServerDownTests(BaseTestCase):
    def setUp(self) -> None:
        HUEY.flush()
        FlakyBackend.calls, FlakyBackend.failures = 0, 1

    def test_submitting_an_agenda_with_the_server_down_saves_answers_and_retries(self) -> None:
        meeting = drafted(self.w)
        self.login(self.w.head)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("meetings:agenda_submit", args=[meeting.pk]))
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED
        assert mail.outbox == []
        (retry,) = HUEY.scheduled()
        wait = (retry.eta - HUEY._get_timestamp()).total_seconds()
        assert 25 < wait <= 30
        HUEY.execute(retry, timestamp=retry.eta)  # the server is back
        (message,) = mail.outbox
        assert message.to == [self.w.president.email]
        assert message.subject == "Ordre du jour proposé — CPER mathématiques"

    def test_the_step_makes_no_smtp_call_before_its_tasks_run(self) -> None:
        meeting = drafted(self.w)
        self.login(self.w.head)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(reverse("meetings:agenda_submit", args=[meeting.pk]))
        assert FlakyBackend.calls == 0  # nothing talked to the server inside the request
        assert len(queued) == 1

    def test_after_the_last_attempt_the_message_is_given_up(self) -> None:
        FlakyBackend.failures = 1000
        message = mail.EmailMessage("s", "b", to=["x@example.org"])
        assert tasks.send_notification.call_local(message, tasks.MAX_ATTEMPTS) == "failed"
        assert HUEY.scheduled() == []
        assert tasks.send_notification.call_local(message, 1) == "retry"
        assert [tasks.backoff(n) for n in range(1, 4)] == [30, 120, 480]
