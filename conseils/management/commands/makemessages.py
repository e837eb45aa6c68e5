"""makemessages that also knows the project's other names for gettext_lazy: xgettext only
finds the names it is told, and a message it does not find is marked obsolete."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_lazy",
        "--keyword=subject_",
    ]
