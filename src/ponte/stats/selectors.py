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

Shares are rounded to 4 decimals, and ``None`` where nothing is known. Filters:
the attendance day's year, the meeting group's sector, the group's short code
(its working parties and regional groups included) and the delegation's region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
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
    """All indicators in two queries: one aggregate, and participants per region."""
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
    )
