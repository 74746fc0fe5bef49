"""What every file-import command does: read the file, import all rows or none, list every bad row and fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.membership.importers import RowError


def describe(error: RowError) -> str:
    if error.column:
        return _("line %(line)s, %(column)s: %(reason)s") % {
            "line": error.line,
            "column": error.column,
            "reason": error.reason,
        }
    return _("line %(line)s: %(reason)s") % {"line": error.line, "reason": error.reason}


class FileImportCommand(BaseCommand):
    """Subclasses say how to import (``import_file``) and what to print on success (``summary``)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file to import.")

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        raise NotImplementedError

    def summary(self, report: Any, file_name: str) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": reason}) from error
        report = self.import_file(file_name=path.name, content=content)
        if not report.ok:
            for row_error in report.errors:
                self.stderr.write(describe(row_error))
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)s error in %(file)s: nothing was imported.",
                    "%(count)s errors in %(file)s: nothing was imported.",
                    count,
                )
                % {"count": count, "file": path.name}
            )
        self.stdout.write(self.summary(report, path.name))
