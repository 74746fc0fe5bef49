"""Reads of partnerships: agreement statistics as the bureau reports them, and partner profiles.

Counting rules (DOMAIN.md §4), in one place for the dashboard, the API and the
command:

- *new* agreements are the originals signed in the period; *amendments* are
  counted apart and never as new agreements;
- the value is the USD value of originals and amendments together;
- per year and per type, originals are counted;
- per beneficiary region and per action area, an original that names k of them
  counts 1/k in each (GLO is a region of its own), so each breakdown adds up to
  the number of originals that name at least one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, FloatField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from ponte.partnerships.models import ActionArea, Agreement, AgreementType, BeneficiaryRegion, Partner

TOP_PARTNERS = 10
CENT = Decimal("0.01")


@dataclass(frozen=True)
class TopPartner:
    name: str
    agreements: int
    value_usd: Decimal


@dataclass(frozen=True)
class AgreementStats:
    new: int
    amendments: int
    value_usd: Decimal
    by_year: dict[str, int]
    by_region: dict[str, float]
    by_action_area: dict[str, float]
    by_type: dict[str, int]
    top_partners: list[TopPartner]

    def as_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "amendments": self.amendments,
            "value_usd": str(self.value_usd),
            "by_year": self.by_year,
            "by_region": self.by_region,
            "by_action_area": self.by_action_area,
            "by_type": self.by_type,
            "top_partners": [
                {"partner": top.name, "agreements": top.agreements, "value_usd": str(top.value_usd)}
                for top in self.top_partners
            ],
        }


def agreements_signed(*, year_from: int | None = None, year_to: int | None = None) -> QuerySet[Agreement]:
    """Agreements and amendments signed in the years (inclusive; open-ended without a bound)."""
    agreements = Agreement.objects.all()
    if year_from is not None:
        agreements = agreements.filter(signed_on__gte=datetime.date(year_from, 1, 1))
    if year_to is not None:
        agreements = agreements.filter(signed_on__lte=datetime.date(year_to, 12, 31))
    return agreements


def _split(originals: QuerySet[Agreement], field: str, key: str) -> dict[str, float]:
    """Each original counts 1/k in each of its k regions (or action areas), summed per region (area); ``key`` is
    the through row's path to the label, e.g. ``beneficiaryregion__code``."""
    through = getattr(Agreement, field).through
    k = (
        through.objects.filter(agreement_id=OuterRef("agreement_id"))
        .order_by()
        .values("agreement_id")
        .annotate(count=Count("*"))
        .values("count")
    )
    shares = (
        through.objects.filter(agreement__in=originals.values("pk"))
        .annotate(k=Subquery(k))
        .values(key)
        .annotate(share=Sum(Value(1.0) / Cast(F("k"), FloatField())))
        .order_by()
    )
    return {row[key]: round(row["share"], 4) for row in shares}


def _years(agreements: QuerySet[Agreement], year_from: int | None, year_to: int | None) -> dict[str, int]:
    counted = dict(
        agreements.annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    if not counted and (year_from is None or year_to is None):
        return {}
    first = year_from if year_from is not None else min(counted)
    last = year_to if year_to is not None else max(counted)
    return {str(year): counted.get(year, 0) for year in range(first, last + 1)}


def top_partners(agreements: QuerySet[Agreement], limit: int = TOP_PARTNERS) -> list[TopPartner]:
    """The partners with most originals in the period, then by value (originals and amendments)."""
    partners = (
        Partner.objects.filter(agreements__in=agreements.values("pk"))
        .annotate(
            count=Count("agreements", filter=Q(agreements__amends__isnull=True), distinct=True),
            value=Coalesce(Sum("agreements__value_usd"), Decimal(0)),
        )
        .order_by("-count", "-value", "name")[:limit]
    )
    return [TopPartner(partner.name, partner.count, partner.value.quantize(CENT)) for partner in partners]


def agreement_stats(*, year_from: int | None = None, year_to: int | None = None) -> AgreementStats:
    """The report's figures for the period: new agreements, amendments, value and the breakdowns."""
    signed = agreements_signed(year_from=year_from, year_to=year_to)
    originals = signed.filter(amends__isnull=True)
    totals = signed.aggregate(
        new=Count("pk", filter=Q(amends__isnull=True)),
        amendments=Count("pk", filter=Q(amends__isnull=False)),
        value=Coalesce(Sum("value_usd"), Decimal(0)),
    )
    by_type = dict(originals.values("type").annotate(n=Count("pk")).values_list("type", "n").order_by())
    by_region = _split(originals, "regions", "beneficiaryregion__code")
    by_area = _split(originals, "action_areas", "actionarea__name_en")
    return AgreementStats(
        new=totals["new"],
        amendments=totals["amendments"],
        value_usd=Decimal(totals["value"]).quantize(CENT),
        by_year=_years(originals, year_from, year_to),
        by_region={code: by_region.get(code, 0.0) for code in BeneficiaryRegion.objects.values_list("code", flat=True)},
        by_action_area={name: by_area.get(name, 0.0) for name in ActionArea.objects.values_list("name_en", flat=True)},
        by_type={kind: by_type.get(kind, 0) for kind in AgreementType.values},
        top_partners=top_partners(signed),
    )


def signing_years() -> tuple[int, int] | None:
    """The first and last year any agreement was signed (the dashboard's default period)."""
    first = Agreement.objects.order_by("signed_on").values_list("signed_on", flat=True).first()
    last = Agreement.objects.order_by("-signed_on").values_list("signed_on", flat=True).first()
    return (first.year, last.year) if first and last else None


def partner_list(*, kind: str = "", text: str = "") -> QuerySet[Partner]:
    """Active partners by name with what the directory shows, filtered by kind and by words of the name or
    mandate (in the reader's language)."""
    partners = (
        Partner.objects.filter(is_active=True)
        .select_related("country")
        .prefetch_related("action_areas", "regions", "mechanisms")
        .order_by("name")
    )
    if kind:
        partners = partners.filter(kind=kind)
    if text:
        partners = partners.filter(Q(name__icontains=text) | Q(mandate__icontains=text))
    return partners


@dataclass(frozen=True)
class TrackRecord:
    agreements: int
    amendments: int
    value_usd: Decimal
    first_year: int | None
    last_year: int | None
    by_region: list[tuple[str, float]]  # (name in the reader's language, share), largest first
    by_action_area: list[tuple[str, float]]


def _named(shares: dict[str, float], names: dict[str, str]) -> list[tuple[str, float]]:
    return sorted(((names.get(key, key), share) for key, share in shares.items()), key=lambda item: -item[1])


def track_record(partner: Partner) -> TrackRecord:
    """What a partner has signed: counts, value, years, and its originals split over regions and action areas."""
    signed = Agreement.objects.filter(partners=partner)
    originals = signed.filter(amends__isnull=True)
    totals = signed.aggregate(
        new=Count("pk", filter=Q(amends__isnull=True)),
        amendments=Count("pk", filter=Q(amends__isnull=False)),
        value=Coalesce(Sum("value_usd"), Decimal(0)),
        first=Min("signed_on"),
        last=Max("signed_on"),
    )
    regions = _split(originals, "regions", "beneficiaryregion__code")
    areas = _split(originals, "action_areas", "actionarea__name_en")
    return TrackRecord(
        agreements=totals["new"],
        amendments=totals["amendments"],
        value_usd=Decimal(totals["value"]).quantize(CENT),
        first_year=totals["first"].year if totals["first"] else None,
        last_year=totals["last"].year if totals["last"] else None,
        by_region=_named(regions, dict(BeneficiaryRegion.objects.values_list("code", "name"))),
        by_action_area=_named(areas, dict(ActionArea.objects.values_list("name_en", "name"))),
    )


def agreements_of(partner: Partner) -> QuerySet[Agreement]:
    """A partner's agreements and amendments, latest first (the secretariat's view)."""
    return Agreement.objects.filter(partners=partner).select_related("amends").order_by("-signed_on", "reference")


def agreements_matching(
    *,
    query: str = "",
    partner: str = "",
    type: str = "",
    region: str = "",
    action_area: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[Agreement]:
    """The agreements (and amendments) that pass the filters, newest first; each once, whatever it links to."""
    found = Agreement.objects.all()
    if query:
        title = build_localized_fieldname("title", _language())
        found = found.filter(
            Q(reference__icontains=query) | Q(title_en__icontains=query) | Q(**{f"{title}__icontains": query})
        )
    links = {
        "partners": ("partner__name__icontains", partner),
        "regions": ("beneficiaryregion__code", region),
        "action_areas": ("actionarea__code", action_area),
    }
    for name, (lookup, value) in links.items():
        if value:
            through = getattr(Agreement, name).through
            found = found.filter(Exists(through.objects.filter(agreement_id=OuterRef("pk"), **{lookup: value})))
    if type:
        found = found.filter(type=type)
    if year_from is not None:
        found = found.filter(signed_on__gte=datetime.date(year_from, 1, 1))
    if year_to is not None:
        found = found.filter(signed_on__lte=datetime.date(year_to, 12, 31))
    return found.order_by("-signed_on", "reference")


def _language() -> str:
    return (get_language() or "en").replace("-", "_")
