"""The minutes' life in one module (minutes/lifecycle.py): every transition refused outside its
states says which state forbids it (409 on the pages), and the database keeps a validated or
published text from ever changing (issue 10, DESIGN's state-machine rule)."""

from __future__ import annotations

from pathlib import Path

from django.db import IntegrityError, transaction
from django.urls import reverse

from minutes import actions, lifecycle
from minutes.lifecycle import TRANSITIONS, TransitionRefused
from minutes.models import Minutes
from tests.minutes_helpers import approve_all, draft_minutes, published_minutes
from tests.people import BaseTestCase

STATE_SENTENCE = {
    "draft": "Le compte rendu est en rédaction",
    "in_validation": "Le compte rendu est en validation",
    "frozen": "Le compte rendu est validé et signé",
    "published": "Le compte rendu est publié",
}
SEED = Path(__file__).resolve().parent.parent / "bylaws/sources/inspe-aix-marseille-cper.fr.txt"


class RefusedTransitionTests(BaseTestCase):
    def minutes_in_every_state(self) -> dict[str, Minutes]:
        draft = draft_minutes(self.w)
        in_validation = draft_minutes(self.w, days_ago=8)
        actions.submit(in_validation, by=self.w.member)
        frozen = approve_all(self.w, draft_minutes(self.w, days_ago=9))
        return {
            "draft": draft,
            "in_validation": in_validation,
            "frozen": frozen,
            "published": published_minutes(self.w),
        }

    def test_every_transition_outside_its_states_is_refused_naming_the_state(self) -> None:
        found = self.minutes_in_every_state()
        tried = 0
        for name, transition in TRANSITIONS.items():
            for state, minutes in found.items():
                minutes.refresh_from_db()
                if state in transition.sources:
                    continue
                with self.subTest(transition=name, state=state):
                    with self.assertRaises(TransitionRefused) as caught:
                        lifecycle.require(minutes, name)
                    message = " ".join(caught.exception.messages)
                    assert message.startswith(STATE_SENTENCE[state] + " : on ne peut pas")
                    tried += 1
        assert tried >= 20  # eight transitions, four states

    def test_the_actions_ask_the_lifecycle(self) -> None:
        found = self.minutes_in_every_state()
        refused = [
            (lambda: actions.save_text(found["in_validation"], "<p>x</p>", by=self.w.member)),
            (lambda: actions.submit(found["frozen"], by=self.w.member)),
            (lambda: actions.decide(found["draft"], by=self.w.president, approve=True)),
            (lambda: actions.redact(found["draft"], "Présences", "", by=self.w.director)),
            (lambda: actions.publish(found["published"], by=self.w.director)),
            (lambda: actions.start_correction(found["draft"], by=self.w.president)),
            (lambda: actions.refresh_from_sitting(found["frozen"], by=self.w.member)),
        ]
        for step in refused:
            with self.assertRaises(TransitionRefused):
                step()

    def test_freezing_waits_for_every_approval(self) -> None:
        minutes = draft_minutes(self.w)
        actions.submit(minutes, by=self.w.member)
        actions.decide(minutes, by=self.w.president, approve=True)
        reason = lifecycle.refusal(minutes, "freeze")
        assert (
            reason == "Le compte rendu est en validation : des validations sont encore attendues."
        )

    def test_an_empty_text_is_not_submitted(self) -> None:
        minutes = draft_minutes(self.w)
        actions.save_parts(minutes, dict.fromkeys(minutes.parts, "<p> </p>"), by=self.w.member)
        with self.assertRaisesMessage(
            TransitionRefused, "Le compte rendu est en rédaction : son texte est vide."
        ):
            actions.submit(minutes, by=self.w.member)

    def test_a_second_correction_of_the_same_version_is_refused(self) -> None:
        minutes = published_minutes(self.w)
        actions.start_correction(minutes, by=self.w.president)
        with self.assertRaisesMessage(TransitionRefused, "un rectificatif existe déjà"):
            actions.start_correction(minutes, by=self.w.president)

    def test_a_page_answers_409_with_the_state_not_the_role(self) -> None:
        minutes = published_minutes(self.w)
        self.login(self.w.director)
        response = self.client.post(reverse("minutes:publish", args=[minutes.pk]))
        self.assertContains(
            response, "Le compte rendu est publié : on ne peut pas le publier.", status_code=409
        )
        self.login(self.w.member)
        response = self.client.get(reverse("minutes:edit", args=[minutes.pk]))
        self.assertContains(
            response, "Le compte rendu est publié : on ne peut pas le modifier.", status_code=409
        )


class DatabaseGuardTests(BaseTestCase):
    def test_a_published_text_is_never_edited_nor_reopened(self) -> None:
        minutes = published_minutes(self.w)
        rows = Minutes.objects.filter(pk=minutes.pk)
        changes: list[dict[str, object]] = [
            {"body": "<p>autre</p>"},
            {"parts": {}},
            {"status": "frozen"},
        ]
        for change in changes:
            with (
                self.subTest(change=change),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                rows.update(**change)
        assert Minutes.objects.get(pk=minutes.pk).body == minutes.body

    def test_a_frozen_text_is_never_edited_but_is_published(self) -> None:
        minutes = approve_all(self.w, draft_minutes(self.w))
        with self.assertRaises(IntegrityError), transaction.atomic():
            Minutes.objects.filter(pk=minutes.pk).update(status="draft")
        actions.publish(minutes, by=self.w.director)
        assert Minutes.objects.get(pk=minutes.pk).status == "published"

    def test_the_state_is_one_of_four(self) -> None:
        minutes = draft_minutes(self.w)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Minutes.objects.filter(pk=minutes.pk).update(status="archived")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Minutes.objects.filter(pk=minutes.pk).update(status="published")  # no date


def test_the_rules_quoted_are_the_inspe_rules_word_for_word() -> None:
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    assert lifecycle.PUBLICITY_QUOTE in text
    assert "Un compte rendu de chaque réunion est établi par un.e secrétaire de séance" in text


class MarkupConversionTests(BaseTestCase):
    def test_texts_typed_in_the_old_markup_become_the_html_they_rendered(self) -> None:
        from importlib import import_module

        from django.apps import apps

        migration = import_module("minutes.migrations.0002_guard_the_minutes_life")
        minutes = draft_minutes(self.w)
        markup = "# Présences\n- **Présents** : tous\n\nM. *Dupont* <script>x</script>"
        Minutes.objects.filter(pk=minutes.pk).update(body=markup, parts={})
        minutes.revisions.update(body=markup)
        migration.to_html(apps, None)
        minutes.refresh_from_db()
        assert minutes.body.startswith("<h2>Présences</h2>")
        assert "<li><strong>Présents</strong> : tous</li>" in minutes.body
        assert "<em>Dupont</em>" in minutes.body and "<script>" not in minutes.body
        # The open text is the editor's first part, its headings below the sections' h2.
        assert minutes.parts["opening"].startswith("<h3>Présences</h3>")
        assert minutes.revisions.get().body == minutes.body
