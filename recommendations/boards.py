"""Follow-up boards: the routings of a council, a body or an institution, counted by state.

The states are computed by the database (conditional counts), and only the page shown is
fetched, so a board stays fast with thousands of recommendations.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from documents.csvfiles import safe_writer
from recommendations.models import Routing

STATES = ["open", "late", "answered", "implemented"]
# The columns a board's table reads (state(), position_label, the links and names).
SHOWN = (
    "recommendation_id",
    "body__code",
    "due_on",
    "position",
    "implementation",
    "recommendation__title",
    "recommendation__council__name",
)


def state_filter(state: str, today: dt.date) -> Q:
    """The database's reading of Routing.state(): the two must agree (a test checks it)."""
    done = Q(implementation=Routing.Implementation.DONE)
    answered = ~Q(position="") & ~Q(position=Routing.Position.UNDER_STUDY)
    late = Q(due_on__lt=today)
    return {
        "implemented": done,
        "answered": ~done & answered,
        "late": ~done & ~answered & late,
        "open": ~done & ~answered & ~late,
    }[state]


@dataclass
class Board:
    rows: QuerySet[Routing]
    counts: dict[str, int]


def board(routings: QuerySet[Routing], state: str = "", body_id: int | None = None) -> Board:
    """Routed recommendations only: before the minutes are public, nothing is owed."""
    qs = routings.filter(routed_at__isnull=False)
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    today = timezone.localdate()
    counts = qs.order_by().aggregate(
        **{s: Count("pk", filter=state_filter(s, today)) for s in STATES}
    )
    if state in STATES:
        qs = qs.filter(state_filter(state, today))
    # Only what the table shows (_board_table.html): a page is a hundred rows of four models,
    # whose unread columns (the recommendation's text, the answer's reasoning…) Django turned
    # into attributes all the same (the board's model instances were a quarter of its calls).
    rows = (
        qs.select_related("body", "recommendation__council").only(*SHOWN).order_by("due_on", "pk")
    )
    return Board(rows=rows, counts=counts)


def board_csv(rows: QuerySet[Routing]) -> str:
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["conseil", "seance", "preconisation", "instance", "transmise", "echeance", "etat",
         "reponse", "mise_en_oeuvre", "date_prevue"]
    )  # fmt: skip
    today = timezone.localdate()
    every = rows.defer(None).select_related(
        "body", "recommendation__council", "recommendation__meeting"
    )  # the board's rows read only what its table shows
    for r in every.iterator(chunk_size=2000):
        writer.writerow(
            [
                r.recommendation.council.name,
                r.recommendation.meeting.starts_at.date().isoformat(),
                r.recommendation.title,
                r.body.code,
                r.routed_at.date().isoformat() if r.routed_at else "",
                r.due_on.isoformat() if r.due_on else "",
                r.state(today),
                r.position,
                r.implementation,
                r.planned_on.isoformat() if r.planned_on else "",
            ]
        )
    return "\ufeff" + out.getvalue()
