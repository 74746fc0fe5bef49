"""Create or update partnership agreements from a CSV or XLSX file, all rows or none (e.g. the bureau's database)."""

from typing import Any

from django.utils.translation import gettext as _

from ponte.core.imports import FileImportCommand
from ponte.partnerships.importers import import_agreements


class Command(FileImportCommand):
    help = (
        "Create or update agreements by reference from a CSV (UTF-8) or XLSX file with the columns "
        "reference,type,title,partner,partner_kind,signed_on,value,currency,value_usd,regions,countries,"
        "action_areas,amends (lists separated by ;); partners not yet known are created. "
        "If any row is wrong, nothing is saved."
    )

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        return import_agreements(file_name=file_name, content=content)

    def summary(self, report: Any, file_name: str) -> str:
        return _(
            "Agreements imported from %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; "
            "%(partners_created)s partners created."
        ) % {
            "file": file_name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "partners_created": report.partners_created,
        }
