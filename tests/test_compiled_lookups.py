"""Lookups compiled once a day (conseils.compiled, councils.roles.Readable): the same answers as
the querysets they are built from, for everyone, without compiling them again, following the
day; a queryset that depends on anything else than its ids and the day is refused."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from conseils.compiled import Compiled
from councils import roles
from councils.access import get_council_for_user
from councils.models import Council
from tests.compiling import compiled_sql
from tests.people import PASSWORD, BaseTestCase, seat


def _council_for(person: object, pk: int) -> Council | None:
    request = RequestFactory().get("/")
    request.user = person  # type: ignore[assignment]
    try:
        return get_council_for_user(request, pk)
    except Http404:
        return None


class ReadableTest(BaseTestCase):
    def test_a_council_is_found_for_whoever_reads_it_and_nobody_else(self) -> None:
        admin = User.objects.create_superuser("root@example.org", PASSWORD)
        people: dict[str, object] = {k: v for k, v in self.w.people().items() if v is not None}
        people |= {"anonymous": AnonymousUser(), "superuser": admin}
        for name, person in people.items():
            for council in Council.objects.all():
                with self.subTest(person=name, council=council.name):
                    found = _council_for(person, council.pk)
                    self.assertEqual(found is not None, roles.may_read_council(person, council))
                    if found is not None:
                        self.assertEqual(
                            (found.pk, found.institution), (council.pk, council.institution)
                        )
        self.assertIsNone(_council_for(self.w.member, 10**9))

    def test_the_council_lookup_is_compiled_once_a_day_and_follows_the_day(self) -> None:
        ending = seat(self.w.other_council, self.w.member, "teacher")
        ending.end_date = dt.date(2031, 3, 2)
        ending.save(update_fields=["end_date"])
        with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC), tick=False):
            _council_for(self.w.head, self.w.council.pk)  # compiled here, for this day
            with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as compile_:
                found = _council_for(self.w.member, self.w.other_council.pk)
            assert compile_.call_count == 0
            assert found == self.w.other_council
        with time_machine.travel(dt.datetime(2031, 3, 3, 12, tzinfo=dt.UTC), tick=False):
            assert _council_for(self.w.member, self.w.other_council.pk) is None
            assert _council_for(self.w.member, self.w.council.pk) == self.w.council


class CompiledTest(BaseTestCase):
    def test_a_queryset_that_reads_the_time_or_ignores_an_id_is_refused(self) -> None:
        timed: Compiled[User] = Compiled(
            User, lambda pk: User.objects.filter(pk=pk, last_login__lt=timezone.now())
        )
        with self.assertRaisesRegex(ValueError, "its ids and the day only"):
            timed(self.w.member.pk)
        from django.db.models import Prefetch

        from meetings.models import Meeting

        coming: Compiled[Council] = Compiled(
            Council,
            lambda pk: Council.objects.filter(pk=pk).prefetch_related(
                Prefetch("meetings", queryset=Meeting.objects.filter(starts_at__gte=timezone.now()))
            ),
        )
        with self.assertRaisesRegex(ValueError, "its ids and the day only"):
            coming(self.w.council.pk)
        blind: Compiled[User] = Compiled(User, lambda pk: User.objects.all())
        with self.assertRaisesRegex(ValueError, r"missing from the parameters: \[0\]"):
            blind(self.w.member.pk)

    def test_an_id_no_row_can_have_finds_nothing_as_django_does(self) -> None:
        huge = 11224384102536134096668220981248  # a URL's <int:pk> takes any number
        assert list(Council.objects.filter(pk=huge)) == []
        assert _council_for(self.w.member, huge) is None
        self.client.force_login(self.w.member)
        for name in ("councils:detail", "meetings:detail", "minutes:detail"):
            with self.subTest(page=name):
                from django.urls import reverse

                assert self.client.get(reverse(name, args=[huge])).status_code == 404

    def test_rows_come_back_as_the_queryset_gives_them(self) -> None:
        seated: Compiled[tuple[int, str]] = Compiled(
            Council,
            lambda me: (
                Council.objects.filter(memberships__person=me)
                .order_by("pk")
                .values_list("pk", "institution__name")
            ),
        )
        expected = list(
            Council.objects.filter(memberships__person=self.w.member.pk)
            .order_by("pk")
            .values_list("pk", "institution__name")
        )
        assert expected and seated(self.w.member.pk) == expected
        assert seated(self.w.outsider.pk) == []


class MeetingPageTest(BaseTestCase):
    def test_the_meeting_page_compiles_its_own_queries_once_a_day(self) -> None:

        from django.urls import reverse

        from meetings import actions
        from tests.meetings_world import plan

        meeting = plan(self.w)
        seat_ = meeting.council.memberships.get(person=self.w.member)
        actions.answer(meeting, seat_, "present", by=self.w.member)
        self.client.force_login(self.w.member)
        url = reverse("meetings:detail", args=[meeting.pk])
        assert self.client.get(url).status_code == 200  # compiled here, for this day
        with compiled_sql() as compiled:
            response = self.client.get(url)
        self.assertContains(response, "Présent")
        own = ("answer", "agendaitem", "attachment", "meetingchange", "calendarentry")
        tables = [f'FROM "meetings_{name}"' for name in own] + ['FROM "minutes_minutes"']
        assert not [sql for sql in compiled if any(t in sql for t in tables)], compiled


class MinutesPageTest(BaseTestCase):
    def test_the_minutes_page_reads_its_approvals_once_from_sql_compiled_once_a_day(self) -> None:

        from django.urls import reverse

        from minutes import actions
        from tests.minutes_helpers import draft_minutes

        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        url = reverse("minutes:detail", args=[minutes.pk])
        self.client.force_login(self.w.president)
        self.client.get(url)  # compiled here, for this day
        with compiled_sql() as compiled:
            page = self.client.get(url)
        own = ('FROM "minutes_approval"', 'FROM "minutes_revision"')
        assert not [sql for sql in compiled if any(table in sql for table in own)], compiled
        expected = list(minutes.approvals.select_related("person", "revision"))
        assert len(expected) == 3 and page.context["approvals"] == expected
        assert [a.person for a in page.context["mine"]] == [self.w.president]
        assert page.context["revisions"] == list(minutes.revisions.all())
