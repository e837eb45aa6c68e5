"""The audit trail is append-only and hash-chained: an edited or deleted row is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.log import first_broken_entry, record
from audit.models import AuditEntry


@pytest.fixture
def trail(db):
    return [record(None, f"test.step{i}", summary={"i": i}) for i in range(4)]


def test_each_entry_holds_the_hash_of_the_one_before(trail) -> None:
    assert [e.prev_hash for e in trail[1:]] == [e.hash for e in trail[:-1]]
    assert first_broken_entry() is None
    call_command("audit", "verify")


def test_an_edited_row_is_detected(trail) -> None:
    AuditEntry.objects.filter(pk=trail[2].pk).update(summary={"i": 99})
    broken = first_broken_entry()
    assert broken is not None and broken[0] == trail[2].pk and "edited" in broken[1]
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert str(trail[2].pk) in str(err.value) and err.value.returncode == 1


def test_a_deleted_row_is_detected(trail) -> None:
    AuditEntry.objects.filter(pk=trail[1].pk).delete()
    broken = first_broken_entry()
    assert broken is not None and broken[0] == trail[2].pk
