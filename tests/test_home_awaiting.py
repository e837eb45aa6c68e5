"""Each person's home orders what awaits them by urgency and groups repetitive steps
(issue 10 §2): validating minutes before twenty answers to give, the nearest deadline first,
one line per council with one link for its many meetings to answer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from home.awaiting import Awaiting, Task
from minutes import actions as minutes_actions
from tests.compiling import compiled_sql
from tests.convocation_world import meeting_with_agenda
from tests.minutes_helpers import draft_minutes
from tests.people import BaseTestCase


def task(label: str, days: int | None) -> Task:
    due = timezone.localdate() + dt.timedelta(days=days) if days is not None else None
    return Task(label, "", "/", due=due)


class OrderTests(BaseTestCase):
    def test_the_kinds_come_by_urgency_and_deadlines_first_within_a_kind(self) -> None:
        todo = Awaiting()
        todo.add("answer_meetings", "Répondre", [task("a", 2)])
        todo.add("answer_recommendations", "Préconisations", [task("r1", None), task("r2", 9)])
        todo.add("validate_minutes", "Valider", [task("v1", 30), task("v2", 3)])
        assert [s.title for s in todo.sections] == ["Valider", "Préconisations", "Répondre"]
        assert [t.label for t in todo.sections[0].tasks] == ["v2", "v1"]
        assert [t.label for t in todo.sections[1].tasks] == ["r2", "r1"]

    def test_a_step_already_late_comes_before_every_kind(self) -> None:
        todo = Awaiting()
        todo.add("validate_minutes", "Valider", [task("v", 3)])
        todo.add("answer_recommendations", "Préconisations", [task("late", -2)])
        assert [s.title for s in todo.sections] == ["Préconisations", "Valider"]

    def test_the_home_page_puts_validating_minutes_before_grouped_answers(self) -> None:
        minutes_actions.submit(draft_minutes(self.w), by=self.w.member)
        meetings = [meeting_with_agenda(self.w, days_ahead=d) for d in (20, 10, 40)]
        self.login(self.w.track_head)
        page = self.client.get(reverse("home"))
        sections = page.context["awaiting"].sections
        titles = [s.title for s in sections]
        validate = titles.index("Comptes rendus à valider")
        answer = titles.index("Séances où votre présence est attendue : répondez")
        assert validate < answer
        grouped = sections[answer]
        # Three meetings of one council: one line, one link, counted three times.
        assert len(grouped.tasks) == 1 and grouped.total == 3
        line = grouped.tasks[0]
        assert line.url == reverse("meetings:council_calendar", args=[self.w.council.pk])
        first = timezone.localtime(meetings[1].starts_at).strftime("%d/%m/%Y %H:%M")
        assert line.detail == f"3 séances, la prochaine le {first}"
        self.assertContains(page, "Séances où votre présence est attendue : répondez (3)")
        html = page.content.decode()
        assert html.index("Comptes rendus à valider") < html.index("Séances où votre présence")

    def test_a_single_meeting_to_answer_links_to_its_answer(self) -> None:
        meeting = meeting_with_agenda(self.w, days_ahead=10)
        self.login(self.w.member)
        sections = self.client.get(reverse("home")).context["awaiting"].sections
        answers = dict(sections)["Séances où votre présence est attendue : répondez"]
        assert [t.url for t in answers] == [reverse("meetings:answer", args=[meeting.pk])]
        assert answers[0].count == 1


class CompiledStepsTests(BaseTestCase):
    def test_the_minutes_to_write_and_to_validate_are_compiled_once_a_day(self) -> None:
        from home.awaiting import awaiting

        minutes = draft_minutes(self.w)
        writer = self.w.member  # the session secretary
        awaiting(writer)  # compiled here, for this day
        with compiled_sql() as sql:
            written = awaiting(writer)
        minutes_actions.submit(minutes, by=writer)
        with compiled_sql() as more:
            validated = awaiting(self.w.track_head)
        sql += more
        own = ('"minutes_minutes"."secretary_id" =', '"minutes_approval"."decision" =')
        assert not [s for s in sql if any(part in s for part in own)], sql
        assert [t.url for s in written.sections for t in s.tasks if "comptes-rendus" in t.url]
        titles = [s.title for s in validated.sections]
        assert "Comptes rendus à valider" in titles
