"""Participation indicators of Resolution 44 (bridging the standardization gap), from attendance person-days.

Definitions (the same for the page, the API and the command):

- *participants*: distinct people with at least one attendance day;
  *organisations*: distinct organisations they attended for.
- *developing_share*: participants who attended in the delegation of (or for
  an entity of) a developing country, over all participants; LDC, SIDS and
  LLDC counts the same way (``by_classification``).
- *by_region*: participants per ITU-D region of their delegation's country (a
  person attending for two regions counts in both).
- *remote_share*: remote person-days over all person-days.
- *women_share*: women over participants whose gender is recorded.
- *youth_share*: participants under 35 in the year of a meeting they attended,
  over participants whose birth year is recorded.

- *contributions_developing*: contributions (first revisions) with at least one
  source organisation from a developing country; *leadership_developing*:
  leadership posts current at some time in the period held by people (or,
  unrecorded, their organisations) from developing countries.
- *fellowships_awarded*: fellowships awarded for meetings of the period;
  *fellowships_used*: those whose fellow attended at least one day.
- *new_academia_developing*: Academia memberships from developing countries
  that started in the year with Resolution 44's fee waiver.
- *smes_taking_part*: distinct SMEs whose people attended.

Shares are rounded to 4 decimals, and ``None`` where nothing is known. Filters:
the attendance day's year, the meeting group's sector, the group's short code
(its working parties and regional groups included) and the delegation's region.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from ponte.core.models import Region
from ponte.meetings.models import Attendance, RegistrationMode

CLASSIFICATIONS = {"LDC": "delegation__is_ldc", "SIDS": "delegation__is_sids", "LLDC": "delegation__is_lldc"}
YOUTH_AGE = 35


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class ParticipationStats:
    participants: int
    organisations: int
    person_days: int
    developing_share: float | None
    remote_share: float | None
    women_share: float | None
    youth_share: float | None
    by_region: dict[str, int]
    by_classification: dict[str, int]
    more: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "participants": self.participants,
            "organisations": self.organisations,
            "person_days": self.person_days,
            "developing_share": self.developing_share,
            "remote_share": self.remote_share,
            "women_share": self.women_share,
            "youth_share": self.youth_share,
            "by_region": self.by_region,
            "by_classification": self.by_classification,
            **self.more,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParticipationStats:
        """The indicators as ``as_json`` wrote them (a rollup's figures)."""
        named = {field: data[field] for field in cls.__dataclass_fields__ if field != "more"}
        return cls(**named, more={key: value for key, value in data.items() if key not in named})


def group_code(code: str) -> str | None:
    """The group code as stored ("sg16" gives "SG16"), or ``None`` if no group has it: filters match exactly."""
    from ponte.core.models import Group

    code = code.strip()
    if not code:
        return ""
    return Group.objects.filter(code__iexact=code).values_list("code", flat=True).first()


def sector_codes() -> list[str]:
    from ponte.core.models import Sector

    return list(Sector.objects.values_list("code", flat=True))


def attendances(
    *, year: int | None = None, sector: str = "", group: str = "", region: str = ""
) -> QuerySet[Attendance]:
    """The person-days the indicators count, filtered."""
    days = Attendance.objects.all()
    if year:
        days = days.filter(day__year=year)
    if sector:
        days = days.filter(meeting__group__sector__code=sector)
    if group:
        days = days.filter(Q(meeting__group__code=group) | Q(meeting__group__parent__code=group))
    if region:
        days = days.filter(delegation__region=region)
    return days


def participation_stats(
    *, year: int | None = None, sector: str = "", group: str = "", region: str = ""
) -> ParticipationStats:
    """All indicators computed over the raw records: one aggregate of the person-days, participants per region,
    and one count per other record (contributions, leadership, fellowships, waivers).

    This is the reference the rollups (``ponte.stats.rollups``) must equal; pages and the API read
    ``participation_figures``, which takes the rollup when there is one.
    """
    days = with_meeting_year(attendances(year=year, sector=sector, group=group, region=region))
    totals = days.aggregate(**day_aggregates())
    per_region = dict(
        days.exclude(delegation__region="")
        .filter(delegation__isnull=False)
        .values_list("delegation__region")
        .annotate(count=Count("person", distinct=True))
        .values_list("delegation__region", "count")
    )
    return stats_of(totals, per_region, other_indicators(year=year, sector=sector, group=group))


def with_meeting_year(days: QuerySet[Attendance]) -> QuerySet[Attendance]:
    """The meeting's year, which youth is measured against."""
    return days.annotate(meeting_year=ExtractYear("meeting__starts_on"))


def day_aggregates() -> dict[str, Any]:
    """The aggregates of the person-days every indicator of attendance is made of (one pass, grouped or not)."""
    person = "person"
    young = Q(person__birth_year__gt=F("meeting_year") - YOUTH_AGE)
    return {
        "participants": Count(person, distinct=True),
        "organisations": Count("organisation", distinct=True),
        "person_days": Count("pk"),
        "remote_days": Count("pk", filter=Q(mode=RegistrationMode.REMOTE)),
        "developing": Count(person, distinct=True, filter=Q(delegation__is_developing=True)),
        "gender_known": Count(person, distinct=True, filter=~Q(person__gender="")),
        "women": Count(person, distinct=True, filter=Q(person__gender="female")),
        "birth_known": Count(person, distinct=True, filter=Q(person__birth_year__isnull=False)),
        "young": Count(person, distinct=True, filter=young),
        "smes_taking_part": Count("organisation", distinct=True, filter=Q(organisation__category="sme")),
        **{label: Count(person, distinct=True, filter=Q(**{flag: True})) for label, flag in CLASSIFICATIONS.items()},
    }


def stats_of(totals: dict[str, Any], per_region: dict[str, int], more: dict[str, int]) -> ParticipationStats:
    """The indicators from the aggregates of the person-days, the participants per region and the other counts."""
    return ParticipationStats(
        participants=totals["participants"] or 0,
        organisations=totals["organisations"] or 0,
        person_days=totals["person_days"] or 0,
        developing_share=_share(totals["developing"] or 0, totals["participants"] or 0),
        remote_share=_share(totals["remote_days"] or 0, totals["person_days"] or 0),
        women_share=_share(totals["women"] or 0, totals["gender_known"] or 0),
        youth_share=_share(totals["young"] or 0, totals["birth_known"] or 0),
        by_region={code: per_region.get(code, 0) for code in Region.values},
        by_classification={label: totals[label] or 0 for label in CLASSIFICATIONS},
        more={**more, "smes_taking_part": totals["smes_taking_part"] or 0},
    )


def other_indicators(*, year: int | None, sector: str, group: str) -> dict[str, int]:
    """Contributions, leadership, fellowships, new Academia members and SMEs of the same period and groups."""
    from ponte.meetings.models import Contribution, Fellowship, LeadershipPost
    from ponte.membership.models import FeeWaiver

    def in_groups(prefix: str) -> Q:
        condition = Q()
        if sector:
            condition &= Q(**{f"{prefix}sector__code": sector})
        if group:
            condition &= Q(**{f"{prefix}code": group}) | Q(**{f"{prefix}parent__code": group})
        return condition

    contributions = Contribution.objects.filter(in_groups("group__"), revision=0)
    leadership = LeadershipPost.objects.filter(in_groups("group__"))
    fellowships = Fellowship.objects.filter(in_groups("meeting__group__"), state="awarded")
    waivers = FeeWaiver.objects.all()
    if sector:
        waivers = waivers.filter(membership__sector__code=sector)
    if year:
        contributions = contributions.filter(submitted_at__year=year)
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        leadership = leadership.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=end)
        fellowships = fellowships.filter(meeting__starts_on__year=year)
        waivers = waivers.filter(first_year=year)
    developing_person = Q(person__country__is_developing=True) | Q(
        person__country__isnull=True, organisation__country__is_developing=True
    )
    attended = Attendance.objects.filter(meeting=OuterRef("meeting"), person=OuterRef("person"))
    return {
        "contributions_developing": contributions.filter(sources__country__is_developing=True).distinct().count(),
        "leadership_developing": leadership.filter(developing_person).count(),
        "fellowships_awarded": fellowships.count(),
        "fellowships_used": fellowships.filter(Exists(attended)).count(),
        "new_academia_developing": waivers.count(),
    }


def participation_figures(
    *, year: int | None = None, sector: str = "", group: str = "", region: str = ""
) -> ParticipationStats:
    """The indicators the pages, the API and the command show: the scope's rollup, one indexed row.

    A scope without a rollup (a year or group without person-days, or before the
    first refresh) is computed from the raw records, which is then cheap.
    """
    from ponte.stats.models import ALL_YEARS, ParticipationRollup

    figures = (
        ParticipationRollup.objects.filter(year=year or ALL_YEARS, sector=sector, group=group, region=region)
        .values_list("figures", flat=True)
        .first()
    )
    if figures is None:
        return participation_stats(year=year, sector=sector, group=group, region=region)
    return ParticipationStats.from_json(figures)


def participation_by_year(
    *, years: list[int], sector: str = "", group: str = "", region: str = ""
) -> dict[int, ParticipationStats]:
    """The indicators of each of the years (the trend), from their rollups in one query."""
    from ponte.stats.models import ParticipationRollup

    rows = ParticipationRollup.objects.filter(year__in=years, sector=sector, group=group, region=region)
    found = {year: ParticipationStats.from_json(figures) for year, figures in rows.values_list("year", "figures")}
    for year in set(years) - set(found):
        found[year] = participation_stats(year=year, sector=sector, group=group, region=region)
    return found
