"""The observatoire des formations: the director names its accounts; they enter and import
the indicators of every training, read every evidence pack, and are named on it."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from bylaws.engine import SOURCES_DIR
from councils import roles
from councils.models import ObservatoryMember, Programme, Track
from evaluation import actions, importing
from evaluation.models import Value
from evaluation.pack import OBSERVATORY_QUOTE
from tests.people import BaseTestCase, _user

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


class ObservatoryTests(BaseTestCase):
    observer: User
    other_track: Track

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.observer = _user("odf@example.org", "Inès", "Observatoire")
        ObservatoryMember.objects.create(institution=cls.w.institution, person=cls.observer)
        # A training of another programme, whose council the observer has no seat in.
        cls.other_track = Track.objects.create(
            programme=Programme.objects.get(name="MEEF 1"), name="Premier degré"
        )
        cls.w.other_council.tracks.add(cls.other_track)

    def enter(self, council_pk: int, track: Track) -> int:
        indicator = actions.ensure_default_indicators(self.w.institution)[1]  # réussite
        url = reverse("evaluation:indicators", args=[council_pk])
        response = self.client.post(
            url,
            {
                "enter": "1",  # the button, as the browser sends it
                "indicator": indicator.pk,
                "track": track.pk,
                "year": "2024-2025",
                "value": "77",
                "source": "OdF",
            },
        )
        return response.status_code

    def test_the_observatory_enters_indicators_of_a_training_of_any_programme(self) -> None:
        self.login(self.observer)
        assert self.enter(self.w.council.pk, self.w.track) == 302
        assert self.enter(self.w.other_council.pk, self.other_track) == 302
        saved = Value.objects.get(track=self.other_track)
        assert (saved.value, saved.entered_by) == (Decimal(77), self.observer)

    def test_the_observatory_imports_a_csv_for_another_programme(self) -> None:
        self.login(self.observer)
        url = reverse("evaluation:indicators", args=[self.w.other_council.pk])
        text = "indicateur;parcours;annee;valeur\nreussite;Premier degré;2024-2025;88\n"
        preview = self.client.post(
            url, {"file": SimpleUploadedFile("i.csv", text.encode(), "text/csv")}
        )
        assert preview.status_code == 200 and Value.objects.count() == 0
        applied = self.client.post(url, {"payload": preview.context["payload"], "apply": "1"})
        assert applied.status_code == 302
        assert Value.objects.get(track=self.other_track).value == Decimal(88)

    def test_the_observatory_reads_every_pack_and_its_pdf(self) -> None:
        self.login(self.observer)
        for council in (self.w.council, self.w.other_council):
            for name in ("evaluation:pack", "evaluation:pack_pdf", "evaluation:pack_csv"):
                assert self.client.get(reverse(name, args=[council.pk])).status_code == 200
        assert set(roles.councils_with_pack_readable_by(self.observer)) == {
            self.w.council,
            self.w.other_council,
        }
        assert "observatory" in roles.roles_of(self.observer)

    def test_the_observatory_of_another_institution_sees_nothing(self) -> None:
        from councils.models import Institution

        elsewhere = Institution.objects.create(name="Ailleurs", short_name="A", director=None)
        stranger = _user("odf2@example.org", "Autre", "Observatoire")
        ObservatoryMember.objects.create(institution=elsewhere, person=stranger)
        self.login(stranger)
        assert (
            self.client.get(reverse("evaluation:pack", args=[self.w.council.pk])).status_code == 404
        )
        assert self.enter(self.w.council.pk, self.w.track) == 404

    def test_an_outsider_and_a_plain_member_are_refused(self) -> None:
        self.login(self.w.outsider)
        assert self.enter(self.w.council.pk, self.w.track) == 404
        assert (
            self.client.get(reverse("evaluation:pack", args=[self.w.council.pk])).status_code == 404
        )
        self.login(self.w.member)
        assert self.enter(self.w.council.pk, self.w.track) == 403
        with self.assertRaises(PermissionDenied):
            importing.apply(self.w.council, b"indicateur;parcours;annee;valeur\n", by=self.w.member)
        assert Value.objects.count() == 0

    def test_the_pack_names_the_observatory_and_cites_the_bylaws(self) -> None:
        self.login(self.w.member)
        page = self.client.get(reverse("evaluation:pack", args=[self.w.council.pk]))
        self.assertContains(
            page,
            "Bilan établi en collaboration avec l’observatoire des formations de Inspé de test.",
        )
        self.assertContains(page, "Inès Observatoire")
        self.assertContains(page, "l’évaluation de son exécution (en\u00a0collaboration avec")
        pdf = self.client.get(reverse("evaluation:pack_pdf", args=[self.w.council.pk])).content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        words = " ".join(text.stdout.decode().split())
        assert "en collaboration avec l’observatoire des formations" in words
        assert "Inès Observatoire" in words


class ObservatoryCitationTests(BaseTestCase):
    def test_the_quote_stands_verbatim_in_the_seed_and_the_shipped_page(self) -> None:
        shipped = (SOURCES_DIR / "inspe-aix-marseille-cper.fr.txt").read_text(encoding="utf-8")
        assert OBSERVATORY_QUOTE in shipped
        seed = next(SEEDS.glob("001_*.txt"), None)
        if seed is not None:  # an installed product runs without ../shared
            assert OBSERVATORY_QUOTE in seed.read_text(encoding="utf-8")

    def test_a_changed_word_would_be_caught(self) -> None:
        shipped = (SOURCES_DIR / "inspe-aix-marseille-cper.fr.txt").read_text(encoding="utf-8")
        assert OBSERVATORY_QUOTE.replace("observatoire", "observatoires") not in shipped


class ObservatoryPageTests(BaseTestCase):
    def url(self) -> str:
        return reverse("evaluation:observatory", args=[self.w.institution.pk])

    def test_the_director_adds_and_removes_an_account_with_an_audit_entry_each(self) -> None:
        self.login(self.w.director)
        response = self.client.post(self.url(), {"email": "OUTSIDER@example.org"})
        assert response.status_code == 302
        seat = ObservatoryMember.objects.get(institution=self.w.institution)
        assert seat.person == self.w.outsider
        assert roles.may_enter_indicators(self.w.outsider, self.w.other_council)
        page = self.client.get(self.url())
        self.assertContains(page, "Oscar Extérieur")
        remove = reverse("evaluation:observatory_remove", args=[self.w.institution.pk, seat.pk])
        assert self.client.post(remove).status_code == 302
        assert not ObservatoryMember.objects.exists()
        assert list(
            AuditEntry.objects.filter(action__startswith="observatory.")
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["observatory.added", "observatory.removed"]

    def test_an_unknown_address_or_a_second_seat_is_refused_and_changes_nothing(self) -> None:
        self.login(self.w.director)
        response = self.client.post(self.url(), {"email": "nobody@example.org"})
        self.assertContains(response, "Aucun compte actif ne porte cette adresse.", status_code=422)
        self.client.post(self.url(), {"email": "member@example.org"})
        again = self.client.post(self.url(), {"email": "member@example.org"})
        self.assertContains(again, "fait déjà partie de l’observatoire", status_code=422)
        assert ObservatoryMember.objects.count() == 1

    def test_only_the_director_manages_the_observatory(self) -> None:
        seat = ObservatoryMember.objects.create(
            institution=self.w.institution, person=self.w.member
        )
        remove = reverse("evaluation:observatory_remove", args=[self.w.institution.pk, seat.pk])
        for person in (self.w.head, self.w.member, self.w.outsider):
            self.login(person)
            assert self.client.get(self.url()).status_code == 403
            assert (
                self.client.post(self.url(), {"email": "outsider@example.org"}).status_code == 403
            )
            assert self.client.post(remove).status_code == 403
        assert list(ObservatoryMember.objects.values_list("person", flat=True)) == [
            self.w.member.pk
        ]

    def test_the_directors_home_page_links_to_it(self) -> None:
        self.login(self.w.director)
        self.assertContains(self.client.get(reverse("home")), self.url())
