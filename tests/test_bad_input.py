"""Bad input of every kind gets a 4xx with a message (or exit 2 on the command line), and
changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from councils.models import Membership
from meetings.models import AgendaItem
from tests.people import BaseTestCase
from tests.test_api_helpers import api_url
from tests.test_api_meeting_writes import MeetingWriteTestCase
from tests.test_compose_cli import run


class NulCharacterTests(MeetingWriteTestCase):
    def test_a_nul_character_in_a_json_string_is_refused_with_a_message(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        response = self.call("POST", url, self.w.head, {"title": "Bi\x00lan", "kind": "vote"})
        assert response.status_code == 400
        assert "NUL" in response.json()["detail"]
        assert AgendaItem.objects.filter(meeting=self.meeting).count() == 1

    def test_a_nul_character_in_a_query_string_is_refused_with_a_message(self) -> None:
        response = self.client.get("/api/v1/law/search", {"q": "conseil\x00"})
        assert response.status_code == 400
        assert "NUL" in response.json()["detail"]

    def test_a_body_that_is_not_json_is_refused_in_french(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        secret = self.token_for(self.w.head)
        response = self.client.post(
            url, "{", content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
        )
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]


class CsvTests(BaseTestCase):
    def upload(self, text: str, **extra: str):
        url = reverse("councils:member_import", args=[self.w.council.pk])
        data = {"file": SimpleUploadedFile("m.csv", text.encode("utf-8"), "text/csv"), **extra}
        return self.client.post(url, data)

    def export(self) -> str:
        response = self.client.get(reverse("councils:member_export", args=[self.w.council.pk]))
        return response.content.decode("utf-8-sig")

    def test_a_formula_is_exported_as_text_and_imported_back_as_it_was(self) -> None:
        formula = '=HYPERLINK("http://evil.example/","clic")'
        User.objects.filter(pk=self.w.member.pk).update(last_name=formula, first_name="+33 6")
        self.login(self.w.head)
        text = self.export()
        cells = [cell for line in text.splitlines() for cell in line.split(";")]
        assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in cells)
        plan = self.upload(text).context["plan"]
        assert not plan.has_changes
        row = next(r for r in plan.rows if r.email == self.w.member.email)
        assert (row.last_name, row.first_name) == (formula, "+33 6")

    def test_a_text_payload_larger_than_the_limit_is_refused(self) -> None:
        self.login(self.w.head)
        before = set(Membership.objects.values_list("pk", "end_date"))
        url = reverse("councils:member_import", args=[self.w.council.pk])
        with self.settings(CSV_IMPORT_MAX_BYTES=100):
            payload = "email;nom;categorie;debut\n" + "x" * 200
            response = self.client.post(url, {"payload": payload, "apply": "1"})
        self.assertContains(response, "trop volumineux", status_code=422)
        assert set(Membership.objects.values_list("pk", "end_date")) == before

    def test_a_name_longer_than_the_column_is_refused_at_preview(self) -> None:
        self.login(self.w.head)
        text = self.export().replace(self.w.member.last_name, "L" * 151, 1)
        response = self.upload(text)
        self.assertContains(response, "150 caractères au plus", status_code=422)
        before = set(Membership.objects.values_list("pk", "end_date"))
        response = self.upload(text, apply="1")
        assert response.status_code == 422
        assert set(Membership.objects.values_list("pk", "end_date")) == before


def test_deeply_nested_json_is_unreadable_input_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("check", str(deep))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "unreadable" in result.stderr


class SchemaStrictnessTests(MeetingWriteTestCase):
    def test_a_property_the_schema_does_not_name_is_refused(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        body = {"title": "Maquette", "kind": "vote", "position": 1}
        response = self.call("POST", url, self.w.head, body)
        assert response.status_code == 422
        assert "position" in response.json()["detail"]
        assert AgendaItem.objects.filter(meeting=self.meeting).count() == 1

    def test_an_empty_or_blank_title_is_refused(self) -> None:
        url = api_url("add_agenda_item", meeting_id=self.meeting.pk)
        for title in ("", "   "):
            response = self.call("POST", url, self.w.head, {"title": title, "kind": "vote"})
            assert response.status_code == 422, title
        assert AgendaItem.objects.filter(meeting=self.meeting).count() == 1
