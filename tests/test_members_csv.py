"""CSV import (preview, then apply in one transaction) and export of a council's members."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.models import Membership
from tests.people import BaseTestCase


class CsvTests(BaseTestCase):
    def export(self) -> str:
        self.login(self.w.head)
        response = self.client.get(reverse("councils:member_export", args=[self.w.council.pk]))
        assert response.status_code == 200
        return response.content.decode("utf-8-sig")

    def upload(self, text: str, **extra: str):
        url = reverse("councils:member_import", args=[self.w.council.pk])
        data = {"file": SimpleUploadedFile("m.csv", text.encode("utf-8"), "text/csv"), **extra}
        return self.client.post(url, data)

    def current_emails(self) -> set[str]:
        return {m.person.email for m in self.w.council.memberships.current()}

    def test_export_lists_every_current_member_with_a_header(self) -> None:
        lines = self.export().strip().splitlines()
        assert lines[0].startswith("email;prenom;nom;categorie")
        assert len(lines) == 1 + self.w.council.memberships.current().count()

    def test_importing_the_export_changes_nothing(self) -> None:
        text = self.export()
        response = self.upload(text)
        plan = response.context["plan"]
        assert not plan.has_changes
        assert plan.violations == []

    def test_the_preview_writes_nothing_and_apply_does_it_all(self) -> None:
        before = self.current_emails()
        lines = self.export().splitlines()
        kept = [ln for ln in lines if not ln.startswith(self.w.student.email)]
        kept.append("new@example.org;Nina;Nouvelle;student_representative;AMU;2025-09-01;;non;non")
        text = "\n".join(kept)
        response = self.upload(text)
        plan = response.context["plan"]
        assert [r.email for r in plan.added] == ["new@example.org"]
        assert [m.person for m in plan.ended] == [self.w.student]
        assert self.current_emails() == before  # nothing written yet
        payload = response.context["payload"]
        url = reverse("councils:member_import", args=[self.w.council.pk])
        response = self.client.post(url, {"payload": payload, "apply": "1"})
        assert response.status_code == 302
        after = self.current_emails()
        assert "new@example.org" in after and self.w.student.email not in after
        ended = Membership.objects.get(council=self.w.council, person=self.w.student)
        assert ended.end_date is not None  # kept in the history

    def test_french_labels_and_french_dates_are_accepted(self) -> None:
        lines = self.export().splitlines()
        lines.append(
            "new@example.org;Nina;Nouvelle;Représentant des étudiants;AMU;01/09/2025;;non;non"
        )
        plan = self.upload("\n".join(lines)).context["plan"]
        assert plan.added[0].seat.category == "student_representative"

    def assert_refused(self, text: str, *expected: str) -> None:
        before = list(Membership.objects.values_list("pk", "category", "end_date"))
        response = self.upload(text)
        assert response.status_code == 422
        for words in expected:
            self.assertContains(response, words, status_code=422)
        url = reverse("councils:member_import", args=[self.w.council.pk])
        self.client.post(url, {"payload": text, "apply": "1"})
        assert list(Membership.objects.values_list("pk", "category", "end_date")) == before

    def test_an_unknown_category_names_the_line_and_the_column(self) -> None:
        lines = self.export().splitlines()
        lines.append("x@example.org;X;Y;king;AMU;2025-09-01;;non;non")
        self.assert_refused("\n".join(lines), f"ligne {len(lines)}", "colonne « categorie »")

    def test_a_bad_date_names_the_line_and_the_column(self) -> None:
        lines = self.export().splitlines()
        lines[2] = lines[2].replace("2025-09-01", "31/02/2025")
        self.assert_refused("\n".join(lines), "ligne 3", "colonne « debut »")

    def test_a_duplicate_person_is_refused(self) -> None:
        lines = self.export().splitlines()
        lines.append(lines[1])
        self.assert_refused("\n".join(lines), "la même personne figure déjà ligne 2")

    def test_missing_columns_are_named(self) -> None:
        self.login(self.w.head)
        self.assert_refused("email;prenom\na@b.c;A\n", "colonnes manquantes", "categorie")

    def test_a_file_that_is_not_utf8_is_refused(self) -> None:
        self.login(self.w.head)
        before = self.current_emails()
        url = reverse("councils:member_import", args=[self.w.council.pk])
        blob = SimpleUploadedFile("m.csv", "email;nom\né".encode("latin-1"), "text/csv")
        response = self.client.post(url, {"file": blob})
        self.assertContains(response, "UTF-8", status_code=422)
        assert self.current_emails() == before

    def test_an_oversized_file_is_refused(self) -> None:
        self.login(self.w.head)
        with self.settings(CSV_IMPORT_MAX_BYTES=100):
            response = self.upload("email;nom;categorie;debut\n" + "x" * 200)
        self.assertContains(response, "trop volumineux", status_code=422)

    def test_an_outsider_cannot_import(self) -> None:
        text = self.export()
        self.login(self.w.outsider)
        assert self.upload(text).status_code == 404

    def test_the_president_cannot_import_or_export(self) -> None:
        text = self.export()
        self.login(self.w.president)
        assert self.upload(text).status_code == 403
        url = reverse("councils:member_export", args=[self.w.council.pk])
        assert self.client.get(url).status_code == 403
