from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Préconisations")

    def ready(self) -> None:
        from recommendations import receivers  # noqa: F401 - connects to the signals it follows
