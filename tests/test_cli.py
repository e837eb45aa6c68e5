"""The `conseils` console script."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings

CONSEILS = [sys.executable, "-c", "from conseils.cli import main; main()"]


def test_a_reader_that_stops_early_ends_the_command_quietly():
    # "conseils law export --json | head": the reader closes the pipe before the command has
    # written; the command stops without a traceback, with the status a shell gives such a
    # command (128 + SIGPIPE).
    command = subprocess.Popen(
        [*CONSEILS, "diffsettings", "--all"],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert command.stdout is not None
    command.stdout.close()
    _out, errors = command.communicate(timeout=60)
    assert command.returncode == 141, errors.decode()
    assert b"Traceback" not in errors and b"BrokenPipeError" not in errors


def test_a_broken_pipe_that_is_not_standard_output_is_an_error():
    # A socket or another pipe breaking (SMTP in a scheduled command) is no reader gone.
    script = (
        "from unittest import mock\n"
        "from conseils import cli\n"
        "def broken(argv):\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
        "with mock.patch('django.core.management.execute_from_command_line', broken):\n"
        "    cli.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 141 and "BrokenPipeError" in done.stderr
