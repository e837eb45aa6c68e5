"""Settings of the real task worker that tests/reliability starts: the test settings, with
the queue in Redis (REDIS_URL) and e-mail through SMTP (EMAIL_URL) instead of in memory."""

import os

from conseils.settings_test import *  # noqa: F403

HUEY = {**HUEY, "immediate": False}  # noqa: F405
globals().update(email_settings(os.environ["EMAIL_URL"]))  # noqa: F405
