"""The minutes circuit: secretary, three validations, signature, publication, corrections."""

from __future__ import annotations

import subprocess
import tempfile

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from documents.signing import check_signature
from minutes import actions
from minutes.models import Approval, Minutes
from tests.minutes_helpers import approve_all, draft_minutes, held_meeting, published_minutes
from tests.people import BaseTestCase


class CircuitTests(BaseTestCase):
    def test_the_president_designates_a_voting_member_as_secretary(self) -> None:
        minutes = draft_minutes(self.w)
        assert minutes.secretary == self.w.member and minutes.status == "draft"
        assert "<h2>1. Bilan du semestre</h2>" in minutes.body
        assert "<h2>2. Maquette de formation</h2>" in minutes.body
        assert AuditEntry.objects.filter(action="minutes.started").exists()

    def test_a_guest_cannot_be_secretary(self) -> None:
        guest = self.w.council.memberships.get(category="guest").person
        with self.assertRaises(ValidationError):
            actions.start(held_meeting(self.w), guest, by=self.w.president)

    def test_a_member_cannot_designate_the_secretary(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.start(held_meeting(self.w), self.w.member, by=self.w.member)

    def test_only_the_secretary_writes_and_every_text_is_kept(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "<p>Premier jet</p>", by=self.w.member)
        actions.save_text(minutes, "<p>Second jet</p>", by=self.w.member)
        bodies = list(minutes.revisions.values_list("number", "body"))
        assert [n for n, _b in bodies] == [1, 2, 3]
        assert "Premier jet" in bodies[1][1] and "Second jet" in bodies[2][1]
        with self.assertRaises(PermissionDenied):
            actions.save_text(minutes, "Autre", by=self.w.president)

    def test_three_approvals_freeze_sign_and_send_the_minutes(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            minutes = approve_all(self.w, draft_minutes(self.w))
        assert minutes.status == Minutes.Status.FROZEN
        data = minutes.signed_pdf.read()
        check = check_signature(data)
        assert check.ok
        recipients = {m.to[0] for m in mail.outbox if m.attachments}
        assert self.w.director.email in recipients and self.w.student.email in recipients

    def test_the_signed_pdf_validates_with_pdfsig_and_breaks_when_altered(self) -> None:
        data = approve_all(self.w, draft_minutes(self.w)).signed_pdf.read()
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            out = subprocess.run(["pdfsig", fh.name], capture_output=True, text=True, check=False)
        assert "Signature Validation: Signature is Valid." in out.stdout
        tampered = bytearray(data)
        tampered[len(data) // 3] ^= 0xFF
        with self.assertRaises(Exception):  # noqa: B017 - any failure: either unreadable or invalid
            assert check_signature(bytes(tampered)).ok

    def test_sending_back_needs_a_comment_and_reopens_the_draft(self) -> None:
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        with self.assertRaises(ValidationError):
            actions.decide(minutes, by=self.w.head, approve=False)
        with self.captureOnCommitCallbacks(execute=True):
            actions.decide(minutes, by=self.w.head, approve=False, comment="Préciser le vote.")
        minutes.refresh_from_db()
        assert minutes.status == "draft"
        assert not minutes.approvals.filter(decision="pending").exists()
        assert any(
            "Préciser le vote." in m.body for m in mail.outbox if self.w.member.email in m.to
        )

    def test_in_sequential_order_the_head_of_mention_waits_for_the_president(self) -> None:
        self.w.council.minutes_validation_order = "sequential"
        self.w.council.save()
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        with self.assertRaises(PermissionDenied):
            actions.decide(minutes, by=self.w.head, approve=True)
        actions.decide(minutes, by=self.w.president, approve=True)
        actions.decide(minutes, by=self.w.track_head, approve=True)
        actions.decide(minutes, by=self.w.head, approve=True)
        minutes.refresh_from_db()
        assert minutes.status == "frozen"

    def test_a_council_no_text_gives_the_cpers_order_has_its_minutes_validated_by_its_president(
        self,
    ) -> None:
        # The CPERs' page sets their circuit (president, head of track, head of mention); no
        # text does for the conseil de l'institut, whose president alone validates, whether or
        # not it has tracks, and whatever order its setting says.
        council = self.w.council
        council.council_type = "inspe_institute_council"
        council.minutes_validation_order = "sequential"
        council.save()
        assert council.tracks.exists() and council.programme is not None
        minutes = draft_minutes(self.w)
        assert minutes.validation_order == Minutes.Order.PARALLEL
        actions.submit(minutes, by=self.w.member)
        assert list(minutes.approvals.values_list("role", "person")) == [
            (Approval.Role.PRESIDENT.value, self.w.president.pk)
        ]
        self.login(self.w.president)
        page = self.client.get(reverse("minutes:detail", args=[minutes.pk])).text
        assert "Validation par la présidence du conseil." in page
        assert "présidence, parcours, mention" not in page
        minutes.refresh_from_db()
        actions.decide(minutes, by=self.w.president, approve=True)
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.FROZEN

    def test_an_outsider_cannot_approve(self) -> None:
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        with self.assertRaises(PermissionDenied):
            actions.decide(minutes, by=self.w.outsider, approve=True)

    def test_a_frozen_text_is_never_edited_and_a_correction_is_a_new_version(self) -> None:
        minutes = approve_all(self.w, draft_minutes(self.w))
        with self.assertRaises(ValidationError):
            actions.save_text(minutes, "changé", by=self.w.member)
        correction = actions.start_correction(minutes, by=self.w.president)
        assert correction.corrects == minutes and correction.version == 2
        assert correction.status == "draft" and correction.body == minutes.body
        actions.save_text(correction, "<p>Rectification.</p>", by=self.w.member)
        approve_all(self.w, correction)
        minutes.refresh_from_db()
        assert "Rectification." not in minutes.body
        correction.refresh_from_db()
        assert "Rectification." in correction.body


class PublicationTests(BaseTestCase):
    def test_only_the_director_publishes(self) -> None:
        minutes = approve_all(self.w, draft_minutes(self.w))
        with self.assertRaises(PermissionDenied):
            actions.publish(minutes, by=self.w.head)
        actions.publish(minutes, by=self.w.director)
        assert minutes.status == "published" and minutes.public_pdf

    def test_a_hidden_passage_is_absent_from_the_public_version_only(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "<p>M. Dupont, 12 rue des Lilas.</p>", by=self.w.member)
        minutes = approve_all(self.w, minutes)
        with self.assertRaises(ValidationError):
            actions.redact(minutes, "texte absent", "", by=self.w.director)
        actions.redact(minutes, "12 rue des Lilas", "adresse personnelle", by=self.w.director)
        actions.publish(minutes, by=self.w.director)
        public = self.client.get(reverse("minutes:public_detail", args=[minutes.pk]))
        self.assertNotContains(public, "12 rue des Lilas")
        self.assertContains(public, "[passage occulté]")
        self.login(self.w.member)
        original = self.client.get(reverse("minutes:detail", args=[minutes.pk]))
        self.assertContains(original, "12 rue des Lilas")

    def test_the_public_page_lists_published_minutes_by_council_and_year(self) -> None:
        minutes = published_minutes(self.w)
        draft_minutes(self.w)  # not published: never listed
        response = self.client.get(reverse("minutes:public_index", args=[self.w.institution.pk]))
        self.assertContains(response, self.w.council.name)
        self.assertContains(response, minutes.meeting.academic_year)
        assert sum(len(items) for items in response.context["groups"].values()) == 1

    def test_the_public_list_is_written_as_the_template_wrote_it(self) -> None:
        import datetime as dt

        from django.template import Context, Template
        from django.test import RequestFactory
        from django.utils import translation

        from meetings.models import Meeting

        starts = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # 2 March in Paris
        items = [
            Minutes(pk=7, meeting=Meeting(starts_at=starts)),
            Minutes(pk=8, corrects_id=7, meeting=Meeting(starts_at=starts)),
        ]
        # The lines as public_index.html's loop wrote them before published_items.
        loop = Template(
            "{% load i18n %}{% for m in items %}<li><a href=\"{% url 'minutes:public_detail' "
            'm.pk %}">{% blocktranslate with d=m.meeting.starts_at|day %}Séance du {{ d }}'
            '{% endblocktranslate %}</a>{% if m.corrects_id %} ({% translate "rectificatif" %})'
            "{% endif %} — <a href=\"{% url 'minutes:public_pdf' m.pk %}\">PDF<span "
            'class="visually-hidden"> {{ m.meeting.starts_at|day }}</span></a></li>{% endfor %}'
        )
        lines = Template("{% load published %}{% published_items items %}")
        for language in ("fr", "en"):
            with translation.override(language):
                context = Context({"items": items, "request": RequestFactory().get("/")})
                expected = loop.render(context)
                assert lines.render(context) == expected
                assert expected.count("2 ") == 4 and "(" in expected

    def test_an_unpublished_text_is_not_public(self) -> None:
        minutes = approve_all(self.w, draft_minutes(self.w))
        response = self.client.get(reverse("minutes:public_detail", args=[minutes.pk]))
        assert response.status_code == 404


class MinutesViewTests(BaseTestCase):
    def test_the_secretary_writes_and_submits_in_the_browser_form(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        url = reverse("minutes:edit", args=[minutes.pk])
        response = self.client.post(url, {"part-opening": "<p>Tous.</p>", "submit": "1"})
        self.assertRedirects(response, reverse("minutes:detail", args=[minutes.pk]))
        minutes.refresh_from_db()
        assert minutes.status == "in_validation"
        assert minutes.approvals.count() == 3

    def test_a_draft_is_hidden_from_a_plain_member(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.student)
        assert self.client.get(reverse("minutes:detail", args=[minutes.pk])).status_code == 404

    def test_the_diff_shows_added_and_removed_lines(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "<p>ligne A</p><p>ligne B</p>", by=self.w.member)
        actions.save_text(minutes, "<p>ligne A</p><p>ligne C</p>", by=self.w.member)
        self.login(self.w.member)
        response = self.client.get(reverse("minutes:diff", args=[minutes.pk, 3]))
        self.assertContains(
            response,
            '<li class="diff-ended"><del><span class="visually-hidden">retiré : </span>'
            "ligne B</del></li>",
            html=True,
        )
        self.assertContains(response, "ligne C")

    def test_a_validator_approves_through_the_page(self) -> None:
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        self.login(self.w.track_head)
        self.client.post(reverse("minutes:decide", args=[minutes.pk]), {"approve": "1"})
        assert minutes.approvals.get(role=Approval.Role.HEAD_OF_TRACK).decision == "approved"

    def test_an_outsider_gets_404_everywhere(self) -> None:
        minutes = published_minutes(self.w)
        self.login(self.w.outsider)
        for name in ("minutes:detail", "minutes:pdf"):
            assert self.client.get(reverse(name, args=[minutes.pk])).status_code == 404
        assert self.client.post(reverse("minutes:publish", args=[minutes.pk])).status_code == 404


class NextAgendaTests(BaseTestCase):
    def test_validated_minutes_are_put_on_the_next_agenda_for_approval(self) -> None:
        from tests.convocation_world import meeting_with_agenda

        upcoming = meeting_with_agenda(self.w, agenda_set=False)
        minutes = approve_all(self.w, draft_minutes(self.w))
        day = timezone.localtime(minutes.meeting.starts_at).strftime("%d/%m/%Y")
        titles = list(upcoming.agenda_items.values_list("title", flat=True))
        assert titles[-1] == f"Approbation du compte rendu de la séance du {day}"
        assert len(titles) == 3

    def test_a_set_agenda_is_never_changed_behind_the_presidents_back(self) -> None:
        from tests.convocation_world import meeting_with_agenda

        upcoming = meeting_with_agenda(self.w, agenda_set=True)
        approve_all(self.w, draft_minutes(self.w))
        assert upcoming.agenda_items.count() == 2


class MeetingPageLinkTests(BaseTestCase):
    def test_the_president_opens_the_minutes_from_the_meeting_page(self) -> None:
        meeting = held_meeting(self.w)
        self.login(self.w.president)
        page = self.client.get(reverse("meetings:detail", args=[meeting.pk]))
        self.assertContains(page, reverse("minutes:start", args=[meeting.pk]))
        self.assertContains(page, reverse("recommendations:adopt", args=[meeting.pk]))

    def test_a_student_sees_neither_a_draft_nor_the_buttons(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.student)
        page = self.client.get(reverse("meetings:detail", args=[minutes.meeting_id]))
        self.assertNotContains(page, reverse("minutes:detail", args=[minutes.pk]))
        self.assertNotContains(page, reverse("recommendations:adopt", args=[minutes.meeting_id]))


class RefusedSubmissionTests(BaseTestCase):
    def test_a_refused_submission_saves_nothing(self) -> None:
        minutes = draft_minutes(self.w, days_ago=-3)  # the meeting is still to come
        before = minutes.body
        self.login(self.w.member)
        url = reverse("minutes:edit", args=[minutes.pk])
        response = self.client.post(url, {"part-opening": "<p>Nouveau</p>", "submit": "1"})
        assert response.status_code == 409
        self.assertContains(response, "n’a pas encore eu lieu", status_code=409)
        minutes.refresh_from_db()
        assert minutes.body == before and minutes.revisions.count() == 1

    def test_a_past_meeting_no_longer_asks_for_an_answer(self) -> None:
        meeting = held_meeting(self.w)
        self.login(self.w.student)
        page = self.client.get(reverse("meetings:detail", args=[meeting.pk]))
        self.assertNotContains(page, reverse("meetings:answer", args=[meeting.pk]))
        self.assertContains(page, "Vous n’aviez pas répondu avant la séance.")


class MeetingLifeTests(BaseTestCase):
    """Minutes submitted make the meeting held: it cannot sit again (issue 10 §1.1)."""

    def test_submitting_the_minutes_makes_the_meeting_held_and_closes_the_room(self) -> None:
        from django.db import IntegrityError, transaction

        from meetings.lifecycle import TransitionRefused
        from meetings.models import Meeting
        from sittings.actions import room

        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "Présents : six membres.", by=self.w.member)
        actions.submit(minutes, by=self.w.member)
        meeting = Meeting.objects.get(pk=minutes.meeting_id)
        assert meeting.status == Meeting.Status.HELD
        seat = self.w.council.memberships.get(person=self.w.president)
        with self.assertRaisesMessage(TransitionRefused, "compte rendu est établi"):
            room.set_presence(meeting, seat, "present", by=self.w.president)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(opened_at=timezone.now())

    def test_minutes_of_a_meeting_still_to_come_are_not_submitted(self) -> None:
        from meetings.lifecycle import TransitionRefused

        minutes = draft_minutes(self.w, days_ago=-3)
        actions.save_text(minutes, "Texte préparé d’avance.", by=self.w.member)
        with self.assertRaisesMessage(TransitionRefused, "n’a pas encore eu lieu"):
            actions.submit(minutes, by=self.w.member)
