"""Every CSV export writes a cell a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @,
or a tab before one) as text: the convocation register, the recommendation boards, the
structure export and the personal data export."""

from __future__ import annotations

import csv
import io

from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from convocations import actions as convocations
from councils.models import Council
from recommendations import actions as recommendations
from recommendations.models import Recommendation
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase
from tests.recommendation_helpers import adopted

FORMULA = '=HYPERLINK("http://evil.example/","clic")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def assert_no_formula(text: str, delimiter: str) -> None:
    found = cells(text, delimiter)
    assert "'" + FORMULA in found
    assert not [cell for cell in found if cell.startswith(STARTS)]


@override_settings(**signing_keys())
class RegisterCsvTests(BaseTestCase):
    def test_a_formula_in_a_members_name_is_exported_as_text(self) -> None:
        User.objects.filter(pk=self.w.member.pk).update(first_name=FORMULA, last_name="")
        meeting = meeting_with_agenda(self.w)
        convocations.sign(meeting, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(meeting, by=self.w.head)
        self.login(self.w.head)  # the register is the organisers'
        response = self.client.get(reverse("convocations:register_csv", args=[self.w.council.pk]))
        assert response.status_code == 200
        assert_no_formula(response.content.decode(), ",")


class BoardCsvTests(BaseTestCase):
    def test_a_formula_in_a_recommendation_title_is_exported_as_text(self) -> None:
        recommendation = adopted(self.w)
        Recommendation.objects.filter(pk=recommendation.pk).update(title=FORMULA)
        recommendations.route_meeting(recommendation.meeting, by=self.w.director)
        self.login(self.w.director)
        url = reverse("recommendations:institution_board", args=[self.w.institution.pk])
        text = self.client.get(url + "?format=csv").content.decode("utf-8-sig")
        assert_no_formula(text, ";")


class StructureCsvTests(BaseTestCase):
    def test_a_formula_in_a_council_name_is_exported_as_text(self) -> None:
        Council.objects.filter(pk=self.w.council.pk).update(name=FORMULA)
        self.login(self.w.director)
        exported = self.client.get(reverse("setup:export_csv", args=["conseils"]))
        assert_no_formula(exported.content.decode("utf-8-sig"), ";")


class PersonalDataCsvTests(BaseTestCase):
    def test_a_tab_before_a_formula_is_exported_as_text(self) -> None:
        User.objects.filter(pk=self.w.member.pk).update(first_name="\t" + FORMULA)
        self.login(self.w.member)
        text = self.client.get(reverse("legal:my_data_csv")).content.decode("utf-8-sig")
        found = cells(text, ";")
        assert "'\t" + FORMULA in found
        assert not [cell for cell in found if cell.startswith(STARTS)]
