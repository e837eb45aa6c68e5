"""A production-like deployment under load: requests/s, p50/p95/p99, errors (goal at 50 users:
0 errors, p95 < 300 ms), and one institute's convocations sent while the traffic goes on.

Starts locally what README's "Production" section describes: two gunicorn processes of four
threads each and two huey workers (`run_huey --workers 2` each) with DEBUG off, PostgreSQL
(127.0.0.1:5432, user postgres, a throw-away database), Redis (db 5 unless REDIS_URL is set)
and a throw-away SMTP server (aiosmtpd, in this process), so that every e-mail really crosses
SMTP. The data is bench/pages.py's national scale (32 institutes × 25 councils × 20 members ×
10 years).

Virtual users sign in with a password (directors and council members), then loop: a page,
then a pause (0.5 to 1.5 × --think seconds, as a person reads), until --duration runs out.
They read the home page, council, meeting, minutes, convocation and calendar pages, search the
Code, call the API with a personal token and write (a member answers a convocation). Requests
come through the documented proxy's headers (X-Forwarded-Proto, X-Forwarded-For).

Meanwhile the heads of mention of one institute press "Envoyer" on the signed convocations of
its 25 councils (the real view, the real task queue). At the end: each member got exactly one
convocation at the SMTP server, and `conseils audit verify` passes.

Run: .venv/bin/python bench/load.py [--users 50] [--duration 60] [--think 1.0] [--threads 4]
[--keep]
(--keep reuses the filled database and state directory of an earlier --keep run, and keeps
them; without it everything is created, then removed.)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import importlib.util
import itertools
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DB = "conseils_bench_load"
STATE = Path(tempfile.gettempdir()) / "conseils-bench-load"  # reused with --keep
PASSWORD = "bench-password"  # noqa: S105 - bench/pages.py gives every account this one
GOAL_P95_MS = 300.0
READY_WITHIN = 180  # seconds for gunicorn's workers to answer
WORKER_NICE = 10  # as deploy/conseils-worker@.service runs the task workers
SENDING_INSTITUTE = 3  # the institute whose convocations go out during the run
LAW_QUERIES = [
    "composition du conseil de perfectionnement",
    "conseil d'institut",
    "directeur de l'institut",
    "formation des enseignants",
    "mandat des membres",
]


# --- the services ----------------------------------------------------------------------------


class Sink:
    """The SMTP server's side (aiosmtpd calls handle_DATA): who received which subject."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # The headers only: parsing each 40 kB message whole took this process's CPU (and its
        # interpreter lock, which the virtual users' clocks share) from the measured traffic.
        message = BytesHeaderParser().parsebytes(envelope.content)
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        with self.lock:
            self.received += [(rcpt.lower(), subject) for rcpt in envelope.rcpt_tos]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psql(sql: str) -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def environment(state: Path, smtp_port: int, web_port: int) -> dict[str, str]:
    """Every variable of README's production example, as each process of the deployment reads
    them (deploy/conseils.env.example). The keys are fixed so that --keep can verify the audit
    trail of an earlier run; they protect nothing but this throw-away database."""
    seed = hashlib.sha256(b"conseils bench/load.py").hexdigest()
    site = f"https://127.0.0.1:{web_port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SIGNING_DEMO"}}
    env.update(
        DJANGO_SETTINGS_MODULE="conseils.settings",
        DEBUG="0",
        SECRET_KEY=f"bench-secret-{seed}",
        AUDIT_KEY=f"bench-audit-{seed}",
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=site,
        SITE_URL=site,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        HUEY_NAME=f"bench-load-{os.getpid()}",  # its own queue, whatever else uses the db
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DEFAULT_FROM_EMAIL="Conseils <conseils@bench.test>",
        SIGNING_KEY_FILE=str(state / "signing" / "demo-key.pem"),
        SIGNING_CERT_FILE=str(state / "signing" / "demo-cert.pem"),
        TRUSTED_PROXY_COUNT="1",  # the virtual users speak as the proxy would
        CONSEILS_VAR_DIR=str(state),
        CONSEILS_PRIVATE_ROOT=str(state / "private"),
    )
    return env


@dataclass
class Deployment:
    env: dict[str, str]
    web_port: int
    logs: Path
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, command: list[str], name: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        # Its own process group: stopping it stops the workers it forked, and nothing else.
        process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
        )
        self.processes.append((name, process))

    def up(self, web_workers: int, threads: int, task_workers: int) -> None:
        # As deploy/conseils-web.service runs it: threaded workers (--threads 1: one request at
        # a time per process, gunicorn's sync workers), keep-alive longer than the client's.
        self.start(
            [
                str(BIN / "gunicorn"),
                "conseils.wsgi",
                f"--workers={web_workers}",
                *(["--worker-class=gthread", f"--threads={threads}"] if threads > 1 else []),
                "--keep-alive=75",
                f"--bind=127.0.0.1:{self.web_port}",
                "--timeout=60",
                "--forwarded-allow-ips=127.0.0.1",
            ],
            "gunicorn",
        )
        for n in range(task_workers):
            # At the priority deploy/conseils-worker@.service gives them (Nice=).
            huey = [str(BIN / "conseils"), "run_huey", "--workers", "2"]
            self.start(["nice", "-n", str(WORKER_NICE), *huey], f"huey-{n + 1}")
        deadline = time.monotonic() + READY_WITHIN
        while time.monotonic() < deadline:
            for name, p in self.processes:
                if p.poll() is not None:
                    raise SystemExit(f"{name} exited: see {self.logs}")
            # Ready when a worker answers, not when the port is bound: each worker loads the
            # application and the Code's search corpus first (conseils.startup.settle).
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.web_port}/comptes/connexion/",
                headers={"X-Forwarded-Proto": "https"},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within {READY_WITHIN} s")

    def down(self) -> None:
        for name, p in self.processes:
            if p.poll() is None:  # huey stops on SIGINT, gunicorn on SIGTERM
                os.killpg(p.pid, signal.SIGINT if name.startswith("huey") else signal.SIGTERM)
        for _name, p in self.processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def _processes() -> Iterator[tuple[str, str, str, float]]:
    """(pid, parent's pid, command name, CPU seconds so far) of each process alive now."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue  # ended meanwhile
        fields = tail.split()  # fields[1]: the parent's pid; 11, 12: utime, stime
        yield (
            entry.name,
            fields[1],
            head.split("(", 1)[1],
            (int(fields[11]) + int(fields[12])) / tick,
        )


def cpu_by_part(web: int, tasks: list[int]) -> dict[str, float]:
    """CPU seconds so far of each part of the machine: gunicorn (its master and workers), the
    huey workers, PostgreSQL, this process (the virtual users and the SMTP server) and the
    whole machine (/proc/stat, every process and the kernel), to say where the cores went."""
    parts: defaultdict[str, float] = defaultdict(float)
    roots = {str(web): "gunicorn", **{str(pid): "huey" for pid in tasks}}
    for pid, parent, name, seconds in _processes():
        if pid in roots or parent in roots:
            parts[roots.get(pid) or roots[parent]] += seconds
        elif name == "postgres":
            parts["PostgreSQL"] += seconds
        elif pid == str(os.getpid()):
            parts["virtual users + SMTP (this process)"] += seconds
    with open("/proc/stat") as stat:
        ticks = [int(x) for x in stat.readline().split()[1:9]]
    parts["machine"] = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # not idle
    return parts


@contextmanager
def step(what: str) -> Iterator[None]:
    start = time.perf_counter()
    print(f"{what}…", end=" ", flush=True)
    yield
    print(f"{time.perf_counter() - start:.1f} s", flush=True)


# --- the data --------------------------------------------------------------------------------


def pages_bench() -> Any:
    """bench/pages.py, whose data builder this bench shares (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare(state: Path, filled: bool) -> None:
    """Schema, static files, the Code, bench/pages.py's data; in this process (DEBUG off)."""
    import django
    from django.core.management import call_command

    django.setup()
    from documents import signing

    if not filled:
        with step("schema"):
            call_command("migrate", verbosity=0)
        with step("the Code (law load)"):
            subprocess.run([str(BIN / "conseils"), "law", "load"], check=True, capture_output=True)
        with step("national-scale data (bench/pages.py)"):
            pages_bench().fill()
        from django.db import connection

        with step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if not (state / "static" / "staticfiles.json").exists():
        with step("collectstatic"):
            call_command("collectstatic", interactive=False, verbosity=0)
    if not (state / "signing" / "demo-key.pem").exists():
        signing.generate_demo_pair(state / "signing", common_name="Directeur (banc d’essai)")


@dataclass
class Person:
    email: str
    role: str  # "director", "member" or "head"
    pages: list[tuple[str, str]]  # (name, path) read in turn
    token: str
    answer: str = ""  # the path where a member answers a convocation
    sends: list[str] = field(default_factory=list)  # the head's "Envoyer" paths


def scenario(users: int) -> tuple[list[Person], list[int]]:
    """Who the virtual users are and what they read; the sending institute's convocations signed
    (by its director, as the "À signer" batch does) and their heads named. Returns the people
    and the ids of the meetings whose convocations go out."""
    from django.db.models import Q
    from django.urls import reverse
    from django.utils import timezone

    from api.models import ApiToken, hash_secret, new_secret
    from convocations import actions as convocations
    from convocations.models import Convocation
    from councils.models import Council, Institution, Membership
    from meetings.models import Meeting
    from minutes.models import Minutes

    now = timezone.now()
    institutions = list(Institution.objects.order_by("pk").select_related("director"))
    sending = institutions[SENDING_INSTITUTE]

    def token_for(user: Any) -> str:
        secret = new_secret()
        ApiToken.objects.create(
            user=user, name="bench", prefix=secret[:12], secret_hash=hash_secret(secret)
        )
        return secret

    def next_meeting(council: Council) -> Meeting:
        meeting = (
            Meeting.objects.filter(council=council, starts_at__gt=now).order_by("starts_at").first()
        )
        assert meeting is not None, "bench/pages.py plans meetings for the current year"
        return meeting

    # The sending institute: each programme's head is its first council's head of mention.
    heads: dict[int, Any] = {}
    upcoming: list[Meeting] = []
    for council in Council.objects.filter(institution=sending).order_by("pk"):
        programme = council.programme
        assert programme is not None
        if programme.pk not in heads:
            seat = Membership.objects.get(council=council, category="head_of_mention")
            programme.head = seat.person
            programme.save(update_fields=["head"])
            heads[programme.pk] = seat.person
        upcoming.append(next_meeting(council))
    # A --keep run sends again: the previous run's convocations are forgotten first. The
    # agendas were set (bench/pages.py dates that ten days before each meeting) before the
    # director signs: a signature older than the agenda is void.
    Convocation.objects.filter(meeting__in=upcoming).delete()
    Meeting.objects.filter(pk__in=[m.pk for m in upcoming]).update(
        agenda_set_at=now - dt.timedelta(days=1)
    )
    upcoming = [Meeting.objects.select_related("council__programme").get(pk=m.pk) for m in upcoming]
    with step(f"signing {len(upcoming)} convocations (the director's batch)"):
        result = convocations.sign_many(upcoming, by=sending.director)
    assert not result.refused, result.refused

    people: list[Person] = []
    for head in heads.values():
        own = [m for m in upcoming if m.council.programme and m.council.programme.head == head]
        people.append(
            Person(
                head.email,
                "head",
                [("convocation page", reverse("convocations:detail", args=[m.pk])) for m in own]
                + [
                    ("convocation progress", reverse("convocations:progress", args=[m.pk]))
                    for m in own
                ],
                token_for(head),
                sends=[reverse("convocations:send", args=[m.pk]) for m in own],
            )
        )
    others = [i for i in institutions if i != sending]
    directors = max(1, (users - len(people)) // 5)  # one user in five directs an institute
    for k in range(directors):
        inst = others[k % len(others)]
        council = Council.objects.filter(institution=inst).order_by("pk")[k % 25]
        year = next_meeting(council).academic_year
        people.append(
            Person(
                inst.director.email,  # type: ignore[union-attr]
                "director",
                [
                    ("home", reverse("home")),
                    ("dashboard", reverse("dashboard")),
                    ("council list", reverse("councils:list")),
                    ("council page", reverse("councils:detail", args=[council.pk])),
                    (
                        "recommendation board",
                        reverse("recommendations:institution_board", args=[inst.pk]),
                    ),
                    (
                        "evidence pack",
                        reverse("evaluation:pack", args=[council.pk]) + f"?annee={year}",
                    ),
                    (
                        "institution calendar",
                        reverse("meetings:institution_calendar", args=[inst.pk]),
                    ),
                    ("search", reverse("search") + "?q=CPER"),
                    ("API councils", "/api/v1/councils?limit=20"),
                ],
                token_for(inst.director),
            )
        )
    seats = (
        Membership.objects.filter(category="teacher", council__institution__in=others)
        .filter(~Q(council__institution=sending))
        .select_related("person", "council__institution")
        .order_by("pk")
    )
    for seat in itertools.islice(seats[::37], max(0, users - len(people))):
        council, inst = seat.council, seat.council.institution
        past = Meeting.objects.filter(council=council, starts_at__lt=now).order_by("-starts_at")[0]
        minutes = Minutes.objects.filter(meeting__council=council).order_by("-meeting__starts_at")[
            0
        ]
        coming = next_meeting(council)
        query = random.choice(LAW_QUERIES)
        people.append(
            Person(
                seat.person.email,
                "member",
                [
                    ("home", reverse("home")),
                    ("council list", reverse("councils:list")),
                    ("council page", reverse("councils:detail", args=[council.pk])),
                    ("my calendar", reverse("meetings:my_calendar")),
                    ("meeting page", reverse("meetings:detail", args=[coming.pk])),
                    ("past meeting page", reverse("meetings:detail", args=[past.pk])),
                    ("minutes page", reverse("minutes:detail", args=[minutes.pk])),
                    ("council board", reverse("recommendations:council_board", args=[council.pk])),
                    ("published minutes", reverse("minutes:public_index", args=[inst.pk])),
                    ("law search", reverse("law:search") + f"?q={query}"),
                    ("API meeting", f"/api/v1/meetings/{coming.pk}"),
                    ("API agenda", f"/api/v1/meetings/{coming.pk}/agenda"),
                ],
                token_for(seat.person),
                answer=reverse("meetings:answer", args=[coming.pk]),
            )
        )
    return people, [m.pk for m in upcoming]


# --- the traffic -----------------------------------------------------------------------------


@dataclass
class Sample:
    name: str
    ms: float
    error: str = ""


@dataclass
class Run:
    base: str
    think: float
    measuring: bool = False
    stopping: bool = False
    samples: list[Sample] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)  # "Envoyer" answers
    elapsed: float = 0.0  # of the measured part
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds each part used meanwhile
    load: float = 0.0  # the machine's load average at the end, every user of it included


class Browser:
    """One person's session: cookies kept by hand (the session cookie is Secure, and this
    client speaks plain HTTP to gunicorn the way the proxy does)."""

    def __init__(self, http: Any, run: Run, person: Person, address: str) -> None:
        self.http, self.run, self.person = http, run, person
        self.cookies: dict[str, str] = {}
        host = run.base.split("//", 1)[1]
        self.headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
            "Origin": f"https://{host}",
            "Accept-Language": "fr",
        }

    async def request(
        self,
        name: str,
        method: str,
        path: str,
        *,
        data: dict[str, str] | None = None,
        expect: int = 200,
        token: bool = False,
        record: bool = True,
    ) -> str:
        headers = dict(self.headers)
        if token:
            headers["Authorization"] = f"Bearer {self.person.token}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
            headers["Referer"] = self.headers["Origin"] + path
        start = time.perf_counter()
        error = ""
        body = ""
        try:
            async with self.http.request(
                method, self.run.base + path, data=data, headers=headers, allow_redirects=False
            ) as response:
                body = await response.text()
                for key, morsel in SimpleCookie(
                    "\n".join(response.headers.getall("Set-Cookie", []))
                ).items():
                    self.cookies[key] = morsel.value
                if response.status != expect:
                    error = f"{response.status}"
                elif expect == 302 and "/comptes/connexion/" in response.headers.get(
                    "Location", ""
                ):
                    error = "302 to sign-in"
        except Exception as exc:  # a refused or dropped connection is an error of the run
            error = type(exc).__name__
        ms = (time.perf_counter() - start) * 1000
        if record and (self.run.measuring or error or name.startswith("Envoyer")):
            self.run.samples.append(Sample(name, ms, error))
        return body

    async def sign_in(self) -> None:
        login = "/comptes/connexion/"
        await self.request("sign-in page", "GET", login, record=False)
        if "csrftoken" not in self.cookies:
            raise SystemExit(f"the sign-in page did not answer {self.person.email}")
        await self.request(
            "sign-in",
            "POST",
            login,
            data={"username": self.person.email, "password": PASSWORD},
            expect=302,
        )
        if "sessionid" not in self.cookies:
            raise SystemExit(f"{self.person.email} could not sign in")

    async def pause(self) -> None:
        await asyncio.sleep(self.run.think * random.uniform(0.5, 1.5))

    async def browse(self) -> None:
        pages = list(self.person.pages)
        random.shuffle(pages)
        for n in itertools.count():
            if self.run.stopping:
                return
            name, path = pages[n % len(pages)]
            await self.request(name, "GET", path, token=name.startswith("API"))
            if self.person.answer and n % 6 == 5:  # now and then, a member answers
                await self.pause()
                response = random.choice(["present", "remote", "absent"])
                await self.request(
                    "answer (write)",
                    "POST",
                    self.person.answer,
                    data={"response": response},
                    expect=302,
                )
            await self.pause()

    async def send_convocations(self, delay: float) -> None:
        await asyncio.sleep(delay)
        for path in self.person.sends:
            body = await self.request(
                "Envoyer (write)", "POST", path, data={"confirm_short_notice": "1"}, expect=302
            )
            del body
            self.run.sent[path] += 1
            await self.pause()


async def drive(
    base: str,
    pids: tuple[int, list[int]],
    people: list[Person],
    think: float,
    warmup: float,
    duration: float,
) -> Run:
    import aiohttp

    run = Run(base, think)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        browsers = [
            Browser(http, run, p, f"10.0.{n // 250}.{n % 250 + 1}") for n, p in enumerate(people)
        ]
        with step(f"{len(browsers)} people sign in"):
            # A few at a time: each sign-in costs a password hash (PBKDF2) of CPU.
            gate = asyncio.Semaphore(4)

            async def sign_in(b: Browser) -> None:
                async with gate:
                    await b.sign_in()

            await asyncio.gather(*(sign_in(b) for b in browsers))
        tasks = [asyncio.create_task(b.browse()) for b in browsers]
        with step(f"warm-up ({warmup:.0f} s, not measured)"):
            await asyncio.sleep(warmup)
        run.measuring = True
        start = time.perf_counter()
        cpu_before = cpu_by_part(*pids)
        senders = [
            asyncio.create_task(b.send_convocations(delay=min(5.0, duration / 4)))
            for b in browsers
            if b.person.sends
        ]
        with step(f"measured traffic ({duration:.0f} s)"):
            await asyncio.sleep(duration)
            run.measuring = False
            run.elapsed = time.perf_counter() - start
            run.cpu = {k: v - cpu_before.get(k, 0.0) for k, v in cpu_by_part(*pids).items()}
            run.load = os.getloadavg()[0]
            run.stopping = True
            await asyncio.gather(*tasks, *senders)
    return run


# --- the checks ------------------------------------------------------------------------------


def wait_for_convocations(meeting_ids: list[int], timeout: float) -> tuple[int, int]:
    from convocations.models import Recipient

    recipients = Recipient.objects.filter(convocation__meeting_id__in=meeting_ids)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not recipients.filter(status=Recipient.Status.QUEUED).exists():
            break
        time.sleep(0.5)
    total = recipients.count()
    return total, recipients.filter(status=Recipient.Status.SENT).count()


def convocations_received(sink: Sink, meeting_ids: list[int]) -> tuple[int, list[str]]:
    """Each member of the sending councils got exactly one convocation: returns how many
    members, and what is wrong (a member with none, or with two)."""
    from councils.models import Membership
    from meetings.models import Meeting

    problems = []
    members = 0
    with sink.lock:
        received = list(sink.received)
    for meeting in Meeting.objects.filter(pk__in=meeting_ids).select_related("council"):
        prefix = f"Convocation — {meeting.council.name} — "
        got = Counter(rcpt for rcpt, subject in received if subject.startswith(prefix))
        emails = {
            e.lower()
            for e in Membership.objects.current()
            .filter(council=meeting.council)
            .values_list("person__email", flat=True)
        }
        members += len(emails)
        for email in sorted(emails):
            if got[email] != 1:
                problems.append(f"{email}: {got[email]} convocations ({meeting.council.name})")
        for email in sorted(set(got) - emails):
            problems.append(f"{email} is no member and got one ({meeting.council.name})")
    return members, problems


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(run: Run) -> bool:
    by_name: dict[str, list[Sample]] = defaultdict(list)
    for s in run.samples:
        by_name[s.name].append(s)
    print(f"\n{'page':<24}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, samples in sorted(
        by_name.items(), key=lambda kv: -percentile([s.ms for s in kv[1]], 95)
    ):
        ms = [s.ms for s in samples]
        failed = sum(1 for s in samples if s.error)
        print(
            f"{name:<24}{len(ms):>9}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}"
            f"{percentile(ms, 99):>9.0f}{failed:>8}"
        )
    ms = [s.ms for s in run.samples]
    errors = Counter(f"{s.name}: {s.error}" for s in run.samples if s.error)
    elapsed = run.elapsed
    p95 = percentile(ms, 95)
    print(
        f"\nALL: {len(ms)} requests in {elapsed:.0f} s = {len(ms) / elapsed:.1f} requests/s; "
        f"p50 {percentile(ms, 50):.0f} ms, p95 {p95:.0f} ms, p99 {percentile(ms, 99):.0f} ms; "
        f"{sum(errors.values())} errors"
    )
    for what, n in errors.most_common(10):
        print(f"  error {what} × {n}")
    if ms:
        web = run.cpu.get("gunicorn", 0.0)
        per_request = web / len(ms) * 1000
        cores = os.cpu_count() or 1
        print(
            f"gunicorn used {web:.1f} CPU s = {per_request:.0f} ms of CPU a request: "
            f"{cores} idle cores would serve about {cores * 1000 / per_request:.0f} requests/s "
            f"(load average {run.load:.1f} at the end, other users of the machine included)"
        )
        available = cores * elapsed
        print(
            f"this machine's speed now: {pages_bench().reference_ms():.0f} ms of CPU for "
            "bench/pages.py's reference loop (figures of two runs compare through it)"
        )
        print(f"where the {cores} cores went in the measured {elapsed:.0f} s (CPU s, share):")
        parts = dict(run.cpu)
        machine = parts.pop("machine")
        parts["other (kernel, other users, ended processes)"] = machine - sum(parts.values())
        parts["idle"] = available - machine
        for part, seconds in parts.items():
            print(f"  {part:<48}{seconds:7.1f}{seconds / available:7.0%}")
    return not errors and p95 < GOAL_P95_MS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds not measured")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per web process (1: sync workers)"
    )
    parser.add_argument("--task-workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="reuse and keep database and state")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp_port, web_port = free_port(), free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    exists = "SELECT 1 FROM pg_database WHERE datname = '" + DB + "'"  # noqa: S608 - a constant
    filled = args.keep and psql(exists) == "1"
    if not filled:
        shutil.rmtree(STATE, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
    STATE.mkdir(exist_ok=True)
    (STATE / "logs").mkdir(exist_ok=True)
    env = environment(STATE, smtp_port, web_port)
    os.environ.update(env)
    deployment = Deployment(env, web_port, STATE / "logs")
    smtp.start()
    ok = False
    try:
        prepare(STATE, filled)
        people, meeting_ids = scenario(args.users)
        with step(
            f"{args.web_workers} gunicorn processes of {args.threads} threads, "
            f"{args.task_workers} huey workers start"
        ):
            deployment.up(args.web_workers, args.threads, args.task_workers)
        roles = Counter(p.role for p in people)
        print(
            f"{len(people)} virtual users: {roles['director']} directors, {roles['member']} "
            f"members, {roles['head']} heads of mention sending convocations; pause "
            f"{args.think:.1f} s on average"
        )
        run = asyncio.run(
            drive(
                f"http://127.0.0.1:{web_port}",
                (  # gunicorn's master, the huey workers
                    deployment.processes[0][1].pid,
                    [p.pid for name, p in deployment.processes if name.startswith("huey")],
                ),
                people,
                args.think,
                args.warmup,
                args.duration,
            )
        )
        with step("convocations delivered by the huey workers"):
            total, sent = wait_for_convocations(meeting_ids, timeout=300)
        time.sleep(1)  # the last message's SMTP answer is read before its row is marked sent
        members, problems = convocations_received(sink, meeting_ids)
        audit = subprocess.run(
            [str(BIN / "conseils"), "audit", "verify"], env=env, capture_output=True, text=True
        )
        fast = report(run)
        print(
            f"convocations: {sum(run.sent.values())} « Envoyer », {total} members queued, "
            f"{sent} sent; the SMTP server received {len(sink.received)} e-mails in all"
        )
        print(
            f"each of the {members} members got exactly one convocation: "
            + ("yes" if not problems and members == total else "NO")
        )
        for problem in problems[:10]:
            print(f"  {problem}")
        print(f"conseils audit verify: exit {audit.returncode} {audit.stdout.strip()[-200:]}")
        ok = fast and not problems and members == total == sent and audit.returncode == 0
        print(
            f"\n{'OK' if ok else 'FAILED'}: goal 0 errors and p95 < {GOAL_P95_MS:.0f} ms at "
            f"{args.users} users, every convocation once, the audit chain intact"
        )
    finally:
        deployment.down()
        smtp.stop()
        from huey.contrib.djhuey import HUEY

        try:
            HUEY.flush()  # this run's queue in Redis (its own HUEY_NAME)
        except Exception as exc:  # Django not set up, or Redis gone: nothing of ours is left
            print(f"(queue not flushed: {exc})")
        if not args.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {DB}")
            shutil.rmtree(STATE, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
