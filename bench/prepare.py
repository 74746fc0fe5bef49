"""Make the bench database ready: created if missing, migrated, static files collected (DEBUG is off).

``python -m bench.prepare``; ``make bench`` runs it after starting the services.
"""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from bench.environment import database_url, setup


def create_database(url: str) -> bool:
    """Create the URL's database on its server unless it exists; True when it was created."""
    name = str(conninfo_to_dict(url)["dbname"])
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def main() -> None:
    if create_database(database_url()):
        print("Bench database created.", flush=True)
    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print("Bench database migrated, static files collected.", flush=True)


if __name__ == "__main__":
    main()
