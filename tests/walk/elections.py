import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.models import User
from councils.models import Membership
from elections import compute
from elections.models import Candidate, ElectedSeat, Election, ElectionList
from tests.people import World

AUDIENCE = {
    "elections:list": "readers",
    "elections:create": "editors",
    "elections:detail": "readers",
    "elections:electors": "editors",
    "elections:electors_import": "editors",
    "elections:open_lists": "post_only",
    "elections:lists": "readers",
    "elections:candidate_add": "editors",
    "elections:results": "editors",
    "elections:result": "readers",
    "elections:input_json": "readers",
    "elections:pv": "readers",
    "elections:proclaim": "post_only",
    "elections:next_in_line": "editors",
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    """A proclaimed election of the world's council: one list, its head elected."""
    today = timezone.localdate()
    election = Election.objects.create(
        council=w.council,
        kind="epscp_council",
        college="étudiants",
        category="student_representative",
        seats=1,
        held_on=today - dt.timedelta(days=40),
        mandate_start=today - dt.timedelta(days=30),
        state=Election.State.PROCLAIMED,
        result={},
    )
    lst = ElectionList.objects.create(election=election, name="A", position=1, votes=10)
    elected, _created = User.objects.get_or_create(email="walk-elected@example.org")
    candidate = Candidate.objects.create(list=lst, position=1, person=elected, sex="F")
    election.result = compute.compute(election).result
    election.save(update_fields=["result"])
    # A seat already ended (vacant): the council's current seats, which the other tables'
    # quorums count, stay those of the world.
    seat = Membership.objects.create(
        council=w.council,
        person=elected,
        category="student_representative",
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=1),
    )
    elected_seat = ElectedSeat.objects.create(
        election=election, candidate=candidate, membership=seat
    )
    one = {"pk": election.pk}
    return {
        "elections:list": {"pk": w.council.pk},
        "elections:create": {"pk": w.council.pk},
        **{
            name: one
            for name in AUDIENCE
            if name not in {"elections:list", "elections:create", "elections:candidate_add"}
            and name != "elections:next_in_line"
        },
        "elections:candidate_add": {"pk": election.pk, "list_pk": lst.pk},
        "elections:next_in_line": {"pk": election.pk, "seat_pk": elected_seat.pk},
    }
