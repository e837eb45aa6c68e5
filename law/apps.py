from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawConfig(AppConfig):
    name = "law"
    verbose_name = _("Code de l’éducation")
