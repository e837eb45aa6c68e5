"""Names read with French typography's apostrophe (’) wherever they come from: the rule packs,
the Code's index of councils, what the director types or imports, and what was stored before."""

from __future__ import annotations

import importlib

from django.apps import apps

from bylaws.engine import available_council_types, load_pack
from councils.models import Council, Site
from councils.setup_forms import SiteForm
from councils.structure_import import _Importer
from law.bodies import BODIES
from recommendations.forms import BodyForm
from recommendations.models import Body
from tests.people import BaseTestCase

TYPEWRITER = "'"


def french_texts_of_the_packs() -> list[str]:
    texts = []
    for council_type in available_council_types():
        pack = load_pack(council_type)
        texts.append(pack.name("fr"))
        texts += [labels["fr"] for labels in pack.categories.values()]
        for rule in pack.rules:
            texts += [rule.messages["fr"], *([rule.labels["fr"]] if "fr" in rule.labels else [])]
    return texts


def test_the_packs_name_councils_categories_and_rules_with_the_typographic_apostrophe() -> None:
    texts = french_texts_of_the_packs()
    assert "Conseil de l’institut (INSPE)" in texts
    assert [t for t in texts if TYPEWRITER in t] == []


def test_the_code_s_index_names_its_councils_with_the_typographic_apostrophe() -> None:
    labels = [label for label, _pattern in BODIES.values()]
    assert "Conseil de l’institut (INSPE)" in labels
    assert [label for label in labels if TYPEWRITER in label] == []


class TypedNamesTests(BaseTestCase):
    def test_a_name_typed_with_the_typewriter_apostrophe_is_stored_typographic(self) -> None:
        form = SiteForm(self.w.institution, data={"name": "Site d'Aix"})
        assert form.is_valid(), form.errors
        assert form.save().name == "Site d’Aix"
        body = BodyForm(data={"code": "CI", "name": "Conseil de l'institut", "answer_days": 60})
        assert body.is_valid(), body.errors
        assert body.cleaned_data["name"] == "Conseil de l’institut"

    def test_an_import_finds_a_council_whatever_apostrophe_the_file_uses(self) -> None:
        council = Council.objects.create(
            institution=self.w.institution,
            name="Conseil de l’institut",
            council_type="inspe_institute_council",
        )
        assert _Importer(self.w.institution).council("conseil de l'institut") == council

    def test_names_stored_before_take_the_typographic_apostrophe(self) -> None:
        site = Site.objects.create(institution=self.w.institution, name="Site d'Aix")
        body = Body.objects.create(
            institution=self.w.institution, code="CI", name="Conseil d'institut"
        )
        for migration in (
            "councils.migrations.0010_typographic_apostrophe_in_structure_names",
            "recommendations.migrations.0003_typographic_apostrophe_in_body_names",
        ):
            importlib.import_module(migration).typographic_names(apps, None)
        site.refresh_from_db()
        body.refresh_from_db()
        assert (site.name, body.name) == ("Site d’Aix", "Conseil d’institut")
