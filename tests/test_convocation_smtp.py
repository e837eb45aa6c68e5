"""Delivery keeps one SMTP connection per worker thread instead of one per e-mail, and opens
another when the server closed it while idle (issue 12: the batch under 15 s)."""

from __future__ import annotations

import socket
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings

from convocations import actions as convocations
from convocations import tasks
from convocations.models import Recipient
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


class Server:
    def __init__(self) -> None:
        self.greetings = 0
        self.messages = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.greetings += 1  # one per connection
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@override_settings(**signing_keys())
class ConnectionReuseTests(BaseTestCase):
    def setUp(self) -> None:
        self.server = Server()
        self.port = free_port()
        self.controller = Controller(self.server, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.addCleanup(lambda: self.controller.stop())
        self.addCleanup(tasks.drop_connection)
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)

    def test_ten_members_are_served_over_one_connection_even_after_the_server_hangs_up(
        self,
    ) -> None:
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
        }
        with override_settings(**smtp):
            tasks.drop_connection()
            with self.captureOnCommitCallbacks(execute=False):
                convocations.send(self.meeting, by=self.w.head)
            ids = list(Recipient.objects.values_list("pk", flat=True))
            for pk in ids[:5]:
                assert tasks.deliver(pk) == "sent"
            assert self.server.greetings == 1
            self.controller.stop()  # the server closes idle connections, comes back
            self.controller = Controller(self.server, hostname="127.0.0.1", port=self.port)
            self.controller.start()
            for pk in ids[5:]:
                assert tasks.deliver(pk) == "sent"
        assert self.server.messages == 10
        assert self.server.greetings == 2
        assert not Recipient.objects.exclude(status=Recipient.Status.SENT).exists()
