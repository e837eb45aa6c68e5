"""`conseils retention`: people without a seat for N years and without other recent activity
are pseudonymised; the audit trail keeps its stored text and still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from accounts.pseudonymise import pseudonymise
from audit.log import first_broken_entry, record
from audit.models import AuditEntry
from convocations.models import Convocation, Recipient
from councils.models import Membership
from legal.models import LegalWording
from tests.minutes_helpers import held_meeting
from tests.people import PASSWORD, BaseTestCase

PARIS = ZoneInfo("Europe/Paris")
RUN_DAY = dt.datetime(2027, 1, 15, 3, 0, tzinfo=PARIS)  # the world is built before this day


def at(year: int, month: int, day: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(year, month, day, 10, 0, tzinfo=PARIS), tick=False)


class RetentionTests(BaseTestCase):
    former: User
    recent: User
    dormant: User
    returning: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.w
        with at(2018, 6, 1):
            cls.former = User.objects.create_user(
                "albert@example.org", PASSWORD, first_name="Albert", last_name="Ancien"
            )
            cls.dormant = User.objects.create_user("dora@example.org", first_name="Dora")
            cls.returning = User.objects.create_user("remi@example.org", first_name="Rémi")
            seat = Membership.objects.create(
                council=w.council,
                person=cls.former,
                category="teacher",
                start_date=dt.date(2018, 9, 1),
                end_date=dt.date(2019, 9, 1),
            )
            record(w.head, "membership.added", seat, council_id=w.council.pk)
        with at(2019, 5, 2):
            record(cls.former, "meeting.answered", seat, council_id=w.council.pk)
        cls.recent = User.objects.create_user("rita@example.org", first_name="Rita")
        User.objects.filter(pk=cls.recent.pk).update(
            date_joined=dt.datetime(2018, 1, 1, tzinfo=PARIS)
        )
        Membership.objects.create(
            council=w.council,
            person=cls.recent,
            category="teacher",
            start_date=dt.date(2020, 9, 1),
            end_date=dt.date(2024, 9, 1),
        )
        User.objects.filter(pk=cls.returning.pk).update(
            last_login=dt.datetime(2025, 3, 1, tzinfo=PARIS)
        )

    def run_retention(self, *args: str) -> str:
        out = StringIO()
        with time_machine.travel(RUN_DAY, tick=False):
            call_command("retention", *args, stdout=out)
        return out.getvalue()

    def pseudonymised(self) -> set[int]:
        placeholders = User.objects.filter(email__endswith="@pseudonyme.invalid")
        return set(placeholders.values_list("pk", flat=True))

    def test_it_pseudonymises_people_without_a_seat_for_five_years_and_no_activity(self) -> None:
        output = self.run_retention()
        assert self.pseudonymised() == {self.former.pk, self.dormant.pk}
        former = User.objects.get(pk=self.former.pk)
        assert former.email == f"personne-{former.pk}@pseudonyme.invalid"
        assert (former.first_name, former.last_name) == ("", f"Personne {former.pk}")
        assert not former.is_active and not former.has_usable_password()
        assert not former.check_password(PASSWORD)
        assert not User.objects.filter(email="albert@example.org").exists()
        assert (
            f"pseudonymised person #{former.pk}: last seat ended 2019-09-01, kept 5 years" in output
        )
        assert "Albert" not in output
        assert output.endswith("2 pseudonymised\n")

    def test_sitting_members_recent_members_and_active_people_are_kept(self) -> None:
        self.run_retention()
        for person in (self.w.member, self.w.head, self.w.outsider, self.recent, self.returning):
            person.refresh_from_db()
            assert "@pseudonyme.invalid" not in person.email, person

    def test_their_seats_stay_attached_to_the_placeholder(self) -> None:
        self.run_retention()
        seat = Membership.objects.get(person_id=self.former.pk)
        assert str(seat.person) == f"Personne {self.former.pk}"

    def test_the_audit_trail_keeps_its_text_and_still_verifies(self) -> None:
        before = list(AuditEntry.objects.values_list("pk", "hash", "actor_label", "object_label"))
        self.run_retention()
        after = list(AuditEntry.objects.values_list("pk", "hash", "actor_label", "object_label"))
        assert after[: len(before)] == before
        assert "Albert Ancien" in {row[2] for row in before}
        assert first_broken_entry() is None
        call_command("audit", "verify", stdout=StringIO())
        new = AuditEntry.objects.filter(
            action="person.pseudonymised", object_id=str(self.former.pk)
        )
        assert new.get().summary == {"years": 5, "last_seat_ended": "2019-09-01"}
        assert new.get().object_label == f"Personne {self.former.pk}"

    def test_it_is_idempotent(self) -> None:
        self.run_retention()
        count = AuditEntry.objects.count()
        assert self.run_retention() == "0 pseudonymised\n"
        assert AuditEntry.objects.count() == count

    def test_a_dry_run_lists_and_changes_nothing(self) -> None:
        output = self.run_retention("--dry-run")
        assert f"would pseudonymise person #{self.former.pk} (Albert Ancien)" in output
        assert output.endswith("2 would pseudonymise\n")
        assert self.pseudonymised() == set()
        assert not AuditEntry.objects.filter(action="person.pseudonymised").exists()

    def test_the_institutions_own_period_applies_and_years_overrides_it(self) -> None:
        LegalWording.objects.create(institution=self.w.institution, retention_years=10)
        self.run_retention()
        assert self.pseudonymised() == {self.dormant.pk}  # no seat: the RETENTION_YEARS default
        self.run_retention("--years", "8")  # 2019-01-15: the seat ended after it
        assert self.pseudonymised() == {self.dormant.pk}
        output = self.run_retention("--years", "7")
        assert self.pseudonymised() == {self.dormant.pk, self.former.pk}
        assert "kept 7 years" in output

    def test_recent_activity_in_the_audit_trail_keeps_a_person(self) -> None:
        with at(2023, 2, 1):
            record(self.former, "recommendation.answered", None)
        self.run_retention()
        assert self.pseudonymised() == {self.dormant.pk}

    def test_a_person_who_holds_a_function_is_kept(self) -> None:
        self.w.track.head = self.former
        self.w.track.save()
        self.run_retention()
        assert self.pseudonymised() == {self.dormant.pk}

    def test_the_address_their_convocations_went_to_is_replaced(self) -> None:
        convocation = Convocation.objects.create(meeting=held_meeting(self.w))
        seat = Membership.objects.get(person=self.former)
        Recipient.objects.create(convocation=convocation, membership=seat, email=self.former.email)
        self.run_retention()
        recipient = Recipient.objects.get(membership=seat)
        assert recipient.email == f"personne-{self.former.pk}@pseudonyme.invalid"

    def test_it_refuses_a_period_below_one_year(self) -> None:
        with pytest.raises(CommandError) as err:
            self.run_retention("--years", "0")
        assert err.value.returncode == 2
        assert self.pseudonymised() == set()


class PseudonymiseTests(BaseTestCase):
    def test_it_is_stable_and_touches_only_the_person(self) -> None:
        entry = record(self.w.head, "membership.changed", self.w.member)
        first = pseudonymise(self.w.member)
        again = pseudonymise(User.objects.get(pk=self.w.member.pk))
        assert (first.email, first.last_name) == (again.email, again.last_name)
        assert AuditEntry.objects.get(pk=entry.pk).object_label == "Marie Membre"
        assert self.w.head.email == User.objects.get(pk=self.w.head.pk).email
