from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "ponte.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from ponte.partnerships import search_receivers

        search_receivers.connect()
