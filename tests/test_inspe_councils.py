"""The INSPE's conseil d'institut and COSP as stored councils: checked by their packs with the
data of the database (sex, establishment, partners, mandates), shown rule by rule."""

from __future__ import annotations

import html
import json
import tomllib
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

import bylaws
from councils.demo import load_institute_councils
from councils.models import Component, Council
from councils.setup_forms import CouncilForm
from tests.people import START, BaseTestCase

PACKS = Path(__file__).resolve().parents[1] / "bylaws" / "packs"


def shipped_quotes(council_type: str) -> list[str]:
    data = tomllib.loads((PACKS / f"{council_type}.toml").read_text(encoding="utf-8"))
    return [rule["citation"]["quote"] for rule in data["rule"]]


class InspeCouncilsTests(BaseTestCase):
    def setUp(self) -> None:
        Component.objects.create(institution=self.w.institution, code="AU", name="Avignon")
        self.institute, self.cosp = load_institute_councils(
            self.w.institution, self.w.director, START
        )

    def test_both_demo_councils_keep_every_rule_of_their_pack(self) -> None:
        for council in (self.institute, self.cosp):
            results = council.evaluate()
            assert len(results) == len(shipped_quotes(council.council_type))
            assert [r.rule.id for r in results if not r.ok] == []
        counts = bylaws.counts(self.institute.composition())
        assert counts is not None
        assert (counts["total"], counts["women"], counts["men"]) == (24, 12, 12)
        assert 22 <= counts["total"] <= 30 and 10 * counts["external"] >= 3 * counts["total"]
        president = self.institute.president()
        assert president is not None and president.category == "rector_appointee"

    def test_loading_again_adds_nothing(self) -> None:
        before = Council.objects.count()
        assert load_institute_councils(self.w.institution, self.w.director, START) == []
        assert Council.objects.count() == before

    def test_the_rules_read_the_sex_of_the_people(self) -> None:
        woman = self.institute.memberships.get(person__first_name="Isabelle").person
        woman.sex = "M"
        woman.save()
        broken = [r.rule.id for r in self.institute.evaluate() if not r.ok]
        assert broken == ["parity.gap"]

    def test_the_council_list_reads_the_sex_of_its_members_with_their_seats(self) -> None:
        self.login(self.w.director)
        url = reverse("councils:list")
        self.client.get(url)
        with self.assertNumQueries(10):  # as many as for CPERs alone: no query per person
            page = self.client.get(url)
        statuses = dict(page.context["rows"])
        assert statuses[self.institute] == [] and statuses[self.cosp] == []

    def test_the_cosp_reads_the_establishment_each_ex_officio_member_represents(self) -> None:
        seat = self.cosp.memberships.get(person__first_name="Florence")
        seat.component = Component.objects.get(code="AMU")
        seat.save()
        broken = {r.rule.id for r in self.cosp.evaluate() if not r.ok}
        assert broken == {"ex_officio.balance"}

    def test_the_page_shows_every_rule_with_its_quotation(self) -> None:
        self.login(self.w.director)
        for council in (self.institute, self.cosp):
            response = self.client.get(reverse("councils:detail", args=[council.pk]))
            assert response.status_code == 200
            page = html.unescape(response.content.decode())
            for quote in shipped_quotes(council.council_type):
                assert quote in page
            assert page.count("Non respectée") == 0
            assert page.count("Respectée") == len(shipped_quotes(council.council_type))

    def test_the_page_shows_parity_red_when_it_is_broken(self) -> None:
        self.institute.memberships.get(person__first_name="Corinne").delete()
        self.login(self.w.director)
        response = self.client.get(reverse("councils:detail", args=[self.institute.pk]))
        page = html.unescape(response.content.decode())
        assert page.count("Non respectée") == 1
        assert "autant de femmes que d'hommes" in page

    def test_an_outsider_cannot_open_the_institute_council(self) -> None:
        self.login(self.w.outsider)
        response = self.client.get(reverse("councils:detail", args=[self.institute.pk]))
        assert response.status_code in (403, 404)

    def test_the_seat_form_offers_the_pack_categories(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("councils:member_add", args=[self.institute.pk]))
        page = html.unescape(response.content.decode())
        assert "Représentant des professeurs des universités et assimilés" in page
        assert "Représentant des étudiants" not in page  # a CPER category

    def test_export_then_check_round_trips(self) -> None:
        out = StringIO()
        call_command("compose", "export", str(self.cosp.pk), stdout=out)
        data = json.loads(out.getvalue())
        assert (data["establishment"], data["partners"]) == ("AMU", ["AU"])
        assert {m["sex"] for m in data["members"]} == {"F", "M"}
        assert bylaws.check(bylaws.parse_composition(data)) == []

    def test_the_setup_form_offers_the_new_types_and_an_establishment(self) -> None:
        form = CouncilForm(self.w.institution)
        types = dict(form.fields["council_type"].choices)  # type: ignore[attr-defined]
        assert {"inspe_institute_council", "inspe_cosp"} <= set(types)
        data = {
            "name": "COSP",
            "council_type": "inspe_cosp",
            "components": [self.w.amu.pk],
            "establishment": Component.objects.get(code="AU").pk,
            "notice_days": 8,
            "max_proxies": 1,
            "minutes_validation_order": "parallel",
        }
        bound = CouncilForm(self.w.institution, data=data)
        assert not bound.is_valid() and "establishment" in bound.errors

    def test_adding_a_member_records_the_sex_the_parity_rule_reads(self) -> None:
        from accounts.models import User

        self.institute.memberships.get(person__first_name="Corinne").delete()
        self.login(self.w.director)
        url = reverse("councils:member_add", args=[self.institute.pk])
        form = {
            "email": "lucie.arnal@example.org",
            "first_name": "Lucie",
            "last_name": "Arnal",
            "category": "coopted_personality",
            "start_date": START.isoformat(),
        }
        response = self.client.post(url, form)
        assert response.status_code == 422 and "sex" in response.context["form"].errors
        assert not User.objects.filter(email="lucie.arnal@example.org").exists()
        response = self.client.post(url, {**form, "sex": "F"})
        assert response.status_code == 302
        assert User.objects.get(email="lucie.arnal@example.org").sex == "F"
        assert self.institute.violations() == []

    def test_a_cper_add_form_asks_no_sex_and_keeps_the_employer_box(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("councils:member_add", args=[self.w.council.pk]))
        fields = response.context["form"].fields
        assert "sex" not in fields and "employer_representative" in fields
        response = self.client.get(reverse("councils:member_add", args=[self.institute.pk]))
        fields = response.context["form"].fields
        assert "sex" in fields and "employer_representative" not in fields
