"""The `conseils` console script: Django's management commands plus the product's own.

Run with neither SECRET_KEY nor DEBUG nor DATABASE_URL set, it is a developer's command on the
checkout's own SQLite database (what `make run` made): it runs with development settings, so
every command of the README works after `make run` with no variable set. A production install
sets SECRET_KEY for every process (deploy/conseils.env); the web process (conseils.wsgi) never
falls back and refuses to start without it.
"""

import os
import select
import sys

DEVELOPMENT_MARKERS = ("SECRET_KEY", "DEBUG", "DATABASE_URL")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings")
    if not any(os.environ.get(name) for name in DEVELOPMENT_MARKERS):
        os.environ["DEBUG"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe is no longer caught
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"conseils: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:
        if not _reader_gone():
            raise  # another pipe or socket (SMTP...): a real error
        # "conseils law export --json | head": the reader has what it wanted. Quiet, as other
        # Unix commands are; stdout's pending bytes go nowhere rather than to a second error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)  # 128 + SIGPIPE, what a shell reports for such a command


def _reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (poll reports an error)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & (select.POLLERR | select.POLLHUP) for _fd, event in poller.poll(0))
    except (OSError, ValueError):
        return False
