"""The innovation app's reference data, from the CSV files under ``data/`` (their sources are named at their top):
the framework's pillars and the countries' income groups. Loaded by a migration and by the
``load_innovation_reference`` command after a file changed; loading is an upsert, so a second load changes
nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGE_SUFFIXES = ("en", "fr", "es", "ru", "zh_hans", "ar")


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a CSV file under ``data/``, skipping the ``#`` lines that name its sources."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def load_pillars(pillar_model: Any) -> int:
    """Create or update the pillars; return how many were created."""
    created = 0
    for position, row in enumerate(read_rows("pillars.csv")):
        names = {f"name_{suffix}": row[f"name_{suffix}"].strip() for suffix in LANGUAGE_SUFFIXES}
        values = {"name": row["name_en"], "position": position, "description": row["description_en"], **names}
        values["description_en"] = row["description_en"]
        _pillar, was_created = pillar_model.objects.update_or_create(code=row["code"], defaults=values)
        created += int(was_created)
    return created


def load_income_groups(country_model: Any, income_model: Any) -> int:
    """Set each listed country's income group; return how many rows were created or changed."""
    countries = dict(country_model.objects.values_list("alpha3", "code"))
    changed = 0
    for row in read_rows("income_groups.csv"):
        code = countries.get(row["alpha3"].strip())
        if code is None:
            continue
        current = income_model.objects.filter(country_id=code).values_list("group", flat=True).first()
        if current != row["income_group"]:
            income_model.objects.update_or_create(country_id=code, defaults={"group": row["income_group"]})
            changed += 1
    return changed
