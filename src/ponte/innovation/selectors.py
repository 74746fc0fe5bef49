"""Reads of the innovation app: published assessments, the index of assessed countries, and the country
digital-innovation profile.

How a profile compares (one place for the page, the PDF and the API):

- the country's figures are those of its *latest published* assessment;
- the region average of a pillar is the plain mean of the latest published scores of the *other* countries of
  the country's ITU-D region; the income-group average the same over the other countries of its World Bank
  income group; each country counts once, whatever the number of its assessments;
- averages are rounded to one decimal; with no other assessed country, there is no average (never a 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Max, OuterRef, Prefetch, QuerySet, Subquery

from ponte.core.models import Country, Region
from ponte.core.rules import scopes_of
from ponte.experts.rules import certified_countries
from ponte.innovation.models import Assessment, AssessmentState, CountryIncome, IncomeGroup, Pillar, PillarScore

TENTH = Decimal("0.1")


def pillars() -> list[Pillar]:
    return list(Pillar.objects.order_by("position", "code"))


def _with_details(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("country", "lead_certificate__person").prefetch_related(
        Prefetch("scores", queryset=PillarScore.objects.select_related("pillar").order_by("pillar__position"))
    )


def published_assessments(*, country: str = "") -> QuerySet[Assessment]:
    """Published assessments, latest first, with their scores; ``country`` is an ISO alpha-3 code."""
    found = Assessment.objects.filter(state=AssessmentState.PUBLISHED)
    if country:
        found = found.filter(country__alpha3=country.upper())
    return _with_details(found).order_by("-assessed_on", "country__alpha3")


def assessment_detail(*, pk: int) -> Assessment:
    return _with_details(Assessment.objects.all()).get(pk=pk)


def drafts_for(user: Any) -> QuerySet[Assessment]:
    """The drafts the account may work on: all for the secretariat, its country's for a certified expert."""
    drafts = Assessment.objects.filter(state=AssessmentState.DRAFT).select_related("country")
    if not scopes_of(user).secretariat:
        drafts = drafts.filter(country_id__in=certified_countries(user))
    return drafts.order_by("-assessed_on", "country__alpha3")


def _latest_published_ids() -> QuerySet[Assessment, Any]:
    """The ids of each country's latest published assessment."""
    latest = (
        Assessment.objects.filter(state=AssessmentState.PUBLISHED, country=OuterRef("country"))
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(state=AssessmentState.PUBLISHED, pk=Subquery(latest)).values("pk")


@dataclass(frozen=True)
class AssessedCountry:
    alpha3: str
    name: str
    region: str
    income_group: str
    latest: Any  # datetime.date
    assessments: int


def assessed_countries(*, region: str = "") -> list[AssessedCountry]:
    """Countries with at least one published assessment, by name: one query."""
    countries = (
        Country.objects.filter(innovation_assessments__state=AssessmentState.PUBLISHED)
        .annotate(
            latest=Max("innovation_assessments__assessed_on"),
            assessments=Count("innovation_assessments", distinct=True),
        )
        .select_related("income")
        .order_by("name")
    )
    if region:
        countries = countries.filter(region=region)
    return [
        AssessedCountry(
            alpha3=country.alpha3,
            name=country.name,
            region=str(Region(country.region).label) if country.region else "",
            income_group=_income_label(country),
            latest=country.latest,
            assessments=country.assessments,
        )
        for country in countries
    ]


def _income_of(country: Country) -> CountryIncome | None:
    try:
        return country.income
    except CountryIncome.DoesNotExist:
        return None


def _income_label(country: Country) -> str:
    income = _income_of(country)
    return str(IncomeGroup(income.group).label) if income else ""


@dataclass(frozen=True)
class Average:
    value: Decimal | None  # None: no other country has a published score for the pillar
    countries: int


@dataclass(frozen=True)
class ProfileRow:
    pillar: Pillar
    score: Decimal | None
    region: Average
    income: Average


@dataclass(frozen=True)
class Profile:
    country: Country
    region_name: str
    income_group: str  # its label, "" when unknown
    assessment: Assessment | None  # the latest published
    rows: tuple[ProfileRow, ...]
    region_peers: tuple[str, ...]  # names of the other assessed countries of the region
    income_peers: tuple[str, ...]
    history: tuple[Assessment, ...]  # every published assessment, latest first

    @property
    def has_region_comparison(self) -> bool:
        return bool(self.region_peers)

    @property
    def has_income_comparison(self) -> bool:
        return bool(self.income_peers)


def _averages(peer_scores: QuerySet[PillarScore]) -> dict[int, Average]:
    rows = peer_scores.values("pillar_id").annotate(mean=Avg("score"), n=Count("assessment__country", distinct=True))
    return {
        row["pillar_id"]: Average(Decimal(row["mean"]).quantize(TENTH, rounding=ROUND_HALF_UP), row["n"])
        for row in rows.order_by()
    }


def _peer_names(countries: QuerySet[Country]) -> tuple[str, ...]:
    return tuple(country.name for country in countries.order_by("name"))


def profile(country: Country) -> Profile:
    """The country's latest published scores beside its region's and income group's averages (see above)."""
    history = tuple(published_assessments().filter(country=country))
    latest = history[0] if history else None
    latest_ids = _latest_published_ids()
    others = PillarScore.objects.filter(assessment_id__in=latest_ids).exclude(assessment__country=country)
    income = _income_of(country)
    peer_countries = Country.objects.filter(innovation_assessments__in=latest_ids).exclude(pk=country.pk).distinct()
    region_peers = peer_countries.filter(region=country.region) if country.region else peer_countries.none()
    income_peers = peer_countries.filter(income__group=income.group) if income else peer_countries.none()
    region_avg = _averages(others.filter(assessment__country__region=country.region)) if country.region else {}
    income_avg = _averages(others.filter(assessment__country__income__group=income.group)) if income else {}
    scores = {score.pillar_id: score.score for score in latest.scores.all()} if latest else {}
    none = Average(None, 0)
    rows = tuple(
        ProfileRow(
            pillar=pillar,
            score=scores.get(pillar.pk),
            region=region_avg.get(pillar.pk, none),
            income=income_avg.get(pillar.pk, none),
        )
        for pillar in pillars()
    )
    return Profile(
        country=country,
        region_name=str(Region(country.region).label) if country.region else "",
        income_group=str(IncomeGroup(income.group).label) if income else "",
        assessment=latest,
        rows=rows,
        region_peers=_peer_names(region_peers),
        income_peers=_peer_names(income_peers),
        history=history,
    )


def country_by_alpha3(alpha3: str) -> Country:
    return Country.objects.select_related("income").get(alpha3=alpha3.upper())


def lead_name(assessment: Assessment) -> str:
    """Who led, as the public reads it: the secretariat, or the national expert's name."""
    if assessment.lead_certificate is None:
        return ""
    return assessment.lead_certificate.person.full_name
