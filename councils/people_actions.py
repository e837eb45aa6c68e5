"""Steps on the directory of people: one transaction, one audit entry each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit.log import record
from councils import roles
from councils.people_forms import PERSON_FIELDS


def _require(by: User) -> None:
    if not roles.may_manage_people(by):
        raise PermissionDenied


@transaction.atomic
def save_person(person: User, *, by: User) -> User:
    """A new person (no password: they sign in with their university account or reset one)
    or changes to one."""
    _require(by)
    created = person.pk is None
    if created:
        person.set_unusable_password()
    person.save()
    action = "person.created" if created else "person.changed"
    record(by, action, person, summary={f: getattr(person, f) for f in PERSON_FIELDS})
    return person
