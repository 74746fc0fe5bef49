"""Record who attended meetings from a CSV or XLSX attendance list, all rows or none (e.g. sign-in sheets)."""

from typing import Any

from django.utils.translation import gettext as _

from ponte.core.imports import FileImportCommand
from ponte.meetings.attendance_import import import_attendance


class Command(FileImportCommand):
    help = (
        "Record attendance from a CSV (UTF-8) or XLSX file with the columns "
        "meeting,email,name,gender,birth_year,country,organisation,category,mode,day; people and organisations "
        "not yet known are created. If any row is wrong, nothing is saved."
    )

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        return import_attendance(file_name=file_name, content=content)

    def summary(self, report: Any, file_name: str) -> str:
        return _(
            "Attendance imported from %(file)s: %(created)s created, %(unchanged)s already recorded; "
            "%(people_created)s people created, %(people_completed)s completed; "
            "%(organisations_created)s organisations created."
        ) % {
            "file": file_name,
            "created": report.created,
            "unchanged": report.unchanged,
            "people_created": report.people_created,
            "people_completed": report.people_completed,
            "organisations_created": report.organisations_created,
        }
