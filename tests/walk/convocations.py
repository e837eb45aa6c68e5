"""Convocations: readers see them, the director signs, the head sends, the token opens."""

from convocations import actions as convocations
from convocations.models import Convocation
from tests.convocation_world import meeting_with_agenda
from tests.people import World

AUDIENCE = {
    "convocations:to_sign": "director",
    "convocations:sign_batch": "post_only",
    "convocations:detail": "readers",
    "convocations:pdf": "readers",
    "convocations:sign": "post_only",
    "convocations:send": "post_only",
    "convocations:resend": "post_only",
    "convocations:progress": "readers",
    "convocations:register": "editors",  # issue 10 §1.11: organisers only
    "convocations:register_csv": "editors",  # issue 10 §1.11: organisers only
    "convocations:register_pdf": "editors",  # issue 10 §1.11: organisers only
    "convocations:open": "public",
    "convocations:open_pdf": "public",
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    # A signed convocation, queued for every member (nothing is delivered: the queue runs
    # after commit, and the walk's transaction never commits).
    meeting = meeting_with_agenda(w)
    convocations.sign(meeting, by=w.director)
    convocations.send(meeting, by=w.head, enqueue=lambda ids, base_url: None)
    token = Convocation.objects.get(meeting=meeting).recipients.get(membership__person=w.member)
    the_meeting: dict[str, object] = {"pk": meeting.pk}
    council: dict[str, object] = {"pk": w.council.pk}
    return {
        "convocations:detail": the_meeting,
        "convocations:pdf": the_meeting,
        "convocations:sign": the_meeting,
        "convocations:send": the_meeting,
        "convocations:resend": the_meeting,
        "convocations:progress": the_meeting,
        "convocations:register": council,
        "convocations:register_csv": council,
        "convocations:register_pdf": council,
        "convocations:open": {"token": token.token},
        "convocations:open_pdf": {"token": token.token},
    }
