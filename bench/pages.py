"""Main pages at national scale, on PostgreSQL: p50/p95 per page (goal p95 < 150 ms).

32 institutes × 25 councils × 20 members × 10 years of meetings (3 a year), each with its
agenda, published minutes and a recommendation sent to two bodies. The data is written with
bulk inserts into a throw-away database, then each page is requested through Django's test
client as the director of an institute and as a member of a council.

Run: .venv/bin/python bench/pages.py [--requests 20] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

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


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    args = parser.parse_args()
    if not args.keep:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
    setup_django()
    from django.core.management import call_command

    if not args.keep:
        call_command("migrate", verbosity=0)
        fill()
        # A live database has its statistics; a freshly bulk-loaded one must be analysed, or
        # autovacuum does it in the middle of the measurements.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    results = measure(args.requests)
    print(f"\n{'as':<9}{'page':<24}{'p50 ms':>9}{'p95 ms':>9}")
    for who, name, p50, p95 in results:
        flag = "" if p95 < 150 else "  ← over 150 ms"
        print(f"{who:<9}{name:<24}{p50:>9.1f}{p95:>9.1f}{flag}")
    worst = max(r[3] for r in results)
    print(f"\nworst p95: {worst:.1f} ms (goal < 150 ms)")


if __name__ == "__main__":
    main()
