"""Write, verify and seal the audit trail.

Every append locks the single chain-head row (SELECT … FOR UPDATE), so entries form one chain
whatever the concurrency, across processes on PostgreSQL (SQLite serialises writers anyway).
Each entry holds the SHA-256 of its content and of the previous entry's hash, and a MAC of
that hash keyed with AUDIT_KEY, which the database does not hold: someone who edits an entry
and recomputes the hashes after it cannot recompute the MACs.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEntry, ChainHead, audit_key

GENESIS = "0" * 64
HEAD_PK = 1


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
        head = _locked_head()
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
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.mac = entry.compute_mac()
        entry.save()
        head.last_hash, head.last_id = entry.hash, entry.pk
        head.save(update_fields=["last_hash", "last_id"])
        return entry


def _locked_head() -> ChainHead:
    """The chain head, locked until the transaction ends (created on the first append)."""
    head = ChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    last = AuditEntry.objects.order_by("-id").only("hash").first()
    defaults: dict[str, Any] = {"last_hash": GENESIS, "last_id": None}
    if last is not None:
        defaults = {"last_hash": last.hash, "last_id": last.pk}
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_PK, defaults=defaults
    )
    return head


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold in the chain."""

    entry_id: int
    kind: str  # "fork", "missing", "edited", "forged", "unsealed", "truncated"
    other_id: int | None = None

    def __str__(self) -> str:
        reasons = {
            "fork": "fork: it follows the same entry as entry {other} (two entries were "
            "chained onto one; the chain splits here)",
            "missing": "previous hash matches no earlier entry (an entry was deleted or inserted)",
            "edited": "content does not match its hash (the entry was edited)",
            "forged": "its seal does not match (the chain was rewritten without the audit key)",
            "unsealed": "entry is not sealed (run `conseils audit seal` once after upgrading)",
            "truncated": "the chain head points past the last entry (the last entries were "
            "deleted)",
        }
        return f"entry {self.entry_id}: " + reasons[self.kind].format(other=self.other_id)


def findings(key: bytes | None = None) -> Iterator[Finding]:
    """Walk the chain in order and yield every finding (a fork does not hide what follows)."""
    key = key or audit_key()
    prev = GENESIS
    last: AuditEntry | None = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            yield from _link_findings(entry)
        if entry.compute_hash() != entry.hash:
            yield Finding(entry.pk, "edited")
        elif not entry.mac:
            yield Finding(entry.pk, "unsealed")
        elif not hmac.compare_digest(entry.mac, entry.compute_mac(key)):
            yield Finding(entry.pk, "forged")
        prev, last = entry.hash, entry
    head = ChainHead.objects.filter(pk=HEAD_PK).first()
    if head is not None and head.last_hash != (last.hash if last else GENESIS):
        yield Finding(head.last_id or 0, "truncated")


def _link_findings(entry: AuditEntry) -> Iterator[Finding]:
    """The entry does not follow the one just before it: is it a fork, or is a link missing?"""
    earlier = AuditEntry.objects.filter(id__lt=entry.pk)
    sibling = earlier.filter(prev_hash=entry.prev_hash).order_by("id").first()
    if sibling is not None:
        yield Finding(entry.pk, "fork", sibling.pk)
    elif entry.prev_hash != GENESIS and not earlier.filter(hash=entry.prev_hash).exists():
        yield Finding(entry.pk, "missing")


def first_broken_entry() -> tuple[int, str] | None:
    """(id, reason) of the first finding, or None when the chain holds."""
    first = next(findings(), None)
    return (first.entry_id, str(first)) if first else None


def first_finding() -> Finding | None:
    return next(findings(), None)


def seal_unsealed() -> tuple[int, list[Finding]]:
    """Seal the entries written before the chain was keyed, once: only entries whose own hash
    holds are sealed, so an edited entry is never laundered. Returns (sealed, refused)."""
    sealed, refused = 0, []
    with transaction.atomic():
        _locked_head()
        for entry in AuditEntry.objects.filter(mac="").order_by("id").iterator(chunk_size=2000):
            if entry.compute_hash() != entry.hash:
                refused.append(Finding(entry.pk, "edited"))
                continue
            entry.mac = entry.compute_mac()
            entry.save(update_fields=["mac"])
            sealed += 1
    return sealed, refused
