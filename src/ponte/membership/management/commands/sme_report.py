import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.membership.exports import report_csv
from ponte.membership.selectors import sme_report


class Command(BaseCommand):
    help = "Print the SME programme's status report (JSON object, or the annex table as CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        report = sme_report()
        if options["format"] == "csv":
            self.stdout.write(report_csv(report), ending="")
        else:
            self.stdout.write(json.dumps(report.as_json()))
