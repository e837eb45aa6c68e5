"""The one write of this app: an institution's director saves its wording."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit import log as audit
from councils import roles
from legal.forms import WordingForm
from legal.models import LegalWording


@transaction.atomic
def save_wording(form: WordingForm, *, by: User) -> LegalWording:
    """Save a valid form; the audit entry lists the fields that changed (not their text)."""
    wording: LegalWording = form.instance
    if not roles.directs(by, wording.institution):
        raise PermissionDenied
    wording = form.save()
    audit.record(
        by,
        "legal.wording_saved",
        wording,
        summary={"fields": sorted(form.changed_data)},
    )
    return wording
