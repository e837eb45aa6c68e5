"""Follow-up boards: the routings of a council, a body or an institution, counted by state."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from recommendations.models import Routing

STATES = ["open", "late", "answered", "implemented"]


@dataclass
class Board:
    rows: list[Routing]
    counts: dict[str, int]


def board(routings: QuerySet[Routing], state: str = "", body_id: int | None = None) -> Board:
    """Routed recommendations only: before the minutes are public, nothing is owed."""
    qs = routings.filter(routed_at__isnull=False).select_related(
        "body", "recommendation__council", "recommendation__meeting"
    )
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    today = timezone.localdate()
    everything = list(qs.order_by("due_on", "pk"))
    counts = Counter(r.state(today) for r in everything)
    rows = [r for r in everything if not state or r.state(today) == state]
    return Board(rows=rows, counts={s: counts.get(s, 0) for s in STATES})


def board_csv(rows: list[Routing]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["conseil", "seance", "preconisation", "instance", "transmise", "echeance", "etat",
         "reponse", "mise_en_oeuvre", "date_prevue"]
    )  # fmt: skip
    today = timezone.localdate()
    for r in rows:
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
