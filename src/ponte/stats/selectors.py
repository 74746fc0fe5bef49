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
    """All indicators: one aggregate of the person-days, participants per region, and one count per other
    record (contributions, leadership, fellowships, waivers, SMEs)."""
    days = attendances(year=year, sector=sector, group=group, region=region)
    person = "person"
    young = Q(person__birth_year__gt=F("meeting_year") - YOUTH_AGE)
    totals = days.annotate(meeting_year=ExtractYear("meeting__starts_on")).aggregate(
        participants=Count(person, distinct=True),
        organisations=Count("organisation", distinct=True),
        person_days=Count("pk"),
        remote_days=Count("pk", filter=Q(mode=RegistrationMode.REMOTE)),
        developing=Count(person, distinct=True, filter=Q(delegation__is_developing=True)),
        gender_known=Count(person, distinct=True, filter=~Q(person__gender="")),
        women=Count(person, distinct=True, filter=Q(person__gender="female")),
        birth_known=Count(person, distinct=True, filter=Q(person__birth_year__isnull=False)),
        young=Count(person, distinct=True, filter=young),
        **{label: Count(person, distinct=True, filter=Q(**{flag: True})) for label, flag in CLASSIFICATIONS.items()},
    )
    per_region = dict(
        days.exclude(delegation__region="")
        .filter(delegation__isnull=False)
        .values_list("delegation__region")
        .annotate(count=Count(person, distinct=True))
        .values_list("delegation__region", "count")
    )
    return ParticipationStats(
        participants=totals["participants"],
        organisations=totals["organisations"],
        person_days=totals["person_days"],
        developing_share=_share(totals["developing"], totals["participants"]),
        remote_share=_share(totals["remote_days"], totals["person_days"]),
        women_share=_share(totals["women"], totals["gender_known"]),
        youth_share=_share(totals["young"], totals["birth_known"]),
        by_region={code: per_region.get(code, 0) for code in Region.values},
        by_classification={label: totals[label] for label in CLASSIFICATIONS},
        more=_other_indicators(days, year=year, sector=sector, group=group),
    )


def _other_indicators(days: QuerySet[Attendance], *, year: int | None, sector: str, group: str) -> dict[str, int]:
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
        "smes_taking_part": days.filter(organisation__category="sme").values("organisation").distinct().count(),
    }
