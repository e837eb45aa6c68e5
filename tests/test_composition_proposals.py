"""A CPER's composition: proposed by the COSP, decided by the director in a signed act."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from bylaws.engine import SOURCES_DIR
from councils import roles
from councils.models import CompositionProposal, Designation, Membership
from councils.proposals import PROPOSAL_QUOTE, SEED_DOCUMENT
from documents.signing import check_signature
from tests.compiling import compiled_sql
from tests.convocation_world import signing_keys
from tests.people import BaseTestCase
from tests.recommendation_helpers import cosp

NO_KEY = {"SIGNING_KEY_FILE": "", "SIGNING_CERT_FILE": "", "SIGNING_DEMO": False}


@override_settings(**signing_keys())
class CompositionProposalTests(BaseTestCase):
    def setUp(self) -> None:
        _body, self.cosp = cosp(self.w)
        self.newcomer = User.objects.create_user(
            "nina@example.org", first_name="Nina", last_name="Nouvelle"
        )
        self.leaving = Membership.objects.get(
            council=self.w.council, person__email="t3@example.org"
        )
        self.propose_url = reverse("councils:propose", args=[self.w.council.pk])

    def _propose(self, **extra: object) -> Any:
        self.login(self.cosp)
        data = {
            f"remove_{self.leaving.pk}": "on",
            "email_0": "nina@example.org",
            "category_0": "teacher",
            "component_0": self.w.amu.pk,
            "motivation": "Renouvellement d’un enseignant d’AMU.",
            **extra,
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.propose_url, data)

    def _decide(self, **data: str) -> Any:
        self.login(self.w.director)
        proposal = CompositionProposal.objects.get()
        url = reverse("councils:proposal_decide", args=[self.w.council.pk, proposal.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data)

    def test_the_seed_page_says_the_director_decides_on_the_cosp_s_proposal(self) -> None:
        seed = (SOURCES_DIR / SEED_DOCUMENT).read_text(encoding="utf-8")
        assert PROPOSAL_QUOTE in seed

    def test_the_council_list_offers_the_cosp_its_cpers_through_sql_compiled_once(self) -> None:

        self.login(self.cosp)
        url = reverse("councils:list")
        self.client.get(url)  # compiled here, for this day
        with compiled_sql() as compiled:
            page = self.client.get(url)
        assert self.w.council in page.context["open_to_proposal"]
        assert not [sql for sql in compiled if "recommendations_body_respondents" in sql], compiled
        assert roles.councils_open_to_proposal_listed(self.w.head) == list(
            roles.councils_open_to_proposal_by(self.w.head)
        )

    def test_only_the_cosp_proposes_and_only_the_director_decides(self) -> None:
        assert roles.may_propose_composition(self.cosp, self.w.council)
        for person in (self.w.director, self.w.head, self.w.president, self.w.outsider):
            assert not roles.may_propose_composition(person, self.w.council), person
        assert self.w.council in roles.councils_open_to_proposal_by(self.cosp)
        assert roles.may_decide_composition(self.w.director, self.w.council)
        assert not roles.may_decide_composition(self.cosp, self.w.council)
        self.login(self.w.head)
        assert self.client.get(self.propose_url).status_code == 403

    def test_an_outsider_sees_nothing(self) -> None:
        self._propose()
        proposal = CompositionProposal.objects.get()
        self.login(self.w.outsider)
        args = [self.w.council.pk, proposal.pk]
        for url in (
            reverse("councils:proposals", args=[self.w.council.pk]),
            self.propose_url,
            reverse("councils:proposal", args=args),
            reverse("councils:proposal_pdf", args=args),
        ):
            assert self.client.get(url).status_code == 404, url
        response = self.client.post(reverse("councils:proposal_decide", args=args), {})
        assert response.status_code == 404
        assert CompositionProposal.objects.get().is_open

    def test_transmitting_and_deciding_each_ask_for_a_confirmation(self) -> None:
        self.login(self.cosp)
        form = self.client.get(self.propose_url).text
        assert 'id="confirm-box-propose"' in form
        assert "La proposition sera transmise à la direction" in form
        self._propose()
        self.login(self.w.director)
        proposal = CompositionProposal.objects.get()
        page = self.client.get(reverse("councils:proposal", args=[self.w.council.pk, proposal.pk]))
        assert 'id="confirm-box-decide"' in page.text
        assert "La décision sera signée avec la clé de l’établissement" in page.text

    def test_a_proposal_waits_on_the_director_s_home_page_until_decided(self) -> None:
        self._propose()
        proposal = CompositionProposal.objects.get()
        assert list(
            roles.proposals_decided_by(self.w.director, CompositionProposal.objects.all())
        ) == [proposal]
        assert not roles.proposals_decided_by(self.cosp, CompositionProposal.objects.all()).exists()
        url = reverse("councils:proposal", args=[self.w.council.pk, proposal.pk])
        self.login(self.w.director)
        sections = dict(self.client.get(reverse("home")).context["awaiting"].sections)
        assert [t.url for t in sections["Propositions du COSP à décider"]] == [url]
        self._decide(decision="accept")
        sections = dict(self.client.get(reverse("home")).context["awaiting"].sections)
        assert "Propositions du COSP à décider" not in sections
        self.login(self.cosp)
        sections = dict(self.client.get(reverse("home")).context["awaiting"].sections)
        assert "Propositions du COSP à décider" not in sections

    def test_an_unknown_address_is_said_once_beside_its_row(self) -> None:
        response = self._propose(email_0="nobody@example.org")
        assert response.status_code == 422
        unknown = "Ligne 1 : aucune personne de l’annuaire n’a l’adresse nobody@example.org."
        assert response.text.count(unknown) == 1
        errors = response.text.split('id="id_email_0_error"', 1)[1].split("</ul>", 1)[0]
        assert unknown in errors
        assert "corrigez ce qui est signalé plus bas" in response.text
        assert not CompositionProposal.objects.exists()

    def test_a_mistyped_address_is_not_also_reported_as_a_missing_person(self) -> None:
        # The browser lets "nina@example" through; the form refuses it once, at the field.
        response = self._propose(email_0="nina@example")
        assert response.status_code == 422
        assert response.text.count("errorlist") == 1
        assert "indiquez la personne et sa catégorie" not in response.text

    def test_the_lists_of_the_form_say_what_their_empty_choice_means(self) -> None:
        self.login(self.cosp)
        form = self.client.get(self.propose_url).text
        assert "---------" not in form
        assert form.count('<option value="" selected>— Aucune composante —</option>') == 3
        assert form.count('<option value="" selected>— choisissez —</option>') == 3

    def test_the_cosp_s_home_shows_its_councils_then_pending_then_decided_proposals(
        self,
    ) -> None:
        proposals_url = reverse("councils:proposals", args=[self.w.council.pk])
        free = "Conseils dont le COSP peut proposer la composition"
        pending = "Propositions en attente de la décision de la direction"
        decided = "Propositions décidées par la direction"

        def home() -> dict[str, list[Any]]:
            self.login(self.cosp)
            return dict(self.client.get(reverse("home")).context["awaiting"].sections)

        sections = home()
        assert [t.label for t in sections[free]] == ["CPER mathématiques", "CPER premier degré"]
        assert sections[free][0].url == proposals_url
        assert pending not in sections and decided not in sections
        self._propose()
        proposal = CompositionProposal.objects.get()
        url = reverse("councils:proposal", args=[self.w.council.pk, proposal.pk])
        sections = home()
        # A second proposal waits for the decision: the council leaves the first list.
        assert [t.label for t in sections[free]] == ["CPER premier degré"]
        assert [t.url for t in sections[pending]] == [url]
        self._decide(decision="accept")
        sections = home()
        assert [t.url for t in sections[decided]] == [url]
        assert "acceptée par décision de la direction" in sections[decided][0].detail
        assert sections[free][0].url == proposals_url
        page = self.client.get(reverse("home")).text
        assert page.index(free) < page.index(decided)
        assert f'href="{url}"' in page
        for person in (self.w.director, self.w.member, self.w.outsider):
            self.login(person)
            titles = [
                s.title for s in self.client.get(reverse("home")).context["awaiting"].sections
            ]
            assert not {free, pending, decided} & set(titles), person

    def test_an_illegal_proposal_is_refused_with_the_rule_and_nothing_is_saved(self) -> None:
        students = Membership.objects.filter(
            council=self.w.council, category="student_representative"
        )
        data = {f"remove_{s.pk}": "on" for s in students}
        response = self._propose(**data)
        assert response.status_code == 422
        assert "rendraient la composition irrégulière" in response.text
        assert not CompositionProposal.objects.exists()

    def test_the_cosp_proposes_and_the_director_is_told_through_the_queue(self) -> None:
        response = self._propose()
        assert response.status_code == 302
        proposal = CompositionProposal.objects.get()
        assert proposal.changes["remove"] == [self.leaving.pk]
        assert proposal.changes["add"][0]["person"] == self.newcomer.pk
        assert [m.to for m in mail.outbox] == [["director@example.org"]]
        assert AuditEntry.objects.filter(action="composition.proposed").count() == 1
        # A second proposal waits for the first decision.
        assert self._propose().status_code == 422
        assert CompositionProposal.objects.count() == 1

    def test_the_director_accepts_once_signs_and_the_composition_follows(self) -> None:
        self._propose()
        mail.outbox.clear()
        response = self._decide(decision="accept")
        assert response.status_code == 302
        self._decide(decision="accept")  # the double click
        proposal = CompositionProposal.objects.get()
        assert proposal.status == "accepted"
        assert AuditEntry.objects.filter(action="composition.decided").count() == 1
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["cosp@example.org"]
        self.leaving.refresh_from_db()
        assert self.leaving.end_date == proposal.effective_on
        seat = Membership.objects.get(council=self.w.council, person=self.newcomer)
        assert seat.designation.kind == Designation.Kind.FIRST
        assert "sur proposition du COSP" in seat.designation.designated_by
        assert Membership.objects.filter(person=self.newcomer).count() == 1
        with proposal.decision_pdf.open("rb") as handle:
            assert check_signature(handle.read()).ok
        page = self.client.get(self.w.council.get_absolute_url()).text
        assert f"Composition arrêtée par la décision n° {proposal.pk}" in page
        annex = self.client.get(reverse("councils:annex", args=[self.w.council.pk]))
        assert annex.status_code == 200

    def test_the_director_keeps_part_of_the_proposal(self) -> None:
        self._propose()
        proposal = CompositionProposal.objects.get()
        response = self._decide(
            decision="accept", modify="1", keep_add="0", reason="Le départ est différé."
        )
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.kept == {"remove": [], "add": [{**proposal.changes["add"][0], "index": 0}]}
        self.leaving.refresh_from_db()
        assert self.leaving.end_date is None
        assert Membership.objects.filter(person=self.newcomer).exists()

    def test_a_refusal_needs_a_reason_and_changes_no_seat(self) -> None:
        self._propose()
        assert self._decide(decision="refuse").status_code == 422
        assert CompositionProposal.objects.get().is_open
        assert (
            self._decide(decision="refuse", reason="Équilibre des composantes.").status_code == 302
        )
        proposal = CompositionProposal.objects.get()
        assert proposal.status == "refused" and proposal.decision_pdf
        assert not Membership.objects.filter(person=self.newcomer).exists()
        # Accepting a refused proposal is refused by its state, not by the person's role.
        response = self._decide(decision="accept")
        assert response.status_code == 409
        assert "refusée par décision de la direction" in response.text

    @override_settings(**NO_KEY)
    def test_without_a_signing_key_the_decision_is_refused_with_a_message(self) -> None:
        self._propose()
        response = self._decide(decision="accept")
        assert response.status_code == 422
        assert "La signature n’est pas configurée" in response.text
        assert CompositionProposal.objects.get().is_open
        assert not Membership.objects.filter(person=self.newcomer).exists()
        assert not AuditEntry.objects.filter(action="composition.decided").exists()
