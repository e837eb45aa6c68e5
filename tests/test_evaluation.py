"""Indicators of the trainings and the yearly evidence pack of a council."""

from __future__ import annotations

import subprocess
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.charts import Series, describe, line_chart
from evaluation import actions
from evaluation.models import Value
from evaluation.pack import build
from recommendations import actions as rec_actions
from tests.people import BaseTestCase
from tests.recommendation_helpers import adopted

CSV = (
    "indicateur;parcours;annee;valeur;source\n"
    "reussite;Mathématiques;2023-2024;81,5;OdF\n"
    "reussite;Mathématiques;2024-2025;84;OdF\n"
    "effectif;Mathématiques;2024-2025;32;Apogée\n"
)


class ChartTests(BaseTestCase):
    def test_the_chart_says_its_trend_in_words(self) -> None:
        series = [Series("Maths", [("2023-2024", Decimal(80)), ("2024-2025", Decimal(84))])]
        assert (
            describe(series, "percent")
            == "Maths : 80 % en 2023-2024, 84 % en 2024-2025 (en hausse)."
        )
        svg = line_chart("c1", "Réussite", series, "percent")
        assert 'role="img"' in svg and '<title id="c1-t">Réussite</title>' in svg
        assert svg.count("<circle") == 2

    def test_labels_are_escaped(self) -> None:
        svg = line_chart("c2", "<script>", [Series("<b>", [("2024-2025", Decimal(1))])], "count")
        assert "<script>" not in svg and "&lt;script&gt;" in svg


class IndicatorImportTests(BaseTestCase):
    def upload(self, text: str):
        url = reverse("evaluation:indicators", args=[self.w.council.pk])
        return self.client.post(
            url, {"file": SimpleUploadedFile("i.csv", text.encode(), "text/csv")}
        )

    def test_preview_then_apply(self) -> None:
        self.client.force_login(self.w.head)
        response = self.upload(CSV)
        assert [r.line for r in response.context["rows"]] == [2, 3, 4]
        assert Value.objects.count() == 0
        url = reverse("evaluation:indicators", args=[self.w.council.pk])
        self.client.post(url, {"payload": response.context["payload"], "apply": "1"})
        assert Value.objects.count() == 3
        assert Value.objects.get(academic_year="2023-2024").value == Decimal("81.5")

    def test_a_bad_row_names_line_and_column_and_changes_nothing(self) -> None:
        self.client.force_login(self.w.head)
        for text, words in [
            (CSV + "reussite;Mathématiques;2024-2025;90;x\n", "ligne 5"),
            (CSV.replace("84", "184"), "colonne « valeur »"),
            (CSV.replace("2024-2025;32", "2024/2025;32"), "colonne « annee »"),
            (CSV.replace("effectif", "inconnu"), "indicateur inconnu"),
            (CSV.replace("effectif;Mathématiques", "effectif;Autre"), "parcours inconnu"),
        ]:
            response = self.upload(text)
            self.assertContains(response, words, status_code=422)
        assert Value.objects.count() == 0

    def test_a_member_cannot_enter_indicators(self) -> None:
        self.client.force_login(self.w.member)
        assert self.upload(CSV).status_code == 403


class PackTests(BaseTestCase):
    def setUp(self) -> None:
        for code, year, value in [("reussite", "2023-2024", 80), ("reussite", "2024-2025", 84)]:
            indicator = next(
                i for i in actions.ensure_default_indicators(self.w.institution) if i.code == code
            )
            actions.set_value(
                self.w.council, by=self.w.head, indicator=indicator, track=self.w.track,
                year=year, value=Decimal(value),
            )  # fmt: skip

    def test_the_pack_shows_charts_with_their_tables_meetings_and_recommendations(self) -> None:
        recommendation = adopted(self.w)
        rec_actions.route_meeting(recommendation.meeting, by=self.w.director)
        year = recommendation.meeting.academic_year
        self.client.force_login(self.w.member)
        page = self.client.get(
            reverse("evaluation:pack", args=[self.w.council.pk]) + f"?annee={year}"
        )
        self.assertContains(page, "<svg", count=1)
        self.assertContains(page, "<caption>Taux de réussite : les données du graphique</caption>")
        self.assertContains(page, "84 %")
        self.assertContains(page, recommendation.title)
        assert len(page.context["pack"].meetings) == 1

    def test_the_pdf_holds_the_chart_and_the_figures(self) -> None:
        self.client.force_login(self.w.member)
        url = reverse("evaluation:pack_pdf", args=[self.w.council.pk]) + "?annee=2024-2025"
        data = self.client.get(url).content
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
        assert "Taux de réussite" in text.stdout.decode() and "84 %" in text.stdout.decode()

    def test_the_csv_gives_the_figures(self) -> None:
        self.client.force_login(self.w.member)
        url = reverse("evaluation:pack_csv", args=[self.w.council.pk]) + "?annee=2024-2025"
        text = self.client.get(url).content.decode("utf-8-sig")
        assert "indicateur;Taux de réussite;Mathématiques;2024-2025;84.00" in text

    def test_an_odd_year_parameter_falls_back_to_the_current_year(self) -> None:
        self.client.force_login(self.w.member)
        url = reverse("evaluation:pack", args=[self.w.council.pk]) + "?annee=<script>"
        assert self.client.get(url).status_code == 200

    def test_the_pack_is_built_with_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(7):  # the sixth names the observatory
            build(self.w.council, "2024-2025")

    def test_attendance_taken_in_the_room_wins_over_what_was_announced(self) -> None:
        from meetings.models import Answer
        from sittings.models import Attendance
        from tests.minutes_helpers import held_meeting

        meeting = held_meeting(self.w)
        seats = {m.person: m for m in self.w.council.memberships.all()}
        Answer.objects.create(meeting=meeting, membership=seats[self.w.member], response="present")
        line = build(self.w.council, meeting.academic_year).meetings[0]
        assert (line.expected, line.recorded) == (1, False)
        for person in (self.w.member, self.w.student, self.w.president):
            Attendance.objects.create(meeting=meeting, membership=seats[person], status="present")
        line = build(self.w.council, meeting.academic_year).meetings[0]
        assert (line.expected, line.recorded, line.rate) == (3, True, round(100 * 3 / 9))

    def test_a_guest_without_a_vote_is_not_counted_in_attendance(self) -> None:
        """Issue 10 §1.4: the pack said 8/9 where the room counted 7 (a guest counted)."""
        from meetings.models import Answer
        from sittings.models import Attendance
        from tests.minutes_helpers import held_meeting

        meeting = held_meeting(self.w)
        seats = {m.person.email: m for m in self.w.council.memberships.all()}
        guest = seats["guest@example.org"]
        assert guest.category == "guest"
        Answer.objects.create(meeting=meeting, membership=guest, response="present")
        line = build(self.w.council, meeting.academic_year).meetings[0]
        assert line.expected == 0
        for membership in (guest, seats[self.w.member.email]):
            Attendance.objects.create(meeting=meeting, membership=membership, status="present")
        line = build(self.w.council, meeting.academic_year).meetings[0]
        assert (line.expected, line.recorded, line.rate) == (1, True, round(100 * 1 / 9))
