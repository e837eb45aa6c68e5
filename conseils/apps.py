from django.apps import AppConfig


class ConseilsConfig(AppConfig):
    name = "conseils"
    verbose_name = "Conseils"

    def ready(self) -> None:
        from conseils import checks  # noqa: F401 - registers the deployment checks
