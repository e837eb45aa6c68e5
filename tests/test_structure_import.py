"""The institution's structure from a spreadsheet (XLSX or CSV): preview, then apply in one
transaction; errors named by sheet, line and column; exported back the same way."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from councils.models import Component, Council, Programme, Site, SubCouncil, Track
from tests.people import BaseTestCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS: dict[str, list[list[object]]] = {
    "composantes": [["sigle", "nom"], ["AU", "Avignon Université"], ["INSPE", "Inspé"]],
    "sites": [["nom"], ["Avignon"]],
    "mentions": [["intitule", "responsable"], ["MEEF encadrement", "head@example.org"]],
    "parcours": [
        ["mention", "intitule"],
        ["MEEF encadrement", "Pilotage"],
        ["MEEF encadrement", "Formation de formateurs"],
    ],
    "conseils": [
        ["nom", "type", "mention", "parcours", "composantes", "sites", "delai_convocation"],
        [
            "CPER encadrement",
            "cper",
            "MEEF encadrement",
            "Pilotage | Formation de formateurs",
            "INSPE | AU",
            "Avignon",
            10,
        ],
    ],
    "sous_conseils": [
        ["conseil", "site", "nom"],
        ["CPER encadrement", "Avignon", "CPER enc. — Avignon"],
    ],
}


def workbook(sheets: dict[str, Any]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class StructureImportTests(BaseTestCase):
    url = "/mise-en-place/importer/"

    def setUp(self) -> None:
        self.login(self.w.director)

    def upload(self, *files: tuple[str, bytes]):
        uploads = [SimpleUploadedFile(name, data, XLSX) for name, data in files]
        return self.client.post(reverse("setup:import"), {"upload": uploads})

    def apply(self, preview):
        return self.client.post(
            reverse("setup:import"), {"payload": preview.context["payload"], "apply": "1"}
        )

    def test_the_preview_writes_nothing_and_apply_builds_it_all(self) -> None:
        preview = self.upload(("structure.xlsx", workbook(SHEETS)))
        assert preview.status_code == 200
        plan = preview.context["plan"]
        assert plan.errors == []
        assert (plan.added, plan.unchanged) == (7, 1)  # INSPE exists already
        assert not Council.objects.filter(name="CPER encadrement").exists()
        assert not Site.objects.filter(name="Avignon").exists()
        response = self.apply(preview)
        assert response.status_code == 302
        council = Council.objects.get(name="CPER encadrement")
        assert council.programme == Programme.objects.get(name="MEEF encadrement")
        assert council.programme.head == self.w.head
        assert {t.name for t in council.tracks.all()} == {"Pilotage", "Formation de formateurs"}
        assert set(council.component_codes()) == {"INSPE", "AU"}
        assert council.notice_days == 10
        assert SubCouncil.objects.get(council=council).site.name == "Avignon"
        entry = AuditEntry.objects.get(action="structure.imported")
        assert entry.summary["added"] == 7

    def test_errors_name_sheet_line_and_column_and_nothing_is_written(self) -> None:
        sheets = {
            **SHEETS,
            "parcours": [
                ["mention", "intitule"],
                ["MEEF encadrement", "Pilotage"],
                ["Inconnue", "X"],
            ],
            "conseils": [
                ["nom", "type", "mention", "composantes"],
                ["CPER encadrement", "conseil imaginaire", "MEEF encadrement", "INSPE"],
            ],
        }
        preview = self.upload(("structure.xlsx", workbook(sheets)))
        assert preview.status_code == 422
        errors = [str(e) for e in preview.context["plan"].errors]
        assert (
            "feuille « parcours », ligne 3, colonne « mention » : « Inconnue » introuvable"
            in errors
        )
        assert any(
            e.startswith(
                "feuille « conseils », ligne 2, colonne « type » : type de conseil inconnu"
            )
            for e in errors
        )
        assert "Appliquer l’import" not in preview.text
        # Applying anyway (a forged request) is refused whole.
        response = self.apply(preview)
        assert response.status_code == 422
        assert not Component.objects.filter(code="AU").exists()
        assert not Track.objects.filter(name="Pilotage").exists()

    def test_a_missing_column_is_named_with_its_sheet(self) -> None:
        preview = self.upload(("s.xlsx", workbook({"composantes": [["nom"], ["Sans sigle"]]})))
        assert preview.status_code == 422
        assert "feuille « composantes », ligne 1 : colonnes manquantes : sigle" in preview.text

    def test_csv_files_named_after_their_sheet_are_read_like_the_workbook(self) -> None:
        files = [
            ("composantes.csv", "sigle;nom\nAU;Avignon Université\n".encode()),
            ("sites.csv", b"nom\nAvignon\n"),
            (
                "sous-conseils.csv",
                "conseil;site;nom\nCPER mathématiques;Avignon;Maths Avignon\n".encode(),
            ),
        ]
        preview = self.upload(*files)
        assert preview.context["plan"].errors == []
        self.apply(preview)
        assert SubCouncil.objects.get(council=self.w.council).name == "Maths Avignon"

    def test_an_unknown_file_name_is_refused(self) -> None:
        preview = self.upload(("divers.csv", b"nom\nX\n"))
        assert preview.status_code == 422
        assert "divers.csv" in preview.context["error"]

    def test_export_then_import_changes_nothing(self) -> None:
        self.apply(self.upload(("structure.xlsx", workbook(SHEETS))))
        Component.objects.filter(code="AU").update(retired_on="2026-01-31")
        exported = self.client.get(reverse("setup:export_xlsx"))
        assert exported.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(exported.content))
        assert book.sheetnames == [
            "composantes",
            "sites",
            "mentions",
            "parcours",
            "conseils",
            "sous_conseils",
        ]
        preview = self.upload(("structure.xlsx", exported.content))
        plan = preview.context["plan"]
        assert plan.errors == [] and plan.added == 0 and plan.changed == 0
        assert plan.unchanged == sum(len(ws["A"]) - 1 for ws in book.worksheets)

    def test_a_retirement_date_in_the_file_retires(self) -> None:
        sheets = {
            "composantes": [["sigle", "nom", "retire_le"], ["AMU", "Université", "31/01/2026"]]
        }
        self.apply(self.upload(("s.xlsx", workbook(sheets))))
        assert str(Component.objects.get(code="AMU").retired_on) == "2026-01-31"

    def test_the_csv_export_of_a_sheet_reads_back(self) -> None:
        exported = self.client.get(reverse("setup:export_csv", args=["conseils"]))
        text = exported.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("nom;type;mention;parcours")
        assert "CPER mathématiques" in text
        preview = self.upload(("conseils.csv", exported.content))
        plan = preview.context["plan"]
        assert plan.errors == [] and plan.changed == 0 and plan.unchanged == 2

    def test_the_head_of_mention_cannot_import(self) -> None:
        self.client.force_login(self.w.head)
        response = self.upload(("structure.xlsx", workbook(SHEETS)))
        assert response.status_code == 403
        assert not Site.objects.filter(name="Avignon").exists()
