"""The convocation register: who was convoked, when, with which PDF, and what happened."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convocations import actions as convocations
from convocations.models import Convocation
from convocations.register import CSV_COLUMNS
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase
from tests.test_annex_pdf import pdf_text


@override_settings(**signing_keys())
class RegisterTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        convocations.sign(self.meeting, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(self.meeting, by=self.w.head)
        self.sha = Convocation.objects.get(meeting=self.meeting).signed_sha256

    def test_only_the_organisers_read_the_register(self) -> None:
        """Issue 10 §1.11: a student read every member's address, errors and opening times."""
        names = ("convocations:register", "convocations:register_csv", "convocations:register_pdf")
        for person in (self.w.student, self.w.member, self.w.president, self.w.track_head):
            self.login(person)
            for name in names:
                response = self.client.get(reverse(name, args=[self.w.council.pk]))
                assert response.status_code == 403, (person, name)
                assert self.w.head.email.encode() not in response.content
            page = self.client.get(reverse("convocations:detail", args=[self.meeting.pk]))
            self.assertNotContains(page, reverse("convocations:register", args=[self.w.council.pk]))
        self.login(self.w.head)
        response = self.client.get(reverse("convocations:register", args=[self.w.council.pk]))
        self.assertContains(response, self.w.member.email)

    def test_the_csv_has_one_row_per_member_convoked_with_the_sha256_sent(self) -> None:
        self.login(self.w.head)
        response = self.client.get(reverse("convocations:register_csv", args=[self.w.council.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == CSV_COLUMNS
        assert len(rows) == 1 + 10
        member = next(r for r in rows if r[5] == self.w.member.email)
        record = dict(zip(CSV_COLUMNS, member, strict=True))
        assert record["statut"] == "envoyée"
        assert record["sha256_pdf_envoye"] == self.sha
        assert record["signee_par"] == "Diane Directrice"
        assert record["envoyee_le"]

    def test_the_pdf_register_lists_the_members_and_the_sha256(self) -> None:
        self.login(self.w.director)
        response = self.client.get(reverse("convocations:register_pdf", args=[self.w.council.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Registre des convocations" in text
        assert "Marie Membre" in text
        assert self.sha[:16] in text.replace("\n", "").replace(" ", "")

    def test_the_register_page_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.head)
        url = reverse("convocations:register", args=[self.w.council.pk])
        with CaptureQueriesContext(connection) as one:
            assert self.client.get(url).status_code == 200
        second = meeting_with_agenda(self.w, days_ahead=60)
        convocations.sign(second, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=True):
            convocations.send(second, by=self.w.head)
        with self.assertNumQueries(len(one)):
            self.client.get(url)

    def test_the_register_of_another_council_is_404_to_its_outsiders(self) -> None:
        self.login(self.w.member)
        url = reverse("convocations:register", args=[self.w.other_council.pk])
        assert self.client.get(url).status_code == 404
