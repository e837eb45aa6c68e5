from typing import Any

from tests.people import World

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
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    council = {"pk": w.council.pk}
    membership = w.council.memberships.get(person=w.member)
    seat = {**council, "membership_pk": membership.pk}
    return {
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
