"""Create or update meetings from a CSV or XLSX file, all rows or none (e.g. the secretariat's yearly calendar)."""

from typing import Any

from django.utils.translation import gettext as _

from ponte.core.imports import FileImportCommand
from ponte.meetings.importers import import_meetings


class Command(FileImportCommand):
    help = (
        "Create or update meetings by code from a CSV (UTF-8) or XLSX file with the columns "
        "code,sector,group,title,start,end,country,city,virtual. If any row is wrong, nothing is saved."
    )

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        return import_meetings(file_name=file_name, content=content)

    def summary(self, report: Any, file_name: str) -> str:
        return _(
            "Meetings imported from %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"file": file_name, "created": report.created, "updated": report.updated, "unchanged": report.unchanged}
