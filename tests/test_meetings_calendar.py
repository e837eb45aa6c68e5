"""The calendar: meetings planned, moved and cancelled; calendar pages; iCalendar feeds."""

from __future__ import annotations

import datetime as dt

import icalendar
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from councils.models import SubCouncil
from meetings import actions
from meetings.models import CalendarFeed, Meeting, MeetingChange
from tests.meetings_world import NOW, paris, plan
from tests.people import BaseTestCase


def parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def events(content: bytes) -> list[icalendar.Event]:
    found = parse(content).walk("VEVENT")
    assert all(isinstance(e, icalendar.Event) for e in found)
    return [e for e in found if isinstance(e, icalendar.Event)]


@time_machine.travel(NOW, tick=False)
class PlanningTests(BaseTestCase):
    def test_the_head_of_mention_plans_a_meeting_with_its_audit_entry(self) -> None:
        meeting = actions.plan_meeting(
            self.w.council,
            actions.MeetingPlan(paris(2025, 11, 13), place="Aix, amphi B"),
            by=self.w.head,
        )
        assert meeting.academic_year == "2025-2026"
        assert meeting.sequence == 0 and meeting.status == Meeting.Status.PLANNED
        entry = AuditEntry.objects.get(action="meeting.planned")
        assert entry.council_id == self.w.council.pk and entry.actor == self.w.head

    def test_a_date_in_year_9999_is_a_form_error_not_a_crash(self) -> None:
        """Issue 12: 31/12/9999 23:00 overflowed the meeting's end (a 500)."""
        self.login(self.w.head)
        url = reverse("meetings:create", args=[self.w.council.pk])
        form = {"date": "9999-12-31", "time": "23:00", "duration_minutes": "120", "place": "Aix"}
        response = self.client.post(url, form)
        self.assertContains(
            response, "comprise entre le 01/01/2000 et le 31/12/2099", status_code=422
        )
        assert not Meeting.objects.exists()
        with self.assertRaisesMessage(ValidationError, "comprise entre"):
            actions.plan_meeting(
                self.w.council,
                actions.MeetingPlan(dt.datetime(9999, 12, 31, 23, 0), place="Aix"),
                by=self.w.head,
            )

    def test_a_date_in_a_past_academic_year_asks_for_a_confirmation(self) -> None:
        """Issue 10 §1.9: a meeting of a past year entered the calendar without a warning."""
        self.login(self.w.head)
        url = reverse("meetings:create", args=[self.w.council.pk])
        form = {"date": "2023-11-14", "time": "14:00", "duration_minutes": "120", "place": "Aix"}
        with time_machine.travel(NOW, tick=False):
            response = self.client.post(url, form)
            self.assertContains(response, "2023-2024, déjà écoulée", status_code=422)
            self.assertContains(response, 'name="confirm_past"', status_code=422)
            assert not Meeting.objects.exists()
            self.client.post(url, {**form, "confirm_past": "on"})
        assert Meeting.objects.get().academic_year == "2023-2024"

    def test_the_director_plans_the_whole_year_at_once(self) -> None:
        plans = [
            actions.MeetingPlan(paris(2025, 10, 20), place="Marseille"),
            actions.MeetingPlan(paris(2026, 2, 9), video_url="https://visio.example.org/x"),
            actions.MeetingPlan(paris(2026, 6, 8), place="Avignon"),
        ]
        meetings = actions.plan_year(self.w.council, plans, by=self.w.director)
        assert [m.academic_year for m in meetings] == ["2025-2026"] * 3

    def test_a_year_with_one_bad_meeting_plans_nothing(self) -> None:
        plans = [actions.MeetingPlan(paris(2025, 10, 20), place="Marseille")]
        plans.append(actions.MeetingPlan(paris(2026, 2, 9)))  # neither place nor link
        with self.assertRaises(ValidationError):
            actions.plan_year(self.w.council, plans, by=self.w.director)
        assert not Meeting.objects.exists()

    def test_it_refuses_the_president_and_the_head_of_another_programme(self) -> None:
        for person in (self.w.president, self.w.other_head, self.w.member):
            with self.assertRaises(PermissionDenied):
                actions.plan_meeting(
                    self.w.council,
                    actions.MeetingPlan(paris(2025, 11, 13), place="Aix"),
                    by=person,
                )

    def test_it_refuses_a_video_link_that_is_not_a_web_address(self) -> None:
        plan = actions.MeetingPlan(paris(2025, 11, 13), video_url="javascript:alert(1)")
        with self.assertRaisesMessage(ValidationError, "adresse https"):
            actions.plan_meeting(self.w.council, plan, by=self.w.head)

    def test_it_refuses_a_site_sub_council_of_another_council(self) -> None:
        foreign = SubCouncil.objects.create(
            council=self.w.other_council,
            site=self.w.institution.sites.create(name="Avignon"),
            name="Sous-conseil Avignon",
        )
        with self.assertRaisesMessage(ValidationError, "n’appartient pas à ce conseil"):
            actions.plan_meeting(
                self.w.council,
                actions.MeetingPlan(paris(2025, 11, 13), place="Avignon", subcouncil=foreign),
                by=self.w.head,
            )


@time_machine.travel(NOW, tick=False)
class MoveAndCancelTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = plan(self.w, starts_at=paris(2025, 11, 13))

    def test_moving_keeps_the_uid_raises_the_sequence_and_tells_every_member(self) -> None:
        uid = self.meeting.uid
        with self.captureOnCommitCallbacks(execute=True):
            actions.move_meeting(
                self.meeting,
                actions.MeetingPlan(paris(2025, 11, 20, 9, 30), place="Aix, salle 3"),
                by=self.w.head,
                reason="Jury de concours le 13",
            )
        self.meeting.refresh_from_db()
        assert self.meeting.uid == uid and self.meeting.sequence == 1
        change = MeetingChange.objects.get(meeting=self.meeting)
        assert change.kind == "moved" and change.previous_starts_at == paris(2025, 11, 13)
        assert AuditEntry.objects.filter(action="meeting.moved").count() == 1
        members = {m.person.email for m in self.w.council.memberships.current()}
        assert {m.to[0] for m in mail.outbox} == members
        message = mail.outbox[0]
        assert message.subject.startswith("Séance déplacée")
        assert "jeudi 20 novembre 2025" in message.body and "Jury de concours" in message.body
        _name, content, mimetype = message.attachments[0]
        # Issue 10 §1.7: an update of the invitation (RFC 5546), not a PUBLISH without anyone.
        assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
        assert parse(content)["METHOD"] == "REQUEST"
        (event,) = events(content)
        assert event["SEQUENCE"] == 1 and str(event["UID"]).startswith(str(uid))
        attendee = event["ATTENDEE"]
        assert str(attendee).lower() == f"mailto:{message.to[0]}".lower()
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert "ORGANIZER" in event

    def test_moving_to_the_same_date_and_place_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Rien n’a changé"):
            actions.move_meeting(
                self.meeting,
                actions.MeetingPlan(paris(2025, 11, 13), place="Marseille, salle 204"),
                by=self.w.head,
            )

    def test_cancelling_needs_a_reason_and_sends_method_cancel(self) -> None:
        with self.assertRaisesMessage(ValidationError, "motif"):
            actions.cancel_meeting(self.meeting, by=self.w.director, reason="  ")
        with self.captureOnCommitCallbacks(execute=True):
            actions.cancel_meeting(self.meeting, by=self.w.director, reason="Grève des transports")
        self.meeting.refresh_from_db()
        assert self.meeting.is_cancelled and self.meeting.sequence == 1
        _name, content, mimetype = mail.outbox[0].attachments[0]
        assert "method=CANCEL" in mimetype
        calendar = parse(content)
        assert calendar["METHOD"] == "CANCEL"
        (event,) = events(content)
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        assert str(event["ATTENDEE"]).lower() == f"mailto:{mail.outbox[0].to[0]}".lower()

    def test_a_cancelled_meeting_can_be_neither_moved_nor_cancelled_again(self) -> None:
        actions.cancel_meeting(self.meeting, by=self.w.head, reason="Grève")
        with self.assertRaises(actions.InvalidTransition):
            actions.cancel_meeting(self.meeting, by=self.w.head, reason="Encore")
        with self.assertRaises(actions.InvalidTransition):
            actions.move_meeting(
                self.meeting, actions.MeetingPlan(paris(2025, 12, 1), place="X"), by=self.w.head
            )

    def test_a_member_may_not_move_a_meeting(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.move_meeting(
                self.meeting, actions.MeetingPlan(paris(2025, 12, 1), place="X"), by=self.w.member
            )

    def test_the_move_page_moves_and_the_change_is_visible_to_members(self) -> None:
        self.client.force_login(self.w.head)
        url = reverse("meetings:move", args=[self.meeting.pk])
        response = self.client.post(
            url,
            {
                "date": "2025-11-27",
                "time": "10:00",
                "duration_minutes": "90",
                "place": "Marseille, salle 12",
                "reason": "Salle indisponible",
            },
        )
        self.assertRedirects(response, reverse("meetings:detail", args=[self.meeting.pk]))
        self.client.force_login(self.w.student)
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk]))
        self.assertContains(page, "Modifications du calendrier")
        self.assertContains(page, "elle était prévue le 13 novembre 2025 à 14h00")
        self.assertContains(page, "Salle indisponible")

    def test_the_cancel_page_refuses_a_member_and_hides_the_meeting_from_an_outsider(self) -> None:
        url = reverse("meetings:cancel", args=[self.meeting.pk])
        self.client.force_login(self.w.member)
        assert self.client.post(url, {"reason": "x"}).status_code == 403
        self.client.force_login(self.w.outsider)
        assert self.client.post(url, {"reason": "x"}).status_code == 404
        self.meeting.refresh_from_db()
        assert not self.meeting.is_cancelled


@time_machine.travel(NOW, tick=False)
class CalendarPageTests(BaseTestCase):
    def test_the_month_view_shows_the_meetings_of_the_month_in_french(self) -> None:
        plan(self.w, starts_at=paris(2025, 10, 16, 9, 30))
        plan(self.w, starts_at=paris(2025, 11, 13))
        self.client.force_login(self.w.member)
        response = self.client.get(reverse("meetings:my_calendar"))
        self.assertContains(response, "Octobre 2025")
        self.assertContains(response, "09h30 CPER mathématiques")
        assert len(response.context["meetings"]) == 1

    def test_times_are_written_as_english_writes_them_in_english(self) -> None:
        meeting = plan(self.w, starts_at=paris(2025, 11, 13, 14))
        Meeting.objects.filter(pk=meeting.pk).update(opened_at=paris(2025, 11, 13, 5, 35))
        self.client.force_login(self.w.president)
        self.client.cookies["django_language"] = "en"
        page = self.client.get(reverse("meetings:detail", args=[meeting.pk]))
        self.assertContains(page, "from 14:00 to")
        self.assertNotContains(page, "14h00")
        room = self.client.get(reverse("room:room", args=[meeting.pk]))
        self.assertContains(room, "opened at 05:35")
        self.client.cookies["django_language"] = "fr"
        page = self.client.get(reverse("meetings:detail", args=[meeting.pk]))
        self.assertContains(page, "de 14h00 à")

    def test_the_list_view_shows_the_academic_year(self) -> None:
        plan(self.w, starts_at=paris(2025, 10, 16))
        plan(self.w, starts_at=paris(2026, 6, 11))
        plan(self.w, starts_at=paris(2026, 9, 17))  # next year
        self.client.force_login(self.w.member)
        url = reverse("meetings:council_calendar", args=[self.w.council.pk])
        response = self.client.get(url + "?vue=liste&annee=2025-2026")
        self.assertContains(response, "Année universitaire 2025-2026")
        self.assertContains(response, "jeudi 11 juin 2026")
        assert len(response.context["meetings"]) == 2

    def test_an_empty_month_points_to_the_next_meeting(self) -> None:
        plan(self.w, starts_at=paris(2026, 2, 10))
        self.client.force_login(self.w.member)
        response = self.client.get(reverse("meetings:my_calendar"))
        self.assertContains(response, "Aucune séance ce mois-ci.")
        self.assertContains(response, '<a href="?vue=mois&amp;mois=2026-02">mardi 10 février 2026')

    def test_an_unreadable_month_falls_back_to_the_current_one(self) -> None:
        self.client.force_login(self.w.member)
        response = self.client.get(reverse("meetings:my_calendar") + "?mois=2025-13")
        assert response.context["month"] == dt.date(2025, 10, 1)

    def test_an_outsider_sees_neither_the_council_calendar_nor_its_meetings(self) -> None:
        plan(self.w, starts_at=paris(2025, 10, 16))
        self.client.force_login(self.w.outsider)
        url = reverse("meetings:council_calendar", args=[self.w.council.pk])
        assert self.client.get(url).status_code == 404
        assert self.client.get(reverse("meetings:my_calendar")).context["meetings"] == []

    def test_the_institution_calendar_is_the_directors(self) -> None:
        plan(self.w, starts_at=paris(2025, 10, 16))
        plan(self.w, starts_at=paris(2025, 10, 17), council=self.w.other_council)
        url = reverse("meetings:institution_calendar", args=[self.w.institution.pk])
        self.client.force_login(self.w.head)
        assert self.client.get(url).status_code == 403
        self.client.force_login(self.w.director)
        assert len(self.client.get(url).context["meetings"]) == 2

    def test_the_persons_calendar_reads_the_councils_they_read_once(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        plan(self.w, starts_at=paris(2025, 10, 16))
        self.client.force_login(self.w.member)
        for url in (
            reverse("meetings:my_calendar"),
            reverse("meetings:my_calendar") + "?vue=liste",
        ):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert response.context["meetings"]
            meetings = [q["sql"] for q in queries if 'FROM "meetings_meeting"' in q["sql"]]
            # The councils come as ids (roles.standing_of), not as a UNION to compile again.
            assert meetings and not any("UNION" in sql for sql in meetings), meetings

    def test_calendar_pages_run_a_fixed_number_of_queries(self) -> None:
        # session, user, meetings (+ the council, or the institution, the page is about; the
        # person's own calendar: the councils they read, compiled once a day)
        pages = {
            reverse("meetings:my_calendar"): 4,
            reverse("meetings:my_calendar") + "?vue=liste": 4,
            reverse("meetings:council_calendar", args=[self.w.council.pk]) + "?vue=liste": 4,
            reverse("meetings:institution_calendar", args=[self.w.institution.pk]): 4,
        }
        self.client.force_login(self.w.director)
        plan(self.w, starts_at=paris(2025, 10, 16))
        for url, queries in pages.items():
            with self.assertNumQueries(queries):
                self.client.get(url)
        for day in (20, 21, 22):  # more meetings, of more councils: the same queries
            plan(self.w, starts_at=paris(2025, 10, day))
            plan(self.w, starts_at=paris(2025, 10, day), council=self.w.other_council)
        for url, queries in pages.items():
            with self.assertNumQueries(queries):
                self.client.get(url)


@time_machine.travel(NOW, tick=False)
class ICalendarTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = plan(self.w, starts_at=paris(2025, 11, 13, 14, 0))

    def feed_events(self, feed: CalendarFeed) -> list[icalendar.Event]:
        response = self.client.get(reverse("meetings:feed", args=[feed.token]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return events(response.content)

    def test_a_personal_feed_reads_back_with_paris_times_and_a_vtimezone(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member)
        response = self.client.get(reverse("meetings:feed", args=[feed.token]))
        calendar = parse(response.content)
        assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
        (timezone,) = calendar.walk("VTIMEZONE")
        assert timezone["TZID"] == "Europe/Paris"
        (event,) = calendar.walk("VEVENT")
        start = event.decoded("DTSTART")
        assert start == paris(2025, 11, 13, 14, 0) and start.utcoffset() == dt.timedelta(hours=1)
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event.decoded("DTEND") == paris(2025, 11, 13, 16, 0)
        assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == 0
        assert str(event["UID"]) == f"{self.meeting.uid}@conseils"
        assert "DTSTAMP" in event and str(event["ORGANIZER"]) == "mailto:head@example.org"

    def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence_in_the_feed(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member, council=self.w.council)
        (before,) = self.feed_events(feed)
        actions.move_meeting(
            self.meeting, actions.MeetingPlan(paris(2026, 3, 30, 9), place="Aix"), by=self.w.head
        )
        (after,) = self.feed_events(feed)
        assert after["UID"] == before["UID"]
        assert after["SEQUENCE"] == 1
        assert after.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)  # summer time

    def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member)
        actions.cancel_meeting(self.meeting, by=self.w.head, reason="Grève")
        (event,) = self.feed_events(feed)
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        assert str(event["SUMMARY"]).startswith("Annulée")

    def test_the_one_meeting_file_of_a_cancelled_meeting_is_a_cancel(self) -> None:
        actions.cancel_meeting(self.meeting, by=self.w.head, reason="Grève")
        self.client.force_login(self.w.student)
        response = self.client.get(reverse("meetings:ics", args=[self.meeting.pk]))
        assert "method=CANCEL" in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment;")
        assert parse(response.content)["METHOD"] == "CANCEL"

    def test_a_revoked_feed_is_gone(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member)
        self.client.force_login(self.w.member)
        response = self.client.post(reverse("meetings:feed_revoke", args=[feed.pk]))
        assert response.status_code == 302
        self.client.logout()
        assert self.client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404
        assert AuditEntry.objects.filter(action="calendar_feed.revoked").count() == 1
        assert feed.token not in str(AuditEntry.objects.values_list("summary", flat=True))

    def test_a_guessed_token_finds_nothing(self) -> None:
        actions.create_feed(self.w.member, by=self.w.member)
        url = reverse("meetings:feed", args=["x" * 32])
        assert self.client.get(url).status_code == 404

    def test_a_council_feed_stops_when_its_owner_leaves_the_council(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member, council=self.w.council)
        seat = self.w.council.memberships.get(person=self.w.member)
        seat.end_date = dt.date(2025, 9, 30)
        seat.save()
        assert self.client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404

    def test_nobody_revokes_or_creates_a_feed_for_someone_else(self) -> None:
        feed = actions.create_feed(self.w.member, by=self.w.member)
        with self.assertRaises(PermissionDenied):
            actions.revoke_feed(feed, by=self.w.head)
        with self.assertRaises(PermissionDenied):
            actions.create_feed(self.w.member, by=self.w.head)
        with self.assertRaises(PermissionDenied):
            actions.create_feed(self.w.outsider, by=self.w.outsider, council=self.w.council)
        self.client.force_login(self.w.head)
        url = reverse("meetings:feed_revoke", args=[feed.pk])
        assert self.client.post(url).status_code == 404

    def test_the_feeds_page_shows_the_address_to_copy(self) -> None:
        self.client.force_login(self.w.member)
        response = self.client.post(reverse("meetings:feeds"), {"council": ""}, follow=True)
        feed = CalendarFeed.objects.get(user=self.w.member)
        self.assertContains(response, f"/seances/ical/{feed.token}.ics")
