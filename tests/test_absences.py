"""Absences: a member who missed the council's number of consecutive meetings is flagged once
to the president and the director (council page, dashboard, one e-mail through the task
queue), who may record the end of the mandate with its reason (an act, audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from councils import absences
from councils.council_settings import council_settings
from councils.models import AbsenceFlag, Council, MandateEnd, Membership, Site, SubCouncil
from law.citations import quote_in_article
from meetings.models import Meeting
from sittings import absences as sitting_absences
from sittings.actions import room
from sittings.models import Attendance
from tests.people import BaseTestCase, seat

MEMBER_STATUSES = {"member@example.org": "absent"}


def sitting(
    council: Council,
    days_ago: int,
    statuses: dict[str, str],
    *,
    in_session: bool = False,
    **extra: object,
) -> Meeting:
    """A held sitting of the council (or one still in session), its sheet filled: everyone
    present unless told."""
    starts = timezone.now() - dt.timedelta(days=days_ago, minutes=30)
    meeting = Meeting.objects.create(
        council=council,
        starts_at=starts,
        place="Salle",
        agenda_status="set",
        opened_at=starts,
        closed_at=None if in_session else starts + dt.timedelta(hours=2),
        status="planned" if in_session else "held",
        **extra,
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            membership=m,
            status=statuses.get(m.person.email, "present"),
        )
        for m in council.memberships.current().select_related("person")
    )
    return meeting


class CperAbsencesTests(BaseTestCase):
    def test_three_unexcused_absences_in_a_row_flag_the_member_once(self) -> None:
        for days in (90, 60, 30):
            sitting(self.w.council, days, MEMBER_STATUSES)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            flags = sitting_absences.review(self.w.council)
        assert [f.membership.person for f in flags] == [self.w.member]
        assert flags[0].missed == 3
        assert sorted(m.to[0] for m in mail.outbox) == [
            self.w.director.email,
            self.w.president.email,
        ]
        assert "Marie Membre a manqué 3 séances consécutives" in mail.outbox[0].body
        # A fourth absence extends the same run: no new flag, no new e-mail.
        sitting(self.w.council, 10, MEMBER_STATUSES)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            assert sitting_absences.review(self.w.council) == []
        assert mail.outbox == []
        assert AbsenceFlag.objects.get().missed == 4

    def test_excused_absences_and_a_presence_between_do_not_count(self) -> None:
        sitting(self.w.council, 90, MEMBER_STATUSES)
        sitting(self.w.council, 60, {"member@example.org": "excused"})
        sitting(self.w.council, 30, MEMBER_STATUSES)
        sitting(self.w.council, 20, MEMBER_STATUSES)
        assert sitting_absences.review(self.w.council) == []
        sitting(self.w.council, 10, {"member@example.org": "present"})
        assert sitting_absences.review(self.w.council) == []

    def test_the_council_setting_sets_the_number(self) -> None:
        Council.objects.filter(pk=self.w.council.pk).update(absence_limit=2)
        self.w.council.refresh_from_db()
        sitting(self.w.council, 60, MEMBER_STATUSES)
        sitting(self.w.council, 30, MEMBER_STATUSES)
        assert len(sitting_absences.review(self.w.council)) == 1

    def test_a_subcouncil_meeting_never_counts(self) -> None:
        site = Site.objects.create(institution=self.w.institution, name="Avignon")
        sub = SubCouncil.objects.create(council=self.w.council, site=site, name="Sous")
        sitting(self.w.council, 90, MEMBER_STATUSES)
        sitting(self.w.council, 60, MEMBER_STATUSES, subcouncil=sub)
        sitting(self.w.council, 50, MEMBER_STATUSES, subcouncil=sub)
        sitting(self.w.council, 30, MEMBER_STATUSES)
        assert sitting_absences.review(self.w.council) == []

    def test_closing_a_sitting_reviews_the_absences(self) -> None:
        sitting(self.w.council, 90, MEMBER_STATUSES)
        sitting(self.w.council, 60, MEMBER_STATUSES)
        meeting = sitting(self.w.council, 0, MEMBER_STATUSES, in_session=True)
        room.close_sitting(meeting, by=self.w.president)
        assert AbsenceFlag.objects.filter(membership__person=self.w.member).exists()

    def test_the_settings_page_shows_the_rule_and_its_basis(self) -> None:
        setting = next(s for s in council_settings(self.w.council) if "Absences" in s.label)
        assert setting.value == "3 absences consécutives non excusées"
        assert setting.citation is None
        assert "ne fixe pas de règle d’absences" in setting.note


class FlaggedMemberTests(BaseTestCase):
    def setUp(self) -> None:
        for days in (90, 60, 30):
            sitting(self.w.council, days, MEMBER_STATUSES)
        sitting_absences.review(self.w.council)
        self.flag = AbsenceFlag.objects.get()
        self.url = reverse("councils:end_for_absences", args=[self.w.council.pk, self.flag.pk])

    def test_the_council_page_and_the_dashboard_show_the_flag(self) -> None:
        for who in (self.w.president, self.w.director):
            self.login(who)
            page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
            assert "Marie Membre : 3 séances consécutives manquées" in page.content.decode()
        self.login(self.w.member)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        assert "séances consécutives manquées" not in page.content.decode()
        self.login(self.w.director)
        dashboard = self.client.get(reverse("dashboard")).content.decode()
        assert "Marie Membre : 3 séances consécutives manquées" in dashboard

    def test_the_president_records_the_end_of_the_mandate_with_its_reason(self) -> None:
        self.login(self.w.president)
        assert self.client.get(self.url).status_code == 200
        today = timezone.localdate()
        response = self.client.post(
            self.url, {"ended_on": today.isoformat(), "reason": "Trois absences sans excuse."}
        )
        assert response.status_code == 302
        act = MandateEnd.objects.get()
        assert act.reason == "Trois absences sans excuse." and act.recorded_by == self.w.president
        assert act.flag == self.flag
        seat_ = Membership.objects.get(pk=self.flag.membership_id)
        assert seat_.end_date == today and not seat_.is_current()
        assert AuditEntry.objects.filter(action="membership.ended_for_absences").count() == 1
        assert absences.open_flags([self.w.council]) == []

    def test_a_reason_is_required_and_a_second_act_refused(self) -> None:
        self.login(self.w.director)
        response = self.client.post(self.url, {"ended_on": "", "reason": ""})
        assert response.status_code == 422
        assert not MandateEnd.objects.exists()
        absences.end_for_absences(self.flag, by=self.w.director, reason="Absences.")
        with pytest.raises(ValidationError):
            absences.end_for_absences(self.flag, by=self.w.director, reason="Encore.")
        assert MandateEnd.objects.count() == 1

    def test_others_may_not_end_the_mandate(self) -> None:
        with pytest.raises(PermissionDenied):
            absences.end_for_absences(self.flag, by=self.w.head, reason="x")
        for who, code in ((self.w.head, 403), (self.w.member, 403), (self.w.outsider, 404)):
            self.login(who)
            assert self.client.get(self.url).status_code == code
        assert not MandateEnd.objects.exists()


class InspeCouncilAbsencesTests(BaseTestCase):
    def test_the_quotation_stands_word_for_word_in_the_shipped_code(self) -> None:
        from law.loader import load

        load()
        assert absences.LAW.code_line is not None
        assert quote_in_article(absences.LAW.code_line, absences.LAW.quote)

    def test_an_appointed_member_neither_present_nor_represented_three_times_is_flagged(
        self,
    ) -> None:
        council = Council.objects.create(
            institution=self.w.institution, name="Conseil d'institut", council_type="inspe_cosp"
        )
        appointed = seat(council, self.w.member, "rector_appointee")
        ex_officio = seat(council, self.w.student, "ex_officio")
        statuses = {"member@example.org": "excused", "student@example.org": "absent"}
        for days in (90, 60, 30):
            sitting(council, days, statuses)
        flags = sitting_absences.review(council)
        assert [f.membership for f in flags] == [appointed]  # the ex officio member is not "nommé"
        assert ex_officio not in [f.membership for f in flags]
        rule = absences.absence_rule(council)
        assert rule.citation is absences.LAW
        assert rule.describe() == (
            "3 séances consécutives sans être présent ni représenté (membres nommés)"
        )
