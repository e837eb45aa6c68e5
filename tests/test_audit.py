"""The audit trail is append-only and hash-chained: an edited or deleted row is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.log import first_broken_entry, record
from audit.models import AuditEntry
from tests.people import BaseTestCase


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


class TrailPageTests(BaseTestCase):
    def test_the_director_reads_the_trail_of_a_council_and_of_a_meeting(self) -> None:
        from tests.minutes_helpers import draft_minutes

        minutes = draft_minutes(self.w)
        self.client.force_login(self.w.director)
        page = self.client.get(reverse("audit:council", args=[self.w.council.pk]))
        self.assertContains(page, "Ouverture du compte rendu")
        self.assertNotContains(page, ">minutes.started<")
        self.assertContains(page, "Chaîne intacte")
        page = self.client.get(reverse("audit:meeting", args=[minutes.meeting_id]))
        self.assertContains(page, "Ouverture du compte rendu")

    def test_a_broken_chain_is_shown(self) -> None:
        entry = record(self.w.director, "test.step", council_id=self.w.council.pk)
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.forged")
        self.client.force_login(self.w.director)
        page = self.client.get(reverse("audit:council", args=[self.w.council.pk]))
        self.assertContains(page, f"rompue à l’entrée {entry.pk}")

    def test_the_head_of_mention_is_refused(self) -> None:
        self.client.force_login(self.w.head)
        page = self.client.get(reverse("audit:council", args=[self.w.council.pk]))
        assert page.status_code == 403
