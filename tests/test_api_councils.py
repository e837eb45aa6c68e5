"""Councils and members through the API: the access rules and the actions of the pages."""

from __future__ import annotations

from accounts.models import User
from audit.models import AuditEntry
from councils.models import Council, Membership
from tests.people import seat
from tests.test_api_helpers import ApiTestCase, api_url

NEW_MEMBER = {
    "email": "nouvelle@example.org",
    "first_name": "Nina",
    "last_name": "Nouvelle",
    "category": "teacher",
    "component": "AMU",
    "start_date": "2025-10-01",
}


def newcomer(email: str) -> User:
    return User.objects.create_user(email, first_name="Néo", last_name="Venu")


class CouncilReadTests(ApiTestCase):
    def test_an_outsiders_token_sees_no_council(self) -> None:
        response = self.call("GET", api_url("list_councils"), self.w.outsider)
        assert response.status_code == 200
        assert response.json()["count"] == 0
        assert response.json()["items"] == []

    def test_an_outsiders_token_gets_404_on_a_council_id(self) -> None:
        secret = self.token_for(self.w.outsider)
        for name in ("get_council", "list_members", "list_meetings"):
            response = self.call("GET", api_url(name, council_id=self.w.council.pk), secret=secret)
            assert response.status_code == 404, name
            assert response.json()["detail"] == "Introuvable, ou vous n’y avez pas accès."

    def test_a_council_that_does_not_exist_looks_the_same_as_a_hidden_one(self) -> None:
        response = self.call("GET", api_url("get_council", council_id=999999), self.w.outsider)
        assert response.status_code == 404
        assert response.json()["detail"] == "Introuvable, ou vous n’y avez pas accès."

    def test_a_members_token_sees_only_the_council_where_they_sit(self) -> None:
        response = self.call("GET", api_url("list_councils"), self.w.member)
        assert [c["id"] for c in response.json()["items"]] == [self.w.council.pk]
        assert response.json()["items"][0]["can_edit"] is False

    def test_the_directors_token_sees_every_council_with_its_status(self) -> None:
        items = self.call("GET", api_url("list_councils"), self.w.director).json()["items"]
        status = {c["name"]: (c["legal"], c["violation_count"] > 0) for c in items}
        assert status == {
            self.w.council.name: (True, False),
            self.w.other_council.name: (False, True),
        }

    def test_a_council_shows_each_rule_ok_or_violated_with_its_citation(self) -> None:
        url = api_url("get_council", council_id=self.w.other_council.pk)
        body = self.call("GET", url, self.w.director).json()
        rules = {r["id"]: r for r in body["rules"]}
        assert body["legal"] is False
        assert rules["head_of_mention.required"]["ok"] is True
        assert rules["head_of_mention.required"]["message"] is None
        students = rules["student_representative.count"]
        assert students["ok"] is False
        assert "étudiant" in students["message"]
        assert students["citation"]["quote"]
        assert students["citation"]["url"]

    def test_the_members_list_is_paginated_with_limit_and_offset(self) -> None:
        url = api_url("list_members", council_id=self.w.council.pk)
        secret = self.token_for(self.w.member)
        first = self.call("GET", url + "?limit=4", secret=secret).json()
        rest = self.call("GET", url + "?limit=50&offset=4", secret=secret).json()
        assert first["count"] == rest["count"] == 10
        ids = [m["id"] for m in first["items"] + rest["items"]]
        assert len(ids) == len(set(ids)) == 10

    def test_a_limit_beyond_one_hundred_is_refused_in_french(self) -> None:
        url = api_url("list_councils") + "?limit=1000"
        response = self.call("GET", url, self.w.member)
        assert response.status_code == 422
        assert response.json()["detail"].startswith("Requête invalide")

    def test_readers_do_not_see_members_email_addresses_and_editors_do(self) -> None:
        url = api_url("list_members", council_id=self.w.council.pk)
        as_member = self.call("GET", url, self.w.member).json()["items"]
        as_head = self.call("GET", url, self.w.head).json()["items"]
        assert {m["person"]["email"] for m in as_member} == {None}
        assert self.w.member.email in {m["person"]["email"] for m in as_head}

    def test_past_seats_are_listed_only_on_request(self) -> None:
        Membership.objects.filter(person=self.w.member).update(end_date="2025-12-01")
        url = api_url("list_members", council_id=self.w.council.pk)
        secret = self.token_for(self.w.head)
        assert self.call("GET", url, secret=secret).json()["count"] == 9
        with_past = self.call("GET", url + "?past=true", secret=secret).json()
        assert with_past["count"] == 10
        ended = [m for m in with_past["items"] if m["person"]["id"] == self.w.member.pk]
        assert ended[0]["current"] is False


class CouncilQueryCountTests(ApiTestCase):
    def add_councils(self, n: int) -> None:
        for i in range(n):
            extra = Council.objects.create(
                institution=self.w.institution, name=f"Extra {i}", programme=self.w.programme
            )
            extra.components.add(self.w.inspe, self.w.amu)
            seat(extra, self.w.member, "teacher", self.w.inspe)
            seat(extra, self.w.student, "student_representative", self.w.amu)

    def test_the_list_of_councils_runs_a_fixed_number_of_queries(self) -> None:
        secret = self.token_for(self.w.director)
        url = api_url("list_councils")
        self.call("GET", url, secret=secret)  # warm the rule pack cache and last_used_at
        # token, count, councils, components, memberships with people and components
        with self.assertNumQueries(5):
            self.call("GET", url, secret=secret)
        self.add_councils(3)
        with self.assertNumQueries(5):
            assert self.call("GET", url, secret=secret).json()["count"] == 5

    def test_the_list_of_members_runs_a_fixed_number_of_queries(self) -> None:
        secret = self.token_for(self.w.head)
        url = api_url("list_members", council_id=self.w.council.pk)
        self.call("GET", url, secret=secret)
        # token, council, members with people and components, count
        with self.assertNumQueries(4):
            self.call("GET", url, secret=secret)
        for i in range(3):
            seat(self.w.council, newcomer(f"guest{i}@example.org"), "guest")
        with self.assertNumQueries(4):
            assert self.call("GET", url, secret=secret).json()["count"] == 13


class MemberWriteTests(ApiTestCase):
    def members_url(self, council: Council | None = None) -> str:
        return api_url("add_member", council_id=(council or self.w.council).pk)

    def seat_url(self, membership: Membership, council: Council | None = None) -> str:
        council_id = (council or self.w.council).pk
        return api_url("update_member", council_id=council_id, membership_id=membership.pk)

    def end_url(self, membership: Membership, council: Council | None = None) -> str:
        council_id = (council or self.w.council).pk
        return api_url("end_member", council_id=council_id, membership_id=membership.pk)

    def test_a_members_token_cannot_add_members(self) -> None:
        response = self.call("POST", self.members_url(), self.w.member, NEW_MEMBER)
        assert response.status_code == 403
        assert response.json()["detail"] == "Vous n’avez pas le droit de faire cela."
        assert not Membership.objects.filter(person__email=NEW_MEMBER["email"]).exists()

    def test_an_outsiders_token_cannot_even_learn_the_council_exists(self) -> None:
        response = self.call("POST", self.members_url(), self.w.outsider, NEW_MEMBER)
        assert response.status_code == 404

    def test_the_heads_token_adds_a_member_through_the_action_and_it_is_audited(self) -> None:
        response = self.call("POST", self.members_url(), self.w.head, NEW_MEMBER)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["member"]["category"] == "teacher"
        assert body["member"]["component"] == "AMU"
        assert body["legal"] is True
        membership = Membership.objects.get(pk=body["member"]["id"])
        assert membership.person.email == NEW_MEMBER["email"]
        entry = AuditEntry.objects.get(action="membership.added")
        assert entry.actor == self.w.head
        assert entry.council_id == self.w.council.pk
        assert entry.object_id == str(membership.pk)

    def test_an_illegal_addition_without_confirm_is_409_with_the_violations(self) -> None:
        seat(
            self.w.council, newcomer("academie2@example.org"), "academy_representative"
        )  # 2 of at most 2
        third = {**NEW_MEMBER, "category": "academy_representative", "component": None}
        response = self.call("POST", self.members_url(), self.w.head, third)
        assert response.status_code == 409
        body = response.json()
        assert "confirm" in body["detail"]
        assert [v["rule"] for v in body["violations"]] == ["academy_representative.count"]
        assert body["violations"][0]["citation"]["quote"]
        assert not Membership.objects.filter(person__email=NEW_MEMBER["email"]).exists()
        # the refused change left no account behind either
        assert not AuditEntry.objects.filter(action="membership.added").exists()

    def test_an_illegal_change_goes_through_when_confirmed(self) -> None:
        student = self.w.council.memberships.get(person=self.w.student)
        url = self.end_url(student)
        refused = self.call("POST", url, self.w.head, {"end_date": "2025-12-01"})
        assert refused.status_code == 409
        rules = {v["rule"] for v in refused.json()["violations"]}
        assert rules == {"student_representative.count", "members.total"}
        accepted = self.call("POST", url, self.w.head, {"end_date": "2025-12-01", "confirm": True})
        assert accepted.status_code == 200
        assert accepted.json()["legal"] is False
        student.refresh_from_db()
        assert str(student.end_date) == "2025-12-01"
        assert AuditEntry.objects.filter(action="membership.ended").count() == 1

    def test_a_patch_changes_only_the_fields_it_sends(self) -> None:
        membership = self.w.council.memberships.get(person=self.w.member)
        response = self.call(
            "PATCH", self.seat_url(membership), self.w.director, {"end_date": "2027-09-01"}
        )
        assert response.status_code == 200, response.content
        membership.refresh_from_db()
        assert str(membership.end_date) == "2027-09-01"
        assert membership.component == self.w.inspe
        assert membership.category == "teacher"
        assert str(membership.start_date) == "2025-09-01"
        assert AuditEntry.objects.filter(action="membership.changed").count() == 1

    def test_forged_ids_of_another_councils_membership_are_404(self) -> None:
        foreign = self.w.other_council.memberships.get(person=self.w.other_head)
        secret = self.token_for(self.w.head)
        # a membership of a council the head cannot see, under the head's own council
        patch = self.call("PATCH", self.seat_url(foreign), body={"component": "AMU"}, secret=secret)
        end = self.call(
            "POST", self.end_url(foreign), body={"end_date": "2026-01-01"}, secret=secret
        )
        # and under its own council, which the head cannot see
        direct = self.call(
            "POST",
            self.end_url(foreign, self.w.other_council),
            body={"end_date": "2026-01-01"},
            secret=secret,
        )
        assert [patch.status_code, end.status_code, direct.status_code] == [404, 404, 404]
        foreign.refresh_from_db()
        assert foreign.end_date is None
        assert foreign.component == self.w.inspe

    def test_even_the_director_cannot_reach_a_membership_through_the_wrong_council(self) -> None:
        foreign = self.w.other_council.memberships.get(person=self.w.other_head)
        response = self.call(
            "POST", self.end_url(foreign), self.w.director, {"end_date": "2026-01-01"}
        )
        assert response.status_code == 404

    def test_an_unknown_component_is_refused_in_french(self) -> None:
        body = {**NEW_MEMBER, "component": "XYZ"}
        response = self.call("POST", self.members_url(), self.w.head, body)
        assert response.status_code == 422
        assert response.json()["detail"] == "Aucune composante « XYZ » dans l’établissement."

    def test_a_category_foreign_to_the_council_is_refused_by_the_action(self) -> None:
        body = {**NEW_MEMBER, "category": "chancellor"}
        response = self.call("POST", self.members_url(), self.w.head, body)
        assert response.status_code == 422
        assert "Catégorie inconnue" in response.json()["detail"]

    def test_a_missing_field_names_the_field(self) -> None:
        body = {k: v for k, v in NEW_MEMBER.items() if k != "start_date"}
        response = self.call("POST", self.members_url(), self.w.head, body)
        assert response.status_code == 422
        assert "start_date" in response.json()["detail"]
