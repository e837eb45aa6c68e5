"""Delivery: failures with their reason, retries with back-off, receipts when members open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.exceptions import RetryTask

from convocations import actions as convocations
from convocations import tasks
from convocations.models import Convocation, Recipient
from tests.convocation_world import (
    REFUSED,
    FlakyBackend,
    meeting_with_agenda,
    signing_keys,
)
from tests.people import BaseTestCase


@override_settings(**signing_keys())
class DeliveryTests(BaseTestCase):
    def setUp(self) -> None:
        HUEY.flush()
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)

    def send(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head, base_url="https://conseils.test/")

    @override_settings(EMAIL_BACKEND="tests.convocation_world.RefusingBackend")
    def test_a_refused_address_is_recorded_as_failed_with_the_reason(self) -> None:
        self.w.member.email = REFUSED
        self.w.member.save()
        self.send()
        failed = Recipient.objects.get(membership__person=self.w.member)
        assert failed.status == Recipient.Status.FAILED
        assert "550" in failed.last_error and "Mailbox unknown" in failed.last_error
        assert len(mail.outbox) == 9  # the others were delivered
        assert Convocation.objects.get(meeting=self.meeting).status == "sent"

    @override_settings(EMAIL_BACKEND="tests.convocation_world.FlakyBackend")
    def test_a_dropped_connection_is_retried_later_with_back_off(self) -> None:
        FlakyBackend.calls, FlakyBackend.failures = 0, 1
        self.send()
        first = Recipient.objects.filter(attempts=1, status=Recipient.Status.QUEUED).get()
        assert "nouvelle tentative dans 30 s" in first.last_error
        assert len(mail.outbox) == 9
        assert Convocation.objects.get(meeting=self.meeting).status == "sending"
        (retry,) = HUEY.scheduled()
        wait = (retry.eta - HUEY._get_timestamp()).total_seconds()
        assert 25 < wait <= 30
        assert tasks.deliver(first.pk) == "busy"  # held for its back-off: no early retry
        past_back_off(first)
        HUEY.execute(retry, timestamp=retry.eta)  # half a minute later
        first.refresh_from_db()
        assert first.status == Recipient.Status.SENT and first.attempts == 2
        assert len(mail.outbox) == 10
        assert Convocation.objects.get(meeting=self.meeting).status == "sent"

    def test_the_back_off_grows_between_attempts(self) -> None:
        assert [tasks.backoff(n) for n in range(1, 5)] == [30, 120, 480, 1920]

    @override_settings(EMAIL_BACKEND="tests.convocation_world.FlakyBackend")
    def test_after_the_last_attempt_the_member_is_failed_with_the_reason(self) -> None:
        FlakyBackend.calls, FlakyBackend.failures = 0, 1000
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        for _attempt in range(tasks.MAX_ATTEMPTS - 1):
            with pytest.raises(RetryTask):
                tasks.deliver(recipient.pk)
            past_back_off(recipient)
        assert tasks.deliver(recipient.pk) == "failed"
        recipient.refresh_from_db()
        assert recipient.status == Recipient.Status.FAILED
        assert recipient.attempts == tasks.MAX_ATTEMPTS
        assert "SMTPServerDisconnected" in recipient.last_error

    def test_a_member_already_served_is_not_served_again_by_a_late_task(self) -> None:
        self.send()
        recipient = Recipient.objects.get(membership__person=self.w.member)
        assert tasks.deliver(recipient.pk) == "already sent"
        assert len(mail.outbox) == 10

    def test_a_task_finds_the_member_claimed_by_another_worker_and_leaves_it(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        assert tasks.claim(recipient.pk)  # another worker holds the lease
        assert not tasks.claim(recipient.pk)
        assert tasks.deliver(recipient.pk) == "busy"
        assert mail.outbox == []

    def test_every_attempt_of_one_copy_carries_the_same_message_id(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        assert tasks.deliver(recipient.pk) == "sent"
        Recipient.objects.filter(pk=recipient.pk).update(status=Recipient.Status.QUEUED)
        assert tasks.deliver(recipient.pk) == "sent"  # as if the first commit was lost
        first, second = (m for m in mail.outbox if m.to == [self.w.member.email])
        assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
        for other in Recipient.objects.exclude(pk=recipient.pk):
            tasks.deliver(other.pk)
        assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 10  # one per member

    def test_a_lease_run_out_is_queued_again_by_the_periodic_task(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        assert tasks.claim(recipient.pk)  # a worker took it, then was killed
        assert tasks.stuck() == []  # the others were queued just now, this one is leased
        run_out = timezone.now() - tasks.STUCK_AFTER - timedelta(seconds=1)
        Recipient.objects.filter(pk=recipient.pk).update(leased_until=run_out)
        assert tasks.stuck() == [recipient.pk]
        assert tasks.requeue_stuck.call_local() == 1
        recipient.refresh_from_db()
        assert recipient.status == Recipient.Status.SENT and recipient.attempts == 2
        assert [m.to for m in mail.outbox] == [[self.w.member.email]]

    def test_a_member_whose_task_was_lost_before_any_claim_is_queued_again(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        late = timezone.now() - tasks.STUCK_AFTER - timedelta(seconds=1)
        Recipient.objects.update(queued_at=late)
        assert tasks.requeue_stuck.call_local() == 10
        assert len(mail.outbox) == 10
        assert tasks.requeue_stuck.call_local() == 0


def past_back_off(recipient: Recipient) -> None:
    """The back-off has run: the clock is moved by bringing the member's hold back."""
    Recipient.objects.filter(pk=recipient.pk).update(leased_until=timezone.now())


@override_settings(**signing_keys())
class ReceiptTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head, base_url="https://conseils.test/")
        self.recipient = Recipient.objects.get(membership__person=self.w.member)

    def test_the_token_link_of_the_email_records_the_receipt(self) -> None:
        message = next(m for m in mail.outbox if m.to == [self.w.member.email])
        link = f"/convocations/recue/{self.recipient.token}/"
        assert f"https://conseils.test{link}" in message.body
        assert self.recipient.opened_at is None
        response = self.client.get(link)  # not signed in: the token is enough
        assert response.status_code == 200
        assert "Réception confirmée" in response.content.decode()
        self.recipient.refresh_from_db()
        assert self.recipient.opened_at is not None

    def test_opening_twice_keeps_the_first_receipt(self) -> None:
        link = reverse("convocations:open", args=[self.recipient.token])
        self.client.get(link)
        self.recipient.refresh_from_db()
        first = self.recipient.opened_at
        self.client.get(link)
        self.recipient.refresh_from_db()
        assert self.recipient.opened_at == first

    def test_the_token_gives_the_signed_pdf(self) -> None:
        response = self.client.get(reverse("convocations:open_pdf", args=[self.recipient.token]))
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert convocations.sha256(body) == self.recipient.convocation.signed_sha256

    def test_a_wrong_token_is_404(self) -> None:
        assert self.client.get(reverse("convocations:open", args=["nope"])).status_code == 404

    def test_a_signed_in_member_opening_the_meeting_convocation_is_a_receipt(self) -> None:
        self.login(self.w.member)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        assert "Réception confirmée" in page.content.decode()
        self.recipient.refresh_from_db()
        assert self.recipient.opened_at is not None

    def test_the_director_reading_the_page_records_no_receipt_for_anyone(self) -> None:
        self.login(self.w.director)
        self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        assert not Recipient.objects.filter(opened_at__isnull=False).exists()

    def test_progress_is_reported_for_the_page_to_poll(self) -> None:
        self.login(self.w.head)
        data = self.client.get(reverse("convocations:progress", args=[self.meeting.pk])).json()
        assert data == {
            "total": 10, "queued": 0, "sent": 10, "failed": 0, "opened": 0,
            "percent": 100, "done": True,
            "text": "10 envoyées, 0 en échec, 0 en file d’attente, 0 ouverte — 10 membres.",
        }  # fmt: skip
