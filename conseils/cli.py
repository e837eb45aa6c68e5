"""The `conseils` console script: Django's management commands plus the product's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
