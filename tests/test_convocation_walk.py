"""The permission walk for the convocation pages alone: every person, every address.

The site-wide walk (tests/test_permission_walk.py) covers them too; this one keeps their
audience checked while other apps' tables are being written.
"""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from tests.convocation_world import signing_keys
from tests.people import BaseTestCase
from tests.test_permission_walk import PEOPLE, expected_status
from tests.walk import AUDIENCE
from tests.walk.convocations import kwargs


@override_settings(**signing_keys())
class ConvocationWalkTests(BaseTestCase):
    def test_every_person_gets_what_their_role_allows_on_convocation_pages(self) -> None:
        arguments = kwargs(self.w)
        people = self.w.people()
        failures = []
        for name in sorted(n for n in AUDIENCE if n.startswith("convocations:")):
            url = reverse(name, kwargs=arguments.get(name) or None)
            for person in PEOPLE:
                self.client.logout()
                user = people[person]
                if user is not None:
                    self.client.force_login(user)
                status = self.client.get(url).status_code
                if status not in expected_status(AUDIENCE[name], person):
                    failures.append(f"{name} as {person}: {status}")
        assert failures == []
