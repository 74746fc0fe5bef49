from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConformityConfig(AppConfig):
    name = "ponte.conformity"
    label = "conformity"
    verbose_name = _("Conformity database")
