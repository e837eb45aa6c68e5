"""A recommendation adopted in a held meeting, and a COSP that answers for it."""

from __future__ import annotations

from accounts.models import User
from recommendations import actions
from recommendations.models import Body, Recommendation
from tests.minutes_helpers import held_meeting
from tests.people import PASSWORD, World


def cosp(w: World) -> tuple[Body, User]:
    bodies = {b.code: b for b in actions.ensure_default_bodies(w.institution)}
    respondent, _created = User.objects.get_or_create(
        email="cosp@example.org", defaults={"first_name": "Corinne", "last_name": "Cosp"}
    )
    respondent.set_password(PASSWORD)
    respondent.save()
    bodies["COSP"].respondents.add(respondent)
    return bodies["COSP"], respondent


def adopted(w: World) -> Recommendation:
    body, _respondent = cosp(w)
    meeting = held_meeting(w)
    return actions.adopt(
        meeting,
        by=w.president,
        title="Renforcer les stages en établissement",
        text="Le conseil recommande **deux semaines** de stage de plus.",
        bodies=[body],
        agenda_item=meeting.agenda_items.first(),
        vote_result="Adopté à l’unanimité",
    )
