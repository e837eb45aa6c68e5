import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


import pytest


@pytest.fixture(autouse=True)
def _institution_language() -> object:
    """Each test starts in the institution's language: a request in English leaves English
    active on the thread (LocaleMiddleware does not reset it), and a later test would then
    write stored sentences in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
