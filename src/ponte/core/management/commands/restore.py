"""``manage.py restore FILE``: restore a backup into an empty database, then check every record and file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and the media directory, then verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(Path(options["file"]), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored and checked {rows} rows and {len(manifest['files'])} files (backup of {manifest['created_at']})."
        )
