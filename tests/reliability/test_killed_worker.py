"""A worker killed with SIGKILL in the middle of a batch of convocations loses nothing and
sends nothing twice: the member it held comes back when the lease runs out and the periodic
task queues them again (issue 12, finding 3).

Real pieces only: a huey consumer process on Redis, the PostgreSQL test database it shares
with the test, and an SMTP server (aiosmtpd) on a loopback port that counts what it accepts.
A worker cannot reach SQLite's in-memory test database, hence the condition on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import TransactionTestCase, override_settings

from convocations import actions as convocations
from convocations.models import Convocation, Recipient
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import build_world, seat

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
ROOT = Path(__file__).resolve().parents[2]
LEASE = 3  # seconds: the test waits for the lease to run out


class CountingServer:
    """Accepts every message (counted by address) except the one held while the worker is
    killed: that one never gets its 250, as when a worker dies mid-conversation."""

    def __init__(self) -> None:
        self.accepted: Counter[str] = Counter()
        self.holding = threading.Event()
        self.killed = threading.Event()
        self.hold_after = 5  # hold the sixth message

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if sum(self.accepted.values()) == self.hold_after and not self.killed.is_set():
            self.holding.set()
            while not self.killed.is_set():
                await asyncio.sleep(0.05)
            return "421 shutting down"
        for address in envelope.rcpt_tos:
            self.accepted[address] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the worker process needs the test database on a server (PostgreSQL in CI)",
)
@override_settings(**signing_keys())
class KilledWorkerTests(TransactionTestCase):
    def setUp(self) -> None:
        self.w = build_world()
        for i in range(20):  # a batch long enough to be killed in the middle of
            person = type(self.w.member).objects.create_user(
                f"extra{i}@example.org", first_name="Extra", last_name=f"N{i:02d}"
            )
            seat(self.w.council, person, "guest")
        self.smtp = CountingServer()
        self.controller = Controller(self.smtp, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reliability.worker_settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": REDIS_URL,
            "HUEY_NAME": f"conseils-test-{uuid.uuid4().hex[:12]}",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.controller.port}",
            "DELIVERY_LEASE_SECONDS": str(LEASE),
            "DELIVERY_STUCK_AFTER_SECONDS": "1",
            "PYTHONPATH": str(ROOT),
        }
        self.workers: list[subprocess.Popen[bytes]] = []

    def tearDown(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        self.controller.stop()
        self.python("from huey.contrib.djhuey import HUEY; HUEY.storage.flush_all()")

    def python(self, code: str) -> None:
        prelude = "import django; django.setup(); "
        subprocess.run(
            [sys.executable, "-c", prelude + code], env=self.env, cwd=ROOT, check=True, timeout=60
        )

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "1"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(self) -> None:
        self.kill_mid_batch(
            "from convocations.tasks import deliver_convocation; "
            "[deliver_convocation(pk) for pk in {ids!r}]"  # one task a member
        )

    def test_a_worker_killed_in_a_task_of_many_members_loses_and_duplicates_nothing(
        self,
    ) -> None:
        # A task of 25 members then one of 5: the worker dies on the sixth e-mail of the first,
        # which takes with it the task of the nineteen after it (still queued, never claimed).
        self.kill_mid_batch("from convocations.tasks import queue; queue({ids!r})")

    def kill_mid_batch(self, enqueue: str) -> None:
        meeting = meeting_with_agenda(self.w)
        convocations.sign(meeting, by=self.w.director)
        ids: list[int] = []
        convocations.send(meeting, by=self.w.head, enqueue=lambda pks, _url: ids.extend(pks))
        assert len(ids) == 30
        self.python(enqueue.format(ids=ids))
        worker = self.start_worker()
        assert self.smtp.holding.wait(timeout=60), "the worker never reached the sixth e-mail"
        os.kill(worker.pid, signal.SIGKILL)  # mid-send: the server has not answered yet
        worker.wait()
        self.smtp.killed.set()
        held = Recipient.objects.get(status=Recipient.Status.QUEUED, leased_until__isnull=False)
        assert held.attempts == 1
        assert sum(self.smtp.accepted.values()) == 5

        self.start_worker()  # the rest of the queue, then the periodic task for the held one
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            if not Recipient.objects.filter(status=Recipient.Status.QUEUED).exists():
                break
            time.sleep(0.5)
        emails = list(Recipient.objects.values_list("email", flat=True))
        assert self.smtp.accepted == Counter(emails)  # each member exactly once
        held.refresh_from_db()
        assert held.status == Recipient.Status.SENT and held.attempts == 2
        assert Convocation.objects.get(meeting=meeting).status == Convocation.Status.SENT
