"""Backup and restore of the whole platform: the database and the uploaded files, in one archive.

PostgreSQL is dumped with ``pg_dump`` (custom format) and restored with ``pg_restore``: the tools made for it,
consistent while the site keeps running. SQLite is copied with its online backup API. Uploaded files
(``MEDIA_ROOT``) go in beside it, each with its SHA-256.

The archive's ``manifest.json`` records the number of rows of every model, counted in the same snapshot as the
dump (PostgreSQL: an exported snapshot that ``pg_dump --snapshot`` reuses; SQLite: counted in the copy), so a
restore can prove it found every record and every file.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise ImproperlyConfigured(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _tables() -> dict[str, str]:
    """Every concrete model's table (history tables included), keyed by the model's label."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _count_rows(cursor: Any, tables: dict[str, str], quote: Any) -> dict[str, int]:
    counts = {}
    for label, table in sorted(tables.items()):
        # The table names come from the models' metadata, quoted; nothing here comes from input.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        counts[label] = cursor.fetchone()[0]
    return counts


def _postgres_environment(using: str) -> tuple[list[str], dict[str, str]]:
    """The connection arguments for pg_dump/pg_restore, the password in the environment (never on a command line)."""
    params = connections[using].get_connection_params()
    arguments = ["--dbname", str(params.get("dbname") or params.get("database") or "")]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            arguments += [flag, str(params[key])]
    environment = {**os.environ}
    if params.get("password"):
        environment["PGPASSWORD"] = str(params["password"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(path for path in root.rglob("*") if path.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def make_backup(output: Path, *, using: str = "default") -> dict[str, Any]:
    """Write the archive ``output`` (a .tar.gz) and return its manifest."""
    engine = _engine(using)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        database_copy = Path(scratch) / (POSTGRES_DUMP if engine == "postgresql" else SQLITE_COPY)
        dump = _dump_postgres if engine == "postgresql" else _copy_sqlite
        counts = dump(database_copy, using)
        files = {path.relative_to(media_root).as_posix(): _sha256(path) for path in _media_files(media_root)}
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "engine": engine,
            "counts": counts,
            "files": files,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            archive.add(database_copy, arcname=database_copy.name)
            for name in files:
                archive.add(media_root / name, arcname=f"{MEDIA}/{name}")
        partial.replace(output)  # a backup that stopped half-way never looks like a backup
    return manifest


def _dump_postgres(target: Path, using: str) -> dict[str, int]:
    """Count the rows and dump them in one snapshot: the counts describe exactly what the dump holds."""
    connection = connections[using]
    arguments, environment = _postgres_environment(using)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, _tables(), connection.ops.quote_name)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run([*command, "--file", str(target), *arguments], environment)
    return counts


def _copy_sqlite(target: Path, using: str) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        quote = connection.ops.quote_name
        counts = _count_rows(destination.cursor(), _tables(), quote)
    finally:
        destination.close()
    return counts


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a Ponte backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has backup format {manifest.get('format')}, this Ponte reads {FORMAT}.")
    return manifest


def _is_empty(using: str) -> bool:
    """An empty database has none of Ponte's tables yet (migrate has not run), or they hold no rows."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        tables = [table for table in _tables().values() if table in existing]
        return all(_has_no_rows(cursor, connection.ops.quote_name(table)) for table in tables)


def _has_no_rows(cursor: Any, quoted_table: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {quoted_table} LIMIT 1")  # noqa: S608 (a model's table name, quoted)
    return cursor.fetchone() is None


@contextmanager
def _unpacked(archive_path: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(scratch, filter="data")  # refuses absolute paths, "..", links out of the directory
        yield Path(scratch)


def restore_backup(archive_path: Path, *, using: str = "default") -> dict[str, Any]:
    """Restore ``archive_path`` into an empty database and ``MEDIA_ROOT``, then prove every record and file is back.

    Refuses a database that already holds records: a restore never mixes two platforms' data.
    """
    manifest = read_manifest(archive_path)
    engine = _engine(using)
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {manifest['engine']} database; this site uses {engine}.")
    if not _is_empty(using):
        raise BackupError("The database already holds records: restore into an empty database.")
    media_root = Path(settings.MEDIA_ROOT)
    with _unpacked(archive_path) as unpacked:
        for name, digest in manifest["files"].items():
            if _sha256(unpacked / MEDIA / name) != digest:
                raise BackupError(f"The uploaded file {name} is damaged in the backup.")
        if engine == "postgresql":
            _restore_postgres(unpacked / POSTGRES_DUMP, using)
        else:
            _restore_sqlite(unpacked / SQLITE_COPY, using)
        for name in manifest["files"]:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (unpacked / MEDIA / name).replace(target)
    check_restored(manifest, using=using)
    return manifest


def _restore_postgres(dump: Path, using: str) -> None:
    connection = connections[using]
    connection.close()
    arguments, environment = _postgres_environment(using)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists", "--exit-on-error"]
    _run([*command, *arguments, str(dump)], environment)


def _restore_sqlite(copy: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def check_restored(manifest: dict[str, Any], *, using: str = "default") -> None:
    """Every model's rows and every uploaded file of the manifest are here, or a BackupError says what is missing."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        tables = {label: table for label, table in _tables().items() if label in manifest["counts"]}
        missing_tables = sorted(label for label, table in tables.items() if table not in existing)
        if missing_tables:
            raise BackupError(f"Tables missing after the restore: {', '.join(missing_tables)}")
        counts = _count_rows(cursor, tables, connection.ops.quote_name)
    wrong = [
        f"{label}: {counts.get(label)} rows, the backup had {expected}"
        for label, expected in manifest["counts"].items()
        if label in counts and counts[label] != expected
    ]
    media_root = Path(settings.MEDIA_ROOT)
    wrong += [f"{name}: file missing" for name in manifest["files"] if not (media_root / name).is_file()]
    if wrong:
        raise BackupError("The restore is incomplete:\n" + "\n".join(wrong))
