from typing import Any

from tests.people import World

AUDIENCE = {
    "search": "signed_in",
    "dashboard": {
        "director": {200},
        **{p: {403} for p in ("head", "track_head", "president", "member", "student", "outsider")},
        "anonymous": {302},
    },
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    return {"search": {"?": "q=math"}}
