"""Reads of contributions: the searchable list (latest revision of each number), a number's revisions, the
organisations a person may submit for, and co-source names resolved to organisations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ponte.core.models import Organisation, Sector
from ponte.core.rules import scopes_of
from ponte.meetings.models import Contribution


def _with_sources(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.select_related("group__sector", "group__parent", "meeting").prefetch_related(
        Prefetch("sources", queryset=Organisation.objects.select_related("country").order_by("name"))
    )


def contributions(
    *,
    query: str = "",
    sector: str = "",
    group: str = "",
    meeting: str = "",
    question: str = "",
    source: int | None = None,
) -> QuerySet[Contribution]:
    """The latest revision of each contribution, newest first; searched in number, title and source names, and
    filtered by sector code, group code (its subgroups included), meeting code, question and source organisation.

    Two queries whatever the length: the rows, and their sources.
    """
    later = Contribution.objects.filter(number=OuterRef("number"), revision__gt=OuterRef("revision"))
    result = Contribution.objects.exclude(Exists(later))
    if query:
        named = Organisation.objects.filter(contributions=OuterRef("pk"), name__icontains=query)
        result = result.filter(Q(number__icontains=query) | Q(title__icontains=query) | Exists(named))
    if sector:
        result = result.filter(group__sector__code__iexact=sector)
    if group:
        result = result.filter(Q(group__code__iexact=group) | Q(group__parent__code__iexact=group))
    if meeting:
        result = result.filter(meeting__code__iexact=meeting)
    if question:
        result = result.filter(question__iexact=re.sub(r"\s+", "", question))
    if source is not None:
        result = result.filter(Exists(Organisation.objects.filter(contributions=OuterRef("pk"), pk=source)))
    return _with_sources(result).order_by("-submitted_at", "number", "-pk")


def revisions(*, number: str) -> list[Contribution]:
    """Every revision of a number, latest first (empty if there is none)."""
    return list(_with_sources(Contribution.objects.filter(number__iexact=number)).order_by("-revision"))


def filter_choices() -> tuple[list[Sector], list[Organisation]]:
    """The sectors, and the organisations that have sourced a contribution, for the list's filters."""
    sources = Organisation.objects.filter(
        Exists(Contribution.sources.through.objects.filter(organisation=OuterRef("pk")))
    )
    return list(Sector.objects.order_by("code")), list(sources.order_by("name"))


def submitting_for(*, user: Any) -> list[Organisation]:
    """The active organisations the user represents: those they may submit contributions for."""
    return list(Organisation.objects.filter(pk__in=scopes_of(user).organisations, is_active=True).order_by("name"))


@dataclass(frozen=True)
class ResolvedNames:
    """Co-source names typed by a person, resolved to active organisations."""

    organisations: list[Organisation] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)


_COUNTRY_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2,3})\)$")


def resolve_organisation_names(names: list[str]) -> ResolvedNames:
    """Active organisations by exact name (case ignored); ``Name (JP)`` or ``Name (JPN)`` picks the country when
    organisations of several countries share the name. One query for all names."""
    wanted: list[tuple[str, str, str]] = []
    for raw in names:
        match = _COUNTRY_SUFFIX.match(raw)
        name, country = (match["name"], match["country"].upper()) if match else (raw, "")
        wanted.append((raw, name.strip(), country))
    condition = Q(pk__in=[])
    for _raw, name, _country in wanted:
        condition |= Q(name__iexact=name)
    candidates = list(Organisation.objects.filter(condition, is_active=True).select_related("country"))
    found: list[Organisation] = []
    unknown: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    for raw, name, country in wanted:
        matches = [o for o in candidates if o.name.casefold() == name.casefold()]
        if country:
            matches = [o for o in matches if o.country is not None and country in (o.country.code, o.country.alpha3)]
        if len(matches) == 1:
            found.append(matches[0])
        elif not matches:
            unknown.append(raw)
        else:
            ambiguous[raw] = sorted(o.country.alpha3 if o.country else "—" for o in matches)
    return ResolvedNames(found, unknown, ambiguous)
