from typing import Any

from accounts.models import User
from councils.models import ObservatoryMember
from tests.people import World

AUDIENCE = {
    "evaluation:pack": "readers",
    "evaluation:pack_pdf": "readers",
    "evaluation:pack_csv": "readers",
    "evaluation:indicators": "editors",
    "evaluation:observatory": "director",
    "evaluation:observatory_remove": "post_only",
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    council = {"pk": w.council.pk}
    # Someone outside the fixed people, so that the packs' audience stays the readers.
    observer, _created = User.objects.get_or_create(email="walk-observer@example.org")
    seat, _created = ObservatoryMember.objects.get_or_create(
        institution=w.institution, person=observer
    )
    return {
        **dict.fromkeys(list(AUDIENCE)[:4], council),
        "evaluation:observatory": {"pk": w.institution.pk},
        "evaluation:observatory_remove": {"pk": w.institution.pk, "member": seat.pk},
    }
