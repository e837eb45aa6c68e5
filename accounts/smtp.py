"""Each worker thread's connection to the mail server, kept open from one e-mail to the next:
convocations and notifications alike.

Opening a connection (TCP, greeting, EHLO, often TLS and a login) costs more than sending a
convocation over it, so a worker keeps one per thread (an SMTP conversation cannot be shared):
a batch of a thousand opens as many connections as there are worker threads.

A connection is never used in an unknown state. After any error it is dropped, and the next
e-mail opens another; the message that failed is never sent again on the spot (the server may
have taken it before the error): its member's retry decides, with its back-off. Before a kept
connection is used it is checked without a round trip: a server that hung up while we were idle
(its own timeout, a restart) has left the socket readable, with its goodbye or the end of the
stream; and one idle longer than IDLE_SECONDS is closed rather than trusted. A worker closes its
connection when it stops (huey's shutdown hook, convocations.tasks).
"""

from __future__ import annotations

import logging
import select
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

# Mail servers close idle connections after one to five minutes; ours goes before.
IDLE_SECONDS = 30.0


@dataclass
class _Held:
    backend_path: str
    backend: BaseEmailBackend
    last_used: float


class _Local(threading.local):
    held: _Held | None = None


_local = _Local()


def connection() -> BaseEmailBackend:
    """This thread's open connection: the kept one if still sound, else a new one."""
    held = _local.held
    if held is not None and (held.backend_path != settings.EMAIL_BACKEND or _stale(held)):
        drop()
        held = None
    if held is None:
        backend = get_connection(settings.EMAIL_BACKEND)
        backend.open()  # opened here, the backend leaves it open after each message
        held = _local.held = _Held(settings.EMAIL_BACKEND, backend, time.monotonic())
    return held.backend


def send(message: EmailMessage) -> None:
    """Send on this thread's connection; after an error the connection is dropped."""
    message.connection = connection()
    try:
        message.send()
    except BaseException:
        drop()
        raise
    if _local.held is not None:
        _local.held.last_used = time.monotonic()


def drop() -> None:
    """Close this thread's connection, if any (after an error, or when the worker stops)."""
    held, _local.held = _local.held, None
    if held is None:
        return
    try:
        held.backend.close()
    except Exception:  # already broken: nothing more to close
        logger.debug("closing a broken SMTP connection failed", exc_info=True)


def _stale(held: _Held) -> bool:
    if time.monotonic() - held.last_used > IDLE_SECONDS:
        return True
    smtp = getattr(held.backend, "connection", None)  # smtplib.SMTP, for the SMTP backend
    if smtp is None:
        return False  # a backend without a connection (console, locmem in tests)
    sock = getattr(smtp, "sock", None)
    if sock is None:
        return True  # smtplib closed it (a 421 answer)
    # Nothing is due from a server between two messages: anything to read is its goodbye.
    # poll(), not select(): select() refuses descriptors above 1024, which a busy worker has.
    poller = select.poll()
    poller.register(sock, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))
