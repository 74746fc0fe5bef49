"""Record who attended meetings from a CSV or XLSX attendance list, all rows or none (e.g. sign-in sheets)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.meetings.attendance_import import import_attendance
from ponte.membership.importers import RowError


class Command(BaseCommand):
    help = (
        "Record attendance from a CSV (UTF-8) or XLSX file with the columns "
        "meeting,email,name,gender,birth_year,country,organisation,category,mode,day; people and organisations "
        "not yet known are created. If any row is wrong, nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file to import.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": reason}) from error
        report = import_attendance(file_name=path.name, content=content)
        if not report.ok:
            for row_error in report.errors:
                self.stderr.write(_describe(row_error))
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)s error in %(file)s: nothing was imported.",
                    "%(count)s errors in %(file)s: nothing was imported.",
                    count,
                )
                % {"count": count, "file": path.name}
            )
        self.stdout.write(
            _(
                "Attendance imported from %(file)s: %(created)s created, %(unchanged)s already recorded; "
                "%(people_created)s people created, %(people_completed)s completed; "
                "%(organisations_created)s organisations created."
            )
            % {
                "file": path.name,
                "created": report.created,
                "unchanged": report.unchanged,
                "people_created": report.people_created,
                "people_completed": report.people_completed,
                "organisations_created": report.organisations_created,
            }
        )


def _describe(error: RowError) -> str:
    if error.column:
        return _("line %(line)s, %(column)s: %(reason)s") % {
            "line": error.line,
            "column": error.column,
            "reason": error.reason,
        }
    return _("line %(line)s: %(reason)s") % {"line": error.line, "reason": error.reason}
