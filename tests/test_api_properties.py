"""Property-based API test (schemathesis): requests generated from the OpenAPI document, valid
and invalid, sent with a head of mention's token; every answer must be one the document
describes, and none a server error. A bounded budget: a fixed number of examples per
operation, derandomised so that CI sends the same requests every time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from api.actions import create_token
from law.loader import load
from law.models import Article, BodyArticle, Heading, LoadRecord, Reference
from tests.people import build_world

EXAMPLES_PER_OPERATION = 12
# Every check that compares the server with its document, but positive_data_acceptance: a
# request the schema allows may still be refused for what it means (an unknown category, a
# date in the past), with 422, which the document lists.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture(scope="module")
def code(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The Code loaded, as in production (its search answers 503 before `law load`)."""
    with django_db_blocker.unblock():
        load(force=True)
    yield
    with django_db_blocker.unblock():
        for model in (Reference, BodyArticle, Article, Heading, LoadRecord):
            model.objects.all().delete()


@pytest.fixture
def connections_kept() -> Iterator[None]:
    """Requests go straight to the WSGI handler: as Django's test client does, keep the test's
    database connection (and its transaction) open across them."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("code", "connections_kept")
def test_the_api_answers_as_its_document_says(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis' WSGI requests carry
    world = build_world()
    _token, secret = create_token(world.head, "schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 20
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried, all reported
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
