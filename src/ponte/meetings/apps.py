from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ponte.meetings"
    label = "meetings"
    verbose_name = _("Meetings and participation")

    def ready(self) -> None:
        from ponte.meetings import receivers, rules  # noqa: F401 - registers permissions and signal receivers
