"""The year's provisional calendar, set as one act by the director: per council or for the
whole institute, a PDF each, the members told at once, later changes shown against it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from bylaws.engine import SOURCES_DIR
from bylaws.sittings import D_721_8
from councils import roles
from councils.models import Council
from law.citations import quote_in_article
from meetings.calendar_acts import CALENDAR_QUOTE, CONVOCATION_BY_REGULATIONS, SEED_DOCUMENT
from meetings.models import CalendarAct, Meeting
from tests.people import BaseTestCase
from tests.test_annex_pdf import pdf_text

NOW = dt.datetime(2026, 9, 2, 8, tzinfo=dt.UTC)
YEAR = "2026-2027"


def _meeting(council: Council, month: int, day: int) -> Meeting:
    year = 2026 if month >= 9 else 2027
    return Meeting.objects.create(
        council=council, starts_at=dt.datetime(year, month, day, 12, tzinfo=dt.UTC), place="Aix"
    )


@time_machine.travel(NOW, tick=False)
class CalendarActTests(BaseTestCase):
    def setUp(self) -> None:
        self.first = _meeting(self.w.council, 10, 6)
        self.second = _meeting(self.w.council, 3, 9)
        _meeting(self.w.other_council, 11, 17)
        self.council_url = reverse("meetings:council_calendar_set", args=[self.w.council.pk])
        self.institute_url = reverse(
            "meetings:institution_calendar_set", args=[self.w.institution.pk]
        )

    def _set(self, url: str) -> Any:
        self.login(self.w.director)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, {"annee": YEAR})

    def test_the_seed_page_sets_the_calendar_at_the_start_of_the_year(self) -> None:
        seed = (SOURCES_DIR / SEED_DOCUMENT).read_text(encoding="utf-8")
        assert CALENDAR_QUOTE in seed

    def test_only_the_director_sets_it(self) -> None:
        assert roles.may_set_calendar(self.w.director, self.w.institution)
        for person in (self.w.head, self.w.president, self.w.member, self.w.outsider):
            assert not roles.may_set_calendar(person, self.w.institution)
            self.login(person)
            assert self.client.post(self.council_url, {"annee": YEAR}).status_code == 403
            assert self.client.get(self.institute_url).status_code == 403
        assert not CalendarAct.objects.exists()

    def test_setting_asks_for_a_confirmation_that_says_who_is_e_mailed(self) -> None:
        self.login(self.w.director)
        page = self.client.get(self.council_url, {"annee": YEAR}).text
        assert 'id="confirm-box-set-calendar"' in page
        assert "chaque membre du conseil recevra un courriel" in page
        page = self.client.get(self.institute_url, {"annee": YEAR}).text
        assert "chaque membre de chacun des conseils concernés recevra un courriel" in page

    def test_a_council_s_calendar_is_set_once_and_each_member_told_once(self) -> None:
        assert self._set(self.council_url).status_code == 302
        self._set(self.council_url)  # a second click
        act = CalendarAct.objects.get()
        assert act.council == self.w.council and act.pdf
        assert [e.meeting for e in act.entries.all()] == [self.first, self.second]
        members = set(self.w.council.memberships.current().values_list("person__email", flat=True))
        assert sorted(m.to[0] for m in mail.outbox) == sorted(members)
        assert "mardi 6 octobre 2026" in mail.outbox[0].body
        assert AuditEntry.objects.filter(action="calendar.set").count() == 1
        response = self.client.get(reverse("meetings:calendar_act_pdf", args=[act.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    def test_the_institute_sets_every_council_at_once_with_its_own_pdf(self) -> None:
        self._set(self.institute_url)
        acts = CalendarAct.objects.all()
        assert {a.council for a in acts} == {self.w.council, self.w.other_council, None}
        institute = acts.get(council=None)
        assert institute.pdf
        # The head of the other council sits only there: one e-mail, its own dates.
        other_head = [m for m in mail.outbox if m.to == [self.w.other_head.email]]
        assert len(other_head) == 1 and "17 novembre 2026" in other_head[0].body
        mail.outbox.clear()
        self._set(self.institute_url)
        assert CalendarAct.objects.count() == 3 and mail.outbox == []
        self.login(self.w.head)
        pdf = reverse("meetings:calendar_act_pdf", args=[institute.pk])
        assert self.client.get(pdf).status_code == 403

    def test_a_later_move_or_cancellation_is_shown_against_the_set_calendar(self) -> None:
        self._set(self.council_url)
        detail = reverse("meetings:detail", args=[self.first.pk])
        assert "au calendrier arrêté" not in self.client.get(detail).text
        self.first.starts_at += dt.timedelta(days=7)
        self.first.save()
        page = self.client.get(detail).text
        assert "Prévue le mardi 6 octobre 2026, 14:00 au calendrier arrêté." in page
        self.second.status = Meeting.Status.CANCELLED
        self.second.save()
        listing = self.client.get(self.council_url, {"annee": YEAR}).text
        assert "déplacée au mardi 13 octobre 2026" in listing
        assert "annulée depuis" in listing

    def test_a_council_with_nothing_planned_is_refused_with_a_message(self) -> None:
        Meeting.objects.filter(council=self.w.council).delete()
        response = self._set(self.council_url)
        assert response.status_code == 302
        assert not CalendarAct.objects.exists()
        assert mail.outbox == []

    def test_the_inspe_s_own_councils_cite_d_721_8_not_the_cper_page(self) -> None:
        assert quote_in_article(D_721_8[0], CONVOCATION_BY_REGULATIONS)
        institute = Council.objects.create(
            institution=self.w.institution,
            name="Conseil de l’institut",
            council_type="inspe_institute_council",
        )
        _meeting(institute, 12, 1)
        law_link = f'href="{reverse("law:article", args=[D_721_8[0]])}"'
        regulations = "Règlement intérieur de l’INSPE (Code de l’éducation, art. D. 721-8)"
        self.login(self.w.director)
        own = reverse("meetings:council_calendar_set", args=[institute.pk])
        page = self.client.get(own, {"annee": YEAR}).text
        assert law_link in page and regulations in page
        assert "conseils de perfectionnement" not in page
        # The institute's act covers both kinds of council: it cites both texts, once each.
        page = self.client.get(self.institute_url, {"annee": YEAR}).text
        assert page.count(law_link) == 1 and page.count("Un calendrier prévisionnel") == 1
        self._set(self.institute_url)
        pdf = CalendarAct.objects.get(council=None).pdf.read()
        text = " ".join(pdf_text(pdf).split())
        assert regulations in text and "INSPE d'Aix-Marseille, conseils de perfectionnement" in text
        pdf = CalendarAct.objects.get(council=institute).pdf.read()
        text = " ".join(pdf_text(pdf).split())
        assert regulations in text and "conseils de perfectionnement" not in text
