"""Rebuild every participation rollup from the raw records (after a bulk load, or to repair them)."""

from typing import Any

from django.core.management.base import BaseCommand

from ponte.stats.rollups import rebuild_rollups


class Command(BaseCommand):
    help = "Recompute every participation rollup from the person-days and the other records."

    def handle(self, *args: Any, **options: Any) -> None:
        written = rebuild_rollups()
        if options["verbosity"]:
            self.stdout.write(f"{written} rollups written.")
