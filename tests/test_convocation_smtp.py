"""Delivery keeps one SMTP connection per worker thread instead of one per e-mail, checks it
before reusing it, and drops it after an error without sending anything twice (issue 12 §3:
the batch under 15 s, exactly once). A real SMTP server (aiosmtpd) on a loopback port."""

from __future__ import annotations

import os
import socket
from collections import Counter
from typing import Any
from unittest import mock

from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from accounts import smtp
from accounts.notify import notify
from convocations import actions as convocations
from convocations import tasks
from convocations.models import Convocation, Recipient
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


class Server:
    """Counts connections (each greets once), goodbyes, and the messages it accepts by
    address; hangs up in the middle of the message number `drop_at` (1-based), once."""

    def __init__(self) -> None:
        self.greetings = 0
        self.goodbyes = 0
        self.data = 0
        self.accepted: Counter[str] = Counter()
        self.drop_at: int | None = None

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        self.goodbyes += 1
        return "221 Bye"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data += 1
        if self.data == self.drop_at:
            server.transport.close()  # the connection drops before the server took it
            return "421 gone"
        for address in envelope.rcpt_tos:
            self.accepted[address] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@override_settings(**signing_keys())
class ConnectionReuseTests(BaseTestCase):
    def setUp(self) -> None:
        HUEY.flush()
        self.server = Server()
        self.port = free_port()
        self.start_server()
        self.addCleanup(lambda: self.controller.stop())
        self.addCleanup(smtp.drop)
        smtp.drop()  # nothing kept from another test
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)
        self.smtp = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
        )
        self.smtp.enable()
        self.addCleanup(self.smtp.disable)

    def start_server(self) -> None:
        self.controller = Controller(self.server, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def queued_ids(self) -> list[int]:
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(self.meeting, by=self.w.head)
        return list(Recipient.objects.order_by("pk").values_list("pk", flat=True))

    def everyone(self) -> Counter[str]:
        return Counter(Recipient.objects.values_list("email", flat=True))

    def test_one_batch_of_ten_members_goes_over_one_connection(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):  # the task runs (huey immediate)
            convocations.send(self.meeting, by=self.w.head)
        assert self.server.accepted == self.everyone()
        assert self.server.greetings == 1
        assert not Recipient.objects.exclude(status=Recipient.Status.SENT, attempts=1).exists()

    def test_a_server_that_hung_up_while_idle_is_not_sent_to_a_message_is_not_lost(
        self,
    ) -> None:
        ids = self.queued_ids()
        for pk in ids[:5]:
            assert tasks.deliver(pk) == "sent"
        assert self.server.greetings == 1
        self.controller.stop()  # the server closes idle connections, comes back
        self.start_server()
        for pk in ids[5:]:
            assert tasks.deliver(pk) == "sent"  # checked before use: no failed attempt
        assert self.server.accepted == self.everyone()
        assert self.server.greetings == 2
        assert not Recipient.objects.exclude(status=Recipient.Status.SENT, attempts=1).exists()

    def test_a_kept_connection_above_descriptor_1024_is_checked_too(self) -> None:
        # A busy worker holds many files and sockets: select() raised ValueError on the
        # connection's descriptor once it passed 1024, and every e-mail after failed.
        ids = self.queued_ids()
        held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
        for fd in held:
            self.addCleanup(os.close, fd)
        assert tasks.deliver(ids[0]) == "sent"
        sock = smtp._local.held.backend.connection.sock  # type: ignore[union-attr]
        assert sock.fileno() > 1024
        assert tasks.deliver(ids[1]) == "sent"  # the kept connection is checked, then reused
        assert self.server.greetings == 1

    def test_notifications_of_a_step_go_over_the_kept_connection_too(self) -> None:
        # One connection per notification opened and closed 3,000 of them for one cancelled
        # meeting of a large council; the convocations' kept connection serves them too.
        people = [m.person for m in self.meeting.council.memberships.current()]
        with self.captureOnCommitCallbacks(execute=True):  # huey immediate: the tasks run
            notify(
                people,
                "Séance annulée",
                "meetings/emails/agenda_set.txt",
                {"meeting": self.meeting},
            )
        assert self.server.accepted == Counter(p.email for p in people)
        assert self.server.greetings == 1

    def test_a_connection_idle_too_long_is_closed_and_another_opened(self) -> None:
        ids = self.queued_ids()
        with mock.patch.object(smtp, "IDLE_SECONDS", 0.0):
            for pk in ids[:3]:
                assert tasks.deliver(pk) == "sent"
        assert self.server.greetings == 3
        assert self.server.goodbyes == 2  # the first two closed politely

    def test_the_worker_closes_its_connection_when_it_stops(self) -> None:
        ids = self.queued_ids()
        assert tasks.deliver(ids[0]) == "sent"
        tasks.close_connection()  # huey's shutdown hook, in each worker thread
        assert self.server.goodbyes == 1

    def test_the_connection_drops_mid_batch_each_is_sent_once_the_failed_one_retried(
        self,
    ) -> None:
        self.server.drop_at = 4
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head)
        fourth = Recipient.objects.order_by("pk")[3]
        assert fourth.status == Recipient.Status.QUEUED and fourth.attempts == 1
        assert "nouvelle tentative dans 30 s" in fourth.last_error
        assert fourth.email not in self.server.accepted
        assert self.server.accepted == self.everyone() - Counter([fourth.email])
        assert self.server.greetings == 2  # the rest of the batch went over a new connection
        assert Convocation.objects.get(meeting=self.meeting).status == "sending"

        (retry,) = HUEY.scheduled()  # the failed member's own task, after the back-off
        Recipient.objects.filter(pk=fourth.pk).update(leased_until=timezone.now())
        HUEY.execute(retry, timestamp=retry.eta)
        assert self.server.accepted == self.everyone()  # each member exactly once
        fourth.refresh_from_db()
        assert fourth.status == Recipient.Status.SENT and fourth.attempts == 2
        assert Convocation.objects.get(meeting=self.meeting).status == "sent"
