"""`conseils check --deploy`: what a production install must have set (see README)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    key, cert = settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE
    if not (key and cert):
        if not settings.SIGNING_DEMO:
            problems.append(
                Error(
                    "SIGNING_KEY_FILE and SIGNING_CERT_FILE are not set: convocations and "
                    "minutes cannot be signed.",
                    hint="Set both to the director's key and certificate (PEM), or "
                    "SIGNING_DEMO=1 on a demonstration server only.",
                    id="conseils.E001",
                )
            )
    elif not (Path(key).is_file() and Path(cert).is_file()):
        problems.append(
            Error(
                f"SIGNING_KEY_FILE or SIGNING_CERT_FILE cannot be read: {key}, {cert}.",
                id="conseils.E002",
            )
        )
    if not os.environ.get("AUDIT_KEY"):
        problems.append(
            Warning(
                "AUDIT_KEY is not set: the audit trail is sealed with a key derived from "
                "SECRET_KEY, and changing SECRET_KEY would make `conseils audit verify` fail.",
                hint="Set AUDIT_KEY to a long random secret kept outside the database and "
                "never change it.",
                id="conseils.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        problems.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links in e-mails would not point at the "
                "production site.",
                id="conseils.W002",
            )
        )
    return problems
