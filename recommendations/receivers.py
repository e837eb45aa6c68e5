from typing import Any

from django.dispatch import receiver

from minutes.signals import minutes_published
from recommendations.actions import route_meeting


@receiver(minutes_published, dispatch_uid="recommendations.route_on_publication")
def route_on_publication(sender: Any, minutes: Any, by: Any, **kwargs: Any) -> None:
    route_meeting(minutes.meeting, by=by)
