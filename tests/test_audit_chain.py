"""The audit chain stays one chain under concurrent appends, is keyed with a secret the
database does not hold, reports a fork as such, and protects the people who acted."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.db.models import ProtectedError
from django.test import override_settings

from accounts.models import User
from audit.log import GENESIS, findings, record, seal_unsealed
from audit.models import AuditEntry

WRITERS = 8
EACH = 5


def _append_retrying_sqlite_locks(writer: int, i: int) -> None:
    """PostgreSQL makes concurrent appends wait on the chain head's row lock. The tests'
    in-memory SQLite refuses a second writer at once ("table is locked") instead of waiting:
    the writer retries its whole transaction, as a busy timeout would."""
    for _attempt in range(400):
        try:
            with transaction.atomic():
                record(None, "test.concurrent", summary={"writer": writer, "i": i})
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("never got the write lock")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_chain() -> None:
    record(None, "test.start")
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(EACH):
                _append_retrying_sqlite_locks(n, i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    prev_hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(prev_hashes) == 1 + WRITERS * EACH
    assert len(set(prev_hashes)) == len(prev_hashes)  # no two entries follow the same one
    assert list(findings()) == []
    call_command("audit", "verify")


@pytest.fixture
def trail(db):
    return [record(None, f"test.step{i}", summary={"i": i}) for i in range(5)]


def _rewrite_from(entry: AuditEntry, **changes: object) -> None:
    """What an insider with database access but not the key does: edit, then recompute the
    hashes of the entry and of every entry after it."""
    AuditEntry.objects.filter(pk=entry.pk).update(**changes)
    prev = AuditEntry.objects.filter(pk__lt=entry.pk).order_by("-id").first()
    prev_hash = prev.hash if prev else GENESIS
    for later in AuditEntry.objects.filter(pk__gte=entry.pk).order_by("id"):
        later.prev_hash = prev_hash
        later.hash = later.compute_hash()
        later.save(update_fields=["prev_hash", "hash"])
        prev_hash = later.hash


def test_a_rewritten_chain_is_detected_by_its_seal(trail) -> None:
    _rewrite_from(trail[1], summary={"i": 99})
    found = list(findings())
    assert found and found[0].entry_id == trail[1].pk and found[0].kind == "forged"
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert err.value.returncode == 1 and "rewritten" in str(err.value)


def test_a_fork_is_reported_as_a_fork_and_what_follows_is_still_checked(trail) -> None:
    # Two entries chained onto the same one, as the unserialised appends used to do.
    fork = AuditEntry(**{f.attname: getattr(trail[3], f.attname) for f in AuditEntry._meta.fields})
    fork.pk = None
    fork.prev_hash = trail[2].hash
    fork.action = "test.fork"
    fork.hash = fork.compute_hash()
    fork.mac = fork.compute_mac()
    fork.save()
    after = record(None, "test.after")
    AuditEntry.objects.filter(pk=after.pk).update(action="test.tampered")
    kinds = [(f.entry_id, f.kind) for f in findings()]
    assert (fork.pk, "fork") in kinds
    assert (after.pk, "edited") in kinds
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert "fork" in str(err.value)


def test_deleting_the_last_entries_is_detected(trail) -> None:
    AuditEntry.objects.filter(pk=trail[-1].pk).delete()
    assert [f.kind for f in findings()] == ["truncated"]


def test_another_key_does_not_verify(trail) -> None:
    with override_settings(AUDIT_KEY="another"):
        assert {f.kind for f in findings()} == {"forged"}


def test_entries_from_before_the_key_are_sealed_once_and_edited_ones_never(trail) -> None:
    AuditEntry.objects.update(mac="")
    AuditEntry.objects.filter(pk=trail[2].pk).update(action="test.edited")
    assert {f.kind for f in findings()} == {"unsealed", "edited"}
    sealed, refused = seal_unsealed()
    assert sealed == 4 and [f.entry_id for f in refused] == [trail[2].pk]
    assert [(f.entry_id, f.kind) for f in findings()] == [(trail[2].pk, "edited")]


def test_a_person_who_acted_cannot_be_deleted(db) -> None:
    person = User.objects.create_user("acted@example.org")
    record(person, "test.step")
    with pytest.raises(ProtectedError):
        person.delete()
    assert list(findings()) == []
