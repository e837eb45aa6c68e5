from typing import Any

from tests.minutes_helpers import held_meeting
from tests.people import World

DIRECTOR_ONLY = {
    "director": {200},
    **{p: {403} for p in ("head", "track_head", "president", "member", "student")},
    "outsider": {404},
    "anonymous": {302},
}

AUDIENCE = {"audit:council": DIRECTOR_ONLY, "audit:meeting": DIRECTOR_ONLY}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    return {"audit:council": {"pk": w.council.pk}, "audit:meeting": {"pk": held_meeting(w).pk}}
