"""A signed convocation holds the meeting as it was: moving the meeting or reopening its
agenda voids the signature, so that nobody is sent an outdated convocation."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from meetings import actions, convocations
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

    def test_reopening_the_agenda_voids_the_signature_at_once(self) -> None:
        meeting = meeting_with_agenda(self.w)
        convocation = convocations.sign(meeting, by=self.w.director)
        actions.reopen_agenda(meeting, "Un point à ajouter", by=self.w.president)
        meeting.refresh_from_db()
        assert not convocations.signature_is_current(meeting, convocation)
