"""The convocation PDF's layout: the signature never stands alone on the last page, and the
council is named in running text as a sentence names it (issue 10 §2)."""

from __future__ import annotations

import shutil
import subprocess

from convocations import document
from meetings.models import AgendaItem, Meeting
from tests.convocation_world import meeting_with_agenda
from tests.people import BaseTestCase


def pages(data: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    assert shutil.which("pdftotext"), "poppler-utils is installed by make install"
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return [p for p in out.stdout.decode("utf-8").split("\f") if p.strip()]


def add_item(meeting: Meeting, position: int) -> None:
    AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=f"Point {position} : examen des retours des étudiants sur les stages",
        description="<p>Présentation des résultats de l’enquête, puis discussion.</p>",
        duration_minutes=15,
        kind="information",
    )


# Agenda lengths (items) across which the end of the letter crosses a page break: with the
# letter's closing not kept with what precedes it, one of them put the signature alone on
# the last page.
LENGTHS = range(LOW := 4, LOW + 3)


class SignatureBlockTests(BaseTestCase):
    def test_the_signature_page_always_carries_more_than_the_signature(self) -> None:
        meeting = meeting_with_agenda(self.w)
        for position in range(3, LOW + 1):
            add_item(meeting, position)
        for length in LENGTHS:
            if length > LOW:
                add_item(meeting, length)
            text = pages(document.render(meeting, signed_at=None))
            assert len(text) > 1
            assert "Projet non signé" in text[-1]
            assert "Pièces jointes" in text[-1], (length, text[-1])
            # The ending never opens a page by itself: the agenda's last item comes with it.
            assert f"Point {length} :" in text[-1], (length, text[-1])
            assert "{#" not in "".join(text)

    def test_the_letter_names_the_council_as_a_sentence_does(self) -> None:
        self.w.council.name = "Second degré mathématiques"
        self.w.council.save(update_fields=["name"])
        meeting = meeting_with_agenda(self.w)
        text = " ".join(" ".join(pages(document.render(meeting, signed_at=None))).split())
        assert "Aux membres du conseil de perfectionnement Second degré mathématiques" in text
        assert "à la séance du conseil de perfectionnement Second degré mathématiques," in text

    def test_a_council_named_by_its_acronym_is_not_named_twice(self) -> None:
        self.w.council.name = "CPER second degré"
        assert self.w.council.running_name() == "CPER second degré"
        assert "perfectionnement CPER" not in self.w.council.in_sentence
