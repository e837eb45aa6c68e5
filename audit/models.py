from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.labels import label


def audit_key() -> bytes:
    """The key that seals each entry, kept outside the database (AUDIT_KEY, see settings)."""
    return settings.AUDIT_KEY.encode()


class AuditEntry(models.Model):
    """One step of one workflow. Append-only: each entry holds the hash of the one before it,
    and a MAC of its own hash made with a key the database does not hold."""

    created_at = models.DateTimeField(_("date"), db_index=True)
    # PROTECT: the actor's id is part of the hashed payload, so a person who acted is never
    # deleted (they are deactivated and pseudonymised instead, see accounts.admin).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    council_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # HMAC-SHA256(AUDIT_KEY, hash); empty for an entry written before the chain was keyed and
    # not yet sealed (`conseils audit seal`).
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("entrées du journal")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def payload(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "council_id": self.council_id,
            "summary": self.summary,
            "prev_hash": self.prev_hash,
        }

    @property
    def action_label(self) -> str:
        """What the action means, for pages (the code stays in the hashed payload)."""
        return label(self.action)

    def summary_pairs(self) -> list[tuple[str, Any]]:
        """For templates: `summary.items` would read a key named "items" instead."""
        return list(self.summary.items()) if isinstance(self.summary, dict) else []

    def compute_hash(self) -> str:
        raw = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()

    def compute_mac(self, key: bytes | None = None) -> str:
        return hmac.new(key or audit_key(), self.hash.encode(), hashlib.sha256).hexdigest()


class ChainHead(models.Model):
    """The one row every append locks (SELECT … FOR UPDATE): appends are serialised across
    processes, so no two entries ever follow the same one."""

    last_hash = models.CharField(max_length=64)
    last_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tête de la chaîne du journal")

    def __str__(self) -> str:
        return self.last_hash[:12]
