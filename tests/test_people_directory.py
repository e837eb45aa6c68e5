"""The directory of people: who may open it, search, person page, create and edit, the picker
and the seat form that uses it."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from councils import roles
from tests.people import BaseTestCase


class AccessTests(BaseTestCase):
    def test_the_director_and_the_heads_of_mention_manage_people(self) -> None:
        assert roles.may_manage_people(self.w.director, self.w.institution)
        assert roles.may_manage_people(self.w.head, self.w.institution)
        assert roles.may_manage_people(self.w.other_head)

    def test_members_presidents_heads_of_track_and_outsiders_do_not(self) -> None:
        for person in (self.w.member, self.w.president, self.w.track_head, self.w.outsider):
            assert not roles.may_manage_people(person), person

    def test_a_director_does_not_manage_the_people_of_another_institution(self) -> None:
        from councils.models import Institution

        other = Institution.objects.create(name="Autre", short_name="A")
        assert not roles.may_manage_people(self.w.director, other)

    def test_an_outsider_is_refused_every_page(self) -> None:
        self.login(self.w.outsider)
        for url in (
            reverse("people:list"),
            reverse("people:detail", args=[self.w.member.pk]),
            reverse("people:edit", args=[self.w.member.pk]),
            reverse("people:create"),
            reverse("people:pick"),
            reverse("people:import"),
        ):
            assert self.client.get(url).status_code == 403, url
        response = self.client.post(
            reverse("people:create"),
            {"first_name": "X", "last_name": "Y", "email": "x@example.org"},
        )
        assert response.status_code == 403
        assert not User.objects.filter(email="x@example.org").exists()


class ListTests(BaseTestCase):
    def test_it_finds_people_by_name_and_by_e_mail(self) -> None:
        self.login(self.w.head)
        by_name = self.client.get(reverse("people:list"), {"q": "marie membre"})
        self.assertContains(by_name, "member@example.org")
        self.assertNotContains(by_name, "student@example.org")
        by_mail = self.client.get(reverse("people:list"), {"q": "student@"})
        self.assertContains(by_mail, "Sam Étudiant")
        self.assertNotContains(by_mail, "member@example.org")

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.director)
        self.client.get(reverse("people:list"))
        for i in range(10):
            User.objects.create_user(f"p{i}@example.org", first_name="P", last_name=str(i))
        with self.assertNumQueries(6):  # the sixth: the components of the page's seats
            self.client.get(reverse("people:list"))

    def test_a_person_without_an_organisation_shows_the_component_of_their_seat(self) -> None:
        assert self.w.member.organisation == ""
        self.login(self.w.director)
        response = self.client.get(reverse("people:list"), {"q": "member@"})
        row = response.text.split("member@example.org", 1)[1].split("</tr>", 1)[0]
        assert f"<td>{self.w.inspe}</td>" in row
        page = self.client.get(reverse("people:detail", args=[self.w.member.pk])).text
        assert f"<dd>{self.w.inspe}</dd>" in page
        self.w.member.organisation = "Rectorat"
        self.w.member.save(update_fields=["organisation"])
        response = self.client.get(reverse("people:list"), {"q": "member@"})
        assert "<td>Rectorat</td>" in response.text


class PersonTests(BaseTestCase):
    def test_the_person_page_shows_the_seats_in_councils_the_viewer_follows(self) -> None:
        self.login(self.w.head)
        response = self.client.get(reverse("people:detail", args=[self.w.member.pk]))
        self.assertContains(response, "CPER mathématiques")
        other = self.client.get(reverse("people:detail", args=[self.w.other_head.pk]))
        self.assertNotContains(other, "CPER premier degré")

    def test_the_director_adds_a_person_without_a_seat_and_it_is_recorded(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("people:create"),
            {
                "first_name": "Pia",
                "last_name": "Pro",
                "email": "Pia.Nouvelle@Example.org",
                "sex": "F",
                "organisation": "Rectorat",
                "uid": "",
                "eppn": "",
            },
        )
        person = User.objects.get(email="pia.nouvelle@example.org")
        assert response["Location"] == reverse("people:detail", args=[person.pk])
        assert (person.sex, person.organisation, person.has_usable_password()) == (
            "F",
            "Rectorat",
            False,
        )
        assert AuditEntry.objects.filter(action="person.created", object_id=str(person.pk))

    def test_it_refuses_an_e_mail_already_in_the_directory_and_changes_nothing(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("people:edit", args=[self.w.student.pk]),
            {"first_name": "Sam", "last_name": "Étudiant", "email": "MEMBER@example.org"},
        )
        self.assertContains(response, "a déjà cette adresse", status_code=422)
        self.w.student.refresh_from_db()
        assert self.w.student.email == "student@example.org"

    def test_it_refuses_a_uid_another_person_has(self) -> None:
        self.w.member.uid = "mmembre"
        self.w.member.save()
        self.login(self.w.director)
        response = self.client.post(
            reverse("people:edit", args=[self.w.student.pk]),
            {
                "first_name": "Sam",
                "last_name": "É",
                "email": "student@example.org",
                "uid": "mmembre",
            },
        )
        assert response.status_code == 422
        self.w.student.refresh_from_db()
        assert self.w.student.uid == ""

    def test_two_people_may_both_have_no_uid(self) -> None:
        self.login(self.w.director)
        response = self.client.post(
            reverse("people:edit", args=[self.w.student.pk]),
            {"first_name": "Sam", "last_name": "É", "email": "student@example.org", "sex": "M"},
        )
        assert response.status_code == 302
        self.w.student.refresh_from_db()
        assert self.w.student.sex == "M"


class PickerTests(BaseTestCase):
    def test_the_picker_links_back_to_the_seat_form_with_the_chosen_person(self) -> None:
        self.login(self.w.head)
        add = reverse("councils:member_add", args=[self.w.council.pk])
        response = self.client.get(reverse("people:pick"), {"q": "outsider@", "next": add})
        self.assertContains(response, f'href="{add}?personne={self.w.outsider.pk}"')
        self.assertContains(response, "Choisir Oscar Extérieur")

    def test_the_picker_never_links_away_from_the_site(self) -> None:
        self.login(self.w.head)
        response = self.client.get(
            reverse("people:pick"), {"q": "outsider", "next": "https://evil.example/"}
        )
        self.assertNotContains(response, 'href="https://evil.example')

    def test_the_seat_form_is_filled_with_the_chosen_person(self) -> None:
        self.login(self.w.head)
        add = reverse("councils:member_add", args=[self.w.council.pk])
        form = self.client.get(add)
        self.assertContains(form, reverse("people:pick"))
        response = self.client.get(add, {"personne": self.w.outsider.pk})
        self.assertContains(response, 'value="outsider@example.org"')
        self.assertContains(response, 'value="Oscar"')
