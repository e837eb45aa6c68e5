"""councils.roles: each predicate agrees with its queryset filter, person by person, and the
fixed people hold the roles the seed gives them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from councils import roles
from councils.models import Council
from tests.people import BaseTestCase


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
