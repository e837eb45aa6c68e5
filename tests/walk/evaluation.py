from typing import Any

from tests.people import World

AUDIENCE = {
    "evaluation:pack": "readers",
    "evaluation:pack_pdf": "readers",
    "evaluation:pack_csv": "readers",
    "evaluation:indicators": "editors",
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    council = {"pk": w.council.pk}
    return dict.fromkeys(AUDIENCE, council)
