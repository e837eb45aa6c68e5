"""A site sub-council meets with its own members: only they are convoked, answer and sit; and
its meeting never does what only the council does (the seed page's words, quoted)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from bylaws.engine import SOURCES_DIR
from convocations import actions as convocations
from councils.models import SUBCOUNCIL_LIMIT, Site, SubCouncil
from meetings import actions, lifecycle
from meetings.models import Meeting
from recommendations import actions as recommendations
from recommendations.models import Recommendation
from sittings.actions import room
from tests.compiling import compiled_sql
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.minutes_helpers import held_meeting
from tests.people import BaseTestCase
from tests.recommendation_helpers import cosp
from tests.test_api_helpers import ApiTestCase, api_url


def site_subcouncil(w: object) -> SubCouncil:
    council = w.council  # type: ignore[attr-defined]
    site = Site.objects.create(institution=council.institution, name="Avignon")
    subcouncil = SubCouncil.objects.create(council=council, site=site, name="CPER maths Avignon")
    members = council.memberships.current().filter(
        person__email__in=["head@example.org", "president@example.org", "member@example.org"]
    )
    subcouncil.members.set(members)
    return subcouncil


class SubCouncilMeetingTests(BaseTestCase):
    def setUp(self) -> None:
        self.sub = site_subcouncil(self.w)
        self.meeting = meeting_with_agenda(self.w)
        Meeting.objects.filter(pk=self.meeting.pk).update(subcouncil=self.sub)
        self.meeting.refresh_from_db()

    def test_the_quotation_stands_word_for_word_in_the_seed_page(self) -> None:
        # The shipped copy of the seed page (bylaws/sources/, checked against the seed itself by
        # tests/test_bylaws_citations.py): a clean clone has no ../shared next to it.
        assert "ne peuvent se substituer au conseil" in SUBCOUNCIL_LIMIT.quote
        shipped = (SOURCES_DIR / str(SUBCOUNCIL_LIMIT.document)).read_text(encoding="utf-8")
        assert SUBCOUNCIL_LIMIT.quote in shipped

    def test_the_meeting_convokes_only_the_members_of_its_subcouncil(self) -> None:
        emails = set(self.meeting.convoked_memberships().values_list("person__email", flat=True))
        assert emails == {"head@example.org", "president@example.org", "member@example.org"}
        council_meeting = meeting_with_agenda(self.w)
        assert council_meeting.convoked_memberships().count() == 10

    @override_settings(**signing_keys())
    def test_the_convocation_is_sent_to_the_subcouncil_members_only(self) -> None:
        convocations.sign(self.meeting, by=self.w.director)
        queued: list[int] = []
        report = convocations.send(
            self.meeting, by=self.w.head, enqueue=lambda ids, url: queued.extend(ids)
        )
        assert report.queued == 3
        convocation = convocations.convocation_of(self.meeting)
        assert convocation is not None
        people = set(convocation.recipients.values_list("person__email", flat=True))
        assert people == {"head@example.org", "president@example.org", "member@example.org"}

    def test_the_meeting_page_says_who_is_convoked_and_quotes_the_seed_page(self) -> None:
        self.login(self.w.head)
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).content.decode()
        assert "Seuls les 3 membres du sous-conseil CPER maths Avignon sont convoqués" in page
        assert "Marie Membre" in page and "Sam Étudiant" not in page
        assert "ils ne peuvent se substituer au conseil de perfectionnement" in page

    def test_a_council_member_outside_the_subcouncil_does_not_answer(self) -> None:
        self.login(self.w.student)
        response = self.client.get(reverse("meetings:answer", args=[self.meeting.pk]))
        assert response.status_code == 403
        member_seat = self.w.council.memberships.get(person=self.w.member)
        actions.answer(self.meeting, member_seat, "present", by=self.w.member)

    def test_the_room_seats_only_the_subcouncil_members(self) -> None:
        state = room.load_room(self.meeting)
        assert {s.membership.person.email for s in state.seats} == {
            "head@example.org",
            "president@example.org",
            "member@example.org",
        }
        assert state.count.members_in_office == 3


class SubCouncilAdoptsNothingTests(BaseTestCase):
    def setUp(self) -> None:
        self.sub = site_subcouncil(self.w)
        self.meeting = held_meeting(self.w)
        Meeting.objects.filter(pk=self.meeting.pk).update(subcouncil=self.sub)
        self.meeting.refresh_from_db()
        self.body, _respondent = cosp(self.w)

    def test_the_action_refuses_a_recommendation_and_quotes_the_seed_page(self) -> None:
        with pytest.raises(lifecycle.TransitionRefused) as refused:
            recommendations.adopt(
                self.meeting, by=self.w.president, title="T", text="x", bodies=[self.body]
            )
        assert SUBCOUNCIL_LIMIT.quote in " ".join(refused.value.messages)
        assert not Recommendation.objects.exists()

    def test_the_page_refuses_with_409_and_the_quotation(self) -> None:
        self.login(self.w.president)
        url = reverse("recommendations:adopt", args=[self.meeting.pk])
        for response in (
            self.client.get(url),
            self.client.post(url, {"title": "T", "text": "x", "bodies": [self.body.pk]}),
        ):
            assert response.status_code == 409
            assert "ne peuvent se substituer au conseil de perfectionnement" in (
                response.content.decode()
            )
        assert not Recommendation.objects.exists()

    def test_the_meeting_page_shows_why_instead_of_the_adoption_link(self) -> None:
        self.login(self.w.president)
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).content.decode()
        assert reverse("recommendations:adopt", args=[self.meeting.pk]) not in page
        assert "on ne peut pas adopter une préconisation" in page

    def test_the_council_own_meeting_still_adopts(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(subcouncil=None)
        self.meeting.refresh_from_db()
        recommendation = recommendations.adopt(
            self.meeting, by=self.w.president, title="T", text="x", bodies=[self.body]
        )
        assert recommendation.pk is not None


class AdoptionThroughTheApiTests(ApiTestCase):
    def setUp(self) -> None:
        self.meeting = held_meeting(self.w)
        self.url = api_url("adopt_recommendation", meeting_id=self.meeting.pk)
        self.body = {"title": "Stages", "text": "Deux semaines de plus.", "bodies": ["COSP"]}

    def test_the_council_meeting_adopts_through_the_api(self) -> None:
        secret = self.token_for(self.w.president)
        response = self.call("POST", self.url, body=self.body, secret=secret)
        assert response.status_code == 201, response.content
        assert response.json()["bodies"] == ["COSP"]
        unknown = self.call("POST", self.url, body={**self.body, "bodies": ["XYZ"]}, secret=secret)
        assert unknown.status_code == 422
        assert Recommendation.objects.count() == 1

    def test_a_subcouncil_meeting_is_refused_409_with_the_quotation(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(subcouncil=site_subcouncil(self.w))
        secret = self.token_for(self.w.president)
        response = self.call("POST", self.url, body=self.body, secret=secret)
        assert response.status_code == 409
        assert SUBCOUNCIL_LIMIT.quote in response.json()["detail"]
        assert not Recommendation.objects.exists()

    def test_a_member_may_not_adopt(self) -> None:
        response = self.call("POST", self.url, body=self.body, secret=self.token_for(self.w.member))
        assert response.status_code == 403


class SubCouncilOnTheCouncilPageTests(BaseTestCase):
    def test_the_council_page_lists_its_subcouncils_from_sql_compiled_once_a_day(self) -> None:

        sub = site_subcouncil(self.w)
        self.client.force_login(self.w.member)
        url = reverse("councils:detail", args=[self.w.council.pk])
        self.client.get(url)  # compiled here, for this day
        with compiled_sql() as compiled:
            page = self.client.get(url)
        own = ('FROM "councils_subcouncil"', 'FROM "councils_compositionproposal"')
        assert not [sql for sql in compiled if any(table in sql for table in own)], compiled
        listed = list(page.context["subcouncils"])
        assert [s.pk for s in listed] == [sub.pk]
        names = sorted(m.person.display_name for m in listed[0].current_members)
        assert len(names) == 3
        self.assertContains(page, f"{sub.name} (Avignon)")
        for name in names:
            self.assertContains(page, f"<li>{name}</li>", html=True)


class OtherCouncilsSubCouncilTests(BaseTestCase):
    """A sub-council of a council other than a CPER, made before sub-councils were kept to
    the CPERs: it keeps working, but nothing quotes the CPERs' page about it."""

    def setUp(self) -> None:
        self.w.council.council_type = "inspe_cosp"
        self.w.council.save(update_fields=["council_type"])
        self.sub = site_subcouncil(self.w)
        self.meeting = held_meeting(self.w)
        Meeting.objects.filter(pk=self.meeting.pk).update(subcouncil=self.sub)
        self.meeting.refresh_from_db()

    def test_its_refusal_and_its_meeting_page_do_not_quote_the_cpers_page(self) -> None:
        assert self.sub.limit is None
        reason = lifecycle.subcouncil_refusal(self.meeting, "adopt_recommendation")
        assert reason is not None and "seul le conseil le peut" in reason
        assert SUBCOUNCIL_LIMIT.quote not in reason
        self.login(self.w.president)
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).text
        assert "Il ne peut ni adopter de préconisation ni modifier la composition" in page
        assert SUBCOUNCIL_LIMIT.quote not in page

    def test_it_can_still_be_edited_though_no_new_one_can_be_made(self) -> None:
        from councils.setup_forms import SubCouncilForm

        data = {"council": self.w.council.pk, "site": self.sub.site_id, "name": "Renamed"}
        assert SubCouncilForm(self.w.institution, data, instance=self.sub).is_valid()
        other = Site.objects.create(institution=self.w.institution, name="Digne")
        data = {"council": self.w.council.pk, "site": other.pk, "name": "New"}
        assert not SubCouncilForm(self.w.institution, data).is_valid()


class CperTypeTests(BaseTestCase):
    def test_a_cper_with_sub_councils_in_use_keeps_its_type(self) -> None:
        from councils.setup_forms import CouncilForm

        sub = site_subcouncil(self.w)
        council = self.w.council
        form = CouncilForm(self.w.institution, instance=council)
        data = {name: form[name].value() for name in form.fields}
        data["council_type"] = "inspe_cosp"
        refused = CouncilForm(self.w.institution, data, instance=council)
        assert not refused.is_valid() and "council_type" in refused.errors
        SubCouncil.objects.filter(pk=sub.pk).update(retired_on="2020-01-01")
        allowed = CouncilForm(self.w.institution, data, instance=council)
        assert allowed.is_valid(), allowed.errors
