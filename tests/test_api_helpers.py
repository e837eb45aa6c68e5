"""What the API tests share: a token per person and JSON requests carrying it.

No test lives here; the classes of the other test_api_* modules build on ApiTestCase.
"""

from __future__ import annotations

import json
from typing import Any

from django.test.client import Client
from django.urls import reverse

from accounts.models import User
from api.actions import create_token
from tests.people import BaseTestCase


def api_url(name: str, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


class ApiTestCase(BaseTestCase):
    def token_for(self, user: User) -> str:
        _token, secret = create_token(user, f"tests {user.email}")
        return secret

    def call(
        self,
        method: str,
        url: str,
        user: User | None = None,
        body: dict[str, Any] | None = None,
        *,
        secret: str | None = None,
        client: Client | None = None,
    ) -> Any:
        """A request as a script sends it: the person's token, a JSON body."""
        headers = {}
        if secret is None and user is not None:
            secret = self.token_for(user)
        if secret is not None:
            headers["Authorization"] = f"Bearer {secret}"
        send = getattr(client or self.client, method.lower())
        if body is None:
            return send(url, headers=headers)
        return send(url, json.dumps(body), content_type="application/json", headers=headers)
