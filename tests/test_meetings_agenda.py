"""The agenda circuit: the head drafts and submits, the president edits and sets, a later
change reopens it with a reason; attachments checked by content and served to readers only."""

from __future__ import annotations

import io
import zipfile

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from meetings import actions, attachments
from meetings.lifecycle import TransitionRefused
from meetings.models import AgendaItem, AgendaReopening, Attachment, Meeting
from tests.meetings_world import NOW, PDF, agenda_set, drafted, plan, submitted, upload
from tests.people import BaseTestCase


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def office_file(kind: str) -> bytes:
    """A minimal ODT or DOCX: only what the content check reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", attachments.ODT)
        else:
            main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            archive.writestr(
                "[Content_Types].xml",
                f'<Types><Override PartName="/word/document.xml" ContentType="{main}.main+xml"/>'
                "</Types>",
            )
        archive.writestr("content.xml", "<doc/>")
    return buffer.getvalue()


class FilesCleanedUp(BaseTestCase):
    def tearDown(self) -> None:
        for attachment in Attachment.objects.all():
            attachment.file.delete(save=False)
        super().tearDown()


@time_machine.travel(NOW, tick=False)
class AgendaCircuitTests(BaseTestCase):
    def test_the_head_drafts_points_in_order_with_their_audit_entries(self) -> None:
        meeting = drafted(self.w)
        assert titles(meeting) == ["Bilan des stages", "Maquette 2026"]
        assert AuditEntry.objects.filter(action="agenda.item_added").count() == 2

    def test_a_description_is_sanitised_and_kept_as_typed(self) -> None:
        meeting = plan(self.w)
        typed = "Points :\n\n- **effectifs**\n- <script>alert(1)</script>"
        item = actions.add_agenda_item(
            meeting, actions.ItemDraft(title="Bilan", description=typed), by=self.w.head
        )
        assert item.description_source == typed
        assert "<strong>effectifs</strong>" in item.description
        assert "<script>" not in item.description

    def test_html_sent_by_a_program_is_cleaned_by_nh3(self) -> None:
        html = '<p onclick="x()">Bilan <a href="javascript:x()">lien</a><img src=x></p>'
        assert actions.description_html(html) == "<p>Bilan lien</p>"

    def test_submitting_tells_the_president(self) -> None:
        meeting = drafted(self.w)
        with self.captureOnCommitCallbacks(execute=True):
            actions.submit_agenda(meeting, by=self.w.head)
        assert meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED
        (message,) = mail.outbox
        assert message.to == [self.w.president.email]
        assert message.subject == "Ordre du jour proposé — CPER mathématiques"
        assert "Henri Mention vous propose l’ordre du jour" in message.body
        assert AuditEntry.objects.filter(action="agenda.submitted").exists()

    def test_an_empty_agenda_is_not_submitted(self) -> None:
        with self.assertRaisesMessage(ValidationError, "vide"):
            actions.submit_agenda(plan(self.w), by=self.w.head)

    def test_once_submitted_the_head_no_longer_edits_and_the_president_does(self) -> None:
        meeting = submitted(self.w)
        item = meeting.agenda_items.get(title="Maquette 2026")
        # Issue 10 §1.10: the agenda's state refuses, not the head's role, and says so.
        with self.assertRaisesMessage(TransitionRefused, "proposé au président"):
            actions.update_agenda_item(item, actions.ItemDraft(title="Autre"), by=self.w.head)
        self.login(self.w.head)
        url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
        response = self.client.post(url, {"title": "Autre", "kind": "vote"})
        assert response.status_code == 409
        self.assertContains(response, "proposé au président", status_code=409)
        self.assertNotContains(response, "Votre rôle", status_code=409)
        actions.move_agenda_item(item, -1, by=self.w.president)
        assert titles(meeting) == ["Maquette 2026", "Bilan des stages"]
        actions.update_agenda_item(
            item, actions.ItemDraft(title="Maquette 2026-2027", kind="vote"), by=self.w.president
        )
        assert titles(meeting)[0] == "Maquette 2026-2027"

    def test_the_president_sets_the_agenda_and_the_head_and_director_are_told(self) -> None:
        meeting = submitted(self.w)
        with self.captureOnCommitCallbacks(execute=True):
            actions.set_agenda(meeting, by=self.w.president)
        meeting.refresh_from_db()
        assert meeting.agenda_locked and meeting.agenda_set_by == self.w.president
        assert sorted(m.to[0] for m in mail.outbox) == [self.w.director.email, self.w.head.email]
        assert "peut maintenant être signée" in mail.outbox[0].body

    def test_only_the_president_sets_and_only_a_submitted_agenda(self) -> None:
        meeting = drafted(self.w)
        with self.assertRaises(actions.InvalidTransition):
            actions.set_agenda(meeting, by=self.w.president)
        actions.submit_agenda(meeting, by=self.w.head)
        for person in (self.w.head, self.w.director, self.w.member):
            with self.assertRaises(PermissionDenied):
                actions.set_agenda(meeting, by=person)

    def test_the_agenda_steps_say_which_state_refuses_them(self) -> None:
        # Each step's refusal comes from the meeting's state machine (meetings.lifecycle),
        # naming the state, as the meeting's other steps do.
        meeting = drafted(self.w)
        with self.assertRaisesMessage(TransitionRefused, "il n’a pas encore été proposé"):
            actions.set_agenda(meeting, by=self.w.president)
        actions.submit_agenda(meeting, by=self.w.head)
        with self.assertRaisesMessage(TransitionRefused, "il a déjà été proposé au président"):
            actions.submit_agenda(meeting, by=self.w.head)
        actions.set_agenda(meeting, by=self.w.president)
        with self.assertRaisesMessage(
            TransitionRefused, "L’ordre du jour est arrêté : on ne peut pas arrêter"
        ):
            actions.set_agenda(meeting, by=self.w.president)
        other = drafted(self.w)
        actions.cancel_meeting(other, by=self.w.head, reason="Grève")
        with self.assertRaisesMessage(
            TransitionRefused, "La séance est annulée : on ne peut pas proposer son ordre du jour"
        ):
            actions.submit_agenda(other, by=self.w.head)

    def test_a_set_agenda_is_locked_until_reopened_with_a_reason(self) -> None:
        meeting = agenda_set(self.w)
        item = meeting.agenda_items.first()
        assert item is not None
        with self.assertRaisesMessage(actions.InvalidTransition, "rouvrez-le"):
            actions.update_agenda_item(item, actions.ItemDraft(title="X"), by=self.w.president)
        with self.assertRaisesMessage(actions.InvalidTransition, "rouvrez-le"):
            actions.add_agenda_item(meeting, actions.ItemDraft(title="X"), by=self.w.head)
        with self.assertRaisesMessage(ValidationError, "motif"):
            actions.reopen_agenda(meeting, " ", by=self.w.head)
        with self.captureOnCommitCallbacks(execute=True):
            actions.reopen_agenda(meeting, "Point urgent du rectorat", by=self.w.head)
        assert meeting.agenda_status == Meeting.AgendaStatus.DRAFT
        reopening = AgendaReopening.objects.get(meeting=meeting)
        assert reopening.reason == "Point urgent du rectorat" and reopening.by == self.w.head
        assert [m.to for m in mail.outbox] == [[self.w.president.email]]
        entry = AuditEntry.objects.get(action="agenda.reopened")
        assert entry.summary["reason"] == "Point urgent du rectorat"
        actions.add_agenda_item(meeting, actions.ItemDraft(title="Rectorat"), by=self.w.head)

    def test_reopened_by_the_president_it_comes_back_to_the_president(self) -> None:
        meeting = agenda_set(self.w)
        actions.reopen_agenda(meeting, "Un point à retirer", by=self.w.president)
        assert meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED
        item = meeting.agenda_items.get(title="Bilan des stages")
        actions.remove_agenda_item(item, by=self.w.president)
        actions.set_agenda(meeting, by=self.w.president)
        assert titles(meeting) == ["Maquette 2026"]

    def test_a_member_neither_drafts_nor_reopens(self) -> None:
        meeting = drafted(self.w)
        with self.assertRaises(PermissionDenied):
            actions.add_agenda_item(meeting, actions.ItemDraft(title="X"), by=self.w.member)
        with self.assertRaises(PermissionDenied):
            actions.submit_agenda(meeting, by=self.w.member)
        done = agenda_set(self.w)
        with self.assertRaises(PermissionDenied):
            actions.reopen_agenda(done, "parce que", by=self.w.member)

    def test_the_head_of_another_programme_cannot_draft_here(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.add_agenda_item(plan(self.w), actions.ItemDraft("X"), by=self.w.other_head)

    def test_a_presenter_must_be_of_the_council(self) -> None:
        draft = actions.ItemDraft(title="X", presenter=self.w.outsider)
        with self.assertRaisesMessage(ValidationError, "présenté par un membre"):
            actions.add_agenda_item(plan(self.w), draft, by=self.w.head)

    def test_moving_the_first_point_up_changes_nothing(self) -> None:
        meeting = drafted(self.w)
        first = meeting.agenda_items.get(title="Bilan des stages")
        actions.move_agenda_item(first, -1, by=self.w.head)
        assert titles(meeting) == ["Bilan des stages", "Maquette 2026"]


@time_machine.travel(NOW, tick=False)
class AgendaPageTests(BaseTestCase):
    def test_the_head_drafts_and_submits_through_the_pages(self) -> None:
        meeting = plan(self.w)
        self.client.force_login(self.w.head)
        response = self.client.post(
            reverse("meetings:item_add", args=[meeting.pk]),
            {"title": "Bilan", "kind": "information", "description": "Texte", "presenter": ""},
        )
        self.assertRedirects(response, reverse("meetings:agenda", args=[meeting.pk]))
        response = self.client.post(reverse("meetings:agenda_submit", args=[meeting.pk]))
        meeting.refresh_from_db()
        assert meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED

    def test_a_refused_step_comes_back_as_a_message(self) -> None:
        meeting = plan(self.w)
        self.client.force_login(self.w.head)
        url = reverse("meetings:agenda_submit", args=[meeting.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "L’ordre du jour est vide")

    def test_a_member_gets_403_on_every_write_and_an_outsider_404(self) -> None:
        meeting = drafted(self.w)
        item = meeting.agenda_items.first()
        assert item is not None
        writes = [
            reverse("meetings:item_add", args=[meeting.pk]),
            reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
            reverse("meetings:item_delete", args=[meeting.pk, item.pk]),
            reverse("meetings:item_move", args=[meeting.pk, item.pk]),
            reverse("meetings:agenda_submit", args=[meeting.pk]),
            reverse("meetings:attachment_add", args=[meeting.pk]),
        ]
        for person, status in [(self.w.member, 403), (self.w.outsider, 404)]:
            self.client.force_login(person)
            for url in writes:
                assert self.client.post(url, {"title": "X"}).status_code == status, url
        assert titles(meeting) == ["Bilan des stages", "Maquette 2026"]

    def test_an_item_of_another_meeting_is_not_found_through_this_one(self) -> None:
        mine = drafted(self.w)
        other = drafted(self.w, council=self.w.other_council)
        foreign = other.agenda_items.first()
        assert foreign is not None
        self.client.force_login(self.w.head)
        url = reverse("meetings:item_edit", args=[mine.pk, foreign.pk])
        assert self.client.get(url).status_code == 404
        url = reverse("meetings:item_delete", args=[other.pk, foreign.pk])
        assert self.client.post(url).status_code == 404  # the other council is not theirs
        assert AgendaItem.objects.filter(pk=foreign.pk).exists()

    def test_the_agenda_page_runs_a_fixed_number_of_queries(self) -> None:
        meeting = drafted(self.w)
        url = reverse("meetings:agenda", args=[meeting.pk])
        self.client.force_login(self.w.head)
        self.client.get(url)
        with self.assertNumQueries(7):
            self.client.get(url)
        for n in range(4):
            actions.add_agenda_item(
                meeting, actions.ItemDraft(title=f"Point {n}", presenter=self.w.member),
                by=self.w.head,
            )  # fmt: skip
        with self.assertNumQueries(7):
            self.client.get(url)


@time_machine.travel(NOW, tick=False)
class AttachmentTests(FilesCleanedUp):
    def test_a_pdf_is_stored_privately_with_its_fingerprint(self) -> None:
        meeting = drafted(self.w)
        attachment = actions.add_attachment(meeting, upload("bilan.pdf"), by=self.w.head)
        assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
        assert attachment.file.name.startswith(f"meetings/{meeting.pk}/attachments/")
        assert not attachment.file.name.endswith(".pdf")  # never the name people chose
        assert AuditEntry.objects.filter(action="agenda.attachment_added").exists()

    def test_a_windows_program_named_pdf_is_refused(self) -> None:
        program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
        with self.assertRaisesMessage(attachments.AttachmentRefused, "pas d’un type autorisé"):
            actions.add_attachment(drafted(self.w), upload("bilan.pdf", program), by=self.w.head)
        assert not Attachment.objects.exists()

    def test_a_real_pdf_named_png_is_refused(self) -> None:
        with self.assertRaisesMessage(attachments.AttachmentRefused, "ne correspond pas"):
            actions.add_attachment(drafted(self.w), upload("photo.png"), by=self.w.head)

    @override_settings(MEETING_ATTACHMENT_MAX_BYTES=1024)
    def test_an_oversized_file_is_refused(self) -> None:
        big = PDF + b"0" * 2048
        with self.assertRaisesMessage(attachments.AttachmentRefused, "dépasse la taille"):
            actions.add_attachment(drafted(self.w), upload("gros.pdf", big), by=self.w.head)

    def test_office_documents_and_text_are_recognised_by_content(self) -> None:
        meeting = drafted(self.w)
        cases = [
            ("compte.odt", office_file("odt"), attachments.ODT),
            ("note.docx", office_file("docx"), attachments.DOCX),
            ("liste.csv", "nom;voix\nÉlise;12\n".encode(), "text/csv"),
            ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ]
        for name, content, expected in cases:
            attachment = actions.add_attachment(meeting, upload(name, content), by=self.w.head)
            assert attachment.content_type == expected, name
        with self.assertRaises(attachments.AttachmentRefused):  # an ODT named .docx
            actions.add_attachment(meeting, upload("x.docx", office_file("odt")), by=self.w.head)
        with self.assertRaises(attachments.AttachmentRefused):  # a zip of anything else
            actions.add_attachment(meeting, upload("x.docx", _zip()), by=self.w.head)

    def test_readers_download_it_as_an_attachment_and_outsiders_get_404(self) -> None:
        meeting = drafted(self.w)
        attachment = actions.add_attachment(meeting, upload("bilan stages.pdf"), by=self.w.head)
        url = reverse("meetings:attachment", args=[meeting.pk, attachment.pk])
        self.client.force_login(self.w.student)
        response = self.client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="bilan stages.pdf"'
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        self.client.force_login(self.w.outsider)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.w.other_head)
        assert self.client.get(url).status_code == 404

    def test_an_attachment_is_not_reached_through_another_meeting(self) -> None:
        meeting = drafted(self.w)
        attachment = actions.add_attachment(meeting, upload(), by=self.w.head)
        other = plan(self.w)
        self.client.force_login(self.w.member)
        url = reverse("meetings:attachment", args=[other.pk, attachment.pk])
        assert self.client.get(url).status_code == 404

    def test_the_upload_page_says_why_a_file_is_refused(self) -> None:
        meeting = drafted(self.w)
        self.client.force_login(self.w.head)
        response = self.client.post(
            reverse("meetings:attachment_add", args=[meeting.pk]),
            {"file": upload("virus.pdf", b"MZ" + b"\x00" * 100)},
        )
        assert response.status_code == 422
        self.assertContains(response, "n’est pas d’un type autorisé", status_code=422)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    return buffer.getvalue()
