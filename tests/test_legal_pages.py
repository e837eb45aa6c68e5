"""The pages a French public body must show: public, linked from every footer, in the
institution's own words where it gave them, and editable by its director only."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry
from councils.models import Institution
from legal.models import LegalWording
from tests.people import BaseTestCase

PAGES = ["legal:notice", "legal:accessibility", "legal:privacy"]

FORM = {
    "publisher": "Inspé de test\n1 rue des Écoles, 13000 Marseille",
    "publication_director": "Diane Directrice, directrice de l’Inspé",
    "host": "Hébergeur Exemple SAS, 2 quai du Port, 13002 Marseille, 04 00 00 00 00",
    "dpo_contact": "dpo@example.org",
    "accessibility_contact": "accessibilite@example.org",
    "conformity": "partial",
    "audit_rate": "62 %",
    "audit_details": "Audit du 3 mars 2026 par Cabinet A11y, 12 pages évaluées.",
    "non_accessible_content": "Les vidéos des séances n’ont pas de sous-titres.",
    "derogations": "",
    "statement_date": "2026-03-10",
    "retention_years": "7",
}


def test_the_pages_render_on_a_fresh_install_without_any_institution(db, client) -> None:
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "<h1>" in response.content.decode()


class LegalPagesTests(BaseTestCase):
    def test_every_page_links_to_the_three_pages_from_its_footer(self) -> None:
        for url in (reverse("home"), reverse("law:index"), reverse("accounts:login")):
            html = self.client.get(url).content.decode()
            footer = html[html.index('<footer class="site-footer">') :]
            for name in PAGES:
                assert f'href="{reverse(name)}"' in footer, (url, name)

    def test_the_signed_in_footer_also_links_to_my_data(self) -> None:
        footer_link = f'href="{reverse("legal:my_data")}"'
        assert footer_link not in self.client.get(reverse("home")).content.decode()
        self.login(self.w.member)
        assert footer_link in self.client.get(reverse("home")).content.decode()

    def test_the_pages_are_public_and_show_sensible_defaults_before_any_wording(self) -> None:
        notice = self.client.get(reverse("legal:notice")).content.decode()
        assert "Inspé de test" in notice
        assert "Diane Directrice, Directeur de l’Inspé" in notice
        assert "L’établissement n’a pas encore indiqué son hébergeur." in notice
        statement = self.client.get(reverse("legal:accessibility")).content.decode()
        assert "<strong>non conforme</strong>" in statement
        assert "Aucun audit de conformité au RGAA n’a encore été réalisé" in statement
        assert "%" not in statement  # no invented rate
        privacy = self.client.get(reverse("legal:privacy")).content.decode()
        assert "pendant 5 ans après la fin de son dernier mandat" in privacy

    def test_the_accessibility_statement_follows_the_rgaa_model(self) -> None:
        html = self.client.get(reverse("legal:accessibility")).content.decode()
        for heading in (
            "<h1>Déclaration d’accessibilité</h1>",
            "<h2>État de conformité</h2>",
            "<h2>Contenus non accessibles</h2>",
            "<h2>Établissement de cette déclaration d’accessibilité</h2>",
            "<h2>Retour d’information et contact</h2>",
            "<h2>Voies de recours</h2>",
        ):
            assert heading in html, heading
        assert "article 47 de la loi n° 2005-102 du 11 février 2005" in html
        assert "Défenseur des droits" in html and "Libre réponse 71120" in html
        assert "axe-core" in html

    def test_the_privacy_notice_says_what_the_rgpd_asks(self) -> None:
        html = self.client.get(reverse("legal:privacy")).content.decode()
        for heading in (
            "Responsable du traitement",
            "Finalités",
            "Base légale",
            "Données traitées",
            "Destinataires",
            "Durées de conservation",
            "Vos droits",
            "Délégué à la protection des données",
            "Réclamation",
        ):
            assert f"<h2>{heading}</h2>" in html, heading
        assert "mission d’intérêt public" in html
        assert "https://www.cnil.fr/" in html
        assert f'href="{reverse("legal:my_data")}"' in html

    def test_the_pages_show_the_institutions_own_wording(self) -> None:
        LegalWording.objects.create(
            institution=self.w.institution,
            host="Hébergeur Exemple SAS",
            dpo_contact="dpo@example.org",
            accessibility_contact="accessibilite@example.org",
            conformity=LegalWording.Conformity.PARTIAL,
            audit_rate="62 %",
            retention_years=1,
        )
        assert "Hébergeur Exemple SAS" in self.client.get(reverse("legal:notice")).content.decode()
        statement = self.client.get(reverse("legal:accessibility")).content.decode()
        assert "<strong>partiellement conforme</strong>" in statement
        assert "62 % des critères du RGAA sont respectés" in statement
        assert "accessibilite@example.org" in statement
        privacy = self.client.get(reverse("legal:privacy")).content.decode()
        assert "dpo@example.org" in privacy
        assert "pendant 1 an après la fin de son dernier mandat" in privacy

    def test_the_institution_is_named_with_its_article_and_the_contact_gap_is_said(self) -> None:
        vowel = Institution.objects.create(
            name="Institut national supérieur du professorat", short_name="I"
        )
        consonant = Institution.objects.create(name="Lycée Thiers", short_name="LT")
        page = self.client.get(reverse("legal:accessibility_of", args=[vowel.pk])).content.decode()
        assert "L’Institut national supérieur du professorat s’engage" in page
        assert "adressez-vous à l’Institut national supérieur du professorat." in page
        assert "à Institut" not in page
        assert "pas encore été renseigné par la direction" in page
        page = self.client.get(
            reverse("legal:accessibility_of", args=[consonant.pk])
        ).content.decode()
        assert "L’établissement Lycée Thiers s’engage" in page
        privacy = self.client.get(reverse("legal:privacy_of", args=[vowel.pk])).content.decode()
        assert "protection des données de l’Institut national" in privacy
        LegalWording.objects.create(institution=vowel, accessibility_contact="a11y@example.org")
        page = self.client.get(reverse("legal:accessibility_of", args=[vowel.pk])).content.decode()
        assert "a11y@example.org" in page and "pas encore été renseigné" not in page

    def test_each_institution_has_its_own_pages(self) -> None:
        other = Institution.objects.create(name="Université voisine", short_name="UV")
        LegalWording.objects.create(institution=other, host="Autre hébergeur")
        first = self.client.get(reverse("legal:notice")).content.decode()
        assert "Autre hébergeur" not in first
        assert f'href="{reverse("legal:notice_of", args=[other.pk])}"' in first
        second = self.client.get(reverse("legal:notice_of", args=[other.pk]))
        assert "Autre hébergeur" in second.content.decode()
        assert self.client.get(reverse("legal:notice_of", args=[other.pk + 99])).status_code == 404

    def test_the_pages_exist_in_english(self) -> None:
        self.client.cookies["django_language"] = "en"
        html = self.client.get(reverse("legal:accessibility")).content.decode()
        assert "<h1>Accessibility statement</h1>" in html
        assert "<h2>Means of redress</h2>" in html


class EditWordingTests(BaseTestCase):
    url_name = "legal:edit"

    def url(self) -> str:
        return reverse(self.url_name, args=[self.w.institution.pk])

    def test_the_director_saves_the_wording_and_the_step_is_audited(self) -> None:
        self.login(self.w.director)
        response = self.client.post(self.url(), FORM)
        assert response.status_code == 302
        wording = LegalWording.objects.get(institution=self.w.institution)
        assert wording.retention_years == 7 and wording.audit_rate == "62 %"
        entry = AuditEntry.objects.get(action="legal.wording_saved")
        assert entry.actor == self.w.director and "host" in entry.summary["fields"]
        statement = self.client.get(reverse("legal:accessibility")).content.decode()
        assert "Les vidéos des séances n’ont pas de sous-titres." in statement
        assert "10 mars 2026" in statement

    def test_the_form_starts_from_the_defaults(self) -> None:
        self.login(self.w.director)
        html = self.client.get(self.url()).content.decode()
        assert 'value="5"' in html  # RETENTION_YEARS
        assert not LegalWording.objects.exists()  # a GET writes nothing

    def test_bad_input_is_refused_and_changes_nothing(self) -> None:
        self.login(self.w.director)
        response = self.client.post(self.url(), {**FORM, "retention_years": "0"})
        assert response.status_code == 200
        assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in (
            response.content.decode()
        )
        assert not LegalWording.objects.exists() and not AuditEntry.objects.exists()

    def test_only_the_director_of_the_institution_may_edit(self) -> None:
        for person in (self.w.head, self.w.president, self.w.member, self.w.outsider):
            self.login(person)
            assert self.client.post(self.url(), FORM).status_code == 403
        other = Institution.objects.create(name="Autre", short_name="A", director=self.w.head)
        self.login(self.w.director)
        other_url = reverse(self.url_name, args=[other.pk])
        assert self.client.post(other_url, FORM).status_code == 403
        assert not LegalWording.objects.exists()

    def test_only_the_director_sees_the_edit_link(self) -> None:
        link = f'href="{self.url()}"'
        assert link not in self.client.get(reverse("legal:notice")).content.decode()
        self.login(self.w.director)
        assert link in self.client.get(reverse("legal:notice")).content.decode()
