"""A second click reports that nothing happened; receipts are the member's, for a current
convocation, and only once the e-mail left (issue 10, defects 3 and 10)."""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from convocations import actions as convocations
from convocations.models import Recipient
from meetings.models import Meeting
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


def said(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


@override_settings(**signing_keys())
class SecondClickTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)

    def test_a_second_sign_says_it_was_already_signed(self) -> None:
        self.login(self.w.director)
        url = reverse("convocations:sign", args=[self.meeting.pk])
        assert said(self.client.post(url, follow=True)) == ["Convocation signée."]
        second = said(self.client.post(url, follow=True))
        assert second == ["La convocation était déjà signée : rien n’a changé."]
        assert AuditEntry.objects.filter(action="convocation.signed").count() == 1

    def test_a_second_batch_sign_does_not_count_the_meeting_as_signed_again(self) -> None:
        self.login(self.w.director)
        url = reverse("convocations:sign_batch")
        first = said(self.client.post(url, {"meeting": [self.meeting.pk]}, follow=True))
        assert first == ["1 convocation signée."]
        second = said(self.client.post(url, {"meeting": [self.meeting.pk]}, follow=True))
        assert second == ["1 convocation déjà signée : rien n’a changé."]

    def test_a_second_send_while_the_first_is_queued_sends_nothing_and_says_so(self) -> None:
        convocations.sign(self.meeting, by=self.w.director)
        self.login(self.w.head)
        url = reverse("convocations:send", args=[self.meeting.pk])
        with self.captureOnCommitCallbacks(execute=False):  # the worker has not run yet
            self.client.post(url, follow=True)
        with self.captureOnCommitCallbacks(execute=True) as second:
            response = self.client.post(url, follow=True)
        assert second == []  # no second task for anyone
        assert said(response) == [
            "Rien de nouveau à envoyer : 0 membre l’a déjà reçue, 10 envois déjà en cours."
        ]
        assert AuditEntry.objects.filter(action="convocation.send_requested").count() == 1
        assert mail.outbox == []


@override_settings(**signing_keys())
class ReceiptTruthTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)

    def page(self) -> str:
        return self.client.get(
            reverse("convocations:detail", args=[self.meeting.pk])
        ).content.decode()

    def test_right_after_sending_the_member_page_gives_no_empty_receipt_date(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        self.login(self.w.member)
        page = self.page()
        assert "Réception confirmée le ." not in page
        assert "Votre convocation n’est pas encore partie." in page
        assert Recipient.objects.get(membership__person=self.w.member).opened_at is None

    def test_the_head_viewing_the_page_is_not_their_own_receipt(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head)
        self.login(self.w.head)
        self.page()
        assert Recipient.objects.get(membership__person=self.w.head).opened_at is None
        self.login(self.w.member)
        self.page()
        assert Recipient.objects.get(membership__person=self.w.member).opened_at is not None

    def test_a_voided_convocation_records_no_receipt(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            agenda_set_at=timezone.now() + dt.timedelta(seconds=5)
        )
        recipient = Recipient.objects.get(membership__person=self.w.member)
        self.client.get(reverse("convocations:open", args=[recipient.token]))
        self.login(self.w.member)
        self.page()
        recipient.refresh_from_db()
        assert recipient.opened_at is None
        assert not AuditEntry.objects.filter(action="convocation.opened").exists()

    def test_a_new_convocation_queued_is_not_shown_opened_for_the_old_receipt(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        self.client.get(reverse("convocations:open", args=[recipient.token]))
        Meeting.objects.filter(pk=self.meeting.pk).update(agenda_set_at=timezone.now())
        self.meeting.refresh_from_db()
        convocations.sign(self.meeting, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        recipient.refresh_from_db()
        assert recipient.status == Recipient.Status.QUEUED
        assert recipient.opened_at is None
