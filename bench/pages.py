"""Main pages at national scale, on PostgreSQL: p50/p95 per page (goal p95 < 150 ms).

32 institutes × 25 councils × 20 members × 10 years of meetings (3 a year), each with its
agenda, published minutes and a recommendation sent to two bodies. The data is written with
bulk inserts into a throw-away database, then each page is requested through Django's test
client as the director of an institute and as a member of a council.

Run: .venv/bin/python bench/pages.py [--requests 20] [--keep] [--database NAME]

--cost prints, for each kind of request bench/load.py sends, what one request costs: its SQL
queries, its function calls (Python and C), the CPU time of this process (Django, templates) and
of the PostgreSQL server process that answered (read from /proc). Queries and calls are counts,
the same however busy the machine is; CPU times depend on it far less than timings do, yet a
shared machine still stretches them (by a third between two runs here), hence the reference
loop printed with them. Two web processes serving 50 people who read a page a second need well
under 40 ms of CPU a request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = "conseils_bench_pages"
INSTITUTES, COUNCILS, MEMBERS, YEARS = 32, 25, 20, 10
SEATS = (
    ["head_of_mention", "head_of_track", "deputy_head_of_track"]
    + ["teacher"] * 5
    + ["academy_representative"] * 2
    + ["profession_representative"] * 2
    + ["student_representative"] * 4
    + ["guest"] * 4
)  # 16 voting members and 4 guests: a legal CPER


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True, capture_output=True
    )


def setup_django(database: str = DB) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings_test")
    import django

    django.setup()


def fill() -> None:
    """One linear story of bulk inserts."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from councils.models import Component, Council, Institution, Membership, Programme, Track
    from meetings.models import AgendaItem, Meeting, academic_year_of
    from minutes.models import Minutes
    from recommendations.models import Body, Recommendation, Routing

    password = make_password("bench-password")
    now = timezone.now()
    this_year = now.year if now.month >= 9 else now.year - 1
    start = dt.date(this_year - YEARS + 1, 9, 1)
    t0 = time.perf_counter()
    directors = User.objects.bulk_create(
        [User(email=f"director{i}@bench.test", password=password) for i in range(INSTITUTES)]
    )
    institutions = Institution.objects.bulk_create(
        [
            Institution(name=f"Inspé {i}", short_name=f"I{i}", director=directors[i])
            for i in range(INSTITUTES)
        ]
    )
    components, bodies, programmes, tracks, councils = [], [], [], [], []
    for inst in institutions:
        components += [Component(institution=inst, code=c, name=c) for c in ("INSPE", "AMU", "AU")]
        bodies += [Body(institution=inst, code=c, name=c) for c in ("CCI", "OAF", "COSP", "CI")]
        programmes += [Programme(institution=inst, name=f"Mention {n}") for n in range(5)]
    components = Component.objects.bulk_create(components)
    bodies = Body.objects.bulk_create(bodies)
    programmes = Programme.objects.bulk_create(programmes)
    for i, inst in enumerate(institutions):
        for c in range(COUNCILS):
            programme = programmes[i * 5 + c % 5]
            tracks.append(Track(programme=programme, name=f"Parcours {i}-{c}"))
            councils.append(Council(institution=inst, name=f"CPER {i}-{c}", programme=programme))
    tracks = Track.objects.bulk_create(tracks)
    councils = Council.objects.bulk_create(councils)
    Council.tracks.through.objects.bulk_create(
        [Council.tracks.through(council=c, track=t) for c, t in zip(councils, tracks, strict=True)]
    )
    Council.components.through.objects.bulk_create(
        [
            Council.components.through(council=c, component=components[(n // COUNCILS) * 3 + k])
            for n, c in enumerate(councils)
            for k in (0, 1)
        ]
    )
    people = User.objects.bulk_create(
        [
            User(
                email=f"m{n}-{s}@bench.test",
                first_name=f"Prénom{s}",
                last_name=f"Nom{n}",
                password=password,
            )
            for n in range(len(councils))
            for s in range(MEMBERS)
        ],
        batch_size=5000,
    )
    seats = []
    for n, council in enumerate(councils):
        inst_components = components[(n // COUNCILS) * 3 : (n // COUNCILS) * 3 + 2]
        for s, category in enumerate(SEATS):
            seats.append(
                Membership(
                    council=council,
                    person=people[n * MEMBERS + s],
                    category=category,
                    component=inst_components[s % 2] if category == "teacher" else None,
                    start_date=start,
                    is_president=category == "academy_representative" and s == 8,
                )
            )
    Membership.objects.bulk_create(seats, batch_size=5000)
    print(f"registry: {time.perf_counter() - t0:.1f} s", flush=True)

    meetings = []
    for council in councils:
        for y in range(YEARS):
            for month in (10, 2, 6):
                year = start.year + y + (0 if month >= 9 else 1)
                starts = timezone.make_aware(dt.datetime(year, month, 10, 14, 0))
                meetings.append(
                    Meeting(
                        council=council,
                        starts_at=starts,
                        place="Salle du conseil",
                        academic_year=academic_year_of(starts.date()),
                        agenda_status="set",
                        agenda_set_at=starts - dt.timedelta(days=10),
                    )
                )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=5000)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=m, position=p, title=f"Point {p}")
            for m in meetings
            for p in (1, 2, 3)
        ],
        batch_size=10000,
    )
    secretary = {c.pk: people[n * MEMBERS + 3] for n, c in enumerate(councils)}
    past = [m for m in meetings if m.starts_at < now]
    Minutes.objects.bulk_create(
        [
            Minutes(
                meeting=m,
                secretary=secretary[m.council_id],
                status="published",
                body="<h2>Présences</h2>\n<p>Tous.</p>\n<h2>1. Point 1</h2>\n"
                "<p>Échanges sur la maquette de formation.</p>",
                frozen_at=m.starts_at + dt.timedelta(days=20),
                published_at=m.starts_at + dt.timedelta(days=30),
            )
            for m in past
        ],
        batch_size=5000,
    )
    recommendations = Recommendation.objects.bulk_create(
        [
            Recommendation(
                council_id=m.council_id,
                meeting=m,
                title=f"Préconisation de la séance {m.pk}",
                text="Le conseil recommande une évolution du plan de formation.",
                adopted_on=m.starts_at.date(),
            )
            for m in past
        ],
        batch_size=5000,
    )
    by_inst: dict[int, dict[str, Body]] = {}
    for b in bodies:
        by_inst.setdefault(b.institution_id, {})[b.code] = b
    council_inst = {c.pk: c.institution_id for c in councils}
    routings = []
    for r in recommendations:
        routed = timezone.make_aware(dt.datetime.combine(r.adopted_on, dt.time(12))) + dt.timedelta(
            days=30
        )
        answered = routed + dt.timedelta(days=40) if routed < now - dt.timedelta(days=120) else None
        for code in ("COSP", "CI"):
            routings.append(
                Routing(
                    recommendation=r,
                    body=by_inst[council_inst[r.council_id]][code],
                    routed_at=routed,
                    due_on=(routed + dt.timedelta(days=60)).date(),
                    position="accepted" if answered else "",
                    reasoning="Accepté." if answered else "",
                    answered_at=answered,
                )
            )
    Routing.objects.bulk_create(routings, batch_size=10000)
    print(
        f"filled in {time.perf_counter() - t0:.1f} s: {len(councils)} councils, "
        f"{len(seats)} seats, {len(meetings)} meetings, {len(past)} minutes, "
        f"{len(routings)} routings",
        flush=True,
    )


def measure(requests: int) -> list[tuple[str, str, float, float]]:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from councils.models import Council, Institution, Membership
    from meetings.models import Meeting
    from minutes.models import Minutes

    setup_test_environment()
    from conseils.startup import settle

    settle()  # what conseils/wsgi.py does in a serving process
    institution = Institution.objects.order_by("pk")[5]
    director = institution.director
    council = Council.objects.filter(institution=institution).order_by("pk")[7]
    member = Membership.objects.get(
        council=council, category="teacher", person__email__endswith="-3@bench.test"
    ).person
    assert isinstance(director, User)
    meeting = Meeting.objects.filter(council=council).order_by("-starts_at").first()
    minutes = (
        Minutes.objects.filter(meeting__council=council).order_by("-meeting__starts_at").first()
    )
    assert meeting is not None and minutes is not None
    year = meeting.academic_year
    pages = {
        "director": [
            ("home", reverse("home")),
            ("dashboard", reverse("dashboard")),
            ("council list", reverse("councils:list")),
            ("council page", reverse("councils:detail", args=[council.pk])),
            (
                "recommendation board",
                reverse("recommendations:institution_board", args=[institution.pk]),
            ),
            ("evidence pack", reverse("evaluation:pack", args=[council.pk]) + f"?annee={year}"),
            (
                "institution calendar",
                reverse("meetings:institution_calendar", args=[institution.pk]),
            ),
            ("search", reverse("search") + "?q=CPER"),
        ],
        "member": [
            ("home", reverse("home")),
            ("council list", reverse("councils:list")),
            ("council page", reverse("councils:detail", args=[council.pk])),
            ("my calendar", reverse("meetings:my_calendar")),
            ("meeting page", reverse("meetings:detail", args=[meeting.pk])),
            ("minutes page", reverse("minutes:detail", args=[minutes.pk])),
            ("council board", reverse("recommendations:council_board", args=[council.pk])),
            ("published minutes", reverse("minutes:public_index", args=[institution.pk])),
        ],
    }
    results = []
    for who, person in (("director", director), ("member", member)):
        client = Client()
        client.force_login(person)
        for name, url in pages[who]:
            timings = []
            for _ in range(requests + 2):
                t = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (who, name, response.status_code)
            timings = sorted(timings[2:])  # the first two warm the caches
            p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
            results.append((who, name, statistics.median(timings), p95))
    return results


# NamedTuples, not dataclasses: bench/load.py loads this file without registering it as a
# module, and a dataclass needs its module registered.
class Probe(NamedTuple):
    """One kind of request bench/load.py sends, as one person sends it."""

    who: str  # "director", "member" or "head"
    name: str
    path: str
    method: str = "GET"
    data: dict[str, str] | None = None
    expect: int = 200
    token: str = ""  # an API call carries a personal token instead of the session


class Cost(NamedTuple):
    probe: Probe
    queries: int
    calls: int  # Python and C function calls of one request: the same on a busy machine
    cpu_ms: float  # this process (Django, the templates): the median request
    db_ms: float  # the PostgreSQL server process that answered: the mean
    wall_ms: float


def probes() -> tuple[dict[str, Any], list[Probe]]:
    """bench/load.py's people and pages, on the same data: a director, a member (a teacher) and
    a head of mention whose next meeting's convocation is signed. Returns the people by role."""
    from django.urls import reverse
    from django.utils import timezone

    from api.models import ApiToken, hash_secret, new_secret
    from convocations import actions as convocations
    from convocations.models import Convocation
    from councils.models import Council, Institution, Membership
    from meetings.models import Meeting
    from minutes.models import Minutes

    now = timezone.now()
    institution = Institution.objects.order_by("pk").select_related("director")[5]
    director = institution.director
    council = Council.objects.filter(institution=institution).order_by("pk")[7]
    seat = Membership.objects.select_related("person").get(
        council=council, category="teacher", person__email__endswith="-3@bench.test"
    )
    member = seat.person
    coming = Meeting.objects.filter(council=council, starts_at__gt=now).order_by("starts_at")[0]
    past = Meeting.objects.filter(council=council, starts_at__lt=now).order_by("-starts_at")[0]
    minutes = Minutes.objects.filter(meeting__council=council).order_by("-meeting__starts_at")[0]
    # The head of mention sends the next meeting of another council of the institute, signed
    # afresh by the director as bench/load.py does (an earlier run's convocation is forgotten).
    sent_council = Council.objects.filter(institution=institution).order_by("pk")[8]
    head = Membership.objects.get(council=sent_council, category="head_of_mention").person
    programme = sent_council.programme
    assert programme is not None and director is not None
    programme.head = head
    programme.save(update_fields=["head"])
    sent = (
        Meeting.objects.filter(council=sent_council, starts_at__gt=now)
        .order_by("starts_at")
        .select_related("council__programme")[0]
    )
    Convocation.objects.filter(meeting=sent).delete()
    Meeting.objects.filter(pk=sent.pk).update(agenda_set_at=now - dt.timedelta(days=1))
    sent.refresh_from_db()
    result = convocations.sign_many([sent], by=director)
    assert not result.refused, result.refused

    def token_for(user: Any) -> str:
        secret = new_secret()
        ApiToken.objects.create(
            user=user, name="bench", prefix=secret[:12], secret_hash=hash_secret(secret)
        )
        return secret

    year = coming.academic_year
    director_token, member_token = token_for(director), token_for(member)
    people = {"director": director, "member": member, "head": head}
    return people, [
        Probe("director", "home", reverse("home")),
        Probe("director", "dashboard", reverse("dashboard")),
        Probe("director", "council list", reverse("councils:list")),
        Probe("director", "council page", reverse("councils:detail", args=[council.pk])),
        Probe(
            "director",
            "recommendation board",
            reverse("recommendations:institution_board", args=[institution.pk]),
        ),
        Probe(
            "director",
            "evidence pack",
            reverse("evaluation:pack", args=[council.pk]) + f"?annee={year}",
        ),
        Probe(
            "director",
            "institution calendar",
            reverse("meetings:institution_calendar", args=[institution.pk]),
        ),
        Probe("director", "search", reverse("search") + "?q=CPER"),
        Probe("director", "API councils", "/api/v1/councils?limit=20", token=director_token),
        Probe("member", "home", reverse("home")),
        Probe("member", "council list", reverse("councils:list")),
        Probe("member", "council page", reverse("councils:detail", args=[council.pk])),
        Probe("member", "my calendar", reverse("meetings:my_calendar")),
        Probe("member", "meeting page", reverse("meetings:detail", args=[coming.pk])),
        Probe("member", "past meeting page", reverse("meetings:detail", args=[past.pk])),
        Probe("member", "minutes page", reverse("minutes:detail", args=[minutes.pk])),
        Probe(
            "member", "council board", reverse("recommendations:council_board", args=[council.pk])
        ),
        Probe(
            "member", "published minutes", reverse("minutes:public_index", args=[institution.pk])
        ),
        Probe(
            "member",
            "law search",
            reverse("law:search") + "?q=composition+du+conseil+de+perfectionnement",
        ),
        Probe("member", "API meeting", f"/api/v1/meetings/{coming.pk}", token=member_token),
        Probe("member", "API agenda", f"/api/v1/meetings/{coming.pk}/agenda", token=member_token),
        Probe(
            "member",
            "answer (write)",
            reverse("meetings:answer", args=[coming.pk]),
            method="POST",
            data={"response": "present"},
            expect=302,
        ),
        Probe("head", "convocation page", reverse("convocations:detail", args=[sent.pk])),
        Probe("head", "convocation progress", reverse("convocations:progress", args=[sent.pk])),
    ]


def calls_of(request: Callable[[], None]) -> int:
    """How many function calls (Python and C) one request makes: a count of the work done that,
    unlike any time, the other users of a shared machine cannot stretch."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        request()
    finally:
        sys.setprofile(None)
    return calls


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the PostgreSQL process serving our connection."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cost(requests: int) -> list[Cost]:
    """Each probe once with its queries counted, then `requests` times timed without counting
    (recording SQL costs CPU too); the first requests of each warm the caches and are dropped."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from conseils.startup import settle

    people, todo = probes()
    settle()  # what conseils/wsgi.py does in a serving process
    clients: dict[str, Client] = {}
    for who, person in people.items():
        clients[who] = Client(HTTP_ACCEPT_LANGUAGE="fr")
        clients[who].force_login(person)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    # The head presses "Envoyer" first (the tasks run in this process: not measured), so that
    # the convocation pages show twenty recipients, as after bench/load.py's sending.
    send = todo[-1].path.replace("avancement", "envoyer")
    response = clients["head"].post(send, {"confirm_short_notice": "1"})
    assert response.status_code == 302, response.status_code

    def one(probe: Probe) -> None:
        client = clients[probe.who]
        headers = {"Authorization": f"Bearer {probe.token}"} if probe.token else {}
        if probe.method == "POST":
            response = client.post(probe.path, probe.data, headers=headers)
        else:
            response = client.get(probe.path, headers=headers)
        assert response.status_code == probe.expect, (probe.who, probe.name, response)

    results = []
    for probe in todo:
        one(probe)
        one(probe)  # warm: the first requests fill caches each serving process keeps
        with CaptureQueriesContext(connection) as queries:
            one(probe)
        count = len(queries)  # now: the next request empties the log it reads
        calls = calls_of(partial(one, probe))
        cpu: list[float] = []
        server, wall = server_cpu_seconds(backend), time.perf_counter()
        for _ in range(requests):
            start = time.process_time()
            one(probe)
            cpu.append(time.process_time() - start)
        results.append(
            Cost(
                probe,
                count,
                calls,
                statistics.median(cpu) * 1000,  # the median: a busy machine adds spikes
                (server_cpu_seconds(backend) - server) * 1000 / requests,  # 10 ms ticks
                (time.perf_counter() - wall) * 1000 / requests,
            )
        )
    return results


def reference_ms() -> float:
    """CPU time of a fixed piece of pure Python: on a shared machine even CPU time stretches
    (caches, hyper-threads, a hypervisor's steal), so figures of two runs compare through it."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return (time.process_time() - start) * 1000


def print_costs(results: list[Cost], reference: float) -> None:
    print(
        f"\n{'as':<9}{'request':<24}{'queries':>8}{'calls':>9}{'CPU ms':>8}{'SQL CPU ms':>11}"
        f"{'wall ms':>9}"
    )
    for c in results:
        print(
            f"{c.probe.who:<9}{c.probe.name:<24}{c.queries:>8}{c.calls:>9}{c.cpu_ms:>8.1f}"
            f"{c.db_ms:>11.1f}{c.wall_ms:>9.1f}"
        )
    cpu = statistics.mean(c.cpu_ms + c.db_ms for c in results)
    print(
        f"\nmean over the kinds of request: {cpu:.1f} ms of CPU (Django + PostgreSQL); "
        "wall times are under whatever load the machine has"
    )
    print(f"reference (a fixed loop of pure Python): {reference:.0f} ms of CPU in this run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    parser.add_argument("--database", default=DB, help=f"PostgreSQL database ({DB})")
    parser.add_argument("--cost", action="store_true", help="queries and CPU per request")
    args = parser.parse_args()
    if not args.keep:
        psql(f"DROP DATABASE IF EXISTS {args.database}")
        psql(f"CREATE DATABASE {args.database}")
    setup_django(args.database)
    from django.core.management import call_command

    if not args.keep:
        call_command("migrate", verbosity=0)
        call_command("law", "load", verbosity=0)  # bench/load.py's people search the Code
        fill()
        # A live database has its statistics; a freshly bulk-loaded one must be analysed, or
        # autovacuum does it in the middle of the measurements.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if args.cost:
        reference = reference_ms()
        costs = cost(args.requests)
        print_costs(costs, (reference + reference_ms()) / 2)
        return
    results = measure(args.requests)
    print(f"\n{'as':<9}{'page':<24}{'p50 ms':>9}{'p95 ms':>9}")
    for who, name, p50, p95 in results:
        flag = "" if p95 < 150 else "  ← over 150 ms"
        print(f"{who:<9}{name:<24}{p50:>9.1f}{p95:>9.1f}{flag}")
    worst = max(r[3] for r in results)
    print(f"\nworst p95: {worst:.1f} ms (goal < 150 ms)")


if __name__ == "__main__":
    main()
