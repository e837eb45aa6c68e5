"""The seats of a list of councils, read as plain rows (`CouncilQuerySet.fetch_with_composition`).

A list page shows each council's status: its voting members, its president and what the rules
say of its composition, all read from its current seats. Prefetched through the ORM, 25
councils of 20 seats made 1,500 model instances (seat, person, component), each through
Model.__init__ and select_related's machinery: about a quarter of the function calls of the
director's home, dashboard and council list (bench/pages.py --cost). Here one query reads the
same columns as tuples, and each seat, person and component is set up as Model.from_db would
leave it, without Model.__init__: a field left unread stays deferred (read on access, as with
only()), and `council.memberships.all()` and `current_memberships()` answer from the list as
they did from the prefetch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState

M = TypeVar("M", bound=Model)

# What a status reads of a seat (as_rule_member, voting, is_current, forecasts), by attname.
SEAT = (
    "id",
    "council_id",
    "person_id",
    "category",
    "component_id",
    "start_date",
    "end_date",
    "is_president",
    "president_since",
    "employer_representative",
    "term_end",
)
# ... of its person (display_name, and the sex the INSPE councils' rules read).
PERSON = ("first_name", "last_name", "email", "sex")


def loaded(model: type[M], values: dict[str, Any], db: str) -> M:
    """An instance as a query leaves it (`_state` of a saved row), from its column values."""
    obj = model.__new__(model)
    obj.__dict__.update(values)
    state = ModelState()
    state.adding = False
    state.db = db
    obj._state = state
    return obj


def attach(councils: Sequence[Any], seats: QuerySet[Any]) -> None:
    """Give each council its `seats` as `prefetch_related("memberships")` would, read as plain
    rows (`read`)."""
    if not councils:
        return
    grouped = read(councils, seats)
    for council in councils:
        _prefetched(council, "memberships", grouped[council.pk])


def read(councils: Sequence[Any], seats: QuerySet[Any]) -> dict[int, list[Any]]:
    """The `seats` of each council, ordered as Membership's Meta orders them, with what a status
    reads of their people and components, in one query of plain rows."""
    # The models from the queryset: councils.models calls this module (no import cycle).
    membership = seats.model
    component_model = membership._meta.get_field("component").related_model
    db = seats.db
    rows = (
        seats.filter(council_id__in=[c.pk for c in councils])
        .order_by("category", "person__last_name", "person__first_name", "pk")
        .values_list(*SEAT, *(f"person__{f}" for f in PERSON), "component__code")
    )
    user_model = get_user_model()
    by_council: dict[int, list[Any]] = {c.pk: [] for c in councils}
    council_of = {c.pk: c for c in councils}
    people: dict[int, Any] = {}
    components: dict[int, Any] = {}
    width = len(SEAT)
    for row in rows:
        seat = loaded(membership, dict(zip(SEAT, row[:width], strict=True)), db)
        person = people.get(seat.person_id)
        if person is None:
            values = dict(zip(PERSON, row[width:-1], strict=True))
            person = people[seat.person_id] = loaded(
                user_model, {"id": seat.person_id, **values}, db
            )
        component = None
        if seat.component_id is not None:
            component = components.get(seat.component_id)
            if component is None:
                component = components[seat.component_id] = loaded(
                    component_model, {"id": seat.component_id, "code": row[-1]}, db
                )
        cache = seat._state.fields_cache
        cache["person"], cache["component"] = person, component
        cache["council"] = council_of[seat.council_id]
        by_council[seat.council_id].append(seat)
    return by_council


def _prefetched(instance: Model, name: str, objects: Iterable[Model]) -> None:
    """What prefetch_related leaves on `instance` for its related manager `name`."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[name] = queryset  # type: ignore[attr-defined]
