"""The council registry as its users see it."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from councils.models import Membership
from tests.people import BaseTestCase


class CouncilListTests(BaseTestCase):
    def test_the_director_sees_every_council_of_the_institution_with_its_status(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("councils:list"))
        assert [c for c, _v in response.context["rows"]] == [
            self.w.council,
            self.w.other_council,
        ]
        self.assertContains(response, "Composition conforme")
        self.assertContains(response, "irrégularité")

    def test_a_member_sees_only_the_councils_where_they_sit(self) -> None:
        self.login(self.w.member)
        response = self.client.get(reverse("councils:list"))
        assert [c for c, _v in response.context["rows"]] == [self.w.council]

    def test_an_outsider_sees_no_council(self) -> None:
        self.login(self.w.outsider)
        response = self.client.get(reverse("councils:list"))
        assert response.context["rows"] == []

    def test_it_filters_by_programme(self) -> None:
        self.login(self.w.director)
        url = reverse("councils:list") + f"?programme={self.w.other_council.programme_id}"
        response = self.client.get(url)
        assert [c for c, _v in response.context["rows"]] == [self.w.other_council]

    def test_it_filters_by_component(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("councils:list") + f"?component={self.w.amu.pk}")
        assert [c for c, _v in response.context["rows"]] == [self.w.council]

    def test_a_retired_component_is_still_offered_marked_retired_and_filters(self) -> None:
        self.w.amu.retired_on = dt.date(2024, 8, 31)
        self.w.amu.save(update_fields=["retired_on"])
        self.w.programme.retired_on = dt.date(2024, 8, 31)
        self.w.programme.save(update_fields=["retired_on"])
        self.login(self.w.director)
        response = self.client.get(reverse("councils:list"))
        self.assertContains(response, f"{self.w.amu} (composante retirée)")
        self.assertContains(response, f"{self.w.programme} (mention retirée)")
        response = self.client.get(reverse("councils:list") + f"?component={self.w.amu.pk}")
        assert [c for c, _v in response.context["rows"]] == [self.w.council]

    def test_the_list_runs_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.director)
        url = reverse("councils:list")
        self.client.get(url)  # warm the session and the rule pack cache
        # The councils the person reads (read once: no UNION compiled into each query), the
        # list and its filters, and the CPERs the person proposes for the COSP.
        with self.assertNumQueries(10), CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        after_standing = queries.captured_queries[3:]
        assert not any("UNION" in q["sql"] for q in after_standing), after_standing
        for i in range(3):  # more councils, more members: the same number of queries
            extra = self.w.council.__class__.objects.create(
                institution=self.w.institution, name=f"Extra {i}", programme=self.w.programme
            )
            extra.components.add(self.w.inspe)
            Membership.objects.create(
                council=extra,
                person=self.w.member,
                category="teacher",
                component=self.w.inspe,
                start_date="2025-09-01",
            )
        with self.assertNumQueries(10):
            self.client.get(url)


class CouncilDetailTests(BaseTestCase):
    def test_it_shows_each_rule_with_its_citation(self) -> None:
        self.login(self.w.member)
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(response, "Respectée", count=10)
        self.assertContains(response, "2 à 4 représentant.e.s des étudiants")
        self.assertContains(
            response, reverse("source_document", args=["inspe-aix-marseille-cper.fr"])
        )

    def test_the_page_runs_a_fixed_number_of_queries_whatever_its_members(self) -> None:
        self.login(self.w.director)
        url = reverse("councils:detail", args=[self.w.council.pk])
        self.client.get(url)
        # 13: the session, the person, the council; its components and current seats (read
        # once for the members, the rules, the forecast and the presidency); the seats to come
        # (forecast); absence flags; the COSP's decision; tracks; sites; the next and the
        # last meetings; the site sub-councils.
        with self.assertNumQueries(13):
            self.client.get(url)
        for i in range(4):
            person = User.objects.create_user(f"extra{i}@example.org", first_name="Extra")
            Membership.objects.create(
                council=self.w.council,
                person=person,
                category="guest",
                start_date="2025-09-01",
            )
        with self.assertNumQueries(13):
            response = self.client.get(url)
        assert [m.person.first_name for m in response.context["members"]].count("Extra") == 4

    def test_a_member_sees_no_edit_button(self) -> None:
        self.login(self.w.member)
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertNotContains(response, reverse("councils:member_add", args=[self.w.council.pk]))

    def test_an_illegal_council_shows_the_broken_rules(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("councils:detail", args=[self.w.other_council.pk]))
        self.assertContains(response, "Composition irrégulière")
        self.assertContains(response, "Non respectée")

    def test_it_returns_404_to_an_outsider(self) -> None:
        self.login(self.w.outsider)
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        assert response.status_code == 404

    def test_a_head_cannot_read_another_programmes_council(self) -> None:
        self.login(self.w.head)
        response = self.client.get(reverse("councils:detail", args=[self.w.other_council.pk]))
        assert response.status_code == 404


class AddMemberTests(BaseTestCase):
    def url(self) -> str:
        return reverse("councils:member_add", args=[self.w.council.pk])

    def form(self, **extra: str) -> dict[str, str]:
        return {
            "email": "new@example.org",
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "category": "student_representative",
            "component": str(self.w.amu.pk),
            "start_date": "2025-10-01",
            "end_date": "",
            **extra,
        }

    def test_the_head_adds_a_member_and_it_is_audited(self) -> None:
        self.login(self.w.head)
        response = self.client.post(self.url(), self.form())
        self.assertRedirects(response, self.w.council.get_absolute_url())
        membership = Membership.objects.get(person__email="new@example.org")
        assert membership.category == "student_representative"
        entry = AuditEntry.objects.get(action="membership.added")
        assert entry.actor == self.w.head
        assert entry.summary["legal"] is True

    def test_an_illegal_addition_shows_the_violations_and_saves_nothing(self) -> None:
        self.login(self.w.head)
        for i in range(2):  # a fourth and a fifth teacher are fine; a sixth is one too many
            Membership.objects.create(
                council=self.w.council,
                person=self.w.outsider.__class__.objects.create_user(f"x{i}@example.org"),
                category="teacher",
                component=self.w.amu,
                start_date="2025-09-01",
            )
        response = self.client.post(self.url(), self.form(category="teacher"))
        assert response.status_code == 422
        self.assertContains(response, "de 1 à 5 enseignants", status_code=422)
        self.assertContains(response, "je confirme", status_code=422)
        assert not Membership.objects.filter(person__email="new@example.org").exists()

    def test_a_confirmed_illegal_addition_is_saved_and_recorded_as_illegal(self) -> None:
        self.login(self.w.director)
        for i in range(2):
            Membership.objects.create(
                council=self.w.council,
                person=self.w.outsider.__class__.objects.create_user(f"x{i}@example.org"),
                category="teacher",
                component=self.w.amu,
                start_date="2025-09-01",
            )
        response = self.client.post(self.url(), self.form(category="teacher", confirm="on"))
        assert response.status_code == 302
        entry = AuditEntry.objects.get(action="membership.added")
        assert entry.summary["legal"] is False
        assert "teacher.count" in entry.summary["violations"]

    def test_it_refuses_the_president_of_the_council(self) -> None:
        self.login(self.w.president)
        assert self.client.post(self.url(), self.form()).status_code == 403
        assert not Membership.objects.filter(person__email="new@example.org").exists()

    def test_it_returns_404_to_an_outsider(self) -> None:
        self.login(self.w.outsider)
        assert self.client.post(self.url(), self.form()).status_code == 404

    def test_a_component_of_another_institution_is_refused(self) -> None:
        from councils.models import Component, Institution

        other = Institution.objects.create(name="Autre", short_name="A")
        foreign = Component.objects.create(institution=other, code="X", name="X")
        self.login(self.w.head)
        response = self.client.post(self.url(), self.form(component=str(foreign.pk)))
        assert response.status_code == 422
        assert not Membership.objects.filter(person__email="new@example.org").exists()

    def test_a_person_already_sitting_is_refused(self) -> None:
        self.login(self.w.head)
        response = self.client.post(self.url(), self.form(email=self.w.member.email))
        self.assertContains(response, "siège déjà", status_code=422)


class EditAndEndMembershipTests(BaseTestCase):
    def membership(self) -> Membership:
        return self.w.council.memberships.get(person=self.w.student)

    def test_ending_a_mandate_keeps_it_in_the_history(self) -> None:
        self.login(self.w.head)
        m = self.membership()
        url = reverse("councils:member_end", args=[self.w.council.pk, m.pk])
        # the council has exactly two students: ending one breaks a rule, so confirm
        response = self.client.post(url, {"end_date": "2026-01-31"})
        assert response.status_code == 422
        response = self.client.post(url, {"end_date": "2026-01-31", "confirm": "on"})
        assert response.status_code == 302
        m.refresh_from_db()
        assert str(m.end_date) == "2026-01-31"
        history = self.client.get(reverse("councils:history", args=[self.w.council.pk]))
        self.assertContains(history, self.w.student.display_name)
        self.assertContains(history, "Fin d’un mandat")

    def test_a_membership_of_another_council_cannot_be_edited_through_this_one(self) -> None:
        self.login(self.w.head)
        foreign = self.w.other_council.memberships.first()
        assert foreign is not None
        url = reverse("councils:member_edit", args=[self.w.council.pk, foreign.pk])
        assert self.client.post(url, {"category": "teacher"}).status_code == 404

    def test_editing_changes_the_category(self) -> None:
        self.login(self.w.director)
        m = self.w.council.memberships.get(person=self.w.member)
        url = reverse("councils:member_edit", args=[self.w.council.pk, m.pk])
        response = self.client.post(
            url,
            {
                "category": "deputy_head_of_track",
                "component": str(self.w.inspe.pk),
                "start_date": "2025-09-01",
                "confirm": "on",
            },
        )
        assert response.status_code == 302
        m.refresh_from_db()
        assert m.category == "deputy_head_of_track"


class PresidentTests(BaseTestCase):
    def test_only_employer_representatives_are_offered(self) -> None:
        self.login(self.w.head)
        response = self.client.get(reverse("councils:president", args=[self.w.council.pk]))
        offered = {m.person for m in response.context["eligible"]}
        assert offered == {self.w.president}

    def test_choosing_a_president_records_the_date(self) -> None:
        m = self.w.council.memberships.get(category="profession_representative")
        m.employer_representative = True
        m.save()
        self.login(self.w.head)
        response = self.client.post(
            reverse("councils:president", args=[self.w.council.pk]),
            {"membership": m.pk, "since": "2026-02-01"},
        )
        assert response.status_code == 302
        m.refresh_from_db()
        assert m.is_president and str(m.president_since) == "2026-02-01"
        assert self.w.council.memberships.filter(is_president=True).count() == 1

    def test_a_student_cannot_be_chosen_even_by_a_forged_post(self) -> None:
        student = self.w.council.memberships.get(person=self.w.student)
        self.login(self.w.head)
        response = self.client.post(
            reverse("councils:president", args=[self.w.council.pk]),
            {"membership": student.pk, "since": "2026-02-01"},
        )
        assert response.status_code == 200  # the form is shown again with its error
        student.refresh_from_db()
        assert not student.is_president


class FrenchDateTests(BaseTestCase):
    def test_the_first_of_the_month_is_written_1er(self) -> None:
        self.login(self.w.member)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(page, "depuis le 1er septembre 2025")


class MemberRowsTests(BaseTestCase):
    # The rows as detail.html's loop wrote them before member_rows.
    LOOP = (
        "{% for m in group %}\n"
        "      <tr>\n"
        '        <th scope="row">{{ m.person.display_name }}</th>\n'
        '        <td>{{ m.component.code|default:"—" }}</td>\n'
        "        <td>{% blocktranslate with start=m.start_date|day %}depuis le {{ start"
        " }}{% endblocktranslate %}{% if m.is_extended %} — <strong>{% translate"
        ' "prolongé jusqu’à la désignation de son successeur" %}</strong>{% elif'
        " m.term_end %} — {% blocktranslate with end=m.term_last_day|day %}jusqu’au {{"
        " end }}{% endblocktranslate %}{% elif m.end_date %} — {% blocktranslate with"
        " end=m.last_day|day %}jusqu’au {{ end }}{% endblocktranslate %}{% endif %}</td>\n"
        '        <td>{% if m.is_president %}<strong>{% agree m.person _("Président")'
        ' _("Présidente") %}</strong>{% if m.president_since %} {% blocktranslate with'
        " d=m.president_since|day %}depuis le {{ d }}{% endblocktranslate %}{% endif"
        ' %}{% elif m.employer_representative %}{% agree m.person _("Représentant de'
        ' l’employeur") _("Représentante de l’employeur") %}{% elif not m.voting %}{%'
        ' translate "Sans voix délibérative" %}{% else %}—{% endif %}</td>\n'
        "        {% if can_edit %}<td>\n"
        "          <a href=\"{% url 'councils:member_edit' council.pk m.pk %}\">{%"
        ' translate "Modifier" %}<span class="visually-hidden"> {{ m.person.display_name'
        " }}</span></a> ·\n"
        "          <a href=\"{% url 'councils:member_end' council.pk m.pk %}\">{%"
        ' translate "Terminer le mandat" %}<span class="visually-hidden"> {{'
        " m.person.display_name }}</span></a>{% if m.term_end %} ·\n"
        "          <a href=\"{% url 'councils:successor' council.pk m.pk %}\">{% translate"
        ' "Désigner un successeur" %}<span class="visually-hidden"> — {{'
        " m.person.display_name }}</span></a>{% endif %}\n"
        "        </td>{% endif %}\n"
        "      </tr>\n"
        "    {% endfor %}"
    )

    def test_the_members_rows_are_written_as_the_template_wrote_them(self) -> None:
        from django.template import Context, Template
        from django.test import RequestFactory
        from django.utils import timezone, translation

        today = timezone.localdate()
        seats = list(
            self.w.council.memberships.current().select_related("person", "component", "council")
        )
        assert len(seats) >= 6
        seats[0].is_president, seats[0].president_since = True, today - dt.timedelta(days=30)
        seats[1].employer_representative = True
        seats[2].term_end = today  # past its term, still sitting
        seats[3].term_end = today + dt.timedelta(days=90)
        seats[4].end_date = today + dt.timedelta(days=40)
        seats[5].category, seats[5].component = "guest", None
        seats[0].person.last_name = 'O\'Brien <&> "Lee"'
        old = Template("{% load i18n %}" + self.LOOP)
        new = Template("{% load member_rows %}{% member_rows group can_edit council %}")
        for language in ("fr", "en"):
            for can_edit in (True, False):
                with translation.override(language):
                    context = Context(
                        {
                            "group": seats,
                            "can_edit": can_edit,
                            "council": self.w.council,
                            "request": RequestFactory().get("/"),
                        }
                    )
                    expected = old.render(context)
                    assert new.render(context) == expected
                    assert "O&#x27;Brien &lt;&amp;&gt; &quot;Lee&quot;" in expected
