from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "ponte.funds"
    label = "funds"
    verbose_name = _("BSG fund (bridging the standardization gap)")

    def ready(self) -> None:
        from ponte.funds import rules  # noqa: F401 - registers the permissions
