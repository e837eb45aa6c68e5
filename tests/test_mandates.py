"""Mandates: terms, extended seats, successors and replacements, the forecast and reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from councils import actions, mandates
from councils.models import Designation, MandateReminder, Membership
from councils.tasks import remind_mandates_ending
from law.citations import quote_in_article
from tests.people import BaseTestCase
from tests.test_annex_pdf import pdf_text

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 30)
IN_TEN_DAYS = dt.date(2026, 12, 10)
ACT = actions.Act(
    designated_by="Les étudiants de la mention",
    designated_on=dt.date(2026, 11, 28),
    basis="Élection des représentants des étudiants",
    reference="élection du 28 novembre 2026",
)


def extended_cpers() -> Any:
    """An establishment that keeps its CPER members sitting until their successors come."""
    from django.conf import settings

    config: dict[str, Any] = settings.MANDATES
    types = {**config["council_types"]}
    types["cper"] = {**types["cper"], "until_successor": True}
    return override_settings(MANDATES={**config, "council_types": types})


class TermTests(BaseTestCase):
    def test_an_academic_year_ends_on_the_last_day_of_august(self) -> None:
        assert mandates.academic_year_end(dt.date(2026, 10, 1)) == dt.date(2027, 9, 1)
        assert mandates.academic_year_end(dt.date(2027, 3, 1)) == dt.date(2027, 9, 1)
        assert mandates.academic_year_end(dt.date(2027, 8, 31)) == dt.date(2027, 9, 1)
        assert mandates.academic_year_end(dt.date(2027, 9, 1)) == dt.date(2028, 9, 1)

    def test_a_term_begun_on_29_february_ends_on_1_march(self) -> None:
        assert mandates.add_years(dt.date(2028, 2, 29), 2) == dt.date(2030, 3, 1)

    def test_cper_student_seats_last_one_academic_year_and_others_have_no_term(self) -> None:
        cper = mandates.policy("cper")
        assert cper.term_end("student_representative", dt.date(2026, 10, 5)) == dt.date(2027, 9, 1)
        assert cper.term_end("teacher", dt.date(2026, 10, 5)) is None
        assert not cper.until_successor and not cper.by_law

    def test_inspe_councils_follow_article_d_721_6(self) -> None:
        council = mandates.policy("inspe_institute_council")
        start = dt.date(2026, 10, 5)
        assert council.term_end("professor", start) == dt.date(2031, 10, 5)  # cinq ans
        assert council.term_end("user", start) == dt.date(2028, 10, 5)  # deux ans
        assert council.until_successor and council.by_law
        assert mandates.policy("inspe_cosp").term_end("ex_officio", start) == dt.date(2031, 10, 5)

    def test_every_mandate_citation_stands_word_for_word_in_the_code(self) -> None:
        from law.loader import load

        load()
        citations = {c for cs in mandates.LAW.values() for c in cs}
        assert len(citations) == 3
        for citation in citations:
            assert citation.code_line is not None
            assert quote_in_article(citation.code_line, citation.quote), citation.quote
        changed = mandates.SUCCESSOR_QUOTE.replace("successeurs", "suppléants")
        assert not quote_in_article(mandates.D_721_6_LINE, changed)

    @time_machine.travel(NOW)
    def test_a_student_added_to_a_cper_gets_the_academic_year_and_leaves_at_its_end(self) -> None:
        person = actions.find_or_create_person("nina@example.org", "Nina", "Nouvelle")
        seat = actions.Seat(category="student_representative", component=None, start_date=TODAY)
        membership = actions.add_membership(
            self.w.council, person, seat, by=self.w.head, confirm=True, act=ACT
        )
        assert membership.term_end == dt.date(2027, 9, 1)
        assert membership.end_date == dt.date(2027, 9, 1)  # no extension on a CPER
        assert membership.designation.kind == Designation.Kind.FIRST
        assert membership.designation.basis == ACT.basis

    @time_machine.travel(NOW)
    def test_a_teacher_added_to_a_cper_has_no_term(self) -> None:
        person = actions.find_or_create_person("tim@example.org", "Tim", "Trois")
        seat = actions.Seat(category="teacher", component=self.w.amu, start_date=TODAY)
        membership = actions.add_membership(self.w.council, person, seat, by=self.w.head)
        assert membership.term_end is None and membership.end_date is None
        assert not Designation.objects.filter(membership=membership).exists()


def end_student_seats(w: Any, day: dt.date, *, extended: bool = False) -> list[Membership]:
    seats = list(w.council.memberships.filter(category="student_representative"))
    for seat in seats:
        seat.term_end = day
        seat.end_date = None if extended else day
        seat.save()
    return seats


@time_machine.travel(NOW)
class ForecastTests(BaseTestCase):
    def test_a_council_legal_today_breaks_the_day_its_student_seats_end(self) -> None:
        end_student_seats(self.w, IN_TEN_DAYS)
        breach = mandates.council_forecast(self.w.council, TODAY)
        assert breach is not None and breach.day == IN_TEN_DAYS
        assert [v.rule.id for v in breach.violations] == [
            "members.total",
            "student_representative.count",
        ]
        assert breach.sentence() == (
            "le 10 décembre 2026 : il manquera 2 membres ; "
            "il manquera 2 sièges « Représentant des étudiants »"
        )

    def test_the_forecast_speaks_english_too(self) -> None:
        from django.utils import translation

        end_student_seats(self.w, IN_TEN_DAYS)
        breach = mandates.council_forecast(self.w.council, TODAY)
        assert breach is not None
        with translation.override("en"):
            assert breach.sentence() == (
                "on 10 December 2026: 2 members will be missing; "
                "2 “Student representative” seats will be missing"
            )

    def test_one_student_leaving_leaves_one_seat_missing(self) -> None:
        seat = self.w.council.memberships.get(person=self.w.student)
        seat.term_end = seat.end_date = IN_TEN_DAYS
        seat.save()
        breach = mandates.council_forecast(self.w.council, TODAY)
        assert breach is not None
        assert breach.sentence() == (
            "le 10 décembre 2026 : il manquera un membre ; "
            "il manquera un siège « Représentant des étudiants »"
        )

    def test_a_successor_designated_ahead_keeps_the_composition_legal(self) -> None:
        seats = end_student_seats(self.w, IN_TEN_DAYS)
        pairs = [
            (s, actions.find_or_create_person(f"new{i}@example.org", "Nouvel", f"Élu{i}"))
            for i, s in enumerate(seats)
        ]
        actions.renew_seats(self.w.council, pairs, ACT, by=self.w.director)
        breach = mandates.council_forecast(self.w.council, TODAY)
        assert breach is not None and breach.day == dt.date(2027, 9, 1)  # the successors' term

    def test_the_dashboard_forecasts_with_the_seats_to_come_it_read_once(self) -> None:
        seats = end_student_seats(self.w, IN_TEN_DAYS)
        pairs = [
            (s, actions.find_or_create_person(f"new{i}@example.org", "Nouvel", f"Élu{i}"))
            for i, s in enumerate(seats)
        ]
        actions.renew_seats(self.w.council, pairs, ACT, by=self.w.director)
        self.login(self.w.director)
        page = self.client.get(reverse("dashboard"))
        (breach,) = [
            b
            for _institution, _rows, breaches in page.context["boards"]
            for b in breaches
            if b.council == self.w.council
        ]
        # The successors, who sit from 10 December, are counted: the break is at their term.
        assert breach.day == dt.date(2027, 9, 1)
        self.assertContains(page, f"{self.w.council.name}</a> — le 1er septembre 2027")

    def test_seats_that_sit_until_their_successor_never_break_the_composition(self) -> None:
        with extended_cpers():
            end_student_seats(self.w, IN_TEN_DAYS, extended=True)
            assert mandates.council_forecast(self.w.council, TODAY) is None

    def test_the_council_page_shows_the_forecast_and_the_establishment_setting(self) -> None:
        end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.member)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(
            page,
            "La composition deviendra irrégulière le 10 décembre 2026 : il manquera 2 membres ; "
            "il manquera 2 sièges « Représentant des étudiants ».",
            html=False,
        )
        self.assertContains(page, "réglage de l’établissement")
        self.assertContains(page, "Représentant des étudiants : mandat d’une année universitaire")
        self.assertNotContains(page, "D. 721-6")  # no law governs a CPER's terms
        self.assertNotContains(page, reverse("councils:renewal", args=[self.w.council.pk]))

    def test_a_legal_future_says_so(self) -> None:
        self.login(self.w.member)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(
            page, "Aucune fin de mandat prévue ne rend la composition contraire aux règles."
        )

    def test_the_dashboard_lists_the_councils_that_will_break(self) -> None:
        end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.director)
        page = self.client.get(reverse("dashboard"))
        self.assertContains(
            page, "le 10 décembre 2026 : il manquera 2 membres ; il manquera 2 sièges"
        )
        self.assertContains(
            page, f"{reverse('councils:detail', args=[self.w.council.pk])}#mandates"
        )


@time_machine.travel(NOW)
class ReminderTests(BaseTestCase):
    def run_task(self) -> int:
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            result = remind_mandates_ending.call_local()  # what the worker runs each morning
        return int(result)

    def test_the_director_and_the_head_of_mention_are_reminded_once(self) -> None:
        end_student_seats(self.w, IN_TEN_DAYS)
        assert self.run_task() == 1
        assert sorted(m.to[0] for m in mail.outbox) == [self.w.director.email, self.w.head.email]
        body = mail.outbox[0].body
        assert "CPER mathématiques" in mail.outbox[0].subject
        assert "mandat jusqu’au 9 décembre 2026" in body
        assert "le 10 décembre 2026 : il manquera 2 membres ; il manquera 2 sièges" in body
        assert reverse("councils:renewal", args=[self.w.council.pk]) in body
        assert MandateReminder.objects.count() == 4  # 2 seats × 2 thresholds, both passed
        assert self.run_task() == 0 and mail.outbox == []

    def test_it_reminds_at_sixty_days_then_at_thirty(self) -> None:
        end_student_seats(self.w, TODAY + dt.timedelta(days=45))
        assert self.run_task() == 1
        assert self.run_task() == 0
        with time_machine.travel(NOW + dt.timedelta(days=16)):
            assert self.run_task() == 1
            assert self.run_task() == 0
        assert set(MandateReminder.objects.values_list("days_before", flat=True)) == {60, 30}

    def test_nobody_is_reminded_far_ahead_or_once_a_successor_is_designated(self) -> None:
        seats = end_student_seats(self.w, TODAY + dt.timedelta(days=90))
        assert self.run_task() == 0
        with time_machine.travel(NOW + dt.timedelta(days=50)):
            person = actions.find_or_create_person("new@example.org", "Nouvel", "Élu")
            actions.designate_successor(seats[0], person, ACT, by=self.w.head)
            actions.end_membership(seats[1], TODAY + dt.timedelta(days=60), by=self.w.head)
            assert self.run_task() == 0

    def test_a_reminder_cannot_be_recorded_twice(self) -> None:
        from django.db import IntegrityError, transaction

        seat = end_student_seats(self.w, IN_TEN_DAYS)[0]
        MandateReminder.objects.create(membership=seat, term_end=IN_TEN_DAYS, days_before=30)
        with self.assertRaises(IntegrityError), transaction.atomic():
            MandateReminder.objects.create(membership=seat, term_end=IN_TEN_DAYS, days_before=30)


@time_machine.travel(NOW)
class SuccessorTests(BaseTestCase):
    def test_a_successor_ends_the_extended_seat_in_one_step(self) -> None:
        with extended_cpers():
            seat = end_student_seats(self.w, dt.date(2026, 9, 1), extended=True)[0]
            assert seat.is_extended(TODAY) and seat.is_current(TODAY)
            assert self.w.council.violations() == []  # the extended seat still counts
            person = actions.find_or_create_person("new@example.org", "Nouvel", "Élu")
            successor = actions.designate_successor(seat, person, ACT, by=self.w.head)
        seat.refresh_from_db()
        assert seat.end_date == TODAY and not seat.is_current(TODAY)
        assert successor.start_date == TODAY and successor.predecessor == seat
        assert successor.term_end == dt.date(2027, 9, 1) and successor.end_date is None
        assert successor.designation.kind == Designation.Kind.SUCCESSOR
        assert self.w.council.violations() == []
        entry = AuditEntry.objects.get(action="membership.successor_designated")
        assert entry.summary["before"] == seat.person.email
        assert entry.summary["basis"] == ACT.basis

    def test_the_council_page_shows_the_extended_seat(self) -> None:
        with extended_cpers():
            end_student_seats(self.w, dt.date(2026, 9, 1), extended=True)
            self.login(self.w.head)
            page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(page, "prolongé jusqu’à la désignation de son successeur", count=2)
        self.assertContains(page, "siègent jusqu’à la désignation de leurs successeurs")

    def test_a_replacement_serves_the_remaining_term(self) -> None:
        seat = end_student_seats(self.w, dt.date(2027, 9, 1))[0]
        actions.end_membership(seat, dt.date(2026, 11, 15), by=self.w.head, confirm=True)
        assert actions.is_vacant(seat, TODAY)
        person = actions.find_or_create_person("new@example.org", "Nouvel", "Élu")
        replacement = actions.designate_successor(seat, person, ACT, by=self.w.head)
        assert replacement.term_end == dt.date(2027, 9, 1)
        assert replacement.designation.kind == Designation.Kind.REPLACEMENT

    def test_a_seat_gets_one_successor_only(self) -> None:
        seat = end_student_seats(self.w, IN_TEN_DAYS)[0]
        first = actions.find_or_create_person("a@example.org", "A", "Un")
        second = actions.find_or_create_person("b@example.org", "B", "Deux")
        actions.designate_successor(seat, first, ACT, by=self.w.head)
        with self.assertRaises(ValidationError):
            actions.designate_successor(seat, second, ACT, by=self.w.head)

    def test_a_designation_says_who_and_on_what_basis(self) -> None:
        seat = end_student_seats(self.w, IN_TEN_DAYS)[0]
        person = actions.find_or_create_person("a@example.org", "A", "Un")
        blank = actions.Act(designated_by=" ", designated_on=TODAY, basis="")
        with self.assertRaises(ValidationError):
            actions.designate_successor(seat, person, blank, by=self.w.head)
        assert not Membership.objects.filter(person=person).exists()
        seat.refresh_from_db()
        assert seat.end_date == IN_TEN_DAYS

    def test_the_head_of_track_cannot_designate(self) -> None:
        from django.core.exceptions import PermissionDenied

        seat = end_student_seats(self.w, IN_TEN_DAYS)[0]
        person = actions.find_or_create_person("a@example.org", "A", "Un")
        with self.assertRaises(PermissionDenied):
            actions.designate_successor(seat, person, ACT, by=self.w.track_head)


@time_machine.travel(NOW)
class RenewalPageTests(BaseTestCase):
    def url(self) -> str:
        return reverse("councils:renewal", args=[self.w.council.pk])

    def post_data(self, seats: list[Membership], **rows: tuple[str, str, str]) -> dict[str, str]:
        data = {
            "designated_by": ACT.designated_by,
            "designated_on": "2026-11-28",
            "basis": ACT.basis,
            "reference": ACT.reference,
        }
        for seat in seats:
            email, first, last = rows.get(str(seat.pk), ("", "", ""))
            data |= {
                f"email_{seat.pk}": email,
                f"first_name_{seat.pk}": first,
                f"last_name_{seat.pk}": last,
            }
        return data

    def test_the_student_seats_ending_are_listed_together(self) -> None:
        end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.head)
        page = self.client.get(self.url())
        self.assertContains(page, "Adresse électronique du successeur de Sam Étudiant")
        self.assertContains(page, "Adresse électronique du successeur de Sacha Deux")
        self.assertNotContains(page, "successeur de Marie Membre")

    def test_successors_are_designated_in_bulk_under_one_act(self) -> None:
        seats = end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.head)
        rows = {
            str(seats[0].pk): ("lea@example.org", "Léa", "Nouvelle"),
            str(seats[1].pk): ("ugo@example.org", "Ugo", "Nouveau"),
        }
        response = self.client.post(self.url(), self.post_data(seats, **rows))
        assert response.status_code == 302
        successors = Membership.objects.filter(predecessor__in=seats).order_by("person__email")
        assert [s.person.email for s in successors] == ["lea@example.org", "ugo@example.org"]
        assert all(s.start_date == IN_TEN_DAYS for s in successors)
        assert all(s.term_end == dt.date(2027, 9, 1) for s in successors)
        assert Designation.objects.filter(reference=ACT.reference).count() == 2
        assert AuditEntry.objects.filter(action="mandates.renewed").count() == 1

    def test_a_half_filled_row_changes_nothing(self) -> None:
        seats = end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.head)
        rows = {
            str(seats[0].pk): ("lea@example.org", "Léa", "Nouvelle"),
            str(seats[1].pk): ("ugo@example.org", "", ""),
        }
        response = self.client.post(self.url(), self.post_data(seats, **rows))
        assert response.status_code == 422
        self.assertContains(
            response, "Complétez la ligne ou videz-la entièrement.", status_code=422
        )
        assert not Membership.objects.filter(predecessor__in=seats).exists()

    def test_one_person_cannot_take_two_seats(self) -> None:
        seats = end_student_seats(self.w, IN_TEN_DAYS)
        self.login(self.w.head)
        same = ("lea@example.org", "Léa", "Nouvelle")
        rows = {str(seats[0].pk): same, str(seats[1].pk): same}
        response = self.client.post(self.url(), self.post_data(seats, **rows))
        assert response.status_code == 422
        assert not Membership.objects.filter(predecessor__in=seats).exists()

    def test_a_seat_left_vacant_this_year_is_offered_for_replacement(self) -> None:
        seat = end_student_seats(self.w, dt.date(2027, 9, 1))[0]
        actions.end_membership(seat, dt.date(2026, 11, 15), by=self.w.head, confirm=True)
        old = self.w.council.memberships.get(person=self.w.member)
        old.end_date = dt.date(2025, 10, 1)  # left over a year ago: history, not a vacancy
        old.save()
        self.login(self.w.head)
        page = self.client.get(self.url())
        self.assertContains(page, f"siège de {seat.person.display_name}, vacant depuis le 15")
        self.assertContains(page, reverse("councils:successor", args=[self.w.council.pk, seat.pk]))
        self.assertNotContains(page, "siège de Marie Membre")
        replace = self.client.get(reverse("councils:successor", args=[self.w.council.pk, seat.pk]))
        self.assertContains(
            replace, "pour la durée du mandat restant à courir, jusqu’au 31 août 2027"
        )

    def test_the_head_of_track_may_not_renew(self) -> None:
        self.login(self.w.track_head)
        assert self.client.get(self.url()).status_code == 403

    def test_an_outsider_gets_404(self) -> None:
        self.login(self.w.outsider)
        assert self.client.get(self.url()).status_code == 404


@time_machine.travel(NOW)
class DesignationPagesTests(BaseTestCase):
    def designate(self) -> Membership:
        end_student_seats(self.w, IN_TEN_DAYS)
        seat = self.w.council.memberships.get(person=self.w.student)
        person = actions.find_or_create_person("lea@example.org", "Léa", "Nouvelle")
        return actions.designate_successor(seat, person, ACT, by=self.w.head)

    def test_the_successor_page_designates_and_records_the_act(self) -> None:
        seat = end_student_seats(self.w, IN_TEN_DAYS)[0]
        self.login(self.w.director)
        url = reverse("councils:successor", args=[self.w.council.pk, seat.pk])
        page = self.client.get(url)
        self.assertContains(page, 'value="2026-12-10"')  # starts when the term ends
        response = self.client.post(
            url,
            {
                "email": "lea@example.org",
                "first_name": "Léa",
                "last_name": "Nouvelle",
                "start_date": "2026-12-10",
                "designated_by": "Le directeur de l’Inspé",
                "designated_on": "2026-11-30",
                "basis": "Proposition des étudiants de la mention",
                "reference": "",
            },
        )
        assert response.status_code == 302
        successor = Membership.objects.get(predecessor=seat)
        assert successor.designation.designated_by == "Le directeur de l’Inspé"
        assert successor.designation.recorded_by == self.w.director

    def test_members_read_the_acts_of_their_council(self) -> None:
        self.designate()
        self.login(self.w.member)
        page = self.client.get(reverse("councils:designations", args=[self.w.council.pk]))
        self.assertContains(page, "Léa Nouvelle")
        self.assertContains(page, "succède à Sam Étudiant")
        self.assertContains(page, "Référence : élection du 28 novembre 2026")

    def test_the_acts_print_as_pdf(self) -> None:
        self.designate()
        self.login(self.w.member)
        response = self.client.get(reverse("councils:designations_pdf", args=[self.w.council.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Léa Nouvelle" in text and "succède à Sam" in text

    def test_an_outsider_gets_404(self) -> None:
        self.login(self.w.outsider)
        for name in ("councils:designations", "councils:designations_pdf"):
            assert self.client.get(reverse(name, args=[self.w.council.pk])).status_code == 404
