"""A digit that is not an ASCII digit ("²", "٣") passes str.isdigit() but not int(): every
integer input refuses it cleanly (a message, or nothing found), never a server error."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from convocations import actions as convocations
from convocations.models import Convocation
from law.models import Article
from sittings.actions import votes
from sittings.models import Attendance, NamedVote, Vote
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase
from tests.test_meeting_room import RoomCase

SUPERSCRIPT_TWO = "²"
ARABIC_THREE = "٣"


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


@override_settings(**signing_keys())
class ConvocationDigitTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)

    def test_resend_to_a_superscript_recipient_is_refused_and_sends_nothing(self) -> None:
        convocations.sign(self.meeting, by=self.w.director)
        self.login(self.w.head)
        url = reverse("convocations:resend", args=[self.meeting.pk])
        for value in (SUPERSCRIPT_TWO, ARABIC_THREE):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(url, {"recipient": value})
            assert response.status_code == 302
            assert "Destinataire inconnu" in " ".join(_messages(response))
        assert mail.outbox == []
        assert not AuditEntry.objects.filter(action="convocation.resend_requested").exists()

    def test_the_batch_signature_ignores_a_superscript_and_signs_the_rest(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("convocations:sign_batch"), {"meeting": [SUPERSCRIPT_TWO, self.meeting.pk]}
        )
        assert response.status_code == 302
        assert Convocation.objects.filter(meeting=self.meeting, signed_at__isnull=False).exists()


class RoomDigitTests(RoomCase):
    def test_a_superscript_proxy_holder_is_refused_with_a_message(self) -> None:
        self.login(self.w.president)
        url = reverse("room:presence", args=[self.meeting.pk, self.seats["pro"].pk])
        response = self.client.post(url, {"status": "represented", "proxy_to": SUPERSCRIPT_TWO})
        assert response.status_code == 302
        assert _messages(response)
        assert not Attendance.objects.filter(status="represented").exists()

    def test_a_superscript_count_is_refused_with_a_message(self) -> None:
        self.open_with_quorum()
        vote = votes.open_vote(
            self.items[1], by=self.w.president, question="Maquette", method="show_of_hands"
        )
        self.login(self.w.president)
        url = reverse("room:vote", args=[self.meeting.pk, vote.pk])
        response = self.client.post(
            url, {"votes_for": SUPERSCRIPT_TWO, "votes_against": "0", "abstentions": "0"}
        )
        assert response.status_code == 302
        assert "nombres entiers" in " ".join(_messages(response))
        assert Vote.objects.get(pk=vote.pk).votes_for is None

    def test_a_superscript_member_in_a_roll_call_is_refused_with_a_message(self) -> None:
        self.open_with_quorum()
        vote = votes.open_vote(
            self.items[1], by=self.w.president, question="Maquette", method="roll_call"
        )
        self.login(self.w.president)
        url = reverse("room:vote", args=[self.meeting.pk, vote.pk])
        response = self.client.post(url, {"membership": SUPERSCRIPT_TWO, "choice": "for"})
        assert response.status_code == 302
        assert _messages(response)
        assert not NamedVote.objects.exists()


class PickerDigitTests(BaseTestCase):
    def test_a_superscript_person_leaves_the_seat_form_empty(self) -> None:
        self.login(self.w.head)
        add = reverse("councils:member_add", args=[self.w.council.pk])
        response = self.client.get(add, {"personne": SUPERSCRIPT_TWO})
        assert response.status_code == 200
        self.assertNotContains(response, 'value="outsider@example.org"')


class LawReferenceDigitTests(BaseTestCase):
    def test_a_superscript_reference_finds_no_article(self) -> None:
        assert Article.objects.by_reference(SUPERSCRIPT_TWO) is None
        assert Article.objects.by_reference(ARABIC_THREE) is None
