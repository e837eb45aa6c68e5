from typing import Any

from django.dispatch import receiver

from minutes.actions import add_election_result
from sittings.signals import election_closed


@receiver(election_closed, dispatch_uid="minutes.election_result_in_draft")
def election_result_in_draft(sender: Any, election: Any, by: Any, **kwargs: Any) -> None:
    add_election_result(election, by=by)
