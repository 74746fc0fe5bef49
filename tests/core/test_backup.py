"""``manage.py backup`` and ``restore``: a backup restored into an empty database, by a fresh process as an operator
would run it, holds every record and every uploaded file; a restore never mixes into a database in use, and a
damaged archive is refused with a clear message."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from ponte.core.models import Country, Organisation, RoleKind
from tests.factories import OrganisationFactory, country, with_role

REPOSITORY = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A database nobody has used, of the same kind as the tests', and a function that opens it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"ponte_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, password = params.get("user", ""), params.get("password", "")
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    credentials = f"{user}:{password}@" if password else f"{user}@"
    try:
        yield (
            f"postgres://{credentials}{host}:{port}/{name}",
            lambda: psycopg.connect(dbname=name, user=user, password=password, host=host, port=port),
        )
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_restore(archive: Path, database_url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PONTE_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_an_empty_database_with_every_record_and_file(
    media: Path, tmp_path: Path, empty_database: tuple[str, Any]
) -> None:
    organisation = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    stored = default_storage.save("opportunities/pitch.pdf", ContentFile(PDF))
    archive = tmp_path / "ponte.tar.gz"

    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "files to" in out.getvalue() and archive.is_file()

    database_url, open_restored = empty_database
    result = _run_restore(archive, database_url, tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert "Restored and checked" in result.stdout

    restored = open_restored()
    try:
        cursor = restored.cursor()
        cursor.execute(f"SELECT name FROM core_organisation WHERE id = {int(organisation.pk)}")  # noqa: S608
        assert cursor.fetchone()[0] == "Kyoto Sensors KK"
        cursor.execute("SELECT COUNT(*) FROM core_country")
        assert cursor.fetchone()[0] == Country.objects.count() > 190
    finally:
        restored.close()
    assert (tmp_path / "elsewhere" / "media" / stored).read_bytes() == PDF


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_refuses_a_database_that_holds_records(media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ponte.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="already holds records: restore into an empty database"):
        call_command("restore", str(archive))
    assert Organisation.objects.count() == before


def test_a_damaged_archive_is_refused(media: Path, tmp_path: Path) -> None:
    not_a_backup = tmp_path / "holiday.tar.gz"
    not_a_backup.write_bytes(b"these are not the bytes of an archive")
    with pytest.raises(CommandError, match="is not a Ponte backup"):
        call_command("restore", str(not_a_backup))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_changed_file_in_the_archive_is_found_before_anything_is_restored(
    media: Path, tmp_path: Path, empty_database: tuple[str, Any]
) -> None:
    default_storage.save("opportunities/pitch.pdf", ContentFile(PDF))
    archive = tmp_path / "ponte.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member)
            data = content.read() if content else b""
            if member.name.startswith("media/"):
                data = data.replace(b"%%EOF", b"%%XXX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    database_url, _ = empty_database
    result = _run_restore(tampered, database_url, tmp_path / "elsewhere")
    assert result.returncode != 0
    assert "The uploaded file opportunities/pitch.pdf is damaged in the backup." in result.stderr
    assert not (tmp_path / "elsewhere" / "media").exists()
