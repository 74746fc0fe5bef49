"""Print the agreement statistics of a period as one JSON object (same as GET /api/v1/partnerships/agreements/stats)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.partnerships.selectors import agreement_stats


class Command(BaseCommand):
    help = "New agreements, amendments, value and breakdowns of a period, as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="year_from", type=int, help="First year, inclusive.")
        parser.add_argument("--to", dest="year_to", type=int, help="Last year, inclusive.")

    def handle(self, *args: Any, **options: Any) -> None:
        year_from, year_to = options["year_from"], options["year_to"]
        if year_from is not None and year_to is not None and year_from > year_to:
            raise CommandError(f"The period starts ({year_from}) after it ends ({year_to}).")
        self.stdout.write(json.dumps(agreement_stats(year_from=year_from, year_to=year_to).as_json()))
