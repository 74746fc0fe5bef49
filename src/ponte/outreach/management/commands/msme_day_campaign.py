from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ponte.outreach import services


class Command(BaseCommand):
    help = (
        "Draft the International MSME Day (27 June) newsletter of a year, in six languages, for organisations of "
        "the SME category; staff review and send it. Safe to run again: one draft per year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="The year (default: this year).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        campaign, created = services.create_msme_day_campaign(year=year)
        if created:
            self.stdout.write(f"Drafted the MSME Day {year} newsletter (campaign {campaign.pk}).")
        else:
            self.stdout.write(
                f"The MSME Day {year} newsletter exists already (campaign {campaign.pk}, {campaign.state})."
            )
