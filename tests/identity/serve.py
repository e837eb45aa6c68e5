"""Run a test identity server: `python -m tests.identity.serve cas|oidc PORT`.

Migrates a fresh SQLite database (IDENTITY_DB), adds the people and the registration of
Conseils as a client (RP_BASE_URL: the address of the Conseils under test), then serves on
127.0.0.1:PORT until killed.
"""

from __future__ import annotations

import os
import sys

import django
from django.core.management import call_command

# The people the university knows. `inconnu` is known to the university, not to Conseils.
PEOPLE = [
    ("mmembre", "member@example.org", "Marie", "Membre"),
    ("inconnu", "nobody@example.org", "Ines", "Connue"),
]
PASSWORD = "university-password"
CLIENT_ID = "conseils"
CLIENT_SECRET = "conseils-secret"


def seed_cas() -> None:
    from cas_server.models import ReplaceAttributName, ServicePattern
    from django.contrib.auth.models import User

    for username, email, first, last in PEOPLE:
        User.objects.create_user(username, email, PASSWORD, first_name=first, last_name=last)
    pattern = ServicePattern.objects.create(
        pos=1, name="Conseils", pattern=r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/.*$"
    )
    ReplaceAttributName.objects.create(name="*", service_pattern=pattern)


def seed_oidc() -> None:
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType

    for username, email, first, last in PEOPLE:
        User.objects.create_user(username, email, PASSWORD, first_name=first, last_name=last)
    call_command("creatersakey", verbosity=0)
    base = os.environ["RP_BASE_URL"].rstrip("/")
    client = Client.objects.create(
        name="Conseils",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
        redirect_uris=[f"{base}/comptes/universite/oidc/retour/"],
        post_logout_redirect_uris=[f"{base}/"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))


def main() -> None:
    kind, port = sys.argv[1], sys.argv[2]
    os.environ["DJANGO_SETTINGS_MODULE"] = f"tests.identity.{kind}_settings"
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    {"cas": seed_cas, "oidc": seed_oidc}[kind]()
    call_command(
        "runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, verbosity=0
    )


if __name__ == "__main__":
    main()
