"""Convocations end to end: 50 meetings of 20 members each (goal: all under 15 s).

Render and sign 50 PDFs (the director's batch), queue 1,000 e-mails (the heads' clicks),
deliver them through the huey consumer to a local SMTP server (aiosmtpd on 127.0.0.1, in a
process of its own as a mail server is: in this one it would take the workers' interpreter
lock), then check the record: every member sent, with the SHA-256 of the signed PDF, and the
registers.

Runs in a throw-away directory (its own SQLite database, huey queue and files), or on
PostgreSQL when DATABASE_URL is set.

Run: .venv/bin/python bench/convocation_batch.py [--meetings 50] [--members 20] [--workers 2]
         [--worker-type process|thread]

By default the workers are forked processes, one per core, as the deployment runs them (two
worker services, each with its own interpreter: deploy/conseils-worker@.service); `thread`
makes them threads of this process (`run_huey --workers N`), which share one interpreter lock
(4 threads: 16 s here, where 2 processes take 12 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import shutil
import socket
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_SECONDS = 15.0
SIGN = "render + sign (director's batch)"
QUEUE = "queue (heads' clicks)"
SEND = "send (huey → SMTP)"
RECORD = "record (check + registers)"


class CountingHandler:
    """The SMTP server's side: count connections (each greets once) and what arrives."""

    def __init__(self, messages: Any, size: Any, connections: Any) -> None:
        self.messages, self.bytes = messages, size  # shared with the bench's process
        self.connections = connections

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.connections.get_lock():
            self.connections.value += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.messages.get_lock():
            self.messages.value += 1
            self.bytes.value += len(envelope.content)
        return "250 Message accepted"


def serve_smtp(
    port: int, messages: Any, size: Any, connections: Any, ready: Any, stop: Any
) -> None:
    from aiosmtpd.controller import Controller

    handler = CountingHandler(messages, size, connections)
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    ready.set()
    stop.wait()
    smtp.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def configure(port: int) -> Path:
    """Environment first: settings read it once, when Django starts."""
    var = Path(tempfile.mkdtemp(prefix="conseils-bench-"))
    os.environ["CONSEILS_VAR_DIR"] = str(var)
    # As deployed (DEBUG off: no query log), signing with the demo pair as a demonstration
    # server may (SIGNING_DEMO=1).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", f"bench-{os.getpid()}-{time.time_ns()}")
    os.environ["SIGNING_DEMO"] = "1"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ.pop("SIGNING_KEY_FILE", None)
    os.environ.pop("SIGNING_CERT_FILE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        # Several workers write at once: wait for the lock rather than fail, and take it at
        # the start of each transaction so that two writers never deadlock on an upgrade.
        db.setdefault("OPTIONS", {}).update(timeout=60, transaction_mode="IMMEDIATE")
    return var


Timers = dict[str, float]


def cpu_seconds() -> float:
    """CPU of this process (every thread: the huey workers run here) and of its children
    once reaped (the render processes, not the SMTP server still running): the work done,
    which the other users of a shared machine do not stretch as they stretch wall time."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextmanager
def timed(timers: Timers, stage: str, cpu: Timers | None = None) -> Iterator[None]:
    start, start_cpu = time.perf_counter(), cpu_seconds()
    try:
        yield
    finally:
        timers[stage] += time.perf_counter() - start
        if cpu is not None:
            cpu[stage] += cpu_seconds() - start_cpu


def instrument(module: Any, name: str, timers: Timers, stage: str) -> None:
    """Wrap module.name so that the time spent in it is added to timers[stage]."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with timed(timers, stage):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def build(n_meetings: int, n_members: int) -> tuple[Any, list[Any]]:
    """One institution; per meeting a council of its own programme, head and members."""
    from django.utils import timezone

    from accounts.models import User
    from councils.models import Council, Institution, Membership, Programme
    from meetings.models import AgendaItem, Meeting

    director = User.objects.create_user("directrice@bench.test", first_name="Diane")
    director.last_name = "Directrice"
    director.save()
    institution = Institution.objects.create(
        name="Inspé d’Aix-Marseille", short_name="Inspé", director=director
    )
    people = User.objects.bulk_create(
        User(email=f"m{i:05d}@bench.test", first_name="Membre", last_name=f"{i:05d}")
        for i in range(n_meetings * n_members)
    )
    start = dt.date(2025, 9, 1)
    starts = timezone.now() + dt.timedelta(days=30)
    meetings = []
    for k in range(n_meetings):
        group = people[k * n_members : (k + 1) * n_members]
        programme = Programme.objects.create(
            institution=institution, name=f"Mention {k + 1}", head=group[0]
        )
        council = Council.objects.create(
            institution=institution, name=f"CPER n° {k + 1}", programme=programme
        )
        Membership.objects.bulk_create(
            Membership(
                council=council,
                person=p,
                category="head_of_mention" if j == 0 else "teacher",
                start_date=start,
            )
            for j, p in enumerate(group)
        )
        meeting = Meeting.objects.create(
            council=council,
            starts_at=starts + dt.timedelta(hours=k),
            place=f"Salle {100 + k}",
            agenda_status="set",
            agenda_set_at=timezone.now() - dt.timedelta(hours=1),
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=title)
            for i, title in enumerate(
                ["Bilan des stages", "Maquettes de la rentrée", "Questions diverses"], 1
            )
        )
        meetings.append(meeting)
    return director, meetings


def wait_until_delivered(received: Any, expected: int, timeout: float) -> None:
    """Until no member is queued. The SMTP server's counter is watched first (shared memory,
    free): asking the database 20 times a second would cost the workers' process CPU."""
    from convocations.models import Recipient

    deadline = time.monotonic() + timeout
    asked = 0.0
    while time.monotonic() < deadline:
        now = time.monotonic()
        if received.value >= expected or now - asked >= 1.0:
            asked = now
            if not Recipient.objects.filter(status=Recipient.Status.QUEUED).exists():
                return
        time.sleep(0.01)
    raise SystemExit(f"delivery did not finish within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-type", choices=("process", "thread"), default="process")
    args = parser.parse_args()

    port = free_port()
    received, size = multiprocessing.Value("i", 0), multiprocessing.Value("q", 0)
    greetings = multiprocessing.Value("i", 0)  # one per SMTP connection
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    smtp = multiprocessing.Process(
        target=serve_smtp, args=(port, received, size, greetings, ready, stop)
    )
    smtp.start()
    ready.wait(30)
    var = configure(port)

    from django.core.management import call_command
    from django.db import connections
    from django.urls import get_resolver
    from huey.contrib.djhuey import HUEY

    call_command("migrate", verbosity=0)
    import documents.signing as signing
    from convocations import actions as convocations
    from convocations import document as convocation_document
    from convocations import register as convocation_register
    from convocations.models import Convocation, Recipient

    signing.configured_identity()  # the demo pair is made once, outside the timings
    director, meetings = build(args.meetings, args.members)
    total_mail = args.meetings * args.members
    timers: Timers = defaultdict(float)
    cpu: Timers = defaultdict(float)
    instrument(convocation_document, "render", timers, "render")
    instrument(signing, "sign_pdf", timers, "sign")
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()

    with timed(timers, SIGN, cpu):
        result = convocations.sign_many(meetings, by=director)
    assert not result.refused, result.refused

    with timed(timers, QUEUE, cpu):
        for meeting in meetings:
            head = meeting.council.programme.head
            convocations.send(
                meeting, by=head, base_url="https://conseils.test/", confirm_short_notice=True
            )
    tasks = len(HUEY)

    consumer = HUEY.create_consumer(
        workers=args.workers,
        worker_type=args.worker_type,
        periodic=False,
        check_worker_health=False,
    )
    # A deployed worker has loaded its code long before a director signs: the URLconf (every
    # view module, imported by the first link an e-mail holds) costs 1.6 s of CPU per worker
    # process when first used, which this bench would otherwise time as sending.
    get_resolver().url_patterns  # noqa: B018
    if args.worker_type == "process":
        connections.close_all()  # each forked worker opens its own
    start_cpu = cpu_seconds()
    with timed(timers, SEND):
        consumer.start()
        wait_until_delivered(received, total_mail, timeout=900)
    consumer.stop(graceful=True)  # worker processes are reaped: their CPU is counted
    cpu[SEND] = cpu_seconds() - start_cpu

    with timed(timers, RECORD, cpu):
        sent = Recipient.objects.filter(status=Recipient.Status.SENT).count()
        mismatched = sum(
            1
            for r in Recipient.objects.select_related("convocation")
            if r.sent_sha256 != r.convocation.signed_sha256
        )
        statuses = set(Convocation.objects.values_list("status", flat=True))
        rows = sum(convocation_register.as_csv(m.council).count("\n") - 1 for m in meetings)
    total = time.perf_counter() - wall
    load_after = os.getloadavg()[0]
    stop.set()
    smtp.join(10)

    print(
        f"{args.meetings} meetings × {args.members} members, "
        f"{args.workers} {args.worker_type} workers"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before, "
        f"{load_after:.1f} after (wall times stretch with the load; CPU times do not much)"
    )
    print(f"  {'stage':<34} {'wall':>8} {'CPU':>8}")
    if timers["render"] or timers["sign"]:  # in this process only (not in render processes)
        print(f"  {'  render (here)':<34} {timers['render']:7.2f}s  ({args.meetings} PDFs)")
        print(f"  {'  sign (here)':<34} {timers['sign']:7.2f}s")
    for stage in (SIGN, QUEUE, SEND, RECORD):
        print(f"  {stage:<34} {timers[stage]:7.2f}s {cpu[stage]:7.2f}s")
    print(f"  {'all':<34} {total:7.2f}s {sum(cpu.values()):7.2f}s")
    rate = total_mail / timers[SEND]
    print(
        f"  e-mails: {total_mail} in {tasks} tasks, {sent} sent, {received.value} received by "
        f"SMTP over {greetings.value} connections ({size.value / 1e6:.1f} MB), {rate:.0f}/s"
    )
    print(
        f"  sending used {cpu[SEND]:.1f} s of CPU: {cpu[SEND] / total_mail * 1000:.1f} ms an "
        f"e-mail; signing {cpu[SIGN] / args.meetings * 1000:.0f} ms a convocation"
    )
    print(f"  register rows: {rows}; SHA-256 mismatches: {mismatched}; statuses: {statuses}")
    verdict = "OK" if total < GOAL_SECONDS else "TOO SLOW"
    print(f"TOTAL {total:.2f} s (goal < {GOAL_SECONDS:.0f} s): {verdict}")
    ok = sent == received.value == total_mail and not mismatched and statuses == {"sent"}
    shutil.rmtree(var, ignore_errors=True)  # its database, queue and files: nothing is kept
    if not ok:
        raise SystemExit("the record does not match what was delivered")


if __name__ == "__main__":
    main()
