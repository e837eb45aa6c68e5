"""Every workflow step happens once when the same request arrives many times at once.

On PostgreSQL (the CI's second run) the requests really run at the same time: one thread
each, its own database connection, all released together by a barrier. SQLite lets one writer
at a time, so there the same requests run one after another: the test then proves the step
is idempotent, and PostgreSQL proves the locks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.core import mail
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from audit.models import AuditEntry
from convocations import actions as convocations
from convocations import tasks
from convocations.models import Recipient
from councils import actions as councils
from councils.models import Membership
from minutes import actions as minutes_actions
from minutes.models import Minutes
from recommendations import actions as recommendations
from recommendations.models import Recommendation
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.minutes_helpers import draft_minutes, held_meeting
from tests.people import build_world
from tests.recommendation_helpers import cosp

CONCURRENT = connection.vendor == "postgresql"
N = 20
T = TypeVar("T")


def fire(n: int, step: Callable[[int], T]) -> list[T | Exception]:
    """Run step(0) … step(n-1), all at once on PostgreSQL; each outcome or its exception."""

    def run(i: int) -> T | Exception:
        try:
            return step(i)
        except Exception as exc:  # the refusals are part of what is checked
            return exc

    if not CONCURRENT:
        return [run(i) for i in range(n)]
    barrier = threading.Barrier(n)

    def thread(i: int) -> T | Exception:
        try:
            barrier.wait(timeout=30)
            return run(i)
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(thread, range(n)))


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@override_settings(**signing_keys())
class ConcurrentStepsTests(TransactionTestCase):
    def setUp(self) -> None:
        self.w = build_world()

    def test_twenty_signatures_at_once_sign_once(self) -> None:
        meeting = meeting_with_agenda(self.w)
        outcomes = fire(N, lambda _i: convocations.sign_once(meeting, by=self.w.director)[1])
        assert outcomes.count(True) == 1 and outcomes.count(False) == N - 1
        assert audited("convocation.signed") == 1

    def test_twenty_sends_at_once_mail_each_member_once(self) -> None:
        meeting = meeting_with_agenda(self.w)
        convocations.sign(meeting, by=self.w.director)
        queued: list[int] = []
        lock = threading.Lock()

        def enqueue(ids: list[int], _base_url: str) -> None:
            with lock:
                queued.extend(ids)

        outcomes = fire(N, lambda _i: convocations.send(meeting, by=self.w.head, enqueue=enqueue))
        assert all(isinstance(o, convocations.SendReport) for o in outcomes), outcomes
        assert sorted(queued) == sorted(Recipient.objects.values_list("pk", flat=True))
        assert audited("convocation.send_requested") == 1
        # Each task delivered twice at once too (a requeued task racing the first one).
        jobs = queued * 2
        results = fire(len(jobs), lambda i: tasks.deliver(jobs[i]))
        assert results.count("sent") == 10
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            Recipient.objects.values_list("email", flat=True)
        )
        assert Recipient.objects.filter(status=Recipient.Status.SENT, attempts=1).count() == 10

    def test_the_last_two_validators_approving_at_once_freeze_once(self) -> None:
        minutes = draft_minutes(self.w)
        minutes_actions.submit(minutes, by=self.w.member)
        minutes_actions.decide(minutes, by=self.w.president, approve=True)
        mail.outbox.clear()
        last_two = [self.w.track_head, self.w.head] * (N // 2)

        def approve(i: int) -> object:
            fresh = Minutes.objects.get(pk=minutes.pk)
            return minutes_actions.decide(fresh, by=last_two[i], approve=True)

        fire(N, approve)
        assert audited("minutes.approved") == 3
        assert audited("minutes.frozen") == 1
        frozen = [m for m in mail.outbox if m.subject.startswith("Compte rendu validé")]
        assert len(frozen) == len({m.to[0] for m in frozen})  # nobody told twice
        assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.FROZEN

    def test_twenty_publications_at_once_publish_once(self) -> None:
        minutes = draft_minutes(self.w)
        minutes_actions.submit(minutes, by=self.w.member)
        for person in (self.w.president, self.w.track_head, self.w.head):
            minutes_actions.decide(Minutes.objects.get(pk=minutes.pk), by=person, approve=True)

        def publish(_i: int) -> object:
            return minutes_actions.publish(Minutes.objects.get(pk=minutes.pk), by=self.w.director)

        outcomes = fire(N, publish)
        assert sum(isinstance(o, Minutes) for o in outcomes) == 1
        assert audited("minutes.published") == 1

    def test_the_same_person_added_twenty_times_at_once_gets_one_seat(self) -> None:
        person = councils.find_or_create_person("new@example.org", "Nina", "Nouvelle")
        seat = councils.Seat(category="guest", component=None, start_date=timezone.localdate())

        def add(_i: int) -> object:
            return councils.add_membership(
                self.w.council, person, seat, by=self.w.director, confirm=True
            )

        outcomes = fire(N, add)
        assert sum(isinstance(o, Membership) for o in outcomes) == 1
        assert Membership.objects.filter(council=self.w.council, person=person).count() == 1
        assert audited("membership.added") == 1

    def test_a_recommendation_adopted_twenty_times_at_once_exists_once(self) -> None:
        body, _respondent = cosp(self.w)
        meeting = held_meeting(self.w)
        item = meeting.agenda_items.first()

        def adopt(_i: int) -> object:
            return recommendations.adopt(
                meeting,
                by=self.w.president,
                title="Renforcer les stages",
                text="Deux semaines de plus.",
                bodies=[body],
                agenda_item=item,
                vote_result="Adopté",
            )

        outcomes = fire(N, adopt)
        assert all(isinstance(o, Recommendation) for o in outcomes), outcomes
        assert Recommendation.objects.count() == 1
        assert audited("recommendation.adopted") == 1


class ConcurrentRoomTests(TransactionTestCase):
    """The room's comforts (issue 10 §2): a member's check-in and the speakers' list."""

    def setUp(self) -> None:
        import datetime as dt

        from sittings.actions import room, sheet
        from tests.meetings_world import convoked

        self.w = build_world()
        self.meeting = convoked(self.w, starts_at=timezone.now() - dt.timedelta(minutes=10))
        sheet.mark_everyone_present(self.meeting, by=self.w.president)
        room.open_sitting(self.meeting, by=self.w.president)
        self.seat = Membership.objects.get(council=self.w.council, person=self.w.member)
        sheet.save_sheet(self.meeting, [sheet.Line(self.seat.pk, "absent")], by=self.w.president)

    def test_twenty_check_ins_at_once_check_in_once(self) -> None:
        from sittings.actions import sheet
        from sittings.models import Movement

        outcomes = fire(N, lambda _i: sheet.check_in(self.meeting, by=self.w.member))
        assert len([o for o in outcomes if not isinstance(o, Exception)]) == 1
        assert Movement.objects.filter(attendance__membership=self.seat).count() == 1
        assert audited("sitting.checked_in") == 1

    def test_twenty_next_speaker_clicks_at_once_give_the_floor_in_order(self) -> None:
        from sittings.actions import floor

        people = ["member", "head", "track_head"]
        for name in people:
            seat = Membership.objects.get(council=self.w.council, person=getattr(self.w, name))
            floor.add_speaker(self.meeting, seat, by=self.w.president)
        outcomes = fire(N, lambda _i: floor.next_speaker(self.meeting, by=self.w.president))
        given = [o for o in outcomes if o is not None and not isinstance(o, Exception)]
        assert len(given) == 3 and not [o for o in outcomes if isinstance(o, Exception)]
        assert self.meeting.speakers.filter(spoke_at__isnull=False).count() == 3
