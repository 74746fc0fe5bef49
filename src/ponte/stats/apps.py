from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "ponte.stats"
    label = "stats"
    verbose_name = _("Participation indicators")

    def ready(self) -> None:
        from ponte.stats import receivers

        receivers.connect()
