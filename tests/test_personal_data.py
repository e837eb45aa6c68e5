"""A person downloads what the product holds about them, and only that."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from api.models import ApiToken
from audit.log import record
from meetings.models import Answer
from minutes.models import Minutes, Revision
from sittings.models import Attendance, Ballot, BallotCast, NamedVote, Vote
from tests.minutes_helpers import draft_minutes
from tests.people import BaseTestCase


def seat_of(w, person):
    return w.council.memberships.get(person=person)


class MyDataTests(BaseTestCase):
    minutes: Minutes

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.w
        minutes = draft_minutes(w)  # the member is the session secretary
        meeting = minutes.meeting
        item = meeting.agenda_items.get(position=2)
        mine, president = seat_of(w, w.member), seat_of(w, w.president)
        Answer.objects.create(
            meeting=meeting, membership=mine, response="proxy", proxy_to=president
        )
        Attendance.objects.create(
            meeting=meeting, membership=mine, status="represented", proxy_to=president
        )
        roll_call = Vote.objects.create(
            meeting=meeting,
            agenda_item=item,
            question="Adopter la maquette ?",
            method=Vote.Method.ROLL_CALL,
            majority=Vote.Majority.VOTES_CAST,
        )
        NamedVote.objects.create(vote=roll_call, membership=mine, choice="abstain")
        NamedVote.objects.create(vote=roll_call, membership=president, choice="against")
        secret = Vote.objects.create(
            meeting=meeting,
            agenda_item=item,
            question="Élire la présidence ?",
            method=Vote.Method.SECRET,
            majority=Vote.Majority.VOTES_CAST,
        )
        BallotCast.objects.create(vote=secret, membership=mine)
        Ballot.objects.create(vote=secret, choice="for")
        Revision.objects.create(
            minutes=minutes, number=2, body="Le conseil a examiné la maquette.", author=w.member
        )
        ApiToken.objects.create(
            user=w.member, name="Mon tableur", prefix="cns_abcdefgh", secret_hash="f" * 64
        )
        record(w.head, "membership.changed", mine, summary={"category": "teacher"})
        record(w.head, "membership.changed", president, summary={"category": "academy"})
        cls.minutes = minutes

    def download(self, person, name: str = "legal:my_data_json", query: str = ""):
        self.login(person)
        response = self.client.get(reverse(name) + query)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        return response

    def sections(self, person, query: str = "") -> dict[str, list[dict]]:
        data = json.loads(self.download(person, query=query).content)
        return {s["key"]: s["rows"] for s in data["sections"]}

    def test_it_gives_the_person_everything_about_them(self) -> None:
        data = self.sections(self.w.member)
        assert data["account"][0]["adresse électronique"] == "member@example.org"
        assert [m["conseil"] for m in data["memberships"]] == ["CPER mathématiques"]
        assert data["memberships"][0]["début du mandat"] == "2025-09-01"
        assert data["answers"][0]["réponse"] == "donne procuration"
        assert data["answers"][0]["procuration donnée à"] == "Paul Président"
        assert data["attendance"][0]["présence"] == "représenté"
        assert data["votes"] == [
            {
                "séance": str(self.minutes.meeting),
                "question mise aux voix": "Adopter la maquette ?",
                "mode de scrutin": "par appel nominal",
                "vote": "abstention",
                "voix (avec les procurations)": 1,
            }
        ]
        assert data["minutes"][0]["rôle"] == "secrétaire de séance"
        assert data["minutes_revisions"][0]["texte"] == "Le conseil a examiné la maquette."
        assert data["api_tokens"][0]["nom"] == "Mon tableur"
        assert [e["détail"] for e in data["audit"]] == [{"category": "teacher"}]
        assert data["audit"][0]["auteur"] == "Henri Mention"

    def test_it_never_reveals_a_secret_ballot(self) -> None:
        data = self.sections(self.w.member)
        assert [v["question mise aux voix"] for v in data["votes"]] == ["Adopter la maquette ?"]
        assert data["secret_ballots"] == [
            {
                "séance": str(self.minutes.meeting),
                "question mise aux voix": "Élire la présidence ?",
                "émargement": "a voté (le choix n’est lié à personne)",
            }
        ]
        raw = self.download(self.w.member).content.decode()
        assert "pour" not in raw.split("Élire la présidence ?")[1].split("}")[0]

    def test_it_never_shows_the_password_hash_nor_a_token_hash(self) -> None:
        raw = self.download(self.w.member).content.decode()
        assert self.w.member.password not in raw
        assert "f" * 64 not in raw

    def test_it_holds_nothing_of_anyone_else(self) -> None:
        data = self.sections(self.w.president)
        assert data["account"][0]["adresse électronique"] == "president@example.org"
        assert data["answers"] == [] and data["attendance"] == []
        assert data["proxies_held"][0]["procuration reçue de"] == "Marie Membre"
        assert [v["vote"] for v in data["votes"]] == ["contre"]
        assert data["secret_ballots"] == [] and data["minutes"] == []
        assert [r["révision"] for r in data["minutes_revisions"]] == [1]  # started the minutes
        changes = [e["détail"] for e in data["audit"] if e["action"] == "membership.changed"]
        assert changes == [{"category": "academy"}]
        raw = self.download(self.w.president).content.decode()
        assert "abstention" not in raw and "Mon tableur" not in raw

    def test_an_outsider_gets_their_own_account_only_whatever_they_ask(self) -> None:
        member = self.w.member.pk
        for query in ("", f"?user={member}", f"?pk={member}", f"?id={member}"):
            data = self.sections(self.w.outsider, query)
            assert data["account"][0]["adresse électronique"] == "outsider@example.org"
            assert all(rows == [] for key, rows in data.items() if key != "account"), query

    def test_the_csv_has_one_line_per_field_with_its_section(self) -> None:
        response = self.download(self.w.member, "legal:my_data_csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0] == ["rubrique", "n°", "champ", "valeur"]
        assert ["Compte", "1", "adresse électronique", "member@example.org"] in rows
        assert ["Votes par appel nominal", "1", "vote", "abstention"] in rows
        assert ["Jetons d’API", "1", "nom", "Mon tableur"] in rows
        assert "president@example.org" not in text

    def test_the_csv_speaks_french_for_yes_no_and_times_and_the_json_keeps_iso(self) -> None:
        import datetime as dt

        joined = dt.datetime(2026, 11, 30, 1, 31, tzinfo=dt.UTC)  # 02:31 in Paris
        type(self.w.member).objects.filter(pk=self.w.member.pk).update(date_joined=joined)
        text = self.download(self.w.member, "legal:my_data_csv").content.decode("utf-8-sig")
        values = [row[3] for row in csv.reader(io.StringIO(text), delimiter=";")]
        assert "True" not in values and "False" not in values
        assert "oui" in values  # the account is active
        assert "30/11/2026 02:31" in values and "2026-11-30T02:31:00+01:00" not in values
        raw = self.download(self.w.member).content.decode()
        assert "2026-11-30T02:31:00+01:00" in raw

    def test_a_formula_is_neutralised_in_the_csv(self) -> None:
        Revision.objects.create(minutes=self.minutes, number=3, body="=1+1", author=self.w.member)
        text = self.download(self.w.member, "legal:my_data_csv").content.decode("utf-8-sig")
        assert ";'=1+1\r\n" in text

    def test_anonymous_people_are_sent_to_sign_in(self) -> None:
        for name in ("legal:my_data", "legal:my_data_json", "legal:my_data_csv"):
            response = self.client.get(reverse(name))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))

    def test_the_page_offers_both_files_and_names_the_sections(self) -> None:
        self.login(self.w.member)
        html = self.client.get(reverse("legal:my_data")).content.decode()
        assert reverse("legal:my_data_json") in html and reverse("legal:my_data_csv") in html
        assert "Participation aux scrutins secrets" in html

    def test_the_export_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.member)
        with self.assertNumQueries(21):
            self.client.get(reverse("legal:my_data_json"))
