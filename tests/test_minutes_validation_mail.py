"""Each validator is asked once to validate the minutes (issue 10, defect 5)."""

from __future__ import annotations

from collections import Counter

from django.core import mail

from minutes import actions
from minutes.models import Minutes
from tests.minutes_helpers import draft_minutes
from tests.people import BaseTestCase


class ValidationMailTests(BaseTestCase):
    def asked(self) -> Counter[str]:
        return Counter(m.to[0] for m in mail.outbox if m.subject == "Compte rendu à valider")

    def test_in_parallel_each_validator_is_asked_once_whatever_the_approvals(self) -> None:
        minutes = draft_minutes(self.w)
        with self.captureOnCommitCallbacks(execute=True):
            actions.submit(minutes, by=self.w.member)
        for person in (self.w.president, self.w.track_head, self.w.head):
            with self.captureOnCommitCallbacks(execute=True):
                actions.decide(Minutes.objects.get(pk=minutes.pk), by=person, approve=True)
        validators = [self.w.president.email, self.w.track_head.email, self.w.head.email]
        assert self.asked() == Counter(validators)

    def test_in_order_each_validator_is_asked_when_their_turn_comes(self) -> None:
        self.w.council.minutes_validation_order = Minutes.Order.SEQUENTIAL
        self.w.council.save()
        minutes = draft_minutes(self.w)
        with self.captureOnCommitCallbacks(execute=True):
            actions.submit(minutes, by=self.w.member)
        assert self.asked() == Counter([self.w.president.email])
        with self.captureOnCommitCallbacks(execute=True):
            actions.decide(Minutes.objects.get(pk=minutes.pk), by=self.w.president, approve=True)
        assert self.asked() == Counter([self.w.president.email, self.w.track_head.email])
