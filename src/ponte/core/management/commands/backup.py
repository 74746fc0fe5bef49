"""``manage.py backup [FILE]``: the database and the uploaded files in one archive (``ponte.core.backup``)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Archive to write (default: var/backups/ponte-<time>.tar.gz).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["file"] or Path(settings.VAR_DIR) / "backups" / f"ponte-{stamp}.tar.gz")
        try:
            manifest = make_backup(output, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Backed up {rows} rows and {len(manifest['files'])} files to {output}")
