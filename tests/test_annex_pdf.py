"""The composition annex of the internal regulations, as PDF."""

import io
import shutil
import subprocess

from django.urls import reverse

from tests.people import BaseTestCase


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by make install"
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


class AnnexTests(BaseTestCase):
    def test_a_members_annex_lists_the_members_by_category_with_the_legal_status(self) -> None:
        self.login(self.w.member)
        response = self.client.get(reverse("councils:annex", args=[self.w.council.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "CPER mathématiques" in text
        assert "Responsable de mention" in text
        assert self.w.president.display_name in text
        assert "✗" not in text
        assert "Annexe au règlement intérieur".upper() in text.upper()

    def test_the_institution_annex_holds_every_council(self) -> None:
        self.login(self.w.director)
        url = reverse("councils:institution_annex", args=[self.w.institution.pk])
        text = pdf_text(self.client.get(url).content)
        assert "CPER mathématiques" in text and "CPER premier degré" in text
        assert "✗" in text  # the second council is illegal and the annex says so

    def test_the_head_of_mention_cannot_print_the_institution_annex(self) -> None:
        self.login(self.w.head)
        url = reverse("councils:institution_annex", args=[self.w.institution.pk])
        assert self.client.get(url).status_code == 403

    def test_the_pdf_is_a_real_pdf(self) -> None:
        self.login(self.w.member)
        data = self.client.get(reverse("councils:annex", args=[self.w.council.pk])).content
        assert io.BytesIO(data).read(5) == b"%PDF-"
