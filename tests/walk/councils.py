import datetime as dt
from typing import Any

from councils.models import AbsenceFlag
from tests.people import World

# The president and the director are told of a member's absences and may end the mandate.
ABSENCES = {
    **{who: {200} for who in ("director", "president")},
    **{who: {403} for who in ("head", "track_head", "member", "student")},
    "outsider": {404},
    "anonymous": {302},
}

AUDIENCE = {
    "councils:list": "signed_in",
    "councils:detail": "readers",
    "councils:history": "readers",
    "councils:annex": "readers",
    "councils:member_add": "editors",
    "councils:member_edit": "editors",
    "councils:member_end": "editors",
    "councils:president": "editors",
    "councils:member_import": "editors",
    "councils:member_export": "editors",
    "councils:institution_annex": "director",
    "councils:successor": "editors",
    "councils:renewal": "editors",
    "councils:designations": "readers",
    "councils:designations_pdf": "readers",
    "councils:end_for_absences": ABSENCES,
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    council = {"pk": w.council.pk}
    membership = w.council.memberships.get(person=w.member)
    seat = {**council, "membership_pk": membership.pk}
    flag, _created = AbsenceFlag.objects.get_or_create(
        membership=membership,
        first_missed=dt.date(2025, 10, 1),
        defaults={"last_missed": dt.date(2025, 12, 1), "missed": 3},
    )
    return {
        "councils:end_for_absences": {**council, "flag_pk": flag.pk},
        "councils:detail": council,
        "councils:history": council,
        "councils:annex": council,
        "councils:member_add": council,
        "councils:member_edit": seat,
        "councils:member_end": seat,
        "councils:president": council,
        "councils:member_import": council,
        "councils:member_export": council,
        "councils:institution_annex": {"pk": w.institution.pk},
        "councils:successor": seat,
        "councils:renewal": council,
        "councils:designations": council,
        "councils:designations_pdf": council,
    }
