"""Rebuild the site search's index from the records (after bulk imports, or to mend it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.search.indexing import SOURCES, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the site search index (all kinds, or those given with --kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", choices=sorted(SOURCES), help="Only this kind (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rebuild_index(options["kind"])
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
