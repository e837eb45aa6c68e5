"""Key the chain and serialise appends.

Adds each entry's MAC (HMAC-SHA256 of its hash with AUDIT_KEY), the chain-head row that every
append locks, and protects the actor (deleting a person who acted would change a hashed
payload). Entries written before are sealed here when their own hash holds; any that does not
stays unsealed and `conseils audit verify` reports it.
"""

import hashlib
import hmac
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _hash(entry):
    payload = {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "council_id": entry.council_id,
        "summary": entry.summary,
        "prev_hash": entry.prev_hash,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def seal_and_set_head(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    key = settings.AUDIT_KEY.encode()
    last = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if _hash(entry) == entry.hash:
            entry.mac = hmac.new(key, entry.hash.encode(), hashlib.sha256).hexdigest()
            entry.save(update_fields=["mac"])
        last = entry
    ChainHead.objects.create(
        pk=1, last_hash=last.hash if last else "0" * 64, last_id=last.pk if last else None
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_create_audit_entry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_hash", models.CharField(max_length=64)),
                ("last_id", models.BigIntegerField(blank=True, null=True)),
            ],
            options={"verbose_name": "tête de la chaîne du journal"},
        ),
        migrations.AddField(
            model_name="auditentry",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(seal_and_set_head, migrations.RunPython.noop),
    ]
