"""Reads of the catalogue of Recommendations, each a constant number of queries however many rows.

``recommendation_list`` is the one search of the catalogue: the page, the API and whoever else lists
Recommendations (the Q&A, the conformity database) call it, so "H702", "h.702" and "H 702" find the same
Recommendation everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Group, Sector
from ponte.standards.models import Recommendation

# What people leave out or add when they type an identifier: H.702, H702, h 702 and H-702 are one.
_IDENTIFIER_NOISE = re.compile(r"[^0-9A-Za-z]+")
# Characters of stored identifiers (see models.IDENTIFIER) that the search ignores.
_STORED_NOISE = (".", "-", " ")
MAX_WORDS = 8


def identifier_key(text: str) -> str:
    """The identifier as the search compares it: letters and digits only, upper case ("h.702" gives "H702")."""
    return _IDENTIFIER_NOISE.sub("", text).upper()


def _with_identifier_key(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """The same rule as ``identifier_key``, computed by the database on the stored identifier."""
    key: F | Replace = F("identifier")
    for character in _STORED_NOISE:
        key = Replace(key, Value(character), Value(""))
    return recommendations.annotate(identifier_key=Upper(key))


def language_code(language: str | None = None) -> str:
    """One of the site's six language codes: the one given or active, English when it is none of them."""
    code = (language or get_language() or settings.LANGUAGE_CODE).lower()
    known = {known for known, _name in settings.LANGUAGES}
    return code if code in known else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _text_fields(language: str) -> list[str]:
    """The title and summary columns searched: the reader's language's, then English's."""
    languages = dict.fromkeys([language, settings.MODELTRANSLATION_DEFAULT_LANGUAGE])
    return [build_localized_fieldname(field, code) for code in languages for field in ("title", "summary")]


def _matching(text: str, language: str) -> Q:
    """The whole text as an identifier, or every word in the identifier, the title or the summary.

    Substrings, not words: Chinese is written without spaces, and an Arabic word takes prefixes (الـ, و…).
    """
    fields = _text_fields(language)
    whole_key = identifier_key(text)
    condition = Q(identifier_key__contains=whole_key) if whole_key else Q(pk__in=[])
    every_word = Q()
    for word in text.split()[:MAX_WORDS]:
        word_condition = Q()
        for field in fields:
            word_condition |= Q(**{f"{field}__icontains": word})
        if key := identifier_key(word):
            word_condition |= Q(identifier_key__contains=key)
        every_word &= word_condition
    return condition | every_word if every_word else condition


def _in_group(code: str) -> Q:
    """The group with this short code and its sub-groups (working parties, regional groups), as stats counts."""
    return Q(group__code__iexact=code) | Q(group__parent__code__iexact=code)


def recommendation_list(
    *, sector: str = "", group: str = "", status: str = "", kind: str = "", text: str = "", language: str = ""
) -> QuerySet[Recommendation]:
    """Recommendations filtered by sector code, group short code (its sub-groups included), status, kind and text.

    The text is searched in the identifier however it is written and in the title and summary in the reader's
    language (``language``, else the active one) and in English. One query, whatever the number of rows.
    """
    found: QuerySet[Recommendation] = Recommendation.objects.select_related("sector", "group__sector")
    if sector:
        found = found.filter(sector__code__iexact=sector)
    if group:
        found = found.filter(_in_group(group))
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    text = text.strip()
    if text:
        found = _with_identifier_key(found).filter(_matching(text, language_code(language)))
    return found.order_by("sector__code", "identifier", "pk")


def recommendation_detail(*, sector: str, identifier: str) -> Recommendation:
    """One Recommendation with its group, what supersedes it and what it supersedes (a fixed number of queries)."""
    supersedes = Recommendation.objects.select_related("sector").order_by("sector__code", "identifier")
    return (
        Recommendation.objects.select_related("sector", "group__sector", "superseded_by__sector")
        .prefetch_related(Prefetch("supersedes", queryset=supersedes))
        .get(sector__code=sector, identifier=identifier)
    )


def recommendation_written_otherwise(*, sector: str, identifier: str) -> Recommendation | None:
    """The Recommendation someone meant by "h702" in an address, if exactly one of the sector's is written so."""
    key = identifier_key(identifier)
    if not key:
        return None
    found = list(
        _with_identifier_key(Recommendation.objects.select_related("sector")).filter(
            Q(sector__code__iexact=sector) & Q(identifier_key=key)
        )[:2]
    )
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class GroupCount:
    """A group and how many Recommendations it and its sub-groups are responsible for."""

    group: Group
    count: int


def groups_with_recommendations() -> list[GroupCount]:
    """The groups responsible for Recommendations, by sector, with their counts (sub-groups counted in their
    parent group, as the group filter finds them). Two queries."""
    per_group = (
        Recommendation.objects.filter(group__isnull=False)
        .values_list("group_id", "group__parent_id")
        .order_by()
        .annotate(count=Count("pk"))
    )
    counts: Counter[int] = Counter()
    for group_id, parent_id, count in per_group:
        counts[parent_id or group_id] += count
    groups = (
        Group.objects.filter(pk__in=counts).select_related("sector").order_by("sector__code", "kind", "number", "code")
    )
    return [GroupCount(group=group, count=counts[group.pk]) for group in groups]


def sector_codes() -> list[str]:
    return list(Sector.objects.order_by("code").values_list("code", flat=True))


def group_exists(code: str, *, sector: str = "") -> bool:
    """Whether a group has this short code (in this sector, if one is given): the filters refuse unknown ones."""
    groups = Group.objects.filter(code__iexact=code.strip())
    if sector:
        groups = groups.filter(sector__code__iexact=sector)
    return groups.exists()
