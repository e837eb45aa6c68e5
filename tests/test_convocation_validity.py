"""A signed convocation holds the meeting as it was: moving the meeting or reopening its
agenda voids the signature, so that nobody is sent an outdated convocation."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse

from convocations import actions as convocations
from meetings import actions
from meetings.actions import MeetingPlan
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


@override_settings(**signing_keys())
class SignatureValidityTests(BaseTestCase):
    def test_a_signature_holds_while_nothing_changes(self) -> None:
        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        assert convocations.signature_is_current(meeting, convocation)
        assert not convocations.can_be_signed(meeting)

    def test_moving_the_meeting_voids_the_signature(self) -> None:
        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        plan = MeetingPlan(starts_at=meeting.starts_at + dt.timedelta(days=2), place="Aix")
        actions.move_meeting(meeting, plan, by=self.w.head, reason="Salle indisponible")
        meeting.refresh_from_db()
        assert not convocations.signature_is_current(meeting, convocation)
        assert convocations.can_be_signed(meeting)

    def test_after_a_move_the_page_says_it_moved_not_that_the_agenda_changed(self) -> None:
        """Issue 10 §1.6: moved from 09:30 to 10:00, the pages said the agenda changed."""
        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        convocation.sent_at = convocation.signed_at
        convocation.status = "sent"
        convocation.save(update_fields=["sent_at", "status"])
        plan = MeetingPlan(starts_at=meeting.starts_at + dt.timedelta(minutes=30), place="Aix")
        actions.move_meeting(meeting, plan, by=self.w.head, reason="Salle indisponible")
        meeting.refresh_from_db()
        assert convocations.moved_since_signature(meeting, convocation)
        self.login(self.w.head)
        page = self.client.get(reverse("convocations:detail", args=[meeting.pk]))
        self.assertContains(page, "La séance a été déplacée depuis l’envoi")
        self.assertNotContains(page, "L’ordre du jour a changé")
        actions.reopen_agenda(meeting, "Un point à ajouter", by=self.w.president)
        meeting.refresh_from_db()
        assert not convocations.moved_since_signature(meeting, convocation)

    def test_reopening_the_agenda_voids_the_signature_at_once(self) -> None:
        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        actions.reopen_agenda(meeting, "Un point à ajouter", by=self.w.president)
        meeting.refresh_from_db()
        assert not convocations.signature_is_current(meeting, convocation)


@override_settings(**signing_keys())
class ReceiptTests(BaseTestCase):
    def test_looking_at_ones_convocation_before_it_is_sent_is_no_receipt(self) -> None:
        from convocations.models import Recipient

        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        membership = self.w.council.memberships.get(person=self.w.head)
        recipient = Recipient.objects.create(
            convocation=convocation, membership=membership, email=self.w.head.email
        )
        assert not convocations.mark_opened(recipient)
        Recipient.objects.filter(pk=recipient.pk).update(status="sent")
        recipient.refresh_from_db()
        assert convocations.mark_opened(recipient)


class MoveTests(BaseTestCase):
    def test_a_meeting_is_never_moved_into_the_past(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        meeting = meeting_with_agenda(self.w)
        plan = MeetingPlan(starts_at=timezone.now() - dt.timedelta(days=400), place="Aix")
        with self.assertRaises(ValidationError):
            actions.move_meeting(meeting, plan, by=self.w.head)
