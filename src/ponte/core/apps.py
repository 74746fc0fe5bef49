from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ponte.core"
    label = "core"
    verbose_name = _("Core: reference data, organisations, people and roles")
