"""`conseils backup` then `conseils restore` on an empty database: the same rows, every
private file served again, and the audit chain still verifies."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.log import findings, record
from audit.models import AuditEntry
from convocations import actions as convocations
from convocations.models import Convocation
from meetings.models import Attachment
from sittings.models import Ballot, Vote
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import build_world

PDF = b"%PDF-1.4 attachment body \x00\xff"


@pytest.fixture
def stores(tmp_path: Path):
    with override_settings(**signing_keys()):
        yield tmp_path


def _world_with_files():
    w = build_world()
    meeting = meeting_with_agenda(w)
    attachment = Attachment.objects.get(meeting=meeting)
    attachment.file.save("bilan.pdf", ContentFile(PDF))
    convocations.sign(meeting, by=w.director)
    # A closed secret ballot: the database refuses ballots added to a closed vote, so the
    # restore must write the closing last.
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=meeting.agenda_items.first(),
        question="Maquette",
        method="secret",
        majority="votes_cast",
    )
    Ballot.objects.bulk_create([Ballot(vote=vote, choice="for") for _ in range(3)])
    Vote.objects.filter(pk=vote.pk).update(
        closed_at=timezone.now(), adopted=True, result="adopté", votes_for=3
    )
    record(w.member, "test.step", summary={"précision": 1.5, "liste": [1, "deux"]})
    return w, meeting, attachment


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_on_an_empty_database(stores: Path) -> None:
    w, meeting, attachment = _world_with_files()
    signed = Convocation.objects.get(meeting=meeting).signed_pdf.read()
    entries = list(AuditEntry.objects.values_list("hash", "mac"))
    users = User.objects.count()
    archive = stores / "backup.tar.gz"
    call_command("backup", str(archive))
    assert tarfile.is_tarfile(archive)

    convocation = Convocation.objects.get(meeting=meeting)
    files = [attachment.file, convocation.pdf, convocation.signed_pdf]
    call_command("flush", interactive=False)
    for file in files:  # a new machine: an empty file store too
        file.storage.delete(file.name)
        assert not file.storage.exists(file.name)
    assert User.objects.count() == 0
    call_command("restore", str(archive))
    assert User.objects.count() == users
    assert list(AuditEntry.objects.values_list("hash", "mac")) == entries
    assert list(findings()) == []
    call_command("audit", "verify")
    member = User.objects.get(email=w.member.email)
    client = Client()
    client.force_login(member)
    url = reverse("meetings:attachment", args=[meeting.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.getvalue() == PDF
    assert Convocation.objects.get(meeting=meeting).signed_pdf.read() == signed
    # The chain goes on from where it was.
    record(member, "test.after_restore")
    assert list(findings()) == []


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(stores: Path) -> None:
    _world_with_files()
    archive = stores / "backup.tar.gz"
    call_command("backup", str(archive))
    count = AuditEntry.objects.count()
    with pytest.raises(CommandError) as err:
        call_command("restore", str(archive))
    assert err.value.returncode == 2 and "not empty" in str(err.value)
    assert AuditEntry.objects.count() == count


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError) as err:
        call_command("restore", str(junk))
    assert err.value.returncode == 2
