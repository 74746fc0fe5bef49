"""Create or update Recommendations from a CSV or XLSX file, all rows or none (e.g. a sector's catalogue)."""

from typing import Any

from django.utils.translation import gettext as _

from ponte.core.imports import FileImportCommand
from ponte.standards.importers import import_recommendations


class Command(FileImportCommand):
    help = (
        "Create or update Recommendations by sector and identifier from a CSV (UTF-8) or XLSX file with the columns "
        "sector,identifier,kind,status,group,approved_on,url,title_en,title_fr,title_es,title_ru,title_zh_hans,"
        "title_ar (and optionally summary_en … summary_ar and superseded_by). If any row is wrong, nothing is saved."
    )

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        return import_recommendations(file_name=file_name, content=content)

    def summary(self, report: Any, file_name: str) -> str:
        return _(
            "Recommendations imported from %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"file": file_name, "created": report.created, "updated": report.updated, "unchanged": report.unchanged}
