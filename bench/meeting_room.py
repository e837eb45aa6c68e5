"""The meeting room under load: 60 participants (goal: p95 under 200 ms for each step).

Each step goes end to end through Django's test client, as a browser would post it: the
session, the access checks, the action with its audit entry, the redirect.

- mark present: the secretary marks each of the 60 members present (60 posts);
- record a vote: the show-of-hands count of 20 votes, and the roll call of 60 members;
- close a vote: counting, the majority rule, the sentence;
- cast a secret ballot: each member votes from their own session (60 posts).

Runs in a throw-away directory (its own SQLite database), or on PostgreSQL when DATABASE_URL
is set (the database is migrated and written to: use a scratch one).

Run: .venv/bin/python bench/meeting_room.py [--members 60] [--votes 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_MS = 200.0


def configure() -> Path:
    """Environment first: settings read it once, when Django starts."""
    var = Path(tempfile.mkdtemp(prefix="conseils-bench-room-"))
    os.environ["CONSEILS_VAR_DIR"] = str(var)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, mail kept in memory
    return var


Samples = dict[str, list[float]]


def timed(samples: Samples, step: str, call: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = call()
    samples.setdefault(step, []).append((time.perf_counter() - start) * 1000)
    return result


def expect(response: Any, status: int = 302) -> None:
    if response.status_code != status:
        raise SystemExit(f"unexpected {response.status_code} for {response.request['PATH_INFO']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--votes", type=int, default=20)
    args = parser.parse_args()
    var = configure()

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from sittings.models import Vote
    from tests.meetings_world import agenda_set
    from tests.people import build_world, seat

    call_command("migrate", verbosity=0)
    w = build_world()
    for n in range(args.members - w.council.memberships.count()):
        person = User.objects.create_user(f"p{n}@example.org", "x", last_name=f"Membre {n:02d}")
        seat(w.council, person, "teacher")
    # Under way today: a sitting opens on its own day only.
    from django.utils import timezone

    meeting = agenda_set(w, starts_at=timezone.now() - dt.timedelta(minutes=10))
    item = meeting.agenda_items.last()
    assert item is not None
    members = list(w.council.memberships.select_related("person"))
    president = Client()
    president.force_login(w.president)
    samples: Samples = {}

    def post(client: Client, name: str, data: dict[str, str] | None = None, **kw: int) -> Any:
        return client.post(reverse(name, kwargs={"pk": meeting.pk, **kw}), data or {})

    expect(post(president, "room:prepare"))
    for m in members:
        response = timed(
            samples,
            "mark present",
            partial(post, president, "room:presence", {"status": "present"}, membership_pk=m.pk),
        )
        expect(response)
    expect(post(president, "room:open"))

    def open_vote(method: str) -> Vote:
        expect(post(president, "room:vote_open", {"method": method}, item_pk=item.pk))
        return Vote.objects.filter(meeting=meeting).latest("pk")

    counts = {"votes_for": "40", "votes_against": "12", "abstentions": "5"}
    for _n in range(args.votes):
        vote = open_vote("show_of_hands")
        expect(
            timed(
                samples,
                "record a vote (show of hands)",
                partial(post, president, "room:vote", counts, vote_pk=vote.pk),
            )
        )
        expect(
            timed(
                samples,
                "close a vote",
                partial(post, president, "room:vote_close", vote_pk=vote.pk),
            )
        )

    vote = open_vote("roll_call")
    for i, m in enumerate(members):
        if not m.voting:
            continue
        choice = {"membership": str(m.pk), "choice": ("for", "against", "abstain")[i % 3]}
        expect(
            timed(
                samples,
                "record a vote (roll call, one member)",
                partial(post, president, "room:vote", choice, vote_pk=vote.pk),
            )
        )
    expect(post(president, "room:vote_close", vote_pk=vote.pk))

    vote = open_vote("secret")
    for m in members:
        if not m.voting:
            continue
        own = Client()
        own.force_login(m.person)
        expect(
            timed(
                samples,
                "cast a secret ballot",
                partial(post, own, "room:ballot", {"choice": "for"}, vote_pk=vote.pk),
            )
        )
    expect(
        timed(samples, "close a vote", lambda: post(president, "room:vote_close", vote_pk=vote.pk))
    )
    vote.refresh_from_db()

    print(f"Meeting room, {len(members)} participants — {var}")
    print(f"{'step':42} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    slow = []
    for step, values in samples.items():
        p50 = statistics.median(values)
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
        print(f"{step:42} {len(values):4d} {p50:8.1f} {p95:8.1f}")
        if p95 >= GOAL_MS:
            slow.append(step)
    print(f"secret ballot result: {vote.result}")
    print("goal met: every p95 under 200 ms" if not slow else f"over the goal: {slow}")
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
