from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipConfig(AppConfig):
    name = "ponte.sponsorship"
    label = "sponsorship"
    verbose_name = _("Sponsorship")

    def ready(self) -> None:
        from ponte.sponsorship import rules  # noqa: F401 - registers the permissions
