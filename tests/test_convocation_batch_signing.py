"""The director's batch renders and signs its PDFs in worker processes, all at once, and the
documents are the very ones a single signature makes (issue 12 §3: the batch under 15 s)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db.models import F
from django.test import override_settings

from convocations import actions as convocations
from convocations import document
from convocations.models import Convocation
from documents import batch, signing
from meetings.models import Meeting
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase
from tests.test_convocation_pdf_layout import pages


@contextmanager
def two_cores() -> Iterator[None]:
    """Workers are made only where there is more than one core: pretend there are two."""
    with mock.patch.object(batch.os, "sched_getaffinity", return_value={0, 1}):
        yield


def never_here(_html: str) -> bytes:
    raise AssertionError("this process rendered a PDF: the workers should have")


@override_settings(**signing_keys())
class BatchSigningTests(BaseTestCase):
    def setUp(self) -> None:
        self.meetings = [meeting_with_agenda(self.w, days_ahead=20 + i) for i in range(3)]

    def test_the_pdfs_are_rendered_and_signed_in_worker_processes(self) -> None:
        with two_cores(), mock.patch.object(document, "html_to_pdf", never_here):
            result = convocations.sign_many(self.meetings, by=self.w.director)
        assert result.signed == self.meetings and not result.refused
        root = signing.certificate_of(signing.configured_identity())
        for meeting in self.meetings:
            convocation = Convocation.objects.get(meeting=meeting)
            signed = convocation.signed_pdf.open("rb").read()
            assert convocations.sha256(signed) == convocation.signed_sha256
            check = signing.check_signature(signed, [root])
            assert check.ok and check.trusted and "Diane Directrice" in check.signer

    def test_a_pdf_made_in_a_worker_is_the_pdf_made_here_byte_for_byte(self) -> None:
        with two_cores():
            convocations.sign_many(self.meetings, by=self.w.director)
        for meeting in self.meetings:
            convocation = Convocation.objects.get(meeting=meeting)
            here = document.render(
                document.load_meeting(meeting.pk), signed_at=convocation.signed_at, demo=False
            )
            assert convocation.pdf.open("rb").read() == here

    def test_a_meeting_moved_while_the_workers_rendered_it_is_rendered_again(self) -> None:
        moved = self.meetings[1]
        real = batch.render_and_sign

        def rendered_then_moved(*args: Any) -> list[batch.Rendered | None]:
            done = real(*args)
            Meeting.objects.filter(pk=moved.pk).update(
                place="Salle du conseil", sequence=F("sequence") + 1
            )
            return done

        with two_cores(), mock.patch.object(batch, "render_and_sign", rendered_then_moved):
            result = convocations.sign_many(self.meetings, by=self.w.director)
        assert result.signed == self.meetings
        now = Meeting.objects.get(pk=moved.pk)
        convocation = Convocation.objects.get(meeting=moved)
        assert convocation.signed_sequence == now.sequence
        assert convocations.signature_is_current(now, convocation)
        text = " ".join(pages(convocation.signed_pdf.open("rb").read()))
        assert "Salle du conseil" in text

    def test_a_refusal_in_the_batch_keeps_its_reason_and_stops_no_other(self) -> None:
        Meeting.objects.filter(pk=self.meetings[0].pk).update(agenda_status="draft")
        with two_cores():
            result = convocations.sign_many(self.meetings, by=self.w.director)
        assert result.signed == self.meetings[1:]
        ((refused, reason),) = result.refused
        assert refused == self.meetings[0] and "ordre du jour" in reason

    def test_a_second_batch_signs_nothing_again(self) -> None:
        with two_cores():
            convocations.sign_many(self.meetings, by=self.w.director)
            again = convocations.sign_many(self.meetings, by=self.w.director)
        assert again.already == self.meetings and not again.signed


class WorkerProcessesTests(BaseTestCase):
    def test_one_document_is_rendered_here(self) -> None:
        with two_cores():
            assert batch.processes_for(1) == 0
            assert batch.processes_for(3) == 2

    def test_a_process_running_other_threads_never_forks(self) -> None:
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            with two_cores():
                assert batch.processes_for(3) == 0
        finally:
            stop.set()
            other.join()

    def test_a_single_core_renders_here(self) -> None:
        with mock.patch.object(batch.os, "sched_getaffinity", return_value={0}):
            assert batch.processes_for(3) == 0
