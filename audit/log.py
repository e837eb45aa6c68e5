"""Write and verify the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEntry

GENESIS = "0" * 64


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    council_id: int | None = None,
    summary: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; call it inside the action's transaction so both land or neither."""
    with transaction.atomic():
        # Lock the tail so two writers cannot chain onto the same entry (PostgreSQL);
        # SQLite serialises writers anyway.
        last = AuditEntry.objects.select_for_update().order_by("-id").only("hash").first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=str(actor) if actor is not None else "système",
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_label=str(obj)[:255] if obj is not None else "",
            council_id=council_id,
            summary=summary or {},
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        return entry


def first_broken_entry() -> tuple[int, str] | None:
    """Walk the chain; return (id, reason) of the first entry that does not hold, or None."""
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return entry.id, "previous hash does not match (an entry was deleted or inserted)"
        if entry.compute_hash() != entry.hash:
            return entry.id, "content does not match its hash (the entry was edited)"
        prev = entry.hash
    return None
