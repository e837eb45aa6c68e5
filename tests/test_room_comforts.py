"""The room's comforts (issue 10 §2): the sheet on one screen (everyone present in one action,
then the exceptions), members checking in from their own device, the speakers' list and the
projector view."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from meetings.lifecycle import TransitionRefused
from sittings.actions import floor, room, sheet
from sittings.models import Attendance, Movement, Speaker
from tests.meetings_world import NOW, convoked
from tests.people import BaseTestCase


class ComfortCase(BaseTestCase):
    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.meeting = convoked(self.w, starts_at=NOW + dt.timedelta(hours=2))
        self.seats = {
            m.person.email.split("@")[0]: m
            for m in self.w.council.memberships.current().select_related("person")
        }

    def status_of(self, who: str) -> str:
        return Attendance.objects.get(meeting=self.meeting, membership=self.seats[who]).status

    def open_sitting(self) -> None:
        sheet.mark_everyone_present(self.meeting, by=self.w.president)
        room.open_sitting(self.meeting, by=self.w.president)
        self.meeting.refresh_from_db()


class SheetTests(ComfortCase):
    def test_everyone_is_present_in_one_action_except_who_said_otherwise(self) -> None:
        from meetings import actions

        actions.answer(
            self.meeting, self.seats["student"], "absent", by=self.seats["student"].person
        )
        self.client.force_login(self.w.president)
        response = self.client.post(reverse("room:all_present", args=[self.meeting.pk]))
        assert response.status_code == 302
        assert self.status_of("member") == "present"
        assert self.status_of("student") == "excused"
        page = self.client.get(response["Location"])
        # Nine seats marked, but the permanent guest has no vote: eight, as the quorum counts.
        self.assertContains(page, "8 membres notés présents ; notez maintenant les exceptions.")
        assert self.status_of("guest") == "present"

    def test_the_exceptions_are_saved_together_from_the_radio_table(self) -> None:
        self.w.member.sex = "F"
        self.w.member.save(update_fields=["sex"])
        self.client.force_login(self.w.president)
        self.client.post(reverse("room:all_present", args=[self.meeting.pk]))
        page = self.client.get(reverse("room:room", args=[self.meeting.pk]))
        # One radio group per member, labelled with their name and agreed with their sex.
        self.assertContains(page, "Marie Membre : présente")
        self.assertContains(page, "Paul Président : présent")
        t2, pro = self.seats["t2"], self.seats["pro"]
        response = self.client.post(
            reverse("room:sheet", args=[self.meeting.pk]),
            {
                f"status-{t2.pk}": "excused",
                f"status-{pro.pk}": "represented",
                f"proxy-{pro.pk}": str(self.seats["president"].pk),
                f"status-{self.seats['member'].pk}": "present",
            },
        )
        assert response.status_code == 302
        assert self.status_of("t2") == "excused"
        assert self.status_of("pro") == "represented"
        page = self.client.get(response["Location"])
        self.assertContains(page, "Feuille de présence enregistrée : 2 lignes modifiées.")

    def test_a_refused_line_leaves_the_whole_sheet_as_it_was(self) -> None:
        sheet.mark_everyone_present(self.meeting, by=self.w.president)
        t2, pro = self.seats["t2"], self.seats["pro"]
        with self.assertRaises(ValidationError) as caught:
            sheet.save_sheet(
                self.meeting,
                [sheet.Line(t2.pk, "excused"), sheet.Line(pro.pk, "represented", pro.pk)],
                by=self.w.president,
            )
        assert "Pia Pro" in " ".join(caught.exception.messages)
        assert self.status_of("t2") == "present"
        assert self.status_of("pro") == "present"

    def test_a_member_does_not_keep_the_sheet(self) -> None:
        self.client.force_login(self.w.member)
        for name in ("room:all_present", "room:sheet"):
            assert self.client.post(reverse(name, args=[self.meeting.pk])).status_code == 403
        self.client.force_login(self.w.outsider)
        for name in ("room:all_present", "room:sheet"):
            assert self.client.post(reverse(name, args=[self.meeting.pk])).status_code == 404


class CheckInTests(ComfortCase):
    def setUp(self) -> None:
        super().setUp()
        self.w.member.sex = "F"
        self.w.member.save(update_fields=["sex"])

    def test_a_member_checks_in_once_during_the_sitting_and_it_is_audited(self) -> None:
        sheet.save_sheet(
            self.meeting, [sheet.Line(self.seats["member"].pk, "absent")], by=self.w.president
        )
        self.open_sitting()
        sheet.save_sheet(
            self.meeting, [sheet.Line(self.seats["member"].pk, "absent")], by=self.w.president
        )
        self.client.force_login(self.w.member)
        live = self.client.get(reverse("room:live", args=[self.meeting.pk]))
        self.assertContains(live, "Je suis présente")
        response = self.client.post(reverse("room:check_in", args=[self.meeting.pk]))
        assert response.status_code == 302
        self.assertContains(self.client.get(response["Location"]), "Vous êtes notée présente.")
        row = Attendance.objects.get(meeting=self.meeting, membership=self.seats["member"])
        assert row.status == "present" and row.arrived_at is not None
        assert row.movements.filter(kind=Movement.Kind.ARRIVED).count() == 1
        assert AuditEntry.objects.filter(action="sitting.checked_in").count() == 1
        # Exactly once: a second click says so and changes nothing.
        again = self.client.post(reverse("room:check_in", args=[self.meeting.pk]), follow=True)
        self.assertContains(again, "Vous êtes déjà notée présente.")
        self.assertNotContains(again, "Je suis présente")
        assert row.movements.count() == 1
        assert AuditEntry.objects.filter(action="sitting.checked_in").count() == 1

    def test_no_check_in_before_the_sitting_opens_and_the_refusal_names_the_state(self) -> None:
        self.client.force_login(self.w.member)
        live = self.client.get(reverse("room:live", args=[self.meeting.pk]))
        self.assertNotContains(live, "Je suis présente")
        with self.assertRaises(TransitionRefused) as caught:
            sheet.check_in(self.meeting, by=self.w.member)
        assert "La séance est convoquée : on ne peut pas s’y déclarer présent." in str(
            caught.exception
        )
        response = self.client.post(reverse("room:check_in", args=[self.meeting.pk]), follow=True)
        self.assertContains(response, "La séance est convoquée : on ne peut pas")
        assert not Attendance.objects.filter(meeting=self.meeting).exists()

    def test_no_check_in_after_the_sitting_is_closed(self) -> None:
        self.open_sitting()
        room.close_sitting(self.meeting, by=self.w.president)
        with self.assertRaises(TransitionRefused) as caught:
            sheet.check_in(self.meeting, by=self.w.member)
        assert str(caught.exception).startswith("['La séance est close")

    def test_only_a_member_of_the_council_checks_in(self) -> None:
        self.open_sitting()
        with self.assertRaises(PermissionDenied):
            sheet.check_in(self.meeting, by=self.w.director)
        self.client.force_login(self.w.outsider)
        assert self.client.post(reverse("room:check_in", args=[self.meeting.pk])).status_code == 404


class FloorTests(ComfortCase):
    def post(self, **data: str) -> None:
        response = self.client.post(reverse("room:speakers", args=[self.meeting.pk]), data)
        assert response.status_code == 302

    def test_the_president_keeps_the_speakers_list(self) -> None:
        self.open_sitting()
        self.client.force_login(self.w.president)
        for who in ("member", "t2", "pro"):
            self.post(action="add", membership=str(self.seats[who].pk))
        _now, waiting = floor.queue(self.meeting)
        assert [s.membership.person.first_name for s in waiting] == ["Marie", "Théo", "Pia"]
        self.post(action=f"up-{waiting[2].pk}")
        self.post(action=f"remove-{waiting[0].pk}")
        _now, waiting = floor.queue(self.meeting)
        assert [s.membership.person.first_name for s in waiting] == ["Pia", "Théo"]
        self.post(action="next")
        self.post(action="next")
        speaking, waiting = floor.queue(self.meeting)
        assert speaking is not None and speaking.membership.person.first_name == "Théo"
        assert waiting == []
        assert Speaker.objects.filter(meeting=self.meeting, finished_at__isnull=False).count() == 1

    def test_a_member_waits_once_in_the_list(self) -> None:
        self.open_sitting()
        floor.add_speaker(self.meeting, self.seats["member"], by=self.w.president)
        with self.assertRaises(ValidationError):
            floor.add_speaker(self.meeting, self.seats["member"], by=self.w.president)

    def test_the_list_is_kept_only_during_the_sitting(self) -> None:
        with self.assertRaises(TransitionRefused) as caught:
            floor.add_speaker(self.meeting, self.seats["member"], by=self.w.president)
        assert "on ne peut pas tenir la liste des orateurs" in str(caught.exception)

    def test_a_member_does_not_keep_the_list(self) -> None:
        self.open_sitting()
        self.client.force_login(self.w.member)
        response = self.client.post(
            reverse("room:speakers", args=[self.meeting.pk]), {"action": "next"}
        )
        assert response.status_code == 403
        with self.assertRaises(PermissionDenied):
            floor.next_speaker(self.meeting, by=self.w.member)


class ProjectorTests(ComfortCase):
    def test_the_projector_shows_the_item_the_speakers_and_the_vote(self) -> None:
        self.open_sitting()
        item = self.meeting.agenda_items.order_by("position").first()
        assert item is not None
        floor.set_current_item(self.meeting, item, by=self.w.president)
        floor.add_speaker(self.meeting, self.seats["member"], by=self.w.president)
        floor.next_speaker(self.meeting, by=self.w.president)
        floor.add_speaker(self.meeting, self.seats["t2"], by=self.w.president)
        self.client.force_login(self.w.student)  # any reader of the meeting
        page = self.client.get(reverse("room:projector", args=[self.meeting.pk]))
        self.assertContains(page, item.title)
        self.assertContains(page, "La parole est à Marie Membre")
        self.assertContains(page, "Théo Deux")
        screen = self.client.get(reverse("room:projector_screen", args=[self.meeting.pk]))
        assert screen["Cache-Control"] == "no-store"
        self.assertContains(screen, "Aucun vote pour l’instant.")

    def test_the_projector_speaks_english_to_an_english_reader(self) -> None:
        self.open_sitting()
        floor.add_speaker(self.meeting, self.seats["member"], by=self.w.president)
        floor.next_speaker(self.meeting, by=self.w.president)
        self.client.force_login(self.w.member)
        self.client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
        page = self.client.get(reverse("room:projector", args=[self.meeting.pk]))
        self.assertContains(page, "Current item")
        self.assertContains(page, "Marie Membre has the floor")
        self.assertNotContains(page, "La parole")

    def test_an_outsider_does_not_see_the_projector(self) -> None:
        self.client.force_login(self.w.outsider)
        for name in ("room:projector", "room:projector_screen"):
            assert self.client.get(reverse(name, args=[self.meeting.pk])).status_code == 404
        assert (
            self.client.post(reverse("room:current_item", args=[self.meeting.pk])).status_code
            == 404
        )
