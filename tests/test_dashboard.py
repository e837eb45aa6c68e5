"""The director's dashboard, each person's home page, and the search that respects access."""

from __future__ import annotations

from django.urls import reverse

from meetings.models import Meeting
from minutes import actions as minutes_actions
from recommendations import actions as rec_actions
from tests.convocation_world import meeting_with_agenda
from tests.minutes_helpers import approve_all, draft_minutes
from tests.people import BaseTestCase
from tests.recommendation_helpers import adopted


class DashboardTests(BaseTestCase):
    def test_the_dashboard_shows_each_council_and_what_waits(self) -> None:
        meeting_with_agenda(self.w)  # agenda set, unsigned
        minutes = draft_minutes(self.w)
        minutes_actions.submit(minutes, by=self.w.member)
        self.login(self.w.director)
        page = self.client.get(reverse("dashboard"))
        rows = {r.council: r for _i, board, _breaches in page.context["boards"] for r in board}
        maths = rows[self.w.council]
        assert maths.to_sign == 1 and maths.minutes_to_validate == minutes
        assert maths.next_meeting is not None and maths.violations == []
        assert rows[self.w.other_council].violations
        self.assertContains(page, reverse("convocations:to_sign"))

    def test_the_dashboard_runs_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.director)
        url = reverse("dashboard")
        self.client.get(url)
        # 11 with the absence flags: the seats read once for the table and the forecast
        with self.assertNumQueries(11):
            self.client.get(url)
        for _ in range(3):
            meeting_with_agenda(self.w, council=self.w.other_council)
            rec_actions.route_meeting(adopted(self.w).meeting, by=self.w.director)
        with self.assertNumQueries(11):
            self.client.get(url)

    def test_the_head_of_mention_has_no_dashboard(self) -> None:
        self.login(self.w.head)
        assert self.client.get(reverse("dashboard")).status_code == 403


class HomeTests(BaseTestCase):
    def test_the_president_is_told_an_agenda_waits_to_be_set(self) -> None:
        meeting = meeting_with_agenda(self.w, agenda_set=False)
        Meeting.objects.filter(pk=meeting.pk).update(agenda_status="submitted")
        self.login(self.w.president)
        page = self.client.get(reverse("home"))
        self.assertContains(page, "Ordres du jour à arrêter")
        self.assertContains(page, reverse("meetings:agenda", args=[meeting.pk]))

    def test_a_member_is_asked_to_answer_and_sees_the_next_meeting(self) -> None:
        meeting = meeting_with_agenda(self.w)
        self.login(self.w.student)
        page = self.client.get(reverse("home"))
        self.assertContains(page, reverse("meetings:answer", args=[meeting.pk]))
        assert page.context["next_meetings"] == [meeting]

    def test_the_secretary_and_the_validators_see_their_minutes(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        self.assertContains(self.client.get(reverse("home")), "Comptes rendus à rédiger")
        minutes_actions.submit(minutes, by=self.w.member)
        self.login(self.w.track_head)
        self.assertContains(self.client.get(reverse("home")), "Comptes rendus à valider")


class SearchTests(BaseTestCase):
    def test_a_member_finds_their_council_its_people_and_its_recommendations(self) -> None:
        adopted(self.w)
        self.login(self.w.member)
        kinds = dict(self.client.get(reverse("search") + "?q=stages").context["results"])
        assert "Préconisations" in kinds
        kinds = dict(self.client.get(reverse("search") + "?q=Paul").context["results"])
        assert [h.title for h in kinds["Personnes"]] == [self.w.president.display_name]

    def test_an_outsider_never_finds_what_they_may_not_see(self) -> None:
        adopted(self.w)
        draft_minutes(self.w)
        self.login(self.w.outsider)
        for query in ("mathématiques", "Paul", "stages", "Bilan", "Salle"):
            page = self.client.get(reverse("search") + f"?q={query}")
            assert page.context["results"] == [], query

    def test_a_draft_is_found_only_by_its_secretary(self) -> None:
        minutes = draft_minutes(self.w)
        minutes_actions.save_text(minutes, "Mot-clef-secret du brouillon", by=self.w.member)
        self.login(self.w.student)
        assert self.client.get(reverse("search") + "?q=Mot-clef-secret").context["results"] == []
        self.login(self.w.member)
        assert self.client.get(reverse("search") + "?q=Mot-clef-secret").context["results"]

    def test_odd_queries_are_harmless(self) -> None:
        self.login(self.w.member)
        for query in ("", "%", "' OR 1=1 --", "x" * 5000, "🙂"):
            assert self.client.get(reverse("search"), {"q": query}).status_code == 200

    def test_accents_are_optional_in_a_search(self) -> None:
        self.login(self.w.member)
        for query in ("mathematiques", "MATHÉMATIQUES", "mathématiques"):
            kinds = dict(self.client.get(reverse("search"), {"q": query}).context["results"])
            assert [h.title for h in kinds["Conseils"]] == ["CPER mathématiques"], query

    def test_the_home_page_runs_a_fixed_number_of_queries(self) -> None:
        from minutes import actions as m_actions

        def more_work(days: int) -> None:
            m_actions.submit(draft_minutes(self.w, days_ago=days), by=self.w.member)
            meeting_with_agenda(self.w, days_ahead=days)

        more_work(7)
        self.login(self.w.track_head)
        url = reverse("home")
        self.client.get(url)
        # 11: the session and the person; every role held, in one query; the councils, their
        # components and seats; the meetings to answer; the minutes to write, those to
        # validate and their approvals; the next meetings. Nothing is asked of the roles the
        # person does not hold (director, head of mention, president, observatory, bodies).
        with self.assertNumQueries(11):
            self.client.get(url)
        more_work(20)
        more_work(40)
        with self.assertNumQueries(11):
            page = self.client.get(url)
        assert len(dict(page.context["awaiting"].sections)["Comptes rendus à valider"]) == 3

    def test_the_directors_home_runs_a_fixed_number_of_queries(self) -> None:
        self.login(self.w.director)
        url = reverse("home")
        self.client.get(url)
        # 13: the session and the person; every role held, in one query; the councils, their
        # components and seats; the convocations to sign; the minutes to write, to
        # validate, to publish; the COSP's proposals; the next meetings; the institutions
        # directed. Nothing is asked of the roles the director does not hold (head of
        # mention, president, member, bodies).
        with self.assertNumQueries(13):
            self.client.get(url)
        for days in (10, 20, 40):  # more convocations to sign and minutes to publish
            meeting_with_agenda(self.w, council=self.w.other_council, days_ahead=days)
            approve_all(self.w, draft_minutes(self.w, days_ago=days))
        with self.assertNumQueries(13):
            page = self.client.get(url)
        sections = dict(page.context["awaiting"].sections)
        assert len(sections["Comptes rendus validés à publier"]) == 3

    def test_a_student_s_role_agrees_with_her_sex(self) -> None:
        self.w.student.sex = "F"
        self.w.student.save()
        self.login(self.w.student)
        page = self.client.get(reverse("home")).content.decode()
        assert "représentante des étudiants" in page
        self.w.student.sex = "M"
        self.w.student.save()
        assert "représentant des étudiants" in self.client.get(reverse("home")).content.decode()
