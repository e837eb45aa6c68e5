"""The `conseils` console script: Django's management commands plus the product's own.

Run with neither SECRET_KEY nor DEBUG nor DATABASE_URL set, it is a developer's command on the
checkout's own SQLite database (what `make run` made): it runs with development settings, so
every command of the README works after `make run` with no variable set. A production install
sets SECRET_KEY for every process (deploy/conseils.env); the web process (conseils.wsgi) never
falls back and refuses to start without it.
"""

import os
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
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"conseils: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:
        # "conseils law export --json | head": the reader has what it wanted. Quiet, as other
        # Unix commands are; stdout's pending bytes go nowhere rather than to a second error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)  # 128 + SIGPIPE, what a shell reports for such a command
