"""`conseils convocations send MEETING_ID` does what the head's button does."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from audit.models import AuditEntry
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


def run(*args: object) -> str:
    out = io.StringIO()
    call_command("convocations", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@override_settings(**signing_keys())
class CommandTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)

    def test_it_refuses_to_send_an_unsigned_convocation(self) -> None:
        with pytest.raises(CommandError, match="signée"):
            run("send", self.meeting.pk)

    def test_it_signs_then_sends_in_the_names_of_the_director_and_the_head(self) -> None:
        assert "signée par Diane Directrice" in run("sign", self.meeting.pk)
        with self.captureOnCommitCallbacks(execute=True):
            out = run("send", self.meeting.pk)
        assert "10 convocations en file" in out
        assert len(mail.outbox) == 10
        entry = AuditEntry.objects.get(action="convocation.send_requested")
        assert entry.actor == self.w.head

    def test_sending_again_sends_nothing_and_resend_sends_everything(self) -> None:
        run("sign", self.meeting.pk)
        with self.captureOnCommitCallbacks(execute=True):
            run("send", self.meeting.pk)
        with self.captureOnCommitCallbacks(execute=True):
            assert "0 convocation en file d’attente, 10 déjà reçues" in run("send", self.meeting.pk)
        assert len(mail.outbox) == 10
        with self.captureOnCommitCallbacks(execute=True):
            run("send", self.meeting.pk, "--resend")
        assert len(mail.outbox) == 20

    def test_status_lists_each_member(self) -> None:
        run("sign", self.meeting.pk)
        with self.captureOnCommitCallbacks(execute=True):
            run("send", self.meeting.pk)
        out = run("status", self.meeting.pk)
        assert "10 envoyées" in out and self.w.member.email in out

    def test_an_unknown_meeting_is_an_error(self) -> None:
        with pytest.raises(CommandError, match="aucune séance"):
            run("send", 999999)
