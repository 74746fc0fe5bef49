"""Print the participation indicators as one JSON object (same figures as GET /api/v1/stats/participation)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.models import Region
from ponte.stats.selectors import group_code, participation_figures, sector_codes


class Command(BaseCommand):
    help = "Participation indicators (Resolution 44) as JSON, filtered by year, sector, group and region."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--sector", default="")
        parser.add_argument("--group", default="", help="The group's short code, e.g. SG16 or TSAG.")
        parser.add_argument("--region", default="", help="AFR, AMS, ARB, ASP, CIS or EUR.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["region"] and options["region"] not in Region.values:
            raise CommandError(f"Unknown region {options['region']}: use one of {', '.join(Region.values)}.")
        if options["sector"] and options["sector"] not in sector_codes():
            raise CommandError(f"Unknown sector {options['sector']}: use one of {', '.join(sector_codes())}.")
        group = group_code(options["group"])
        if group is None:
            raise CommandError(f"There is no group with the code {options['group']}.")
        stats = participation_figures(
            year=options["year"], sector=options["sector"], group=group, region=options["region"]
        )
        self.stdout.write(json.dumps(stats.as_json(), sort_keys=False))
