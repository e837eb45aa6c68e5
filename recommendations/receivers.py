"""How recommendations follow the steps of the apps below it (their documented signals)."""

from typing import Any

from django.dispatch import receiver

from meetings.signals import meeting_planned
from minutes.signals import minutes_published
from recommendations.actions import (
    answer_from_vote,
    link_councils,
    put_on_agenda,
    route_meeting,
    waiting_for,
)
from sittings.signals import vote_closed


@receiver(minutes_published, dispatch_uid="recommendations.route_on_publication")
def route_on_publication(sender: Any, minutes: Any, by: Any, **kwargs: Any) -> None:
    route_meeting(minutes.meeting, by=by)


@receiver(meeting_planned, dispatch_uid="recommendations.waiting_on_new_agenda")
def waiting_on_new_agenda(sender: Any, meeting: Any, by: Any, **kwargs: Any) -> None:
    """Recommendations routed while the council had no agenda in preparation join the new
    meeting's (put_on_agenda picks the council's next open meeting, maybe this one)."""
    link_councils(meeting.council.institution)
    for routing in waiting_for(meeting.council):
        put_on_agenda(routing, by=by)


@receiver(vote_closed, dispatch_uid="recommendations.answer_from_vote")
def answer_on_vote(sender: Any, vote: Any, by: Any, **kwargs: Any) -> None:
    answer_from_vote(vote, by=by)
