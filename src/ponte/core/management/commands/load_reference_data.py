from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from ponte.core.reference import load_reference_data


class Command(BaseCommand):
    help = "Load countries, sectors and groups from the CSV files in core/data/ (changes only what differs)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data(apps)
        self.stdout.write(f"Reference data: {report.created} created, {report.updated} updated.")
