"""The minutes editor (issue 10 §2): sections per agenda item with the room's votes fixed,
whatever the browser sends sanitised by nh3, autosave by the secretary only (CSRF,
optimistic concurrency: a second editor is told and nothing is lost), preview, and a public
version that names nobody beyond its text."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import tempfile
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutes import actions, composition
from minutes.models import Minutes
from tests.minutes_helpers import approve_all, draft_minutes
from tests.people import BaseTestCase

ATTACK = (
    "<p onclick='steal()'>Bilan <strong>positif</strong><script>alert(1)</script></p>"
    "<img src=x onerror='alert(2)'>"
    "<p><a href='javascript:alert(3)'>piège</a> <a href='https://inspe.example/rapport'>"
    "rapport</a></p><div class='minutes-vote'><p>Adopté (faux)</p></div>"
)


def item_keys(minutes: Minutes) -> list[str]:
    return [s.key for s in composition.sections(minutes.meeting, {})][1:]


class SanitisationTests(BaseTestCase):
    def test_script_handlers_and_javascript_links_never_reach_the_text(self) -> None:
        minutes = draft_minutes(self.w)
        key = item_keys(minutes)[0]
        actions.save_parts(minutes, {key: ATTACK, "elsewhere": "<p>ignoré</p>"}, by=self.w.member)
        minutes.refresh_from_db()
        for text in (minutes.parts[key], minutes.body, minutes.html()):
            assert "<script" not in text and "alert" not in text
            assert "onclick" not in text and "onerror" not in text and "<img" not in text
            assert "javascript:" not in text
        assert "<strong>positif</strong>" in minutes.body
        assert 'href="https://inspe.example/rapport"' in minutes.body
        assert "elsewhere" not in minutes.parts and "ignoré" not in minutes.body
        # A vote block is the server's: the one typed is a mere paragraph.
        assert 'class="minutes-vote"' not in minutes.body

    def test_sections_follow_the_agenda_order(self) -> None:
        minutes = draft_minutes(self.w)
        body = minutes.body
        assert body.index("<h2>Présences</h2>") < body.index("<h2>1. Bilan du semestre</h2>")
        assert body.index("<h2>1. Bilan") < body.index("<h2>2. Maquette de formation</h2>")

    def test_the_frozen_pdf_and_the_public_page_render_the_sanitised_text(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_parts(minutes, {item_keys(minutes)[0]: ATTACK}, by=self.w.member)
        minutes = actions.publish(approve_all(self.w, minutes), by=self.w.director)
        page = self.client.get(reverse("minutes:public_detail", args=[minutes.pk]))
        self.assertContains(page, "<strong>positif</strong>", html=True)
        self.assertNotContains(page, "alert(")
        for pdf in (minutes.signed_pdf, minutes.public_pdf):
            assert "positif" in pdf_text(pdf.read()) and "alert" not in pdf_text(pdf.read())


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        out = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True)
    return out.stdout


class AutosaveTests(BaseTestCase):
    def post(
        self,
        client: Client,
        minutes: Minutes,
        parts: dict[str, str],
        *,
        version: int | None = None,
        force: bool = False,
        token: str = "",
    ) -> Any:
        base = minutes.saved_version if version is None else version
        return client.post(
            reverse("minutes:autosave", args=[minutes.pk]),
            json.dumps({"version": base, "parts": parts, "force": force}),
            content_type="application/json",
            headers={"X-CSRFToken": token} if token else {},
        )

    def test_the_secretary_saves_and_is_told_when(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 42)), tick=False):
            response = self.post(self.client, minutes, {"opening": "<p>Tous présents.</p>"})
        assert response.status_code == 200
        assert response.json() == {"version": 1, "message": "Enregistré à 10 h 42"}
        minutes.refresh_from_db()
        assert "Tous présents." in minutes.body and minutes.saved_version == 1

    def test_only_the_secretary_may_save(self) -> None:
        minutes = draft_minutes(self.w)
        expected = {
            self.w.president: 403,  # reads the draft, does not write it
            self.w.head: 403,
            self.w.student: 404,
            self.w.outsider: 404,
        }
        for person, status in expected.items():
            self.login(person)
            response = self.post(self.client, minutes, {"opening": "<p>pris</p>"})
            assert response.status_code == status, person
        self.client.logout()
        assert self.post(self.client, minutes, {"opening": "<p>pris</p>"}).status_code == 302
        minutes.refresh_from_db()
        assert "pris" not in minutes.body

    def test_a_request_without_the_csrf_token_is_refused(self) -> None:
        minutes = draft_minutes(self.w)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.w.member)
        assert self.post(client, minutes, {"opening": "<p>forgé</p>"}).status_code == 403
        client.get(reverse("minutes:edit", args=[minutes.pk]))  # sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        ok = self.post(client, minutes, {"opening": "<p>vrai</p>"}, token=token)
        assert ok.status_code == 200
        minutes.refresh_from_db()
        assert "vrai" in minutes.body and "forgé" not in minutes.body

    def test_a_second_editor_is_told_and_nothing_is_lost(self) -> None:
        minutes = draft_minutes(self.w)
        first, second = Client(), Client()
        first.force_login(self.w.member)
        second.force_login(self.w.member)
        loaded = minutes.saved_version  # both opened the editor now
        assert self.post(first, minutes, {"opening": "<p>Texte A</p>"}).status_code == 200
        late = self.post(second, minutes, {"opening": "<p>Texte B</p>"}, version=loaded)
        assert late.status_code == 409 and late.json()["conflict"] is True
        assert "n’est pas perdu" in late.json()["error"]
        minutes.refresh_from_db()
        assert "Texte A" in minutes.body and "Texte B" not in minutes.body
        current = late.json()["version"]
        forced = self.post(
            second, minutes, {"opening": "<p>Texte B</p>"}, version=current, force=True
        )
        assert forced.status_code == 200
        bodies = " ".join(minutes.revisions.values_list("body", flat=True))
        assert "Texte A" in bodies and "Texte B" in bodies

    def test_autosaves_refine_one_revision_per_sitting_at_the_desk(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        for word in ("un", "deux", "trois"):
            minutes.refresh_from_db()
            self.post(self.client, minutes, {"opening": f"<p>{word}</p>"})
        assert minutes.revisions.count() == 2
        minutes.refresh_from_db()
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)):
            self.post(self.client, minutes, {"opening": "<p>quatre</p>"})
        assert minutes.revisions.count() == 3

    def test_a_text_in_validation_is_not_saved_and_the_state_is_named(self) -> None:
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        self.login(self.w.member)
        response = self.post(self.client, minutes, {"opening": "<p>tard</p>"})
        assert response.status_code == 409
        assert response.json() == {
            "error": "Le compte rendu est en validation : on ne peut pas le modifier."
        }

    def test_unreadable_input_changes_nothing(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        url = reverse("minutes:autosave", args=[minutes.pk])
        response = self.client.post(url, "{pas du json", content_type="application/json")
        assert response.status_code == 400
        assert Minutes.objects.get(pk=minutes.pk).saved_version == 0


class EditorPageTests(BaseTestCase):
    def test_the_editor_shows_a_section_per_item_and_the_form_works_without_script(self) -> None:
        minutes = draft_minutes(self.w)
        self.login(self.w.member)
        url = reverse("minutes:edit", args=[minutes.pk])
        page = self.client.get(url)
        self.assertContains(page, "Texte de la section « 1. Bilan du semestre »")
        self.assertContains(page, 'aria-live="polite"')
        key = item_keys(minutes)[1]
        response = self.client.post(
            url, {f"part-{key}": "<p>Adoptée</p>", "saved_version": minutes.saved_version}
        )
        self.assertRedirects(response, reverse("minutes:detail", args=[minutes.pk]))
        assert "Adoptée" in Minutes.objects.get(pk=minutes.pk).body

    def test_a_stale_form_keeps_what_was_typed(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "<p>ailleurs</p>", by=self.w.member)
        self.login(self.w.member)
        url = reverse("minutes:edit", args=[minutes.pk])
        response = self.client.post(url, {"part-opening": "<p>mon texte</p>", "saved_version": 0})
        self.assertContains(response, "n’est pas perdu")
        self.assertContains(response, "mon texte")

    def test_the_preview_shows_the_text_as_published_to_its_readers_only(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_text(minutes, "<p>Relevé <em>complet</em></p>", by=self.w.member)
        url = reverse("minutes:preview", args=[minutes.pk])
        self.login(self.w.president)
        self.assertContains(self.client.get(url), "<em>complet</em>", html=True)
        self.login(self.w.student)
        assert self.client.get(url).status_code == 404


class PublicVersionTests(BaseTestCase):
    def test_the_public_version_names_neither_the_secretary_nor_the_validators(self) -> None:
        """QA: the public PDF named the secretary. The INSPE's rules give the director "la
        publicité" of the minutes, not of who wrote or validated them."""
        minutes = actions.publish(approve_all(self.w, draft_minutes(self.w)), by=self.w.director)
        public = pdf_text(minutes.public_pdf.read())
        signed = pdf_text(minutes.signed_pdf.read())
        for person in (self.w.member, self.w.president, self.w.track_head, self.w.head):
            assert person.display_name not in public, person
        assert self.w.member.display_name in signed  # the members' copy names them
        assert "Établi par le secrétaire de séance" in public
        page = self.client.get(reverse("minutes:public_detail", args=[minutes.pk]))
        self.assertNotContains(page, self.w.member.display_name)
