from typing import Any

from tests.minutes_helpers import held_meeting
from tests.people import World
from tests.recommendation_helpers import adopted

DIRECTOR = {
    "director": {200},
    **{p: {403} for p in ("head", "track_head", "president", "member", "student", "outsider")},
    "anonymous": {302},
}
ORGANISERS = {
    **{p: {200} for p in ("director", "head", "president")},
    **{p: {403} for p in ("track_head", "member", "student")},
    "outsider": {404},
    "anonymous": {302},
}

AUDIENCE = {
    "recommendations:adopt": ORGANISERS,
    "recommendations:detail": "readers",
    "recommendations:answer": "signed_in_post_only",
    "recommendations:inbox": "signed_in",
    "recommendations:council_board": "readers",
    "recommendations:body_board": DIRECTOR,
    "recommendations:institution_board": DIRECTOR,
    "recommendations:bodies": DIRECTOR,
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    recommendation = adopted(w)
    routing = recommendation.routings.get()
    return {
        "recommendations:adopt": {"meeting_pk": held_meeting(w).pk},
        "recommendations:detail": {"pk": recommendation.pk},
        "recommendations:answer": {"pk": routing.pk},
        "recommendations:council_board": {"pk": w.council.pk},
        "recommendations:body_board": {"pk": routing.body_id},
        "recommendations:institution_board": {"pk": w.institution.pk},
        "recommendations:bodies": {"pk": w.institution.pk},
    }
