"""Signing and sending a convocation: who may, when, and what the pages say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from convocations import actions as convocations
from convocations.models import Convocation, Recipient
from councils.council_settings import NOTICE
from law.citations import quote_in_article
from meetings.models import Meeting
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


@override_settings(**signing_keys())
class SigningTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)

    def sign_as(self, user: object) -> int:
        self.client.force_login(user)  # type: ignore[arg-type]
        return self.client.post(reverse("convocations:sign", args=[self.meeting.pk])).status_code

    def test_the_director_signs_in_one_click_and_the_signature_is_recorded(self) -> None:
        assert self.sign_as(self.w.director) == 302
        convocation = Convocation.objects.get(meeting=self.meeting)
        assert convocation.status == Convocation.Status.SIGNED
        assert convocation.signed_by == self.w.director
        assert len(convocation.signed_sha256) == 64
        assert AuditEntry.objects.filter(action="convocation.signed").count() == 1

    def test_it_refuses_the_head_of_mention_as_signer(self) -> None:
        assert self.sign_as(self.w.head) == 403
        assert not Convocation.objects.filter(meeting=self.meeting, signed_at__isnull=False)

    def test_it_refuses_the_president_as_signer(self) -> None:
        assert self.sign_as(self.w.president) == 403

    def test_it_returns_404_to_an_outsider_who_tries_to_sign(self) -> None:
        assert self.sign_as(self.w.outsider) == 404

    def test_it_rejects_get_on_the_sign_address(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("convocations:sign", args=[self.meeting.pk]))
        assert response.status_code == 405

    def test_it_refuses_to_sign_before_the_agenda_is_set(self) -> None:
        draft = meeting_with_agenda(self.w, agenda_set=False)
        with pytest.raises(convocations.ConvocationError):
            convocations.sign(draft, by=self.w.director)

    def test_signing_twice_for_the_same_agenda_keeps_the_first_signature(self) -> None:
        first = convocations.sign(self.meeting, by=self.w.director)
        second = convocations.sign(self.meeting, by=self.w.director)
        assert second.signed_sha256 == first.signed_sha256
        assert AuditEntry.objects.filter(action="convocation.signed").count() == 1

    def test_a_reset_agenda_asks_for_a_new_signature_and_the_page_says_so(self) -> None:
        convocations.sign(self.meeting, by=self.w.director)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            agenda_set_at=timezone.now() + dt.timedelta(seconds=5)
        )
        self.meeting.refresh_from_db()
        assert convocations.can_be_signed(self.meeting)
        self.login(self.w.director)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        assert "doit être signée à nouveau" in page.content.decode()
        with pytest.raises(convocations.ConvocationError):
            convocations.send(self.meeting, by=self.w.head)

    def test_the_director_batch_signs_from_the_list_of_convocations_to_sign(self) -> None:
        other = meeting_with_agenda(self.w, council=self.w.other_council, days_ahead=40)
        self.login(self.w.director)
        page = self.client.get(reverse("convocations:to_sign"))
        assert page.status_code == 200
        assert list(page.context["meetings"]) == [self.meeting, other]
        self.client.post(
            reverse("convocations:sign_batch"), {"meeting": [self.meeting.pk, other.pk]}
        )
        signed = Convocation.objects.filter(signed_at__isnull=False)
        assert {c.meeting_id for c in signed} == {self.meeting.pk, other.pk}
        assert list(self.client.get(reverse("convocations:to_sign")).context["meetings"]) == []

    def test_the_batch_ignores_a_meeting_of_another_institution(self) -> None:
        from councils.models import Council, Institution

        elsewhere = Institution.objects.create(name="Ailleurs", short_name="A")
        council = Council.objects.create(institution=elsewhere, name="CPER ailleurs")
        foreign = meeting_with_agenda(self.w, council=council)
        self.login(self.w.director)
        self.client.post(reverse("convocations:sign_batch"), {"meeting": [foreign.pk]})
        assert not Convocation.objects.filter(meeting=foreign, signed_at__isnull=False)

    def test_only_a_director_opens_the_list_of_convocations_to_sign(self) -> None:
        self.login(self.w.head)
        assert self.client.get(reverse("convocations:to_sign")).status_code == 403


@override_settings(**signing_keys())
class SendingTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)
        self.members = self.w.council.memberships.current().count()

    def send(self, user: object, **data: str) -> int:
        self.client.force_login(user)  # type: ignore[arg-type]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("convocations:send", args=[self.meeting.pk]), data)
        return response.status_code

    def test_the_head_sends_one_email_to_each_current_member(self) -> None:
        assert self.send(self.w.head) == 302
        assert len(mail.outbox) == self.members == 10
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            self.w.council.memberships.current().values_list("person__email", flat=True)
        )
        convocation = Convocation.objects.get(meeting=self.meeting)
        assert convocation.status == Convocation.Status.SENT
        assert convocation.sent_by == self.w.head

    def test_each_email_carries_the_signed_pdf_the_agenda_and_an_invitation(self) -> None:
        self.send(self.w.head)
        message = mail.outbox[0]
        convocation = Convocation.objects.get(meeting=self.meeting)
        pdfs = [a for a in message.attachments if getattr(a, "mimetype", "") == "application/pdf"]
        assert convocations.sha256(pdfs[0].content) == convocation.signed_sha256
        assert "Bilan des stages de l’année" in message.body
        assert "/convocations/recue/" in message.body
        ics = next(a for a in message.attachments if not hasattr(a, "mimetype"))
        assert ics.get_content_type() == "text/calendar"
        assert ics.get_param("method") == "REQUEST"
        text = ics.get_payload(decode=True).decode()
        assert "METHOD:REQUEST" in text
        assert f"UID:{self.meeting.uid}@conseils" in text
        assert f"SEQUENCE:{self.meeting.sequence}" in text

    def test_the_confirmation_says_how_many_members_the_send_will_write_to(self) -> None:
        self.client.force_login(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        self.assertContains(page, "Les convocations seront envoyées à 10 membres.")
        self.assertContains(page, 'name="confirmed" value="1"')
        self.send(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        self.assertContains(
            page,
            "La convocation sera envoyée de nouveau à 10 membres, même s’ils l’ont déjà reçue.",
        )
        from tests.people import _user, seat

        seat(self.w.council, _user("late@example.org", "Léa", "Tard"), "teacher", self.w.amu)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        self.assertContains(page, "La convocation sera envoyée à 1 membre.")

    def test_sending_twice_never_sends_a_member_a_second_copy(self) -> None:
        self.send(self.w.head)
        self.send(self.w.head)
        assert len(mail.outbox) == self.members
        assert Recipient.objects.filter(status=Recipient.Status.SENT).count() == self.members

    def test_a_member_added_after_sending_gets_the_convocation_on_the_next_send(self) -> None:
        from tests.people import _user, seat

        self.send(self.w.head)
        seat(self.w.council, _user("late@example.org", "Léa", "Tard"), "teacher", self.w.amu)
        self.send(self.w.head)
        assert len(mail.outbox) == self.members + 1
        assert mail.outbox[-1].to == ["late@example.org"]

    def test_resend_sends_again_when_asked_for(self) -> None:
        self.send(self.w.head)
        self.client.force_login(self.w.head)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("convocations:resend", args=[self.meeting.pk]))
        assert len(mail.outbox) == 2 * self.members

    def test_resend_to_one_member_sends_only_to_that_member(self) -> None:
        self.send(self.w.head)
        recipient = Recipient.objects.get(membership__person=self.w.member)
        self.client.force_login(self.w.head)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("convocations:resend", args=[self.meeting.pk]),
                {"recipient": recipient.pk},
            )
        assert len(mail.outbox) == self.members + 1
        assert mail.outbox[-1].to == [self.w.member.email]

    def test_it_refuses_the_director_as_sender(self) -> None:
        assert self.send(self.w.director) == 403
        assert mail.outbox == []

    def test_it_refuses_a_member_as_sender(self) -> None:
        assert self.send(self.w.member) == 403

    def test_it_refuses_the_head_of_another_council(self) -> None:
        assert self.send(self.w.other_head) == 404
        with pytest.raises(PermissionDenied):
            convocations.send(self.meeting, by=self.w.other_head)
        assert mail.outbox == []

    def test_it_returns_404_to_an_outsider(self) -> None:
        assert self.send(self.w.outsider) == 404
        self.client.force_login(self.w.outsider)
        for name in ("detail", "pdf", "progress"):
            url = reverse(f"convocations:{name}", args=[self.meeting.pk])
            assert self.client.get(url).status_code == 404

    def test_it_cannot_send_an_unsigned_convocation(self) -> None:
        unsigned = meeting_with_agenda(self.w, days_ahead=50)
        with pytest.raises(convocations.ConvocationError):
            convocations.send(unsigned, by=self.w.head)

    def test_a_page_after_an_agenda_change_says_a_new_convocation_must_be_signed(self) -> None:
        self.send(self.w.head)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            agenda_set_at=timezone.now() + dt.timedelta(seconds=5)
        )
        self.login(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
        assert "L’ordre du jour a changé depuis l’envoi" in page.content.decode()

    def test_a_new_signature_after_an_agenda_change_is_sent_to_everyone_again(self) -> None:
        self.send(self.w.head)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            agenda_set_at=timezone.now() + dt.timedelta(seconds=1)
        )
        self.meeting.refresh_from_db()
        with self.settings(**signing_keys()):
            import time_machine

            with time_machine.travel(timezone.now() + dt.timedelta(seconds=10)):
                convocations.sign(self.meeting, by=self.w.director)
                self.send(self.w.head)
        assert len(mail.outbox) == 2 * self.members


@override_settings(**signing_keys())
class NoticeTests(BaseTestCase):
    def test_the_quoted_notice_rule_stands_verbatim_in_the_cited_article(self) -> None:
        assert NOTICE.code_line is not None
        assert quote_in_article(NOTICE.code_line, NOTICE.quote)

    def test_the_head_is_warned_when_the_meeting_is_closer_than_the_notice_period(self) -> None:
        meeting = meeting_with_agenda(self.w, days_ahead=3)
        convocations.sign(meeting, by=self.w.director)
        self.login(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[meeting.pk])).content.decode()
        assert "délai de convocation de 8 jours" in page
        assert "au moins huit jours à l&#x27;avance" in page
        assert reverse("law:article", args=[NOTICE.code_line]) in page
        # R. 421-25 governs the EPLE's board, not a CPER: the page says the default is borrowed.
        assert "valeur par défaut reprise, par analogie, de l’article R. 421-25" in page
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("convocations:send", args=[meeting.pk]))
        assert mail.outbox == []  # not without confirming
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("convocations:send", args=[meeting.pk]), {"confirm_short_notice": "1"}
            )
        assert len(mail.outbox) == 10

    def test_no_warning_when_the_notice_period_is_respected(self) -> None:
        meeting = meeting_with_agenda(self.w, days_ahead=20)
        convocations.sign(meeting, by=self.w.director)
        self.login(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[meeting.pk])).content.decode()
        assert "Délai de convocation" not in page
