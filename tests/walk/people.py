from typing import Any

from tests.people import World

# The directory is kept by those who compose councils: the director and the heads of mention.
MANAGERS = {
    "director": {200},
    "head": {200},
    "track_head": {403},
    "president": {403},
    "member": {403},
    "student": {403},
    "outsider": {403},
    "anonymous": {302},
}

AUDIENCE = {
    "people:list": MANAGERS,
    "people:create": MANAGERS,
    "people:pick": MANAGERS,
    "people:import": MANAGERS,
    "people:detail": MANAGERS,
    "people:edit": MANAGERS,
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    person = {"pk": w.member.pk}
    return {
        "people:detail": person,
        "people:edit": person,
        "people:pick": {"?": "q=membre"},
    }
