"""Recommendations live until they are answered: routing, answers, reminders, boards."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from minutes import actions as minutes_actions
from recommendations import actions
from recommendations.models import Routing
from tests.minutes_helpers import approve_all, held_meeting
from tests.people import BaseTestCase
from tests.recommendation_helpers import adopted, cosp


class RoutingTests(BaseTestCase):
    def publish_minutes_of(self, meeting) -> None:
        minutes = minutes_actions.start(meeting, self.w.member, by=self.w.president)
        approve_all(self.w, minutes)
        with self.captureOnCommitCallbacks(execute=True):
            minutes_actions.publish(minutes, by=self.w.director)

    def test_nothing_is_routed_before_the_minutes_are_published(self) -> None:
        recommendation = adopted(self.w)
        routing = recommendation.routings.get()
        assert routing.routed_at is None
        self.client.force_login(cosp(self.w)[1])
        response = self.client.get(reverse("recommendations:inbox"))
        assert list(response.context["board"].rows) == []

    def test_publication_routes_and_notifies_the_respondents(self) -> None:
        recommendation = adopted(self.w)
        self.publish_minutes_of(recommendation.meeting)
        routing = recommendation.routings.get()
        assert routing.routed_at is not None and routing.due_on is not None
        assert any("cosp@example.org" in m.to for m in mail.outbox)
        self.client.force_login(cosp(self.w)[1])
        inbox = self.client.get(reverse("recommendations:inbox"))
        assert [r.pk for r in inbox.context["board"].rows] == [routing.pk]

    def test_the_body_answers_and_the_council_sees_it_in_the_timeline(self) -> None:
        recommendation = adopted(self.w)
        self.publish_minutes_of(recommendation.meeting)
        routing = recommendation.routings.get()
        respondent = cosp(self.w)[1]
        self.client.force_login(respondent)
        form_page = self.client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        self.assertContains(form_page, "Répondre au nom de l’instance : COSP")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("recommendations:answer", args=[routing.pk]),
                {
                    f"r{routing.pk}-position": "accepted",
                    f"r{routing.pk}-reasoning": "Inscrit à la maquette 2027.",
                    f"r{routing.pk}-implementation": "done",
                },
            )
        routing.refresh_from_db()
        assert routing.position == "accepted" and routing.state() == "implemented"
        kinds = list(recommendation.events.values_list("kind", flat=True))
        assert kinds == ["adopted", "routed", "read", "answered", "implemented"]
        assert any(self.w.head.email in m.to and "COSP" in m.subject for m in mail.outbox)
        self.client.force_login(self.w.member)
        page = self.client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        self.assertContains(page, "Inscrit à la maquette 2027.")
        html = page.content.decode()
        assert "transmise à l’instance COSP" in html and "lue par l’instance COSP" in html
        assert "réponse de l’instance COSP : " in html
        assert "au nom de COSP" not in html and "transmise à COSP" not in html
        assert "Résultat du vote : Adopté à l’unanimité" in html
        assert " — Adopté" not in html

    def test_the_timeline_dates_the_adoption_at_the_sitting_not_at_the_typing(self) -> None:
        """Issue 10 §1.9: typed a week after the sitting, it was dated the day of typing."""
        recommendation = adopted(self.w)  # its meeting was held seven days ago
        event = recommendation.events.get(kind="adopted")
        assert event.at == recommendation.meeting.starts_at
        self.client.force_login(self.w.member)
        page = self.client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        day = timezone.localtime(recommendation.meeting.starts_at).strftime("%d/%m/%Y")
        self.assertContains(page, day)

    def test_the_answer_form_presets_no_answer(self) -> None:
        """Issue 10 §1.10: the form was preset to "acceptée"; a body must choose."""
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        routing = recommendation.routings.get()
        self.client.force_login(cosp(self.w)[1])
        page = self.client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        html = page.content.decode()
        assert 'value="accepted" selected' not in html
        self.assertContains(page, '<option value="" selected>— choisissez —</option>', html=True)
        self.client.post(
            reverse("recommendations:answer", args=[routing.pk]),
            {f"r{routing.pk}-position": "", f"r{routing.pk}-reasoning": "Sans choix."},
        )
        routing.refresh_from_db()
        assert routing.position == ""

    def test_only_respondents_answer(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        with self.assertRaises(PermissionDenied):
            actions.answer(
                recommendation.routings.get(), by=self.w.head, position="accepted", reasoning="x"
            )
        self.client.force_login(self.w.head)
        url = reverse("recommendations:answer", args=[recommendation.routings.get().pk])
        assert self.client.post(url, {}).status_code == 404

    def test_an_answer_must_be_reasoned(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        with self.assertRaises(ValidationError):
            actions.answer(
                recommendation.routings.get(), by=cosp(self.w)[1], position="refused", reasoning=" "
            )

    def test_a_member_cannot_adopt_and_a_future_meeting_cannot_adopt(self) -> None:
        body, _ = cosp(self.w)
        with self.assertRaises(PermissionDenied):
            actions.adopt(
                held_meeting(self.w), by=self.w.member, title="t", text="x", bodies=[body]
            )
        future = held_meeting(self.w, days_ago=-10)
        with self.assertRaises(ValidationError):
            actions.adopt(future, by=self.w.head, title="t", text="x", bodies=[body])


class ReminderTests(BaseTestCase):
    def test_bodies_are_reminded_weekly_until_they_answer(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        start = timezone.now()
        with self.captureOnCommitCallbacks(execute=True):
            assert actions.send_reminders(start + dt.timedelta(days=1)) == 0  # just routed
            assert actions.send_reminders(start + dt.timedelta(days=8)) == 1
            assert actions.send_reminders(start + dt.timedelta(days=9)) == 0  # one a week
            assert actions.send_reminders(start + dt.timedelta(days=16)) == 1
        assert sum("Rappel" in m.subject for m in mail.outbox) == 2
        actions.answer(
            recommendation.routings.get(), by=cosp(self.w)[1], position="refused", reasoning="Non."
        )
        assert actions.send_reminders(start + dt.timedelta(days=30)) == 0

    def test_a_second_worker_with_the_same_list_reminds_nobody_again(self) -> None:
        # Two task workers run the morning's reminders at once: both listed the routing as due;
        # the second one to lock it finds it reminded.
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        routing = recommendation.routings.get()
        later = timezone.now() + dt.timedelta(days=8)
        with self.captureOnCommitCallbacks(execute=True):
            assert actions.remind(routing.pk, later) is True
            assert actions.remind(routing.pk, later + dt.timedelta(seconds=1)) is False
        assert sum("Rappel" in m.subject for m in mail.outbox) == 1
        routing.refresh_from_db()
        assert routing.reminders_sent == 1

    def test_an_answer_under_study_keeps_the_reminders_going(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        actions.answer(
            recommendation.routings.get(), by=cosp(self.w)[1], position="under_study", reasoning="…"
        )
        assert actions.send_reminders(timezone.now() + dt.timedelta(days=8)) == 1


class BoardTests(BaseTestCase):
    def test_a_late_recommendation_is_counted_late_and_exported(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        url = reverse("recommendations:institution_board", args=[self.w.institution.pk])
        with time_machine.travel(timezone.now() + dt.timedelta(days=90)):
            self.client.force_login(self.w.director)  # sessions do not last 90 days
            page = self.client.get(url + "?state=late")
            assert page.context["board"].counts["late"] == 1
            csv = self.client.get(url + "?format=csv").content.decode("utf-8-sig")
        assert "Renforcer les stages" in csv and ";late;" in csv

    def test_the_council_board_runs_a_fixed_number_of_queries(self) -> None:
        for _ in range(2):
            actions.route_meeting(adopted(self.w).meeting, by=self.w.director)
        self.client.force_login(self.w.head)
        url = reverse("recommendations:council_board", args=[self.w.council.pk])
        self.client.get(url)
        with self.assertNumQueries(7):
            self.client.get(url)
        actions.route_meeting(adopted(self.w).meeting, by=self.w.director)
        with self.assertNumQueries(7):
            self.client.get(url)

    def test_the_board_reads_only_what_its_table_shows_and_the_export_all_in_one_query(
        self,
    ) -> None:
        from recommendations.boards import board, board_csv

        for _ in range(3):
            actions.route_meeting(adopted(self.w).meeting, by=self.w.director)
        rows = list(board(Routing.objects.filter(recommendation__council=self.w.council)).rows)
        assert len(rows) == 3
        assert {"reasoning", "routed_at"} <= rows[0].get_deferred_fields()
        assert "text" in rows[0].recommendation.get_deferred_fields()
        with self.assertNumQueries(0):
            [
                (r.state(), r.position_label, r.body.code, r.recommendation.council.name)
                for r in rows
            ]
        routings = board(Routing.objects.filter(recommendation__council=self.w.council)).rows
        with self.assertNumQueries(1):
            csv = board_csv(routings)
        assert csv.count("Renforcer les stages") == 3

    def test_the_boards_rows_are_written_as_the_template_wrote_them(self) -> None:
        from django.template import Context, Template
        from django.test import RequestFactory
        from django.utils import translation

        from recommendations.boards import board

        for _ in range(5):
            actions.route_meeting(adopted(self.w).meeting, by=self.w.director)
        routings = list(Routing.objects.filter(recommendation__council=self.w.council))
        today = timezone.localdate()
        changes: list[dict[str, object]] = [
            {"implementation": Routing.Implementation.DONE},
            {"position": "accepted"},
            {"due_on": today - dt.timedelta(days=3)},
            {"due_on": today + dt.timedelta(days=3)},
            {"due_on": None},
        ]
        for routing, change in zip(routings, changes, strict=True):
            Routing.objects.filter(pk=routing.pk).update(**change)
        routings[0].recommendation.__class__.objects.filter(
            pk=routings[0].recommendation_id
        ).update(title='<b>"R&D" l\'école</b>')
        # The rows as _board_table.html's loop wrote them before board_rows.
        loop = Template(
            "{% load i18n %}{% for r in board.rows %}\n"
            '    <tr><th scope="row"><a href="{% url \'recommendations:detail\' '
            'r.recommendation_id %}">{{ r.recommendation.title }}</a></th>\n'
            "      <td>{{ r.recommendation.council.name }}</td><td>{{ r.body.code }}</td>"
            '<td>{{ r.due_on|date:"d/m/Y"|default:"—" }}</td>\n'
            '      <td>{% with s=r.state %}{% if s == "late" %}<span class="status status-bad">'
            '{% translate "en retard" %}</span>{% elif s == "open" %}<span class="status '
            'status-neutral">{% translate "en attente" %}</span>{% elif s == "answered" %}'
            '<span class="status status-ok">{{ r.position_label }}</span>{% else %}<span '
            'class="status status-ok">{% translate "mise en œuvre" %}</span>{% endif %}'
            "{% endwith %}</td></tr>\n  {% endfor %}"
        )
        rows = Template("{% load board_rows %}{% board_rows board.rows %}")
        request = RequestFactory().get("/")
        shown = board(Routing.objects.filter(recommendation__council=self.w.council))
        for language in ("fr", "en"):
            with translation.override(language):
                context = Context({"board": shown, "request": request})
                expected = loop.render(context)
                assert rows.render(context) == expected
                assert "&lt;b&gt;&quot;R&amp;D&quot; l&#x27;école&lt;/b&gt;" in expected
                assert all(f"status-{css}" in expected for css in ("bad", "neutral", "ok"))
                assert "<td>—</td>" in expected

    def test_the_board_names_each_answer_as_the_model_does_in_both_languages(self) -> None:
        from django.utils import translation

        for language, accepted in (("fr", "acceptée"), ("en", "accepted")):
            with translation.override(language):
                for value in [*Routing.Position.values, "", "unknown"]:
                    routing = Routing(position=value)
                    assert routing.position_label == routing.get_position_display(), value
                assert Routing(position="accepted").position_label == accepted

    def test_the_director_adds_a_body_with_its_respondents(self) -> None:
        self.client.force_login(self.w.director)
        url = reverse("recommendations:bodies", args=[self.w.institution.pk])
        response = self.client.post(
            url,
            {
                "code": "cfvu",
                "name": "Commission",
                "answer_days": 30,
                "respondents": "nobody@x.org",
            },
        )
        self.assertContains(response, "Comptes inconnus")
        self.client.post(
            url,
            {
                "code": "cfvu",
                "name": "Commission",
                "answer_days": 30,
                "respondents": self.w.head.email,
            },
        )
        assert self.w.institution.bodies.get(code="CFVU").respondents.get() == self.w.head
        assert Routing.objects.count() == 0


class NextAgendaTests(BaseTestCase):
    def test_an_answer_goes_on_the_councils_next_agenda(self) -> None:
        from tests.convocation_world import meeting_with_agenda

        upcoming = meeting_with_agenda(self.w, agenda_set=False)
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        actions.answer(
            recommendation.routings.get(),
            by=cosp(self.w)[1],
            position="partly",
            reasoning="En partie.",
        )
        assert upcoming.agenda_items.filter(title__startswith="Réponse de l’instance COSP").exists()
        assert recommendation.events.filter(kind="on_agenda").exists()


class StateAgreementTests(BaseTestCase):
    def test_the_database_and_python_agree_on_every_state(self) -> None:
        import itertools

        from recommendations.boards import STATES, state_filter

        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        routing = recommendation.routings.get()
        today = timezone.localdate()
        positions = ["", "under_study", "accepted", "refused"]
        implementations = ["", "in_progress", "done"]
        dues = [today - dt.timedelta(days=1), today, today + dt.timedelta(days=1), None]
        for position, implementation, due in itertools.product(positions, implementations, dues):
            Routing.objects.filter(pk=routing.pk).update(
                position=position, implementation=implementation, due_on=due
            )
            routing.refresh_from_db()
            matching = Routing.objects.filter(pk=routing.pk)
            by_database = [s for s in STATES if matching.filter(state_filter(s, today)).exists()]
            assert by_database == [routing.state(today)], (position, implementation, due)


class AnswerFormTests(BaseTestCase):
    def test_a_planned_date_is_given_back_to_the_date_picker_in_iso(self) -> None:
        recommendation = adopted(self.w)
        actions.route_meeting(recommendation.meeting, by=self.w.director)
        respondent = cosp(self.w)[1]
        actions.answer(
            recommendation.routings.get(), by=respondent, position="partly", reasoning="Oui.",
            planned_on=dt.date(2027, 9, 1),
        )  # fmt: skip
        self.client.force_login(respondent)
        page = self.client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        self.assertContains(page, 'value="2027-09-01"')
