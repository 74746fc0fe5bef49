"""Reference data shipped as CSV files under ``core/data/`` (sources named in each file).

Loaded by a migration (so the lists exist everywhere) and by the
``load_reference_data`` command after a file is updated. Loading is an upsert:
a row that did not change is not saved, so a second load changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps.registry import Apps

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGE_SUFFIXES = ("en", "ar", "zh_hans", "fr", "ru", "es")


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a reference CSV, skipping the ``#`` comment lines that name its sources."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines)


def _translated(row: dict[str, str], field: str) -> dict[str, str]:
    values = {f"{field}_{suffix}": row[f"{field}_{suffix}"].strip() for suffix in LANGUAGE_SUFFIXES}
    values[field] = values[f"{field}_en"]
    return values


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """Create or update one row; return "created", "updated" or "" (unchanged)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        model.objects.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return ""
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    return "updated"


def _flag(value: str) -> bool:
    return value.strip() == "1"


def load_reference_data(apps: Apps) -> LoadReport:
    """Load countries, sectors and groups with the given app registry (real or migration state)."""
    country_model = apps.get_model("core", "Country")
    sector_model = apps.get_model("core", "Sector")
    group_model = apps.get_model("core", "Group")
    outcomes: list[str] = []
    for row in read_rows("countries.csv"):
        values = {
            "alpha3": row["alpha3"],
            "numeric": row["numeric"],
            "is_itu_member": _flag(row["itu_member"]),
            "region": row["region"],
            "is_developing": _flag(row["developing"]),
            "is_ldc": _flag(row["ldc"]),
            "is_sids": _flag(row["sids"]),
            "is_lldc": _flag(row["lldc"]),
            "is_transition_economy": _flag(row["transition"]),
            **_translated(row, "name"),
        }
        outcomes.append(_upsert(country_model, {"code": row["alpha2"]}, values))
    sectors = {}
    for row in read_rows("sectors.csv"):
        outcomes.append(_upsert(sector_model, {"code": row["code"]}, _translated(row, "name")))
        sectors[row["code"]] = sector_model.objects.get(code=row["code"])
    # Parents (study groups) before their regional groups.
    for row in sorted(read_rows("groups.csv"), key=lambda r: bool(r["parent"])):
        sector = sectors[row["sector"]]
        parent = group_model.objects.get(sector=sector, code=row["parent"]) if row["parent"] else None
        values = {
            "kind": row["kind"],
            "number": int(row["number"]) if row["number"] else None,
            "parent": parent,
            **_translated(row, "title"),
        }
        outcomes.append(_upsert(group_model, {"sector": sector, "code": row["code"]}, values))
    outcomes += load_study_periods(apps)
    return LoadReport(created=outcomes.count("created"), updated=outcomes.count("updated"))


def load_study_periods(apps: Apps) -> list[str]:
    """Load the study periods (a migration before they existed passes its registry without the model)."""
    try:
        period_model = apps.get_model("core", "StudyPeriod")
    except LookupError:
        return []
    return [
        _upsert(period_model, {"first_year": int(row["first_year"])}, {"last_year": int(row["last_year"])})
        for row in read_rows("study_periods.csv")
    ]
