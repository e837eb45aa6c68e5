"""Import of people from a university directory export (CSV, XLSX): preview, duplicates merged
only when confirmed, errors by sheet, line and column, one transaction."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import User
from audit.models import AuditEntry
from tests.people import BaseTestCase

HEADER = "uid;mail;sn;givenName;supannEntiteAffectation;supannCivilite;eduPersonPrincipalName"


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def xlsx_file(sheets: dict[str, list[list[str]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.w.director)

    def preview(self, data: bytes, name: str = "annuaire.csv") -> Any:
        upload = SimpleUploadedFile(name, data)
        return self.client.post(reverse("people:import"), {"file": upload})

    def apply(self, data: bytes, name: str = "annuaire.csv", merge: list[str] | None = None) -> Any:
        payload = base64.b64encode(data).decode()
        return self.client.post(
            reverse("people:import"),
            {"payload": payload, "filename": name, "apply": "1", "merge": merge or []},
        )

    def test_the_preview_shows_new_people_and_writes_nothing(self) -> None:
        data = csv_file(
            "jdupont;jean.dupont@univ.example;Dupont;Jean;UFR Sciences;M.;jd@univ.example"
        )
        before = User.objects.count()
        response = self.preview(data)
        self.assertContains(response, "Jean Dupont")
        self.assertContains(response, "1 nouvelle personne")
        assert User.objects.count() == before

    def test_applying_creates_people_with_their_directory_facts(self) -> None:
        data = csv_file(
            "jdupont;Jean.Dupont@univ.example;Dupont;Jean;UFR Sciences;M.;jd@univ.example",
            "amartin;anne.martin@univ.example;Martin;Anne;INSPE;Mme;",
        )
        response = self.apply(data)
        assert response.status_code == 302
        jean = User.objects.get(email="jean.dupont@univ.example")
        assert (jean.uid, jean.eppn, jean.organisation, jean.sex) == (
            "jdupont",
            "jd@univ.example",
            "UFR Sciences",
            "M",
        )
        assert User.objects.get(uid="amartin").sex == "F"
        entry = AuditEntry.objects.get(action="people.imported")
        assert sorted(entry.summary["created"]) == [
            "anne.martin@univ.example",
            "jean.dupont@univ.example",
        ]

    def test_a_person_with_the_same_e_mail_is_merged_only_when_confirmed(self) -> None:
        data = csv_file("mmembre;MEMBER@example.org;Membre;Marie;INSPE;Mme;")
        preview = self.preview(data)
        self.assertContains(preview, "même adresse électronique")
        self.apply(data)  # not confirmed
        self.w.member.refresh_from_db()
        assert self.w.member.uid == ""
        assert User.objects.filter(email__iexact="member@example.org").count() == 1
        self.apply(data, merge=[":2"])
        self.w.member.refresh_from_db()
        assert (self.w.member.uid, self.w.member.organisation, self.w.member.sex) == (
            "mmembre",
            "INSPE",
            "F",
        )
        assert self.w.member.email == "member@example.org"

    def test_a_person_with_the_same_uid_is_a_duplicate(self) -> None:
        self.w.member.uid = "mmembre"
        self.w.member.save()
        response = self.preview(csv_file("mmembre;marie.membre@univ.example;Membre;Marie;;;"))
        self.assertContains(response, "Marie Membre (member@example.org) — même uid</label>")
        self.assertContains(response, "Aucune.")

    def test_the_same_name_in_the_same_component_is_a_duplicate(self) -> None:
        self.w.member.organisation = "INSPE"
        self.w.member.save()
        response = self.preview(csv_file("x1;autre@univ.example;MEMBRE;marie;inspe;;"))
        self.assertContains(response, "même nom dans la même composante")

    def test_errors_name_the_line_and_the_column_and_nothing_is_written(self) -> None:
        data = csv_file(
            "ok;ok@univ.example;Bon;Ok;;;",
            "bad;bad@univ.example;;Sans;;;",
            "worse;pas-une-adresse;Faux;Mel;;Dr;",
        )
        response = self.preview(data)
        self.assertContains(response, "ligne 3, colonne « sn » : valeur obligatoire")
        self.assertContains(response, "ligne 4, colonne « mail » : adresse électronique invalide")
        self.assertContains(response, "ligne 4, colonne « supannCivilite »")
        self.assertNotContains(response, "Appliquer l’import")
        self.apply(data)
        assert not User.objects.filter(email="ok@univ.example").exists()

    def test_a_file_without_the_required_columns_is_refused(self) -> None:
        response = self.preview(b"uid;mail\nx;x@univ.example\n")
        self.assertContains(response, "colonnes manquantes : sn, givenname", status_code=422)

    def test_the_same_e_mail_twice_in_the_file_is_an_error(self) -> None:
        data = csv_file("a;a@univ.example;A;A;;;", "b;A@univ.example;B;B;;;")
        self.assertContains(self.preview(data), "ligne 3, colonne « mail » : déjà sur la ligne 2")

    def test_an_xlsx_export_is_read_and_its_errors_name_the_sheet(self) -> None:
        header = HEADER.split(";")
        data = xlsx_file(
            {
                "Personnels": [header, ["pp", "pp@univ.example", "Prof", "Paul", "UFR", "M.", ""]],
                "Invités": [header, ["", "", "Sans", "Mail", "", "", ""]],
            }
        )
        response = self.preview(data, "export.xlsx")
        self.assertContains(response, "Paul Prof")
        self.assertContains(
            response, "feuille « Invités », ligne 2, colonne « mail » : valeur obligatoire"
        )

    def test_an_xlsx_export_is_applied(self) -> None:
        header = HEADER.split(";")
        data = xlsx_file(
            {"Feuil1": [header, ["pp", "pp@univ.example", "Prof", "Paul", "UFR", "", ""]]}
        )
        self.apply(data, "export.xlsx")
        assert User.objects.get(uid="pp").organisation == "UFR"

    def test_a_damaged_xlsx_is_refused_clearly(self) -> None:
        response = self.preview(b"PK\x03\x04not really a workbook", "export.xlsx")
        self.assertContains(response, "classeur XLSX illisible", status_code=422)

    def test_a_head_of_track_may_not_import(self) -> None:
        self.login(self.w.track_head)
        response = self.apply(csv_file("z;z@univ.example;Z;Z;;;"))
        assert response.status_code == 403
        assert not User.objects.filter(email="z@univ.example").exists()
