"""Partner search, "who could fund this?": funding partners ranked by fit and track record, with the evidence.

The score, from 0 to 1, is the weighted mean of the parts the query asks for::

    score = (3 * fit + 4 * track + 3 * text) / (sum of the weights of the parts asked for)

fit
    Asked when action areas, regions, countries or a funding mechanism are given:
    the mean, over the kinds given, of the share of the requested values that
    the partner declares in its profile (2 of 2 areas: 1; 1 of 2 regions: 0.5;
    the mechanism: 0 or 1).
track
    Always asked: the partner's past agreements that match the request. An
    agreement matches when it has one of the requested action areas, one of the
    requested regions and one of the requested countries, for each kind given
    (with none given, every agreement matches). An amendment that names no areas,
    regions or countries has those of the agreement it amends. Each agreement
    weighs 2^(-age / 3 years): half as much every three years since signing.
    With n the sum of the weights of the matching agreements (amendments are not
    new agreements and are not counted) and v the sum of weight * value in USD
    of the matching agreements and amendments::

        track = n / (n + 3) / 2 + v / (v + 500,000) / 2

    so three recent agreements, or USD 500,000 of recent agreements, make half.
text
    Asked when free text is given: each term of the text found in the
    partner's texts counts with the weight of the best field it is in (name 1,
    mandate or development strategy in any language 0.6, titles of its agreements
    0.3), divided by the number of terms.

Who is listed: the active partners that meet each kind of criteria given: the
text (at least two thirds of its terms found: both of two, two of three), and
when areas, regions, countries or a mechanism are given, at least one of them
declared or (areas, regions, countries) one matching agreement. Equal scores
come in the order the partners were recorded.

Texts are compared as every search of Ponte compares them (``core.search_text``):
normalised and cut into terms, with Chinese and Japanese cut into pairs of
characters and a long query term also finding the words it begins.

The search reads derived tables (``search_models``), the same on SQLite and
PostgreSQL, so both rank alike: the terms of each partner (a B-tree index on
the bytes of the term answers a prefix as a range), the track record of each
partner per action area and region (one row per partner for one area and one
region) and the partner's agreements per area and region for other combinations.
``reindex_partners`` rebuilds a partner's rows; ``search_receivers`` marks
partners stale when their texts or agreements change and the job
``refresh_partner_search`` re-indexes them after the commit.

Answers are cached (Django's cache: local memory, or Redis when configured) under
the criteria, the day, the language and the index's version, a token that every
re-indexing changes in the same transaction: the same search is computed once per
version of the index, and never answered from rows older than the index.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country
from ponte.core.search_text import QueryTerm, document_terms, query_terms
from ponte.partnerships.models import ActionArea, Agreement, BeneficiaryRegion, FundingMechanism, Partner, PartnerKind
from ponte.partnerships.search_models import (
    PartnerAgreementFact,
    PartnerSearchTerm,
    PartnerSearchVersion,
    PartnerTrackRecord,
    StalePartnerSearch,
)

# --- The score -------------------------------------------------------------------------------------------------

FIT_WEIGHT, TRACK_WEIGHT, TEXT_WEIGHT = 3.0, 4.0, 3.0
HALF_AGREEMENTS = 3.0  # recent agreements that make half of the agreements' part of the track record
HALF_VALUE_USD = 500_000.0  # recent value that makes half of the value's part
HALF_LIFE_YEARS = 3.0
DAYS_PER_YEAR = 365.25
# Recency weights are stored relative to a fixed day, so that they never need recomputing:
# 2^(-age/h) = 2^((signed - EPOCH)/h) * 2^(-(today - EPOCH)/h), the second factor applied at query time.
EPOCH = datetime.date(2000, 1, 1)
NAME_WEIGHT, PROFILE_WEIGHT, TITLE_WEIGHT = 1.0, 0.6, 0.3
TEXT_FIELDS = {NAME_WEIGHT: "name", PROFILE_WEIGHT: "profile", TITLE_WEIGHT: "agreement titles"}
EXAMPLES = 3
LIMIT, MAX_LIMIT = 20, 100
PARTNERS_PER_CHUNK = 250
LOCK_KEY = 4_004_004  # PostgreSQL advisory lock: one re-indexing at a time (seed 004)
# An answer is reused until partners are re-indexed (the index's version changes), at most this long (settings:
# PARTNER_SEARCH_CACHE_SECONDS, 0 to turn it off): what else it shows (names of areas, agreement titles) is
# at most that old.
CACHE_SECONDS = 3600
VERSION_ROW = 1


def recency_weight(signed_on: datetime.date) -> float:
    """An agreement's weight relative to the epoch: doubles every ``HALF_LIFE_YEARS`` after it."""
    return 2.0 ** ((signed_on - EPOCH).days / (DAYS_PER_YEAR * HALF_LIFE_YEARS))


def decay(today: datetime.date) -> float:
    """The factor that turns weights relative to the epoch into 2^(-age / half-life) on ``today``."""
    return 2.0 ** (-(today - EPOCH).days / (DAYS_PER_YEAR * HALF_LIFE_YEARS))


# --- The index: building it from the records -----------------------------------------------------------------------


def _localised(field_name: str) -> list[str]:
    return [build_localized_fieldname(field_name, code) for code, _name in settings.LANGUAGES]


TERM_COLUMNS = ("partner_id", "term", "weight")
FACT_COLUMNS = (
    "partner_id",
    "agreement_id",
    "countries_of_id",
    "area_id",
    "region_id",
    "signed_on",
    "is_amendment",
    "value_cents",
    "recency",
    "recent_value",
    "area_bits",
    "region_bits",
    "first_area",
    "first_region",
)
BITS = 63  # areas and regions whose id is below it have a bit in ``area_bits`` / ``region_bits``
RECORD_COLUMNS = (
    "partner_id",
    "area_id",
    "region_id",
    "agreements",
    "amendments",
    "value_cents",
    "recent_agreements",
    "recent_value",
    "latest_signed_on",
)
IDS_PER_QUERY = 900  # below SQLite's historical 999 bound parameters
PROFILE_KEY_WEIGHT = 1.0
PROFILE_RELATIONS: dict[str, Any] = {
    "area": Partner.action_areas,
    "region": Partner.regions,
    "country": Partner.countries,
    "mechanism": Partner.mechanisms,
}


def profile_key(kind: str, pk: object) -> str:
    """The reserved term a partner's declared area, region, country or mechanism is indexed under ("@area:5").

    No word of a text can be one: words have no "@".
    """
    return f"@{kind}:{pk}"


@dataclass
class _Tally:
    """The sums of one cell of a partner's track record."""

    agreements: int = 0
    amendments: int = 0
    value_cents: int = 0
    recent_agreements: float = 0.0
    recent_value: float = 0.0
    latest_signed_on: datetime.date = datetime.date.min

    def add(self, *, is_amendment: bool, cents: int, recency: float, value: float, signed_on: datetime.date) -> None:
        if is_amendment:
            self.amendments += 1
        else:
            self.agreements += 1
            self.recent_agreements += recency
        self.value_cents += cents
        self.recent_value += value
        self.latest_signed_on = max(self.latest_signed_on, signed_on)


@dataclass
class _Rows:
    """A chunk of partners' search rows, as tuples in the order of ``*_COLUMNS``."""

    terms: dict[int, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    facts: list[tuple[Any, ...]] = field(default_factory=list)
    tallies: dict[tuple[int, int | None, int | None], _Tally] = field(default_factory=lambda: defaultdict(_Tally))

    def add_text(self, partner_id: int, text: str | None, weight: float) -> None:
        """Index a text of the partner; a term keeps the weight of the best field (texts come lightest first)."""
        self.terms[partner_id].update(dict.fromkeys(document_terms(text or ""), weight))

    def term_rows(self) -> list[tuple[Any, ...]]:
        return [(partner_id, t, w) for partner_id, found in self.terms.items() for t, w in found.items()]

    def record_rows(self) -> list[tuple[Any, ...]]:
        date = connection.ops.adapt_datefield_value
        return [
            (
                *(partner_id, area, region, tally.agreements, tally.amendments, tally.value_cents),
                *(tally.recent_agreements, tally.recent_value, date(tally.latest_signed_on)),
            )
            for (partner_id, area, region), tally in self.tallies.items()
        ]


def _lists_of_agreements(relation: Any, column: str, agreement_ids: list[int]) -> dict[int, list[Any]]:
    """Agreement → the values of one of its lists (action areas, regions, countries)."""
    lists: dict[int, list[Any]] = defaultdict(list)
    for start in range(0, len(agreement_ids), IDS_PER_QUERY):
        chunk = agreement_ids[start : start + IDS_PER_QUERY]
        for agreement_id, value in relation.through.objects.filter(agreement_id__in=chunk).values_list(
            "agreement_id", column
        ):
            lists[agreement_id].append(value)
    return lists


def _bits(ids: list[int | None]) -> int:
    """The bits of an agreement's areas or regions (those with an id below ``BITS``)."""
    return sum(1 << pk for pk in ids if pk is not None and pk < BITS)


def _first(pk: int | None) -> int:
    return -1 if pk is None else pk


def _index_rows(partner_ids: list[int]) -> _Rows:
    """The search rows of some partners, computed from their records (none for an inactive partner)."""
    rows = _Rows()
    partner_ids = list(Partner.objects.filter(pk__in=partner_ids, is_active=True).values_list("pk", flat=True))
    links = list(
        Agreement.partners.through.objects.filter(partner_id__in=partner_ids).values_list(
            "partner_id",
            "agreement_id",
            "agreement__signed_on",
            "agreement__value_usd",
            "agreement__amends_id",
            *(f"agreement__{name}" for name in _localised("title")),
        )
    )
    # An amendment that names no areas, regions or countries has those of the agreement it amends.
    agreement_ids = sorted({link[1] for link in links} | {link[4] for link in links if link[4] is not None})
    areas = _lists_of_agreements(Agreement.action_areas, "actionarea_id", agreement_ids)
    regions = _lists_of_agreements(Agreement.regions, "beneficiaryregion_id", agreement_ids)
    with_countries = set(_lists_of_agreements(Agreement.countries, "country_id", agreement_ids))
    date = connection.ops.adapt_datefield_value
    for partner_id, agreement_id, signed_on, value_usd, amends_id, *titles in links:
        for title in titles:
            rows.add_text(partner_id, title, TITLE_WEIGHT)
        inherits = amends_id is not None
        own_areas: list[int | None] = areas.get(agreement_id) or (areas.get(amends_id) if inherits else None) or [None]
        own_regions: list[int | None] = (
            regions.get(agreement_id) or (regions.get(amends_id) if inherits else None) or [None]
        )
        countries_of = amends_id if inherits and agreement_id not in with_countries else agreement_id
        recency, cents = recency_weight(signed_on), int(value_usd * 100)
        value = recency * float(value_usd)
        fact = (partner_id, agreement_id, countries_of)
        figures = (date(signed_on), inherits, cents, recency, value, _bits(own_areas), _bits(own_regions))
        first_area, first_region = min(own_areas, key=_first), min(own_regions, key=_first)
        rows.facts += [
            (*fact, area, region, *figures, area == first_area, region == first_region)
            for area in own_areas
            for region in own_regions
        ]
        for area in {*own_areas, None}:
            for region in {*own_regions, None}:
                rows.tallies[(partner_id, area, region)].add(
                    is_amendment=inherits, cents=cents, recency=recency, value=value, signed_on=signed_on
                )
    texts = [*_localised("mandate"), *_localised("strategy")]
    for partner_id, name, *profile in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name", *texts):
        for text in profile:
            rows.add_text(partner_id, text, PROFILE_WEIGHT)
        rows.add_text(partner_id, name, NAME_WEIGHT)
    for kind, relation in PROFILE_RELATIONS.items():
        declared = relation.through.objects.filter(partner_id__in=partner_ids)
        for partner_id, pk in declared.values_list("partner_id", relation.field.m2m_reverse_name()):
            rows.terms[partner_id][profile_key(kind, pk)] = PROFILE_KEY_WEIGHT
    return rows


def _insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain rows into a table: no model instances, and COPY on PostgreSQL (the index is rebuilt in bulk)."""
    if not rows:
        return
    names = ", ".join(map(connection.ops.quote_name, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_table(model)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {_table(model)} ({names}) VALUES ({_marks(columns)})", rows)  # noqa: S608


INDEX_MODELS: tuple[type[models.Model], ...] = (PartnerSearchTerm, PartnerAgreementFact, PartnerTrackRecord)


def reindex_partners(partner_ids: Iterable[int], *, replace: bool = True) -> None:
    """Rebuild the search rows of these partners from their records (a deleted partner's rows went with it)."""
    ordered = sorted(set(partner_ids))
    for start in range(0, len(ordered), PARTNERS_PER_CHUNK):
        chunk = ordered[start : start + PARTNERS_PER_CHUNK]
        rows = _index_rows(chunk)
        with transaction.atomic():
            if replace:
                for model in INDEX_MODELS:
                    model._default_manager.filter(partner_id__in=chunk).delete()
            _insert(PartnerSearchTerm, TERM_COLUMNS, rows.term_rows())
            _insert(PartnerAgreementFact, FACT_COLUMNS, rows.facts)
            _insert(PartnerTrackRecord, RECORD_COLUMNS, rows.record_rows())
    if ordered:
        new_version()


def new_version() -> None:
    """Give the index a new version: answers cached for the previous one are not reused.

    The row changes in the re-indexing's transaction: a search that reads the new token reads the new rows.
    """
    PartnerSearchVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex})


def index_version() -> str:
    """The index's current version token ("" before the first re-indexing)."""
    return PartnerSearchVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first() or ""


def _lock() -> None:
    """Re-indexings take turns (PostgreSQL), so an older one never overwrites a newer one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def refresh_partner_search() -> int:
    """Re-index the partners marked stale, then forget the marks; returns the number of partners re-indexed."""
    with transaction.atomic():
        _lock()
        last = StalePartnerSearch.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last is None:
            return 0
        marked = StalePartnerSearch.objects.filter(pk__lte=last)
        partner_ids = set(marked.values_list("partner_id", flat=True))
        reindex_partners(partner_ids)
        marked.delete()
    return len(partner_ids)


def rebuild_partner_search() -> int:
    """Every partner's search rows from the records (after a bulk load, or to repair); returns the partners."""
    with transaction.atomic():
        _lock()
        everything: tuple[type[models.Model], ...] = (*INDEX_MODELS, StalePartnerSearch)
        for model in everything:
            model._default_manager.all().delete()
        partner_ids = list(Partner.objects.values_list("pk", flat=True))
        reindex_partners(partner_ids, replace=False)
        new_version()  # even with no partner left: the rows went
    return len(partner_ids)


# --- What is asked: criteria and their vocabulary ------------------------------------------------------------------


def _unknown(kind: str, unknown: Sequence[str], known: Iterable[str]) -> ValidationError:
    return ValidationError(
        _("Unknown %(kind)s: %(unknown)s. Use one of: %(known)s."),
        code="unknown",
        params={"kind": kind, "unknown": ", ".join(unknown), "known": ", ".join(known)},
    )


def _codes(values: Iterable[str], known: dict[str, str], kind: str, listed: Iterable[str]) -> list[str]:
    """The codes of ``values`` looked up (case-insensitively) in ``known``, in order and without repeats."""
    wanted = [value.strip() for value in values if value.strip()]
    unknown = [value for value in wanted if value.casefold() not in known]
    if unknown:
        raise _unknown(kind, unknown, listed)
    return list(dict.fromkeys(known[value.casefold()] for value in wanted))


def action_area_codes(values: Iterable[str]) -> list[str]:
    """Action areas given by code or English name, as codes; ``ValidationError`` names the unknown ones."""
    pairs = list(ActionArea.objects.values_list("code", "name_en"))
    known = {code.casefold(): code for code, _name in pairs} | {(name or "").casefold(): code for code, name in pairs}
    return _codes(values, known, "action area", (name or code for code, name in pairs))


def region_codes(values: Iterable[str]) -> list[str]:
    """Beneficiary regions given by code (AFR…) or English name, as codes."""
    pairs = list(BeneficiaryRegion.objects.values_list("code", "name_en"))
    known = {code.casefold(): code for code, _name in pairs} | {(name or "").casefold(): code for code, name in pairs}
    return _codes(values, known, "region", (code for code, _name in pairs))


def country_codes(values: Iterable[str]) -> list[str]:
    """Countries given by ISO alpha-3 code, as alpha-3 codes."""
    wanted = [value.strip().upper() for value in values if value.strip()]
    found = set(Country.objects.filter(alpha3__in=wanted).values_list("alpha3", flat=True))
    unknown = [value for value in wanted if value not in found]
    if unknown:
        raise ValidationError(
            _("Unknown country: %(unknown)s. Use ISO alpha-3 codes such as KEN or BRA."),
            code="unknown",
            params={"unknown": ", ".join(unknown)},
        )
    return list(dict.fromkeys(wanted))


def mechanism_code(value: str) -> str:
    """A funding mechanism given by code or English name, as its code ("" for none)."""
    if not value.strip():
        return ""
    pairs = list(FundingMechanism.objects.values_list("code", "name_en"))
    known = {code.casefold(): code for code, _name in pairs} | {(name or "").casefold(): code for code, name in pairs}
    return _codes([value], known, "funding mechanism", (code for code, _name in pairs))[0]


@dataclass(frozen=True)
class Criteria:
    """What the partners should fund, by code (validated by the functions above): all optional, not all empty."""

    action_areas: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO alpha-3
    mechanism: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.action_areas or self.regions or self.countries or self.mechanism or self.text.strip())


# --- Matching -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Asked:
    """The criteria as the tables know them: ids."""

    areas: dict[int, ActionArea]
    regions: dict[int, BeneficiaryRegion]
    countries: dict[str, Country]  # by primary key (alpha-2)
    mechanism: FundingMechanism | None
    terms: list[QueryTerm]
    wants_terms: bool  # text was given, even if nothing in it can be searched

    @property
    def place(self) -> bool:
        return bool(self.areas or self.regions or self.countries)

    @property
    def profile(self) -> bool:
        return self.place or self.mechanism is not None

    @property
    def one_cell(self) -> bool:
        """One area (or any) and one region (or any), no country: the track record is one row per partner."""
        return len(self.areas) <= 1 and len(self.regions) <= 1 and not self.countries

    def profile_keys(self) -> dict[str, list[str]]:
        """The index keys of the requested areas, regions, countries and mechanism, by kind (kinds asked only)."""
        keys = {
            "area": [profile_key("area", pk) for pk in self.areas],
            "region": [profile_key("region", pk) for pk in self.regions],
            "country": [profile_key("country", pk) for pk in self.countries],
            "mechanism": [profile_key("mechanism", self.mechanism.pk)] if self.mechanism else [],
        }
        return {kind: found for kind, found in keys.items() if found}


def _asked(criteria: Criteria) -> _Asked:
    """The ids behind the codes: a query for each kind of criteria given."""
    areas = ActionArea.objects.filter(code__in=criteria.action_areas) if criteria.action_areas else []
    regions = BeneficiaryRegion.objects.filter(code__in=criteria.regions) if criteria.regions else []
    countries = Country.objects.filter(alpha3__in=criteria.countries) if criteria.countries else []
    mechanism = FundingMechanism.objects.filter(code=criteria.mechanism).first() if criteria.mechanism else None
    return _Asked(
        areas={area.pk: area for area in areas},
        regions={region.pk: region for region in regions},
        countries={country.pk: country for country in countries},
        mechanism=mechanism,
        terms=query_terms(criteria.text),
        wants_terms=bool(criteria.text.strip()),
    )


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _m2m(relation: Any) -> tuple[str, str, str]:
    """The table of a many-to-many relation and its two columns (this side, the other side)."""
    m2m = relation.field
    return _table(m2m.remote_field.through), m2m.m2m_column_name(), m2m.m2m_reverse_name()


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def terms_required(terms: int) -> int:
    """How many of the query's terms a partner's texts must contain: two thirds of them, rounded up."""
    return math.ceil(terms * 2 / 3)


# Every branch of the ranking gives, per partner: fit, text weight, terms found, then the track record.
_HITS = "partner_id, fit, text_weight, found, recent_agreements, recent_value, tracked"
_NO_TRACK = ("0", "0", "0")


def _hits(*expressions: str) -> str:
    """The select list of a branch, named as ``_HITS`` (SQLite names a union's columns after its first branch)."""
    return ", ".join(f"{expression} AS {name}" for expression, name in zip(expressions, _HITS.split(", "), strict=True))


def _profile_branches(asked: _Asked) -> list[tuple[str, list[Any]]]:
    """Per partner and kind of criteria: the share of the fit its declared values give (index keys)."""
    kinds = asked.profile_keys()
    table = _table(PartnerSearchTerm)
    return [
        (
            f"SELECT {_hits('partner_id', 'CAST(%s AS DOUBLE PRECISION)', '0', '0', *_NO_TRACK)} FROM {table} "  # noqa: S608
            f"WHERE term IN ({_marks(keys)})",
            [1.0 / (len(keys) * len(kinds)), *keys],
        )
        for keys in kinds.values()
    ]


def _text_branches(terms: list[QueryTerm]) -> list[tuple[str, list[Any]]]:
    """Per partner and term of the query found: the weight of the best field it is in."""
    table = _table(PartnerSearchTerm)
    return [
        (
            f"SELECT {_hits('partner_id', '0', 'MAX(weight)', '1', *_NO_TRACK)} FROM {table} "  # noqa: S608
            f"WHERE {'term = %s' if term.exact else 'term >= %s AND term < %s'} GROUP BY partner_id",
            [term.key] if term.exact else [term.key, term.upper_bound()],
        )
        for term in terms
    ]


def _fact_conditions(asked: _Asked) -> tuple[list[str], list[Any]]:
    """The conditions on ``PartnerAgreementFact`` rows of the agreements that match the request."""
    conditions: list[str] = []
    params: list[Any] = []
    if asked.areas:
        conditions.append(f"area_id IN ({_marks(list(asked.areas))})")
        params += list(asked.areas)
    if asked.regions:
        conditions.append(f"region_id IN ({_marks(list(asked.regions))})")
        params += list(asked.regions)
    if asked.countries:
        table, agreement_column, country_column = _m2m(Agreement.countries)
        conditions.append(
            f"countries_of_id IN (SELECT {agreement_column} FROM {table} "  # noqa: S608
            f"WHERE {country_column} IN ({_marks(list(asked.countries))}))"
        )
        params += list(asked.countries)
    return conditions, params


def _track_branch(asked: _Asked) -> tuple[str, list[Any]]:
    """Per partner: its matching agreements and amendments, their value and recency weights, the latest date.

    One area (or any) and one region (or any): one row of ``PartnerTrackRecord``; otherwise the partner's
    ``PartnerAgreementFact`` rows that match, one per agreement (``_counted_once``; a DISTINCT when it cannot).
    """
    if asked.one_cell:
        area, region = next(iter(asked.areas), None), next(iter(asked.regions), None)
        where = ("area_id IS NULL" if area is None else "area_id = %s") + (
            " AND region_id IS NULL" if region is None else " AND region_id = %s"
        )
        return (
            f"SELECT {_hits('partner_id', '0', '0', '0', 'recent_agreements', 'recent_value', '1')} "  # noqa: S608
            f"FROM {_table(PartnerTrackRecord)} WHERE {where}",
            [value for value in (area, region) if value is not None],
        )
    conditions, params = _fact_conditions(asked)
    sums = ("SUM(CASE WHEN is_amendment THEN 0 ELSE recency END)", "SUM(recent_value)", "1")
    by_area, by_region = _counted_once("area", list(asked.areas)), _counted_once("region", list(asked.regions))
    if by_area is not None and by_region is not None:  # each matching agreement in one row: summed as it is read
        where = " AND ".join([*conditions, by_area[0], by_region[0]])
        sql = f"SELECT {_hits('partner_id', '0', '0', '0', *sums)} FROM {_table(PartnerAgreementFact)} WHERE {where}"  # noqa: S608
        return f"{sql} GROUP BY partner_id", [*params, *by_area[1], *by_region[1]]
    matching = (
        "SELECT DISTINCT partner_id, agreement_id, is_amendment, value_cents, recency, recent_value, signed_on "  # noqa: S608
        f"FROM {_table(PartnerAgreementFact)} WHERE {' AND '.join(conditions)}"
    )
    sql = f"SELECT {_hits('partner_id', '0', '0', '0', *sums)} FROM ({matching}) matching GROUP BY partner_id"  # noqa: S608
    return sql, params


def _counted_once(kind: str, asked: list[int]) -> tuple[str, list[Any]] | None:
    """The condition that keeps one of an agreement's matching rows per kind (area or region), None if it cannot.

    None asked: the row of the agreement's first one. Some asked: the row of the first one asked that the
    agreement has, the others asked before it being absent from its bits (ids below ``BITS`` only).
    """
    if not asked:
        return f"first_{kind}", []
    if len(asked) == 1:
        return "1 = 1", []
    ordered = sorted(asked)
    if ordered[-1] >= BITS:
        return None
    cases = " ".join("WHEN %s THEN CAST(%s AS BIGINT)" for _pk in ordered)
    params: list[Any] = []
    for position, pk in enumerate(ordered):
        params += [pk, sum(1 << before for before in ordered[:position])]
    return f"({kind}_bits & CASE {kind}_id {cases} ELSE 0 END) = 0", params


def _ranking_sql(asked: _Asked, *, limit: int, today: datetime.date) -> tuple[str, list[Any]]:
    """One query: the parts of every candidate summed from index lookups, its score, best first.

    Each criterion is a branch of lookups in the derived tables (index-only on PostgreSQL); the
    branches are added up per partner in one aggregation, whose HAVING keeps the partners that meet
    each kind of criteria given; only the best ``limit`` are joined to ``Partner`` (inactive partners
    are not in the index).
    """
    branches = [*_profile_branches(asked), *_text_branches(asked.terms)]
    if asked.place:  # an agreement in the areas and places asked makes a partner a candidate
        branches.append(_track_branch(asked))
    having, having_params = [], []
    if asked.wants_terms:
        having.append("SUM(found) >= %s")
        having_params.append(terms_required(len(asked.terms)))
    if asked.profile:
        having.append("(SUM(fit) > 0" + (" OR MAX(tracked) > 0)" if asked.place else ")"))
    union = " UNION ALL ".join(sql for sql, _params in branches)
    summed = (
        "SELECT partner_id, SUM(fit) AS fit, SUM(text_weight) AS text_weight, SUM(found) AS found, "  # noqa: S608
        "SUM(recent_agreements) AS recent_agreements, SUM(recent_value) AS recent_value "
        f"FROM ({union}) hits GROUP BY partner_id HAVING {' AND '.join(having)}"
    )
    if not asked.place:
        # Without areas, regions or countries the track record makes nobody a candidate: it is looked up for
        # the candidates only (one row each), not summed over every partner's record.
        summed = (
            "SELECT s.partner_id, s.fit, s.text_weight, s.found, "  # noqa: S608
            "COALESCE(t.recent_agreements, 0) AS recent_agreements, COALESCE(t.recent_value, 0) AS recent_value "
            f"FROM ({summed}) s LEFT JOIN {_table(PartnerTrackRecord)} t ON t.partner_id = s.partner_id "
            "AND t.area_id IS NULL AND t.region_id IS NULL"
        )
    parts = (
        "SELECT partner_id, fit, recent_agreements * %s AS track_n, recent_value * %s AS track_v, "  # noqa: S608
        f"text_weight * %s AS text_weight, found FROM ({summed}) s"
    )
    score = "%s * fit + %s * (0.5 * track_n / (track_n + %s) + 0.5 * track_v / (track_v + %s)) + %s * text_weight"
    best = f"SELECT x.*, {score} AS score FROM ({parts}) x ORDER BY score DESC, partner_id LIMIT %s"  # noqa: S608
    sql = (
        "SELECT best.partner_id, p.name, p.kind, fit, track_n, track_v, text_weight, found, score "  # noqa: S608
        f"FROM ({best}) best JOIN {_table(Partner)} p ON p.id = best.partner_id ORDER BY score DESC, best.partner_id"
    )
    weights = {"fit": FIT_WEIGHT * asked.profile, "track": TRACK_WEIGHT, "text": TEXT_WEIGHT * asked.wants_terms}
    total = sum(weights.values())
    scores = [weights["fit"] / total, weights["track"] / total, HALF_AGREEMENTS, HALF_VALUE_USD]
    factor = decay(today)
    text_share = 1.0 / len(asked.terms) if asked.terms else 0.0
    branch_params = [param for _sql, params in branches for param in params]
    return sql, [
        *scores,
        weights["text"] / total,
        factor,
        factor,
        text_share,
        *branch_params,
        *having_params,
        limit,
    ]


# --- Results and their evidence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleAgreement:
    """A matching agreement shown as evidence."""

    reference: str
    title: str
    signed_on: datetime.date
    value_usd: Decimal
    is_amendment: bool


@dataclass(frozen=True)
class PartnerMatch:
    """A partner found, its score and its three parts, and why: what it declares and what it has done."""

    partner_id: int
    name: str
    kind: str
    score: float
    fit: float
    track_record: float
    text: float
    agreements: int
    amendments: int
    value_usd: Decimal
    latest_signed_on: datetime.date | None
    declared_areas: tuple[ActionArea, ...] = ()
    declared_regions: tuple[BeneficiaryRegion, ...] = ()
    declared_countries: tuple[Country, ...] = ()
    declares_mechanism: bool = False
    agreement_areas: tuple[ActionArea, ...] = ()
    agreement_regions: tuple[BeneficiaryRegion, ...] = ()
    terms_found: int = 0
    text_found_in: tuple[str, ...] = ()  # "name", "profile", "agreement titles"
    examples: tuple[ExampleAgreement, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(PartnerKind(self.kind).label) if self.kind in PartnerKind.values else self.kind

    def as_json(self) -> dict[str, Any]:
        """The API's item: the fields the issue names, then the kind and the evidence (codes, not names)."""
        return {
            "partner": self.name,
            "score": self.score,
            "agreements": self.agreements,
            "value_usd": f"{self.value_usd:.2f}",
            "kind": self.kind,
            "evidence": {
                "fit": self.fit,
                "track_record": self.track_record,
                "text": self.text,
                "amendments": self.amendments,
                "latest_signed_on": self.latest_signed_on,
                "declared": {
                    "action_areas": [area.code for area in self.declared_areas],
                    "regions": [region.code for region in self.declared_regions],
                    "countries": [country.alpha3 for country in self.declared_countries],
                    "mechanism": self.declares_mechanism,
                },
                "agreements_in": {
                    "action_areas": [area.code for area in self.agreement_areas],
                    "regions": [region.code for region in self.agreement_regions],
                },
                "terms_found": self.terms_found,
                "text_found_in": list(self.text_found_in),
                "examples": [
                    {
                        "reference": example.reference,
                        "title": example.title,
                        "year": example.signed_on.year,
                        "value_usd": f"{example.value_usd:.2f}",
                        "amendment": example.is_amendment,
                    }
                    for example in self.examples
                ],
            },
        }


@dataclass(frozen=True)
class PartnerSearch:
    """The answer to a search: the partners best first, and what was looked for."""

    results: tuple[PartnerMatch, ...]
    areas: tuple[ActionArea, ...] = ()
    regions: tuple[BeneficiaryRegion, ...] = ()
    countries: tuple[Country, ...] = ()
    mechanism: FundingMechanism | None = None
    terms: int = 0


def _as_date(value: object) -> datetime.date | None:
    """A date from SQL: PostgreSQL gives dates, SQLite ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _declared(asked: _Asked, partner_ids: list[int]) -> dict[int, set[str]]:
    """Per partner: the index keys of the requested areas, regions, countries and mechanism it declares."""
    keys = [key for found in asked.profile_keys().values() for key in found]
    sql = (
        f"SELECT partner_id, term FROM {_table(PartnerSearchTerm)} "  # noqa: S608
        f"WHERE partner_id IN ({_marks(partner_ids)}) AND term IN ({_marks(keys)})"
    )
    declared: dict[int, set[str]] = defaultdict(set)
    for partner_id, key in _rows(sql, [*partner_ids, *keys]):
        declared[partner_id].add(key)
    return declared


def _agreement_places(asked: _Asked, partner_ids: list[int]) -> dict[int, tuple[set[int], set[int]]]:
    """Per partner: the requested areas and regions its matching agreements have."""
    if not (asked.areas or asked.regions):
        return {}
    conditions, params = _fact_conditions(asked)
    sql = (
        f"SELECT DISTINCT partner_id, area_id, region_id FROM {_table(PartnerAgreementFact)} "  # noqa: S608
        f"WHERE partner_id IN ({_marks(partner_ids)}) AND {' AND '.join(conditions)}"
    )
    places: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for partner_id, area_id, region_id in _rows(sql, [*partner_ids, *params]):
        places[partner_id][0].add(area_id)
        places[partner_id][1].add(region_id)
    return places


def _examples(asked: _Asked, partner_ids: list[int]) -> dict[int, list[ExampleAgreement]]:
    """Per partner: its latest matching agreements (at most ``EXAMPLES``), in two queries.

    One subquery per partner, each reading the partner's rows newest first (index on partner and
    date) and stopping after ``EXAMPLES``: a big partner's thousands of agreements are not sorted.
    """
    conditions, params = _fact_conditions(asked)
    where = "".join(f" AND {condition}" for condition in conditions)
    latest = (
        f"SELECT * FROM (SELECT DISTINCT partner_id, agreement_id, signed_on FROM {_table(PartnerAgreementFact)} "  # noqa: S608
        f"WHERE partner_id = %s{where} ORDER BY signed_on DESC, agreement_id DESC LIMIT %s) latest"
    )
    sql = " UNION ALL ".join([latest] * len(partner_ids))
    links = [
        (partner_id, agreement_id)
        for partner_id, agreement_id, _signed in _rows(
            sql, [value for partner_id in partner_ids for value in (partner_id, *params, EXAMPLES)]
        )
    ]
    agreements = Agreement.objects.only("reference", "title", "signed_on", "value_usd", "amends_id").in_bulk(
        [agreement_id for _partner, agreement_id in links]
    )
    examples: dict[int, list[ExampleAgreement]] = defaultdict(list)
    for partner_id, agreement_id in links:
        agreement = agreements[agreement_id]
        examples[partner_id].append(
            ExampleAgreement(
                reference=agreement.reference,
                title=agreement.title,
                signed_on=agreement.signed_on,
                value_usd=agreement.value_usd,
                is_amendment=agreement.amends_id is not None,
            )
        )
    for found in examples.values():
        found.sort(key=lambda example: (example.signed_on, example.reference), reverse=True)
    return examples


def _text_fields(asked: _Asked, partner_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Per partner: the fields its found terms are in at best (name, profile, agreement titles)."""
    if not asked.terms:
        return {}
    conditions, params = [], []
    for term in asked.terms:
        conditions.append("term = %s" if term.exact else "(term >= %s AND term < %s)")
        params += [term.key] if term.exact else [term.key, term.upper_bound()]
    sql = (
        f"SELECT DISTINCT partner_id, weight FROM {_table(PartnerSearchTerm)} "  # noqa: S608
        f"WHERE partner_id IN ({_marks(partner_ids)}) AND ({' OR '.join(conditions)})"
    )
    weights: dict[int, set[float]] = defaultdict(set)
    for partner_id, weight in _rows(sql, [*partner_ids, *params]):
        weights[partner_id].add(weight)
    return {
        partner_id: tuple(name for weight, name in TEXT_FIELDS.items() if weight in found)
        for partner_id, found in weights.items()
    }


def _parts(row: Sequence[Any]) -> dict[str, Any]:
    """A row of the ranking as the fields of ``PartnerMatch``."""
    partner_id, name, kind, fit, track_n, track_v, text_weight, found, score = row
    track = 0.5 * track_n / (track_n + HALF_AGREEMENTS) + 0.5 * track_v / (track_v + HALF_VALUE_USD)
    return {
        "partner_id": partner_id,
        "name": name,
        "kind": kind,
        "score": round(float(score), 4),
        "fit": round(float(fit), 4),
        "track_record": round(float(track), 4),
        "text": round(float(text_weight), 4),
        "terms_found": int(found),
    }


@dataclass(frozen=True)
class _Record:
    """A partner's matching agreements in figures."""

    agreements: int = 0
    amendments: int = 0
    value_usd: Decimal = Decimal("0.00")
    latest_signed_on: datetime.date | None = None


def _records(asked: _Asked, partner_ids: list[int]) -> dict[int, _Record]:
    """Per partner shown: its matching agreements, amendments, their value and the latest date."""
    if asked.one_cell:
        area, region = next(iter(asked.areas), None), next(iter(asked.regions), None)
        where = ("area_id IS NULL" if area is None else "area_id = %s") + (
            " AND region_id IS NULL" if region is None else " AND region_id = %s"
        )
        sql = (
            "SELECT partner_id, agreements, amendments, value_cents, latest_signed_on "  # noqa: S608
            f"FROM {_table(PartnerTrackRecord)} WHERE {where} AND partner_id IN ({_marks(partner_ids)})"
        )
        params = [value for value in (area, region) if value is not None]
    else:
        conditions, params = _fact_conditions(asked)
        matching = (
            "SELECT DISTINCT partner_id, agreement_id, is_amendment, value_cents, signed_on "  # noqa: S608
            f"FROM {_table(PartnerAgreementFact)} WHERE {' AND '.join(conditions)} "
            f"AND partner_id IN ({_marks(partner_ids)})"
        )
        sql = (
            "SELECT partner_id, SUM(CASE WHEN is_amendment THEN 0 ELSE 1 END), "  # noqa: S608
            "SUM(CASE WHEN is_amendment THEN 1 ELSE 0 END), SUM(value_cents), MAX(signed_on) "
            f"FROM ({matching}) matching GROUP BY partner_id"
        )
    return {
        partner_id: _Record(
            agreements=int(agreements),
            amendments=int(amendments),
            value_usd=(Decimal(int(cents)) / 100).quantize(Decimal("0.01")),
            latest_signed_on=_as_date(latest),
        )
        for partner_id, agreements, amendments, cents, latest in _rows(sql, [*params, *partner_ids])
    }


def _cache_key(criteria: Criteria, *, limit: int, today: datetime.date) -> str:
    """What an answer depends on: the index's version, the day (recency), the language (titles), the criteria."""
    terms = sorted((term.key, term.exact) for term in query_terms(criteria.text))
    asked = [
        *(sorted(set(values)) for values in (criteria.action_areas, criteria.regions, criteria.countries)),
        criteria.mechanism,
        bool(criteria.text.strip()),
        terms,
    ]
    described = json.dumps([index_version(), today.isoformat(), get_language(), limit, asked], ensure_ascii=False)
    return "partnerships:search:" + hashlib.sha256(described.encode()).hexdigest()


def match_partners(criteria: Criteria, *, limit: int = LIMIT, today: datetime.date | None = None) -> PartnerSearch:
    """The partners that could fund what the criteria describe, best first, each with its evidence.

    The same criteria are answered from the cache until partners are re-indexed (``CACHE_SECONDS``).
    """
    today = today or timezone.localdate()
    limit = max(1, min(limit, MAX_LIMIT))
    seconds = int(getattr(settings, "PARTNER_SEARCH_CACHE_SECONDS", CACHE_SECONDS))
    if seconds <= 0:
        return _match_partners(criteria, limit=limit, today=today)
    key = _cache_key(criteria, limit=limit, today=today)
    found: PartnerSearch | None = cache.get(key)
    if found is None:
        found = _match_partners(criteria, limit=limit, today=today)
        cache.set(key, found, seconds)
    return found


def _match_partners(criteria: Criteria, *, limit: int, today: datetime.date) -> PartnerSearch:
    """The answer computed: a constant number of queries whatever the number of partners (the ids of the
    criteria, the ranking, then the evidence of the partners shown)."""
    asked = _asked(criteria)
    searched = PartnerSearch(
        results=(),
        areas=tuple(asked.areas.values()),
        regions=tuple(asked.regions.values()),
        countries=tuple(asked.countries.values()),
        mechanism=asked.mechanism,
        terms=len(asked.terms),
    )
    if criteria.is_empty or (asked.wants_terms and not asked.terms):
        return searched
    ranked = [_parts(row) for row in _rows(*_ranking_sql(asked, limit=limit, today=today))]
    if not ranked:
        return searched
    partner_ids = [parts["partner_id"] for parts in ranked]
    records = _records(asked, partner_ids)
    declared = _declared(asked, partner_ids) if asked.profile else {}
    places = _agreement_places(asked, partner_ids)
    examples = _examples(asked, partner_ids)
    fields = _text_fields(asked, partner_ids)
    results = []
    for parts in ranked:
        partner_id = parts["partner_id"]
        mine = declared.get(partner_id, set())
        area_ids, region_ids = places.get(partner_id, (set(), set()))
        record = records.get(partner_id, _Record())
        results.append(
            PartnerMatch(
                **parts,
                agreements=record.agreements,
                amendments=record.amendments,
                value_usd=record.value_usd,
                latest_signed_on=record.latest_signed_on,
                declared_areas=tuple(area for pk, area in asked.areas.items() if profile_key("area", pk) in mine),
                declared_regions=tuple(r for pk, r in asked.regions.items() if profile_key("region", pk) in mine),
                declared_countries=tuple(c for pk, c in asked.countries.items() if profile_key("country", pk) in mine),
                declares_mechanism=bool(asked.mechanism and profile_key("mechanism", asked.mechanism.pk) in mine),
                agreement_areas=tuple(area for pk, area in asked.areas.items() if pk in area_ids),
                agreement_regions=tuple(region for pk, region in asked.regions.items() if pk in region_ids),
                text_found_in=fields.get(partner_id, ()),
                examples=tuple(examples.get(partner_id, ())),
            )
        )
    return PartnerSearch(**{**searched.__dict__, "results": tuple(results)})
