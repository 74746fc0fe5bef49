"""Recommendations for the standards tests: ``recommendation("ITU-T", "H.702", ...)`` makes one in one call."""

from __future__ import annotations

import datetime
from typing import Any

from ponte.core.models import Group, GroupKind, Sector
from ponte.standards.models import Recommendation
from tests.factories import group


def recommendation(
    sector: str,
    identifier: str,
    *,
    title: str = "",
    group_code: str | None = None,
    titles: dict[str, str] | None = None,
    summaries: dict[str, str] | None = None,
    **fields: Any,
) -> Recommendation:
    """A Recommendation of a reference sector, its English title and any other language's given as ``titles``
    ({"fr": …, "zh_hans": …}), its group by short code."""
    values: dict[str, Any] = {
        "sector": Sector.objects.get(code=sector),
        "identifier": identifier,
        "title_en": title or f"Title of {identifier}",
        "group": group(sector, group_code) if group_code else None,
        "approved_on": datetime.date(2015, 11, 1),
        **fields,
    }
    for language, text in (titles or {}).items():
        values[f"title_{language}"] = text
    for language, text in (summaries or {}).items():
        values[f"summary_{language}"] = text
    return Recommendation.objects.create(**values)


def working_party(sector: str, parent: str, code: str) -> Group:
    """A working party of a study group (the reference data has none)."""
    study_group = group(sector, parent)
    return Group.objects.create(
        sector=study_group.sector, code=code, kind=GroupKind.WORKING_PARTY, parent=study_group, title=f"{code} title"
    )
