"""Queued work of the accounts app: every notification e-mail, one task per message.

A request never waits for the mail server: accounts.notify queues the messages once the step
has committed, and this task sends them, trying again with a growing delay while the server
is down (a worker keeps no state: the attempt travels with the task).
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_DELAY = 30  # seconds; then 2 min, 8 min, 32 min, about 2 h: the server is back by then


def backoff(attempt: int) -> int:
    """Seconds to wait after the given (1-based) failed attempt."""
    return int(FIRST_DELAY * 4 ** (attempt - 1))


@db_task()
def send_notification(message: EmailMessage, attempt: int = 1) -> str:
    try:
        message.send()
    except Exception as exc:
        if attempt >= MAX_ATTEMPTS:
            logger.error("notification to %s given up: %s", message.to, exc)
            return "failed"
        delay = backoff(attempt)
        logger.warning("notification to %s failed, again in %s s: %s", message.to, delay, exc)
        send_notification.schedule((message, attempt + 1), delay=delay)
        return "retry"
    return "sent"
