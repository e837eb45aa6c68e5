"""A production install without the signing key (no SIGNING_KEY_FILE, no demonstration
certificate) refuses to sign with a clear French message, and changes nothing."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from convocations.models import Convocation
from minutes import actions as minutes_actions
from minutes.models import Approval, Minutes
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.minutes_helpers import approve_all, draft_minutes
from tests.people import BaseTestCase

NO_KEY = {"SIGNING_KEY_FILE": "", "SIGNING_CERT_FILE": "", "SIGNING_DEMO": False}
MESSAGE = "La signature n’est pas configurée : "


def _messages(response: object) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))  # type: ignore[attr-defined]


@override_settings(**NO_KEY)
class ConvocationWithoutKeyTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        self.login(self.w.director)

    def test_signing_says_the_signature_is_not_configured_and_signs_nothing(self) -> None:
        response = self.client.post(reverse("convocations:sign", args=[self.meeting.pk]))
        assert response.status_code == 302
        text = _messages(response)
        assert MESSAGE in text and "SIGNING_KEY_FILE" not in text
        assert not Convocation.objects.filter(signed_at__isnull=False).exists()
        assert not AuditEntry.objects.filter(action="convocation.signed").exists()

    def test_batch_signing_says_so_for_each_meeting(self) -> None:
        response = self.client.post(
            reverse("convocations:sign_batch"), {"meeting": [self.meeting.pk]}
        )
        assert response.status_code == 302
        assert MESSAGE in _messages(response)
        assert not Convocation.objects.filter(signed_at__isnull=False).exists()


class MinutesWithoutKeyTests(BaseTestCase):
    def test_the_last_approval_is_refused_and_leaves_the_minutes_open(self) -> None:
        minutes = draft_minutes(self.w)
        minutes_actions.submit(minutes, by=self.w.member)
        for person in (self.w.president, self.w.track_head):
            minutes.refresh_from_db()
            minutes_actions.decide(minutes, by=person, approve=True)
        self.login(self.w.head)
        with override_settings(**NO_KEY):
            response = self.client.post(
                reverse("minutes:decide", args=[minutes.pk]), {"approve": "1"}
            )
        assert response.status_code == 302
        assert MESSAGE in _messages(response)
        minutes.refresh_from_db()
        assert not minutes.is_frozen
        head = Approval.objects.get(minutes=minutes, role=Approval.Role.HEAD_OF_MENTION)
        assert head.decision == Approval.Decision.PENDING

    def test_publishing_is_refused_and_publishes_nothing(self) -> None:
        with override_settings(**signing_keys()):
            minutes = approve_all(self.w, draft_minutes(self.w, days_ago=30))
        self.login(self.w.director)
        with override_settings(**NO_KEY):
            response = self.client.post(reverse("minutes:publish", args=[minutes.pk]))
        assert response.status_code == 302
        assert MESSAGE in _messages(response)
        assert Minutes.objects.get(pk=minutes.pk).status != Minutes.Status.PUBLISHED
