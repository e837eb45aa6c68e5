"""The director's setup area: structure created, edited and retired in the product."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from bylaws.engine import SOURCES_DIR
from councils import roles
from councils.council_settings import CITATIONS
from councils.models import Component, Council, Site, SubCouncil, Track
from councils.setup_actions import SUBCOUNCIL_QUOTE
from law.citations import quote_in_article
from tests.people import BaseTestCase

TODAY = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


class SetupAreaTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.w.director)

    def test_only_the_director_may_set_up_the_institution(self) -> None:
        assert roles.may_set_up(self.w.director, self.w.institution)
        for person in (self.w.head, self.w.president, self.w.outsider):
            assert not roles.may_set_up(person, self.w.institution)
            self.client.force_login(person)
            assert self.client.get(reverse("setup:index")).status_code == 403
            response = self.client.post(reverse("setup:site_add"), {"name": "Intrus"})
            assert response.status_code == 403
        assert not Site.objects.filter(name="Intrus").exists()

    def test_the_director_builds_the_structure_step_by_step(self) -> None:
        post = self.client.post
        response = post(reverse("setup:component_add"), {"code": "AU", "name": "Avignon"})
        assert response.status_code == 302
        assert post(reverse("setup:site_add"), {"name": "Aix"}).status_code == 302
        response = post(
            reverse("setup:programme_add"), {"name": "MEEF 3", "head": "head@example.org"}
        )
        assert response.status_code == 302
        programme = self.w.institution.programmes.get(name="MEEF 3")
        assert programme.head == self.w.head
        response = post(
            reverse("setup:track_add"), {"programme": programme.pk, "name": "Ingénierie"}
        )
        assert response.status_code == 302
        track = Track.objects.get(name="Ingénierie")
        au = Component.objects.get(code="AU")
        aix = Site.objects.get(name="Aix")
        response = post(
            reverse("setup:council_add"),
            {
                "name": "CPER ingénierie",
                "council_type": "cper",
                "programme": programme.pk,
                "tracks": [track.pk],
                "components": [au.pk, self.w.inspe.pk],
                "sites": [aix.pk],
                "notice_days": 10,
                "max_proxies": 1,
                "minutes_validation_order": "sequential",
            },
        )
        assert response.status_code == 302
        council = Council.objects.get(name="CPER ingénierie")
        assert set(council.components.all()) == {au, self.w.inspe}
        assert council.notice_days == 10 and council.institution == self.w.institution
        response = post(
            reverse("setup:subcouncil_add"),
            {"council": council.pk, "site": aix.pk, "name": "CPER ingénierie — Aix"},
        )
        assert response.status_code == 302
        assert SubCouncil.objects.get(council=council).site == aix
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        assert {"component.created", "council.created", "subcouncil.created"} <= actions
        # The CPERs' page provides for sub-councils; no text does for the INSPE's councils.
        cosp = Council.objects.create(
            institution=self.w.institution, name="COSP", council_type="inspe_cosp"
        )
        response = post(
            reverse("setup:subcouncil_add"), {"council": cosp.pk, "site": aix.pk, "name": "X"}
        )
        assert response.status_code == 422
        assert "Seul un conseil de perfectionnement peut avoir des sous-conseils" in response.text
        assert not SubCouncil.objects.filter(council=cosp).exists()

    def test_each_message_agrees_with_the_kind_it_names(self) -> None:
        page = self.client.post(
            reverse("setup:component_add"), {"code": "IUT", "name": "IUT"}, follow=True
        )
        self.assertContains(page, "La composante « IUT » est enregistrée.")
        page = self.client.post(reverse("setup:site_add"), {"name": "Aix"}, follow=True)
        self.assertContains(page, "Le site « Aix » est enregistré.")
        page = self.client.post(
            reverse("setup:component_retire", args=[self.w.amu.pk]),
            {"retired_on": "2026-03-01"},
            follow=True,
        )
        self.assertContains(page, "est retirée ; elle reste dans l’historique.")
        page = self.client.post(
            reverse("setup:component_retire", args=[self.w.amu.pk]), {"reinstate": "1"}, follow=True
        )
        self.assertContains(page, "est de nouveau en usage.")
        self.assertNotContains(page, "» est enregistré.")

    def test_retiring_what_active_councils_use_warns_first(self) -> None:
        page = self.client.get(reverse("setup:component_retire", args=[self.w.amu.pk]))
        used = self.w.amu.councils.filter(retired_on__isnull=True).count()
        assert used >= 1
        self.assertContains(page, f"Attention : {used} conseil")
        self.assertContains(
            page, "en activité y fait référence" if used == 1 else "y font référence"
        )
        index = self.client.get(reverse("setup:index"))
        self.assertContains(index, f'aria-label="Retirer {self.w.amu}"')

    def test_a_track_of_another_programme_is_refused_and_nothing_is_saved(self) -> None:
        other = self.w.other_council.programme
        response = self.client.post(
            reverse("setup:council_add"),
            {
                "name": "Mélange",
                "council_type": "cper",
                "programme": other.pk,  # type: ignore[union-attr]
                "tracks": [self.w.track.pk],
                "notice_days": 8,
                "max_proxies": 1,
                "minutes_validation_order": "parallel",
            },
        )
        assert response.status_code == 422
        assert "Les parcours suivis appartiennent à la mention choisie." in response.text
        assert 'aria-invalid="true"' in response.text
        assert not Council.objects.filter(name="Mélange").exists()

    def test_a_duplicate_component_code_is_named_on_its_field(self) -> None:
        response = self.client.post(reverse("setup:component_add"), {"code": "inspe", "name": "X"})
        assert response.status_code == 422
        assert "Une composante porte déjà ce sigle." in response.text

    def test_a_head_must_have_an_account(self) -> None:
        response = self.client.post(
            reverse("setup:programme_add"), {"name": "M", "head": "nobody@example.org"}
        )
        assert response.status_code == 422
        assert "Aucun compte n’a cette adresse." in response.text

    @time_machine.travel(TODAY)
    def test_a_retired_component_leaves_the_pickers_but_stays_in_history(self) -> None:
        amu = self.w.amu
        response = self.client.post(
            reverse("setup:component_retire", args=[amu.pk]), {"retired_on": "2026-03-01"}
        )
        assert response.status_code == 302
        amu.refresh_from_db()
        assert amu.retired_on == dt.date(2026, 3, 1)
        assert Component.objects.filter(pk=amu.pk).exists()  # never deleted
        assert amu in self.w.council.components.all()  # what refers to it keeps it
        picker = self.client.get(reverse("setup:council_add")).context["form"]
        assert amu not in picker.fields["components"].queryset
        editing = self.client.get(reverse("setup:council_edit", args=[self.w.council.pk]))
        assert amu in editing.context["form"].fields["components"].queryset  # still referred to
        index = self.client.get(reverse("setup:index"))
        assert "retiré le 1 mars 2026" in index.text
        assert AuditEntry.objects.filter(action="component.retired").exists()
        self.client.post(reverse("setup:component_retire", args=[amu.pk]), {"reinstate": "1"})
        amu.refresh_from_db()
        assert amu.retired_on is None

    @time_machine.travel(TODAY)
    def test_a_retired_council_leaves_the_council_list(self) -> None:
        council = self.w.other_council
        self.client.post(
            reverse("setup:council_retire", args=[council.pk]), {"retired_on": "2026-03-01"}
        )
        listing = self.client.get(reverse("councils:list"))
        assert [c for c, _v in listing.context["rows"]] == [self.w.council]
        with_retired = self.client.get(reverse("councils:list"), {"retires": "1"})
        assert council in [c for c, _v in with_retired.context["rows"]]

    def test_no_page_offers_to_delete(self) -> None:
        for name in ("setup:index", "setup:council_edit", "setup:council_retire"):
            kwargs = {} if name == "setup:index" else {"pk": self.w.council.pk}
            text = self.client.get(reverse(name, kwargs=kwargs)).text
            assert "Supprimer" not in text

    def test_a_council_shows_its_settings_with_their_legal_basis(self) -> None:
        response = self.client.get(reverse("setup:council_settings", args=[self.w.council.pk]))
        assert response.status_code == 200
        for label in ("Délai de convocation", "Procurations", "Quorum", "Majorité"):
            assert label in response.text
        assert "8 jours" in response.text
        assert "<h1>Réglages du CPER mathématiques</h1>" in response.text  # not "de CPER"
        assert "Nul ne peut détenir plus d&#x27;une procuration." in response.text
        assert "validé par le.la président.e du CPER" in response.text
        assert "majorité des suffrages exprimés" in response.text
        # Said as the texts say it, not "plus de 1/2 des membres".
        assert "plus de la moitié des membres en exercice" in response.text
        # R. 421-25 and R. 642-9 govern other councils: never shown as the CPER's basis.
        text = response.text
        assert "relatif au conseil d’administration des EPLE" in text
        assert "relatif à la commission des titres d’ingénieur" in text
        assert text.count("valeur par défaut reprise, par analogie") == 4
        assert "commission des titres d’ingénieur, par défaut" not in text

    def test_an_inspe_council_s_settings_cite_d_721_8(self) -> None:
        cosp = Council.objects.create(
            institution=self.w.institution, name="COSP", council_type="inspe_cosp"
        )
        response = self.client.get(reverse("setup:council_settings", args=[cosp.pk]))
        assert response.status_code == 200
        assert "par analogie" not in response.text
        assert response.text.count("(Code de l’éducation, art. D. 721-8)") == 3
        assert "les conditions de représentation de leurs membres" in response.text

    def test_the_quoted_texts_are_marked_french_on_the_english_pages(self) -> None:
        # The Code and the CPERs' page are French: a screen reader set to English must read
        # their words with a French voice.
        self.client.post(reverse("accounts:set_language"), {"language": "en"})
        text = self.client.get(reverse("setup:council_settings", args=[self.w.council.pk])).text
        assert "Settings and their legal basis" in text
        assert "<blockquote>" not in text and '<blockquote lang="fr">' in text
        assert '<cite lang="fr">' in text

    def test_an_inspe_council_s_minutes_are_not_validated_under_the_cpers_page(self) -> None:
        # The CPERs' page (« Fonctionnement ») governs the CPERs only: quoting it as the
        # basis of the conseil d'institut's or the COSP's minutes borrows another council's rule.
        for council_type in ("inspe_institute_council", "inspe_cosp"):
            council = Council.objects.create(
                institution=self.w.institution, name=council_type, council_type=council_type
            )
            text = self.client.get(reverse("setup:council_settings", args=[council.pk])).text
            assert "validé par le.la président.e du CPER" not in text
            assert "conseils de perfectionnement, « Fonctionnement »" not in text
            assert "Aucun texte qui régit ce conseil ne fixe la validation" in text
            # What the minutes circuit does for it (minutes.actions.validators).
            assert "par la présidence du conseil" in text and "sa présidence les valide" in text
        edit = self.client.get(reverse("setup:council_edit", kwargs={"pk": council.pk})).text
        assert "autres conseils sont validés par leur seule présidence" in edit

    def test_the_settings_quotes_stand_word_for_word_in_their_texts(self) -> None:
        from law.loader import load

        load()
        for citation in CITATIONS:
            if citation.document:
                text = (SOURCES_DIR / citation.document).read_text(encoding="utf-8")
                assert citation.quote in text
            else:
                assert citation.code_line is not None
                assert quote_in_article(citation.code_line, citation.quote), citation.quote
        seed = (SOURCES_DIR / "inspe-aix-marseille-cper.fr.txt").read_text(encoding="utf-8")
        assert SUBCOUNCIL_QUOTE in seed
        assert "ne peuvent se substituer au conseil" in SUBCOUNCIL_QUOTE


class SubCouncilMembersTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.w.director)
        self.site = Site.objects.create(institution=self.w.institution, name="Avignon")
        self.sub = SubCouncil.objects.create(council=self.w.council, site=self.site, name="Sous")
        self.url = reverse("setup:subcouncil_members", args=[self.sub.pk])

    def test_members_are_drawn_from_the_council_and_the_limit_is_quoted(self) -> None:
        response = self.client.get(self.url)
        assert "ne peuvent se substituer au conseil de perfectionnement" in response.text
        choices = response.context["form"].fields["members"].queryset
        assert {m.council_id for m in choices} == {self.w.council.pk}
        member = self.w.council.memberships.get(person=self.w.member)
        student = self.w.council.memberships.get(person=self.w.student)
        response = self.client.post(self.url, {"members": [member.pk, student.pk]})
        assert response.status_code == 302
        assert set(self.sub.members.all()) == {member, student}

    def test_a_member_of_another_council_is_refused(self) -> None:
        stranger = self.w.other_council.memberships.get()
        response = self.client.post(self.url, {"members": [stranger.pk]})
        assert response.status_code == 422
        assert not self.sub.members.exists()

    def test_the_head_of_mention_cannot_choose_them(self) -> None:
        self.client.force_login(self.w.head)
        assert self.client.get(self.url).status_code == 403

    def test_the_council_page_lists_the_sub_council_members(self) -> None:
        member = self.w.council.memberships.get(person=self.w.member)
        self.client.post(self.url, {"members": [member.pk]})
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        assert "Sous (Avignon)" in response.text
        assert "Marie Membre" in response.text
        assert self.url in response.text
        self.client.force_login(self.w.head)
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        assert "Marie Membre" in response.text and self.url not in response.text


class SetupIndexQueriesTests(BaseTestCase):
    def test_the_index_keeps_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.director)
        self.client.get(reverse("setup:index"))  # warm the session
        site = Site.objects.create(institution=self.w.institution, name="Aix")
        with self.assertNumQueries(15):
            self.client.get(reverse("setup:index"))
        for n in range(5):
            Component.objects.create(institution=self.w.institution, code=f"C{n}", name="C")
            other = Site.objects.create(institution=self.w.institution, name=f"S{n}")
            SubCouncil.objects.create(council=self.w.council, site=other, name=f"Sous {n}")
        SubCouncil.objects.create(council=self.w.other_council, site=site, name="Sous")
        with self.assertNumQueries(15):
            self.client.get(reverse("setup:index"))
