"""Every refused transition of the meeting's life (meetings/lifecycle.py) is tried through the
page that takes the step (issue 10, "done when"): the person reads the sentence that names the
state, and nothing changes. A transition added to lifecycle.TRANSITIONS without a line here
fails the completeness test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from meetings import lifecycle
from meetings.models import Meeting
from minutes import actions as minutes_actions
from sittings.actions import room, sheet, votes
from sittings.models import Attendance, Speaker, Vote
from tests.convocation_world import signing_keys
from tests.meetings_world import NOW, convoked
from tests.people import BaseTestCase, World


@dataclass(frozen=True)
class Attempt:
    """Who tries the step, at which address, with what."""

    person: str
    url: str
    args: tuple[object, ...]
    data: dict[str, str]


def _held_attempts(w: World, held: Meeting) -> dict[str, Attempt]:
    """The steps a held meeting refuses, each through its own page."""
    pk = held.pk
    item = held.agenda_items.first()
    assert item is not None
    member = w.council.memberships.get(person=w.member)
    day = (NOW + dt.timedelta(days=30)).date().isoformat()
    return {
        "move": Attempt(
            "head",
            "meetings:move",
            (pk,),
            {
                "date": day,
                "time": "10:00",
                "duration_minutes": "120",
                "place": "Salle B",
                "reason": "Salle prise",
            },
        ),
        "cancel": Attempt("head", "meetings:cancel", (pk,), {"reason": "Plus de sujet"}),
        "edit_agenda": Attempt(
            "head", "meetings:item_add", (pk,), {"title": "Point ajouté", "kind": "information"}
        ),
        "submit_agenda": Attempt("head", "meetings:agenda_submit", (pk,), {}),
        "set_agenda": Attempt("president", "meetings:agenda_set", (pk,), {}),
        "sign_convocation": Attempt("director", "convocations:sign", (pk,), {}),
        "send_convocation": Attempt("head", "convocations:send", (pk,), {}),
        "open_sitting": Attempt("president", "room:open", (pk,), {}),
        "vote": Attempt(
            "president",
            "room:vote_open",
            (pk, item.pk),
            {"question": "Encore ?", "method": "show_of_hands", "majority": "votes_cast"},
        ),
        "check_in": Attempt("member", "room:check_in", (pk,), {}),
        "keep_speakers": Attempt(
            "president", "room:speakers", (pk,), {"action": "add", "membership": str(member.pk)}
        ),
        "close_sitting": Attempt("president", "room:close", (pk,), {}),
        "invite_guest": Attempt(
            "head",
            "meetings:guests",
            (pk,),
            {
                "email": "luce.tutrice@example.org",
                "first_name": "Luce",
                "last_name": "Tutrice",
                "quality": "tutrice de stage",
            },
        ),
    }


@override_settings(**signing_keys())
class RefusedTransitionTests(BaseTestCase):
    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def sat(self, hours: int = 2) -> Meeting:
        """A convoked meeting later today, everyone present, the sitting open."""
        meeting = convoked(self.w, starts_at=NOW + dt.timedelta(hours=hours))
        sheet.mark_everyone_present(meeting, by=self.w.president)
        room.open_sitting(meeting, by=self.w.president)
        meeting.refresh_from_db()
        return meeting

    def held(self) -> Meeting:
        meeting = self.sat()
        room.close_sitting(meeting, by=self.w.president)
        meeting.refresh_from_db()
        return meeting

    def snapshot(self, meeting: Meeting) -> tuple[object, ...]:
        row = Meeting.objects.get(pk=meeting.pk)
        return (
            tuple(getattr(row, f.attname) for f in Meeting._meta.concrete_fields),
            meeting.agenda_items.count(),
            list(Attendance.objects.filter(meeting=meeting).values_list("status", "left_at")),
            Vote.objects.filter(meeting=meeting).count(),
            Speaker.objects.filter(meeting=meeting).count(),
            AuditEntry.objects.count(),
        )

    def try_step(self, meeting: Meeting, name: str, attempt: Attempt) -> None:
        expected = lifecycle.refusal(meeting, name)
        assert expected is not None, name
        before = self.snapshot(meeting)
        self.client.force_login(getattr(self.w, attempt.person))
        response = self.client.post(
            reverse(attempt.url, args=attempt.args), attempt.data, follow=True
        )
        assert response.status_code in {200, 409, 422}, (name, response.status_code)
        self.assertContains(response, expected, status_code=response.status_code, msg_prefix=name)
        self.assertNotContains(
            response, "Votre rôle", status_code=response.status_code, msg_prefix=name
        )
        assert self.snapshot(meeting) == before, name

    def test_a_held_meeting_refuses_every_step_of_an_earlier_state(self) -> None:
        held = self.held()
        assert lifecycle.state_of(held) == lifecycle.State.HELD
        for name, attempt in _held_attempts(self.w, held).items():
            with self.subTest(name):
                self.try_step(held, name, attempt)

    def test_minutes_are_not_submitted_while_the_sitting_is_open(self) -> None:
        meeting = self.sat()
        minutes = minutes_actions.start(meeting, self.w.member, by=self.w.president)
        self.try_step(
            meeting,
            "submit_minutes",
            Attempt(
                "member", "minutes:edit", (minutes.pk,), {"body": "Compte rendu.", "submit": "1"}
            ),
        )

    def test_a_meeting_that_never_sat_is_not_convened_again(self) -> None:
        meeting = convoked(self.w, starts_at=NOW + dt.timedelta(hours=2))
        day = (NOW + dt.timedelta(days=6)).date().isoformat()
        self.try_step(
            meeting,
            "reconvene",
            Attempt("president", "room:reconvene", (meeting.pk,), {"date": day, "time": "14:00"}),
        )

    def test_the_preconditions_are_refused_with_their_reason(self) -> None:
        tomorrow = convoked(self.w, starts_at=NOW + dt.timedelta(days=1))
        member = self.w.council.memberships.get(person=self.w.member)
        today = convoked(self.w, starts_at=NOW + dt.timedelta(hours=3))
        checks = [
            # The sheet opens on the meeting's day only.
            (
                tomorrow,
                "record_attendance",
                Attempt(
                    "president", "room:sheet", (tomorrow.pk,), {f"status-{member.pk}": "present"}
                ),
            ),
            # No sitting without a sign-in sheet.
            (today, "open_sitting", Attempt("president", "room:open", (today.pk,), {})),
        ]
        for meeting, name, attempt in checks:
            with self.subTest(name):
                self.try_step(meeting, name, attempt)

        # Not closed while a vote runs.
        sitting = self.sat(hours=4)
        item = sitting.agenda_items.last()
        assert item is not None
        votes.open_vote(item, by=self.w.president, question="", method="show_of_hands")
        self.try_step(
            sitting, "close_sitting", Attempt("president", "room:close", (sitting.pk,), {})
        )

    def test_every_transition_of_the_lifecycle_is_tried_here(self) -> None:
        tried = set(_held_attempts(self.w, self.held())) | {
            "submit_minutes",
            "reconvene",
            "record_attendance",
        }
        assert tried == set(lifecycle.TRANSITIONS)

    def test_the_sheet_is_not_filled_after_a_day_on_which_the_meeting_never_sat(self) -> None:
        meeting = convoked(self.w, starts_at=NOW + dt.timedelta(hours=2))
        member = self.w.council.memberships.get(person=self.w.member)
        with time_machine.travel(NOW + dt.timedelta(days=40), tick=False):
            reason = lifecycle.refusal(meeting, "record_attendance")
            assert reason is not None and reason.startswith("La séance est convoquée : ")
            self.try_step(
                meeting,
                "record_attendance",
                Attempt(
                    "president", "room:sheet", (meeting.pk,), {f"status-{member.pk}": "present"}
                ),
            )
            assert not Attendance.objects.filter(meeting=meeting).exists()

    def test_a_held_meeting_s_sheet_is_corrected_until_its_minutes_go_to_validation(self) -> None:
        held = self.held()
        member = self.w.council.memberships.get(person=self.w.member)
        arrived = Attendance.objects.get(meeting=held, membership=member).arrived_at
        sheet_url = reverse("room:sheet", args=[held.pk])
        self.client.force_login(self.w.president)
        page = self.client.get(reverse("room:room", args=[held.pk])).text
        assert 'id="sheet-correction"' in page and f'action="{sheet_url}"' in page
        with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
            for status in ("excused", "present"):  # a mistaken line, then set right
                response = self.client.post(sheet_url, {f"status-{member.pk}": status})
                assert response.status_code == 302
            row = Attendance.objects.get(meeting=held, membership=member)
            # The correction is no arrival: the time it was typed is kept nowhere.
            assert (row.status, row.arrived_at, row.movements.count()) == ("present", arrived, 0)
            minutes = minutes_actions.start(held, self.w.member, by=self.w.president)
            minutes_actions.save_text(minutes, "Présents : tous.", by=self.w.member)
            minutes_actions.submit(minutes, by=self.w.member)
            held.refresh_from_db()
            self.try_step(
                held,
                "record_attendance",
                Attempt("president", "room:sheet", (held.pk,), {f"status-{member.pk}": "absent"}),
            )
            page = self.client.get(reverse("room:room", args=[held.pk])).text
            assert 'id="sheet-correction"' not in page and f'action="{sheet_url}"' not in page
