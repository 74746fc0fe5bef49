"""Create or update conformity declarations from a CSV or XLSX file, all rows or none (a lab's or the secretariat's
list, or a file downloaded from the conformity database)."""

from typing import Any

from django.utils.translation import gettext as _

from ponte.conformity.importers import import_declarations
from ponte.core.imports import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Create or update conformity declarations by lab and report reference from a CSV (UTF-8) or XLSX file with "
        "the columns manufacturer,manufacturer_country,model,product,category,recommendations,lab,report_reference,"
        "report_date,valid_until (recommendations separated by ;, e.g. ITU-T H.702;ITU-T F.921). "
        "If any row is wrong, nothing is saved."
    )

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        return import_declarations(file_name=file_name, content=content)

    def summary(self, report: Any, file_name: str) -> str:
        return _(
            "Declarations imported from %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"file": file_name, "created": report.created, "updated": report.updated, "unchanged": report.unchanged}
