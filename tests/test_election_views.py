"""The director organises an election of a college of the conseil d'institut: electors, lists,
results, the result page that explains itself, the procès-verbal, the proclamation that makes
the elected members of the council, and the next in line on a seat fallen vacant."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from councils import actions as councils
from councils.models import Council, Membership
from elections import actions
from elections.models import ElectedSeat, Election, ElectionList
from tests.election_helpers import dates, election_with_results, institute, person
from tests.people import BaseTestCase


class ElectionPagesTests(BaseTestCase):
    council: Council

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.council = institute(cls.w)

    def test_the_director_creates_an_election_for_a_college(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("elections:create", args=[self.council.pk]),
            {
                "category": "user",
                "seats": 4,
                "held_on": "2026-10-14",
                "mandate_start": "2026-11-01",
            },
        )
        election = Election.objects.get()
        assert response.status_code == 302
        assert (election.college, election.users, election.kind) == (
            "f",
            True,
            "inspe_institute_council",
        )

    def test_a_college_is_refused_a_number_of_seats_the_code_does_not_give(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("elections:create", args=[self.council.pk]),
            {
                "category": "professor",
                "seats": 3,
                "held_on": "2026-10-14",
                "mandate_start": "2026-11-01",
            },
        )
        assert response.status_code == 422
        assert "élit 2 représentants" in response.content.decode()
        assert not Election.objects.exists()

    def test_the_result_page_explains_each_step_with_its_article(self) -> None:
        election = election_with_results(self.w, self.council)
        self.login(self.w.member)  # sits in a CPER, not in the conseil d'institut
        assert self.client.get(reverse("elections:result", args=[election.pk])).status_code == 404
        self.login(self.w.director)
        page = self.client.get(reverse("elections:result", args=[election.pk])).content.decode()
        assert "Quotient électoral" in page and "<strong>50</strong>" in page
        assert "Le quotient électoral est égal au nombre total de suffrages exprimés" in page
        assert "B1 Candidat cède son siège à B2 Candidat" in page
        assert "1° Le dernier siège revenant à un candidat du sexe majoritairement" in page
        assert "art. D. 721-4" in page and "art. D. 719-21" in page

    def test_a_quotient_that_is_not_whole_is_shown_as_a_fraction_and_a_decimal(self) -> None:
        election = election_with_results(self.w, self.council)
        lists = list(election.lists.all())
        actions.enter_results(
            election, {lists[0].pk: 61, lists[1].pk: 40}, blank=0, void=0, by=self.w.director
        )
        self.login(self.w.director)
        page = self.client.get(reverse("elections:result", args=[election.pk])).content.decode()
        assert "101/2" in page and "50,5000" in page  # Q = 101 / 2
        assert "21/2" in page and "10,5000" in page  # A's rest: 61 − 101/2

    def test_results_breaking_alternation_are_refused_and_nothing_changes(self) -> None:
        election = election_with_results(self.w, self.council)
        lst = election.lists.get(name="B")
        Election.objects.filter(pk=election.pk).update(state="lists_open")
        actions.add_candidate(
            lst, actions.Person("b3@example.org", "B3", "Candidat", "F"), by=self.w.director
        )
        self.login(self.w.director)
        response = self.client.post(
            reverse("elections:results", args=[election.pk]),
            {f"votes_{x.pk}": 10 for x in election.lists.all()} | {"blank": 0, "void": 0},
        )
        assert response.status_code == 422
        assert "doit alterner" in response.content.decode()
        assert election.lists.get(name="A").votes == 60
        assert Election.objects.get(pk=election.pk).state == "lists_open"

    def test_proclaiming_makes_the_elected_members_with_their_mandate(self) -> None:
        election = election_with_results(self.w, self.council)
        before = set(self.council.memberships.current().filter(category="other_teacher"))
        self.login(self.w.director)
        url = reverse("elections:proclaim", args=[election.pk])
        assert self.client.post(url).status_code == 302
        assert self.client.post(url).status_code == 302  # a second click changes nothing
        seats = self.council.memberships.current().filter(category="other_teacher")
        assert {s.person.first_name for s in seats} == {"A1", "B2"}
        seat = seats.get(person__first_name="A1")
        assert seat.term_end == seat.start_date.replace(year=seat.start_date.year + 5)
        assert seat.designation.reference.startswith("Élection du")
        ended = Membership.objects.filter(pk__in=[s.pk for s in before])
        assert {s.end_date for s in ended} == {election.mandate_start}  # successors came
        assert AuditEntry.objects.filter(action="election.proclaimed").count() == 1
        assert ElectedSeat.objects.count() == 2
        refused = self.client.post(reverse("elections:open_lists", args=[election.pk]))
        assert refused.status_code == 409 and "proclamée" in refused.content.decode()

    def test_a_vacant_seat_goes_to_the_next_in_line_of_the_same_list(self) -> None:
        election = election_with_results(self.w, self.council)
        actions.proclaim(election, by=self.w.director)
        elected = ElectedSeat.objects.get(candidate__person=person("A1"))
        url = reverse("elections:next_in_line", args=[election.pk, elected.pk])
        self.login(self.w.director)
        page = self.client.get(url).content.decode()
        assert "A2 Candidat" in page and "pas vacant" in page
        seat = elected.membership
        seat.council = self.council
        councils.end_membership(seat, timezone.localdate(), by=self.w.director, confirm=True)
        response = self.client.post(url)
        assert response.status_code == 302
        successor = seat.successor
        assert successor.person == person("A2")
        assert successor.term_end == seat.term_end  # the remaining term
        assert ElectedSeat.objects.get(membership=successor).kind == "next_in_line"
        assert self.client.post(url).status_code == 422  # the seat is no longer vacant

    def test_electors_are_imported_from_a_workbook_after_a_preview(self) -> None:
        election = election_with_results(self.w, self.council)
        Election.objects.filter(pk=election.pk).update(state="draft")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["email", "prenom", "nom"])
        sheet.append(["zoe@example.org", "Zoé", "Zola"])
        sheet.append(["yann@example.org", "Yann", "Yole"])
        data = io.BytesIO()
        book.save(data)
        self.login(self.w.director)
        url = reverse("elections:electors_import", args=[election.pk])
        upload = SimpleUploadedFile("liste.xlsx", data.getvalue())
        preview = self.client.post(url, {"file": upload})
        assert preview.status_code == 200 and "Zola" in preview.content.decode()
        assert election.electors.count() == 1
        payload = preview.context["payload"]
        assert self.client.post(url, {"payload": payload, "apply": "1"}).status_code == 302
        assert sorted(election.electors.values_list("email", flat=True)) == [
            "yann@example.org",
            "zoe@example.org",
        ]

    def test_the_minutes_print(self) -> None:
        election = election_with_results(self.w, self.council)
        self.login(self.w.director)
        response = self.client.get(reverse("elections:pv", args=[election.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    def test_the_college_is_named_as_the_code_names_it_never_by_its_letter(self) -> None:
        election = election_with_results(self.w, self.council)
        first = ElectionList.objects.filter(election=election).order_by("pk")[0]
        ElectionList.objects.filter(pk=first.pk).update(votes=1050)
        self.login(self.w.director)
        page = self.client.get(reverse("elections:detail", args=[election.pk])).content.decode()
        assert "Élection du collège des autres enseignants et formateurs" in page
        assert "collège c" not in page
        assert "1\xa0050 voix" in page
        assert "en ligne de commande" in page and "allocate" not in page
        pdf = self.client.get(reverse("elections:pv", args=[election.pk])).content
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "collège des autres enseignants et formateurs" in " ".join(text.split())
        self.client.cookies["django_language"] = "en"
        page = self.client.get(reverse("elections:list", args=[self.council.pk])).content.decode()
        assert "College of other teachers and trainers" in page

    def test_the_page_gives_the_same_seats_as_the_command(self) -> None:
        election = election_with_results(self.w, self.council)
        self.login(self.w.director)
        data = self.client.get(reverse("elections:input_json", args=[election.pk])).json()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            command = Path(sys.executable).parent / "conseils"
            run = subprocess.run(
                [str(command), "elections", "allocate", str(path), "--json"],
                capture_output=True,
                text=True,
                check=False,
            )
        assert run.returncode == 0, run.stderr
        assert [e["name"] for e in json.loads(run.stdout)["elected"]] == [
            "A1 Candidat",
            "B2 Candidat",
        ]

    def test_an_outsider_is_refused_every_page(self) -> None:
        election = election_with_results(self.w, self.council)
        self.login(self.w.outsider)
        for name in ("detail", "result", "pv", "electors", "lists", "input_json"):
            assert (
                self.client.get(reverse(f"elections:{name}", args=[election.pk])).status_code == 404
            )
        assert (
            self.client.post(reverse("elections:proclaim", args=[election.pk])).status_code == 404
        )
        assert Election.objects.get(pk=election.pk).state == "results_entered"


class ElectionLifeTests(BaseTestCase):
    council: Council

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.council = institute(cls.w)

    def test_a_list_is_refused_before_the_lists_open_naming_the_state(self) -> None:
        held_on, start = dates()
        election = actions.create_election(
            self.council,
            actions.Settings(category="professor", seats=2, held_on=held_on, mandate_start=start),
            by=self.w.director,
        )
        self.login(self.w.director)
        response = self.client.post(reverse("elections:lists", args=[election.pk]), {"name": "A"})
        assert response.status_code == 409
        assert "en préparation" in response.content.decode()
        assert not election.lists.exists()

    def test_a_reader_who_does_not_run_elections_is_refused_the_forms(self) -> None:
        election = election_with_results(self.w, self.council)
        seat = self.council.memberships.current().first()
        assert seat is not None
        self.login(seat.person)  # sits in the conseil d'institut: reads, does not run
        assert self.client.get(reverse("elections:result", args=[election.pk])).status_code == 200
        for name in ("results", "electors"):
            url = reverse(f"elections:{name}", args=[election.pk])
            assert self.client.get(url).status_code == 403
        assert (
            self.client.post(reverse("elections:proclaim", args=[election.pk])).status_code == 403
        )

    def test_a_vacant_users_seat_goes_to_the_titulaire_s_substitute(self) -> None:
        held_on, start = dates()
        election = actions.create_election(
            self.council,
            actions.Settings(category="user", seats=4, held_on=held_on, mandate_start=start),
            by=self.w.director,
        )
        actions.open_lists(election, by=self.w.director)
        lst = actions.add_list(election, "U", by=self.w.director)
        for i, sex in enumerate("FMFMFMFM"):
            who = actions.Person(f"u{i}@example.org", f"U{i + 1}", "Usager", sex)
            actions.add_candidate(lst, who, by=self.w.director)
        actions.enter_results(election, {lst.pk: 50}, blank=0, void=0, by=self.w.director)
        election, _now = actions.proclaim(election, by=self.w.director)
        first = ElectedSeat.objects.get(candidate__position=1, election=election)
        assert first.substitute is not None and first.substitute.position == 5
        assert actions.next_in_line(first) == first.substitute
        seat = first.membership
        seat.council = self.council
        councils.end_membership(seat, timezone.localdate(), by=self.w.director, confirm=True)
        self.login(self.w.director)
        page = self.client.get(reverse("councils:successor", args=[self.council.pk, seat.pk]))
        assert "Désigner le suivant de liste" in page.content.decode()
        actions.designate_next_in_line(first, by=self.w.director)
        assert Membership.objects.get(predecessor=seat).person.first_name == "U5"

    def test_the_council_s_elections_list_keeps_a_fixed_number_of_queries(self) -> None:
        held_on, start = dates()
        settings = actions.Settings(
            category="professor", seats=2, held_on=held_on, mandate_start=start
        )
        actions.create_election(self.council, settings, by=self.w.director)
        self.login(self.w.director)
        url = reverse("elections:list", args=[self.council.pk])
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for _ in range(3):
            actions.create_election(self.council, settings, by=self.w.director)
        with self.assertNumQueries(len(one)):
            page = self.client.get(url)
        assert page.content.decode().count("/elections/") >= 4


class AgreementTests(BaseTestCase):
    """ "suppléante : Clara Benoît", "proclamée élue": the election's pages agree with the sex
    each candidacy gives."""

    def test_substitutes_and_the_elected_agree_with_their_sex(self) -> None:
        council = institute(self.w)
        held_on, start = dates()
        election = actions.create_election(
            council,
            actions.Settings(category="user", seats=4, held_on=held_on, mandate_start=start),
            by=self.w.director,
        )
        actions.add_elector(election, "Électeur", "Un", "e1@example.org", by=self.w.director)
        actions.open_lists(election, by=self.w.director)
        lst = actions.add_list(election, "A", by=self.w.director)
        for i, sex in enumerate("MFMFMFMF", start=1):
            who = actions.Person(f"a{i}@candidats.example.org", f"A{i}", "Candidat", sex)
            actions.add_candidate(lst, who, by=self.w.director)
        actions.enter_results(election, {lst.pk: 50}, blank=0, void=0, by=self.w.director)
        self.login(self.w.director)
        page = self.client.get(reverse("elections:result", args=[election.pk])).content.decode()
        assert "suppléante : A" in page and "suppléant : A" in page
        actions.proclaim(Election.objects.get(pk=election.pk), by=self.w.director)
        page = self.client.get(reverse("elections:detail", args=[election.pk])).content.decode()
        assert "proclamée élue" in page and "proclamé élu" in page
        assert "suppléante : A" in page and "suppléant : A" in page
