"""councils.roles: each predicate agrees with its queryset filter, person by person, and the
fixed people hold the roles the seed gives them."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db.models.sql.compiler import SQLCompiler

from councils import roles
from councils.models import Council
from tests.people import BaseTestCase, seat


class RolesTest(BaseTestCase):
    def everyone(self) -> dict[str, object]:
        people: dict[str, object] = {k: v for k, v in self.w.people().items() if v is not None}
        return people | {"anonymous": AnonymousUser()}

    def test_each_council_predicate_agrees_with_its_queryset_filter(self) -> None:
        pairs = [
            (roles.may_read_council, roles.councils_readable_by),
            (roles.may_edit_council, roles.councils_editable_by),
            (roles.presides, roles.councils_presided_by),
            (roles.is_director_of, roles.councils_of_director),
            (roles.is_head_of, roles.councils_of_head),
            (lambda u, c: roles.seat_of(u, c) is not None, roles.councils_where_seated),
        ]
        for name, person in self.everyone().items():
            for predicate, listed in pairs:
                ids = set(listed(person).values_list("pk", flat=True))
                for council in Council.objects.all():
                    with self.subTest(person=name, predicate=predicate, council=council.name):
                        self.assertEqual(predicate(person, council), council.pk in ids)

    def test_the_director_signs_and_the_head_sends_and_nobody_else(self) -> None:
        council = self.w.council
        signers = {n for n, p in self.everyone().items() if roles.may_sign_convocation(p, council)}
        senders = {n for n, p in self.everyone().items() if roles.may_send_convocation(p, council)}
        self.assertEqual((signers, senders), ({"director"}, {"head"}))

    def test_organisers_and_the_president_lead_a_council_members_do_not(self) -> None:
        leaders = {n for n, p in self.everyone().items() if roles.leads(p, self.w.council)}
        self.assertEqual(leaders, {"director", "head", "president"})

    def test_an_outsider_reads_nothing(self) -> None:
        for person in (self.w.outsider, AnonymousUser()):
            self.assertFalse(roles.councils_readable_by(person).exists())
            self.assertFalse(roles.institutions_directed_by(person).exists())


class StandingTest(BaseTestCase):
    def test_the_standing_and_the_readable_councils_come_from_one_table(self) -> None:
        assert tuple(roles.LOOKUPS) == roles.STANDING_KINDS
        assert set(roles.COUNCILS_READ) <= set(roles.LOOKUPS)
        for name, person in self.w.people().items():
            if person is None:
                continue
            with self.subTest(person=name):
                listed = set(roles.councils_readable_by(person).values_list("pk", flat=True))
                self.assertEqual(roles.standing_of(person).councils_read, listed)

    def test_the_standing_query_is_compiled_once_a_day_and_follows_the_day(self) -> None:
        ends = dt.date(2031, 3, 2)
        ending = seat(self.w.other_council, self.w.member, "teacher")
        ending.end_date = ends
        ending.save(update_fields=["end_date"])
        with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC), tick=False):
            roles.standing_of(self.w.head)  # compiled here, for this day
            with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as compile_:
                standing = roles.standing_of(self.w.member)
            assert compile_.call_count == 0
            assert self.w.other_council.pk in standing.councils_seated
        with time_machine.travel(dt.datetime(2031, 3, 2, 12, tzinfo=dt.UTC), tick=False):
            standing = roles.standing_of(self.w.member)
            assert self.w.other_council.pk not in standing.councils_seated
            assert self.w.council.pk in standing.councils_seated
