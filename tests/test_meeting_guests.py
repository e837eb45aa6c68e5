"""Occasional guests (« invités permanents ou ponctuels »): invited to one meeting, convoked
without a vote (the document says so), shown in the room as guests and never counted, listed
in the minutes as such."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from bylaws.engine import SOURCES_DIR
from convocations import actions as convocations
from convocations import document
from convocations.mail import build_message
from convocations.notice import notice_shortfall
from meetings import actions, lifecycle
from meetings.actions.guests import GUESTS
from meetings.lifecycle import TransitionRefused
from meetings.models import Meeting, MeetingGuest
from minutes.actions import draft_text
from sittings.actions import room
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.minutes_helpers import held_meeting
from tests.people import BaseTestCase


class InvitingTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)

    def invite(self, **data: str) -> MeetingGuest:
        return actions.invite_guest(self.meeting, by=self.w.head, **data)  # type: ignore[arg-type]

    def test_the_guests_quotation_stands_in_the_seed_page(self) -> None:
        # The shipped copy of the seed page: a clean clone has no ../shared next to it.
        shipped = (SOURCES_DIR / str(GUESTS.document)).read_text(encoding="utf-8")
        assert GUESTS.quote in shipped

    def test_an_organiser_invites_a_new_external_person(self) -> None:
        guest = self.invite(
            email="tutrice@lycee.example.org",
            first_name="Luce",
            last_name="Tutrice",
            quality="tutrice de stage",
        )
        assert guest.person.display_name == "Luce Tutrice"
        assert AuditEntry.objects.filter(action="meeting.guest_invited").count() == 1
        # Invited twice: still one invitation, one audit entry.
        self.invite(email="TUTRICE@lycee.example.org", quality="tutrice de stage")
        assert MeetingGuest.objects.count() == 1
        assert AuditEntry.objects.filter(action="meeting.guest_invited").count() == 1

    def test_a_person_of_the_directory_is_found_by_email(self) -> None:
        guest = self.invite(email="other-head@example.org", quality="responsable de MEEF 1")
        assert guest.person == self.w.other_head
        assert User.objects.filter(email__iexact="other-head@example.org").count() == 1

    def test_bad_input_changes_nothing(self) -> None:
        for data in (
            {"email": "x@example.org", "last_name": "X", "quality": " "},
            {"email": "pas-une-adresse", "last_name": "X", "quality": "q"},
            {"email": "new@example.org", "quality": "q"},  # unknown, and no name
            {"email": "member@example.org", "quality": "q"},  # already convoked as a member
        ):
            with pytest.raises(ValidationError):
                self.invite(**data)
        assert not MeetingGuest.objects.exists()
        assert not User.objects.filter(email="new@example.org").exists()

    def test_only_the_organisers_invite(self) -> None:
        with pytest.raises(PermissionDenied):
            actions.invite_guest(
                self.meeting, by=self.w.member, email="x@example.org", last_name="X", quality="q"
            )

    def test_a_held_meeting_invites_nobody_any_more(self) -> None:
        held = held_meeting(self.w)
        Meeting.objects.filter(pk=held.pk).update(status="held")
        held.refresh_from_db()
        with pytest.raises(TransitionRefused):
            actions.invite_guest(
                held, by=self.w.head, email="x@example.org", last_name="X", quality="q"
            )

    def test_a_meeting_whose_day_is_past_is_neither_joined_nor_opened_nor_announced_as_coming(
        self,
    ) -> None:
        ago = dt.timedelta(days=14)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            starts_at=self.meeting.starts_at - ago - dt.timedelta(days=60),
        )
        self.meeting.refresh_from_db()
        with pytest.raises(TransitionRefused, match="a eu lieu le"):
            self.invite(email="x@example.org", last_name="X", quality="q")
        refused = lifecycle.refusal(self.meeting, "open_sitting")
        assert refused is not None and "déplacez-la à aujourd’hui avant de l’ouvrir" in refused
        shortfall = notice_shortfall(self.meeting)
        assert shortfall is not None and shortfall.past

    def test_the_page_invites_and_lists_the_guest(self) -> None:
        self.login(self.w.head)
        url = reverse("meetings:guests", args=[self.meeting.pk])
        response = self.client.post(
            url,
            {
                "email": "luce@example.org",
                "first_name": "Luce",
                "last_name": "Tutrice",
                "quality": "tutrice de stage",
            },
        )
        assert response.status_code == 302
        page = self.client.get(url).content.decode()
        assert "Luce Tutrice" in page and "tutrice de stage" in page
        refused = self.client.post(url, {"email": "member@example.org", "quality": "q"})
        assert refused.status_code == 422
        assert "membre convoqué" in refused.content.decode()

    def test_an_inspe_council_s_guests_are_not_invited_under_the_cpers_page(self) -> None:
        # The CPERs' page governs the CPERs: the conseil d'institut's guests page does not
        # quote it as its basis (issue 13 §4: no council borrows another's rule as its own).
        url = reverse("meetings:guests", args=[self.meeting.pk])
        self.login(self.w.head)
        assert "associés aux travaux des CPER" in self.client.get(url).content.decode()
        self.meeting.council.council_type = "inspe_institute_council"
        self.meeting.council.save(update_fields=["council_type"])
        page = self.client.get(url).content.decode()
        assert "associés aux travaux des CPER" not in page
        assert "conseils de perfectionnement, « Composition »" not in page

    def test_the_page_is_refused_to_members_and_outsiders(self) -> None:
        url = reverse("meetings:guests", args=[self.meeting.pk])
        self.login(self.w.member)
        assert self.client.get(url).status_code == 403
        self.login(self.w.outsider)
        assert self.client.get(url).status_code == 404


@override_settings(**signing_keys())
class GuestConvocationTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = meeting_with_agenda(self.w)
        self.guest = actions.invite_guest(
            self.meeting,
            by=self.w.head,
            email="luce@example.org",
            first_name="Luce",
            last_name="Tutrice",
            quality="tutrice de stage",
        )

    def test_the_document_names_the_guest_without_a_vote(self) -> None:
        html = render_to_string(
            document.TEMPLATE, document.context_for(self.meeting, signed_at=None)
        )
        assert "Invités ponctuels, sans voix délibérative" in html
        assert "Luce Tutrice, tutrice de stage" in html

    def test_the_guest_receives_this_meeting_convocation_only(self) -> None:
        convocations.sign(self.meeting, by=self.w.director)
        queued: list[int] = []
        report = convocations.send(
            self.meeting, by=self.w.head, enqueue=lambda ids, url: queued.extend(ids)
        )
        assert report.queued == 11  # ten members and the guest
        convocation = convocations.convocation_of(self.meeting)
        assert convocation is not None
        recipient = convocation.recipients.get(guest=self.guest)
        assert recipient.person.email == "luce@example.org"
        assert recipient.membership_id is None
        message = build_message(recipient, convocation, b"%PDF", [])
        assert "sans voix délibérative" in message.body
        assert "en qualité de tutrice de stage" in message.body
        other = meeting_with_agenda(self.w)
        convocations.sign(other, by=self.w.director)
        convocations.send(other, by=self.w.head, enqueue=lambda ids, url: None)
        other_convocation = convocations.convocation_of(other)
        assert other_convocation is not None
        assert not other_convocation.recipients.filter(person__email="luce@example.org")

    def test_a_guest_invited_after_the_signature_asks_for_a_new_one(self) -> None:
        convocation = convocations.sign(self.meeting, by=self.w.director)
        assert convocations.signature_is_current(self.meeting, convocation)
        actions.invite_guest(
            self.meeting, by=self.w.head, email="x@example.org", last_name="X", quality="q"
        )
        assert not convocations.signature_is_current(self.meeting, convocation)


class GuestInTheRoomAndMinutesTests(BaseTestCase):
    def test_the_guest_is_shown_in_the_room_and_never_counted(self) -> None:
        meeting = meeting_with_agenda(self.w)
        before = room.load_room(meeting)
        actions.invite_guest(
            meeting, by=self.w.head, email="luce@example.org", last_name="Tutrice", quality="q"
        )
        after = room.load_room(meeting)
        assert [g.person.email for g in after.guests] == ["luce@example.org"]
        assert len(after.seats) == len(before.seats)
        assert after.count == before.count
        assert after.required == before.required
        self.login(self.w.president)
        page = self.client.get(reverse("room:room", args=[meeting.pk])).content.decode()
        assert "Invités ponctuels" in page and "Tutrice" in page

    def test_the_minutes_list_the_guest_as_such(self) -> None:
        meeting = meeting_with_agenda(self.w)
        actions.invite_guest(
            meeting,
            by=self.w.head,
            email="luce@example.org",
            first_name="Luce",
            last_name="Tutrice",
            quality="tutrice de stage",
        )
        text = draft_text(meeting)
        assert (
            "Invités ponctuels, sans voix délibérative</strong> : Luce Tutrice (tutrice de stage)"
            in text
        )
