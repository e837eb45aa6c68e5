"""Correct French everywhere and English for English readers (issue 10 §2): agreement with the
person's sex, elision, plurals, no internal code on a page, one kind of apostrophe, e-mails in
their reader's language, the mandate's last day the same on the page and in the PDF."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.grammar import agree, count, elide
from accounts.models import User
from audit.labels import LABELS, VERBS, label
from audit.log import record
from convocations import actions as convocations
from convocations.mail import build_message
from convocations.models import Recipient
from minutes import actions as minutes_actions
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.minutes_helpers import draft_minutes
from tests.people import BaseTestCase
from tests.test_annex_pdf import pdf_text

ROOT = Path(__file__).resolve().parents[1]
APPS = [p.parent for p in ROOT.glob("*/apps.py")]
CATALOGUE = ROOT / "conseils/locale/en/LC_MESSAGES/django.po"


def templates() -> list[Path]:
    return [
        p for app in APPS for p in (app / "templates").rglob("*") if p.suffix in {".html", ".txt"}
    ]


def msgids() -> list[str]:
    """Every French message of the catalogue (the obsolete ones, "#~", left out)."""
    found = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        text = " ".join(lines)
        for key in ("msgid", "msgid_plural"):
            m = re.search(rf'(?:^| ){key} ((?:"(?:[^"\\]|\\.)*"\s*)+)', text)
            if m:
                found.append(
                    "".join(
                        ast.literal_eval(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1))
                    )
                )
    return [m for m in found if m]


class GrammarTests(BaseTestCase):
    def test_a_word_agrees_with_the_persons_sex_and_the_masculine_stands_for_unknown(self) -> None:
        self.w.president.sex = "F"
        assert agree(self.w.president, "Président", "Présidente") == "Présidente"
        self.w.president.sex = ""
        assert agree(self.w.president, "Président", "Présidente") == "Président"

    def test_de_elides_before_a_vowel_accented_or_not(self) -> None:
        full, short = "Présence de {name}", "Présence d’{name}"
        assert elide("Olivier Fabre", full, short) == "Présence d’Olivier Fabre"
        assert elide("Élise Martin", full, short) == "Présence d’Élise Martin"
        assert elide("Marie Membre", full, short) == "Présence de Marie Membre"

    def test_french_counts_zero_and_one_in_the_singular(self) -> None:
        assert [count(n, "siège", "sièges") for n in (0, 1, 2)] == [
            "0 siège",
            "1 siège",
            "2 sièges",
        ]


class WrittenFrenchTests(BaseTestCase):
    def test_no_message_or_template_writes_a_plural_or_a_feminine_in_brackets(self) -> None:
        pattern = re.compile(r"\w\((?:s|e|es|ne)\)|\w·e")
        bad = [m for m in msgids() if pattern.search(m)]
        bad += [str(p.relative_to(ROOT)) for p in templates() if pattern.search(p.read_text())]
        assert bad == []

    def test_user_visible_french_uses_the_typographic_apostrophe_only(self) -> None:
        # The Code's own text and the citations quoted from it keep their straight apostrophes:
        # they are data, compared word for word with the shipped text, not messages.
        straight = re.compile(r"[^\W\d_]'[^\W\d_]")
        bad = [m for m in msgids() if straight.search(m)]
        for path in templates():
            text = re.sub(
                r"\{\{.*?\}\}|\{%\s*(?:url|load|include|extends|static)\b.*?%\}",
                "",
                path.read_text(),
            )
            bad += [
                f"{path.relative_to(ROOT)}: {line.strip()[:80]}"
                for line in text.splitlines()
                if straight.search(line)
            ]
        assert bad == []

    def test_a_woman_president_is_said_présidente_on_the_council_page_and_in_the_annex(
        self,
    ) -> None:
        self.w.president.sex = "F"
        self.w.president.save(update_fields=["sex"])
        self.login(self.w.member)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(page, "<strong>Présidente</strong>", html=False)
        self.login(self.w.director)
        annex = self.client.get(reverse("councils:annex", args=[self.w.council.pk]))
        assert "(présidente)" in pdf_text(annex.content)

    def test_a_name_that_starts_with_a_vowel_takes_the_elided_de(self) -> None:
        self.w.member.first_name = "Olivier"
        self.w.member.save(update_fields=["first_name"])
        seat = self.w.council.memberships.get(person=self.w.member)
        self.login(self.w.head)
        page = self.client.get(reverse("councils:member_end", args=[self.w.council.pk, seat.pk]))
        self.assertContains(page, "Terminer le mandat d’Olivier Membre")
        self.assertNotContains(page, "de Olivier")
        # The same message in English, found in the catalogue through the template's _("…").
        self.w.head.language = "en"
        self.w.head.save(update_fields=["language"])
        self.client.post(reverse("accounts:set_language"), {"language": "en"})
        page = self.client.get(reverse("councils:member_end", args=[self.w.council.pk, seat.pk]))
        self.assertContains(page, "End the mandate of Olivier Membre")


class NoInternalCodeTests(BaseTestCase):
    def test_every_action_the_code_records_has_a_sentence(self) -> None:
        written = set()
        for path in ROOT.glob("*/**/*.py"):
            if ".venv" in path.parts or "tests" in path.parts:
                continue
            for m in re.finditer(r'record\(\s*[^,()]+,\s*"([a-z_]+\.[a-z_.]+)"', path.read_text()):
                written.add(m.group(1))
        assert written, "the scan found the record() calls"
        missing = {a for a in written if a not in LABELS and a.rpartition(".")[2] not in VERBS}
        assert missing == set()

    def test_the_council_history_shows_sentences_not_action_codes(self) -> None:
        record(self.w.head, "recommendation.answered", self.w.council, council_id=self.w.council.pk)
        record(self.w.head, "component.retired", self.w.council, council_id=self.w.council.pk)
        self.login(self.w.head)
        page = self.client.get(
            reverse("councils:history", args=[self.w.council.pk])
        ).content.decode()
        visible = re.sub(r"<[^>]+>", " ", page)
        assert "Réponse à une préconisation" in visible and "Retrait de la structure" in visible
        assert "recommendation.answered" not in visible and "component.retired" not in visible
        assert label("something.unheard_of") == "Opération enregistrée"


class MandateEndTests(BaseTestCase):
    def test_the_page_the_history_and_the_pdf_give_the_same_last_day(self) -> None:
        seat = self.w.council.memberships.get(person=self.w.member)
        seat.end_date = dt.date(2026, 12, 10)  # the first day out: the last day is the 9th
        seat.save(update_fields=["end_date"])
        self.login(self.w.director)
        page = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        self.assertContains(page, "jusqu’au 9 décembre 2026")
        history = self.client.get(reverse("councils:history", args=[self.w.council.pk]))
        self.assertContains(history, "09/12/2026")
        self.assertNotContains(history, "10/12/2026")
        annex = self.client.get(reverse("councils:annex", args=[self.w.council.pk]))
        text = pdf_text(annex.content)
        assert "09/12/2026" in text and "10/12/2026" not in text


class ReadersLanguageTests(BaseTestCase):
    def test_minutes_mail_follows_each_readers_language_not_the_senders(self) -> None:
        self.w.head.language = "en"
        self.w.head.save(update_fields=["language"])
        minutes = draft_minutes(self.w)
        with translation.override("fr"), self.captureOnCommitCallbacks(execute=True):
            minutes_actions.submit(minutes, by=self.w.member)
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert subjects[self.w.head.email] == "Minutes to approve"
        assert subjects[self.w.president.email] == "Compte rendu à valider"

    @override_settings(**signing_keys())
    def test_the_convocation_mail_is_in_the_members_language_and_agrees_with_her(self) -> None:
        self.w.council.name = "Second degré mathématiques"
        self.w.council.save(update_fields=["name"])
        meeting = meeting_with_agenda(self.w)
        convocations.sign(meeting, by=self.w.director)
        with self.captureOnCommitCallbacks(execute=False):
            convocations.send(meeting, by=self.w.head, confirm_short_notice=True)
        convocation = convocations.convocation_of(meeting)
        assert convocation is not None
        self.w.member.sex = "F"
        self.w.member.save(update_fields=["sex"])
        self.w.student.language = "en"
        self.w.student.save(update_fields=["language"])
        pdf = b"%PDF-1.7 test"
        agenda = list(meeting.agenda_items.all())

        def message(person: User) -> tuple[str, str]:
            recipient = Recipient.objects.get(convocation=convocation, membership__person=person)
            with translation.override("fr"):
                m = build_message(recipient, convocation, pdf, agenda)
            return str(m.subject), " ".join(str(m.body).split())

        subject, body = message(self.w.member)
        assert subject.startswith("Convocation — Second degré mathématiques — séance du ")
        assert "Vous êtes convoquée à la séance du conseil de perfectionnement Second degré" in body
        subject, body = message(self.w.student)
        assert subject.startswith("Convocation — Second degré mathématiques — meeting of ")
        assert "You are convened to the meeting of the development council Second degré" in body
        assert "Bonjour" not in body and "Ordre du jour" not in body


class EnglishResultsTests(BaseTestCase):
    def test_a_vote_result_is_the_minutes_words_in_french_and_english_in_english(self) -> None:
        from bylaws import sittings as rules
        from sittings.models import Vote, result_sentence

        cases = [
            (8, 2, 1, True, False, "votes_cast"),
            (0, 0, 3, False, False, "votes_cast"),
            (5, 0, 0, True, False, "votes_cast"),
            (5, 0, 2, True, False, "votes_cast"),
            (0, 6, 0, False, False, "votes_cast"),
            (3, 3, 0, True, True, "votes_cast"),
            (6, 4, 0, False, False, "two_thirds"),
            (4, 1, 1, False, False, "absolute_members"),
        ]
        for pour, contre, abst, adopted, casting, majority in cases:
            vote = Vote(
                votes_for=pour,
                votes_against=contre,
                abstentions=abst,
                adopted=adopted,
                casting_vote_used=casting,
                majority=majority,
            )
            french = rules.sentence(
                rules.Tally(pour, contre, abst),
                adopted,
                rules.Majority(majority),
                casting_vote=casting,
            )
            with translation.override("fr"):
                assert result_sentence(vote) == french
            with translation.override("en"):
                english = result_sentence(vote)
            assert not re.search(r"Adopté|Rejeté|voix|contre|suffrage|majorité", english), english
        with translation.override("en"):
            assert result_sentence(
                Vote(votes_for=8, votes_against=2, abstentions=1, adopted=True)
            ) == ("Adopted by 8 votes for, 2 against, 1 abstention")

    def test_a_default_indicator_is_named_in_english_for_an_english_reader(self) -> None:
        from evaluation.actions import ensure_default_indicators
        from evaluation.models import Indicator

        ensure_default_indicators(self.w.institution)
        indicator = Indicator.objects.get(institution=self.w.institution, code="reussite")
        with translation.override("en"):
            assert indicator.label == "Pass rate"
        indicator.name = "Réussite au concours"
        with translation.override("en"):
            assert indicator.label == "Réussite au concours"  # typed by the institution


def test_french_plurals_follow_french_rules_zero_takes_the_singular() -> None:
    """French says "0 membre": the French catalogue carries French plural forms, where
    gettext's fallback would apply the English rule (0 takes the plural)."""
    from django.utils.translation import ngettext

    def said(n: int) -> str:
        return ngettext("Envoi lancé : %(n)d membre", "Envoi lancé : %(n)d membres", n) % {"n": n}

    with translation.override("fr"):
        assert [said(n) for n in (0, 1, 2)] == [
            "Envoi lancé : 0 membre",
            "Envoi lancé : 1 membre",
            "Envoi lancé : 2 membres",
        ]
    with translation.override("en"):
        assert said(0).endswith("0 members")


def test_indicator_values_are_written_as_the_readers_language_writes_numbers() -> None:
    from decimal import Decimal

    from documents.charts import number

    with translation.override("fr"):
        assert number(Decimal("12.50"), "percent", places=2) == "12,5 %"
    with translation.override("en"):
        assert number(Decimal("12.50"), "percent", places=2) == "12.5%"
        assert number(Decimal("3"), "count") == "3"


def test_a_y_elides_before_a_consonant_only() -> None:
    assert elide("Yves Martin", "de {name}", "d’{name}") == "d’Yves Martin"
    assert elide("Yasmine Conseil", "de {name}", "d’{name}") == "de Yasmine Conseil"
