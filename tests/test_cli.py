"""The `conseils` console script."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings


def test_a_reader_that_stops_early_ends_the_command_quietly():
    # "conseils law export --json | head": the reader closes the pipe; the command stops
    # without a traceback, with the status a shell gives such a command (128 + SIGPIPE).
    script = (
        "import sys\n"
        "from unittest import mock\n"
        "from conseils import cli\n"
        "def write_to_a_closed_pipe(argv):\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
        "with mock.patch('django.core.management.execute_from_command_line',"
        " write_to_a_closed_pipe):\n"
        "    cli.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 141
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
