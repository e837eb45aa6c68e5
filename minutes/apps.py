from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Comptes rendus")

    def ready(self) -> None:
        from minutes import receivers  # noqa: F401 - connects to sittings.signals.election_closed
