"""Replace a person's own identifying fields by a stable placeholder, and nothing else.

The row stays (audit entries point to it by id and keep their stored text, so the chain still
verifies); seats, answers and writings stay attached to the placeholder.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from accounts.models import User

PLACEHOLDER_DOMAIN = "pseudonyme.invalid"  # .invalid never resolves (RFC 2606)
# Identity fields from a directory, when the User model has them (CAS, Shibboleth).
DIRECTORY_FIELDS = ("uid", "eppn")


def placeholder_email(user: User) -> str:
    return f"personne-{user.pk}@{PLACEHOLDER_DOMAIN}"


def is_pseudonymised(user: User) -> bool:
    return user.email == placeholder_email(user)


@transaction.atomic
def pseudonymise(user: User) -> User:
    """Stable: the same person always gets the same placeholder, so running it again changes
    nothing. Writes no audit entry (the caller does, with its reason)."""
    user.first_name = ""
    user.last_name = f"Personne {user.pk}"
    user.email = placeholder_email(user)
    changed = ["first_name", "last_name", "email", "password", "is_active"]
    for name in DIRECTORY_FIELDS:
        try:
            field = User._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        setattr(user, name, None if getattr(field, "null", False) else f"personne-{user.pk}")
        changed.append(name)
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=changed)
    return user
