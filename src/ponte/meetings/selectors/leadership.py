"""Reads of leadership: a group's current posts, and the regional balance of posts per group.

Counting rules of the regional balance (the one place that says them):

* a post is *current* on a day when its term has started and not ended (``ends_on`` is its last day);
* a vice-chair counts for the region they represent (``LeadershipPost.region``), since that is the region
  whose duties they carry; every other post counts for the ITU region of its organisation's country;
  an international organisation (no country) counts under "no region";
* a post is held by someone *from a developing country* when the person's country is a developing one, or,
  when the person's country is not recorded, when the organisation's country is.

Each post counts once, in its own group; a study group's page adds its regional groups' rows. Reads are two
queries whatever the number of groups and posts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ponte.core.models import Group, Region
from ponte.meetings.models import LeadershipPost, LeadershipRole

ROLE_ORDER = list(LeadershipRole.values)
# Study groups by number, each followed by its regional groups; advisory and focus groups (no number) first.
_PARENT_BEFORE_SUBGROUPS = (
    "sector__code",
    Coalesce("parent__number", "number").asc(nulls_first=True),
    Coalesce("parent__code", "code"),
    F("parent").asc(nulls_first=True),
    "code",
)


def current(posts: QuerySet[LeadershipPost], on: datetime.date | None = None) -> QuerySet[LeadershipPost]:
    """The posts whose term includes the day ``on`` (today by default)."""
    day = on or timezone.localdate()
    return posts.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)


def current_leadership(*, group: Group, on: datetime.date | None = None) -> QuerySet[LeadershipPost]:
    """Current posts of a group and of its subgroups (regional groups, working parties), by group then role."""
    role_rank = Case(*(When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)))
    posts = LeadershipPost.objects.filter(Q(group=group) | Q(group__parent=group))
    return (
        current(posts, on)
        .select_related("group__sector", "person", "organisation__country")
        .annotate(role_rank=role_rank)
        .order_by(F("group__parent").asc(nulls_first=True), "group__code", "role_rank", "starts_on", "pk")
    )


@dataclass(frozen=True)
class RegionCount:
    region: str
    label: str
    posts: int


@dataclass(frozen=True)
class RegionalBalance:
    """Current posts of one group (or of several, ``group`` None) per ITU region, and from developing countries."""

    group: Group | None
    by_region: tuple[RegionCount, ...]
    without_region: int
    posts: int
    from_developing: int

    @property
    def developing_share(self) -> float | None:
        """Percentage of the posts held by people from developing countries; None without posts."""
        return 100 * self.from_developing / self.posts if self.posts else None

    @property
    def largest(self) -> int:
        return max([row.posts for row in self.by_region] + [self.without_region, 1])


def _balance(group: Group | None, counts: dict[str, int], from_developing: int) -> RegionalBalance:
    by_region = tuple(RegionCount(region.value, str(region.label), counts.get(region.value, 0)) for region in Region)
    return RegionalBalance(
        group=group,
        by_region=by_region,
        without_region=counts.get("", 0),
        posts=sum(counts.values()),
        from_developing=from_developing,
    )


def regional_balance(*, within: Group | None = None, on: datetime.date | None = None) -> list[RegionalBalance]:
    """Per group with current posts (all, or a group and its subgroups), the posts per region; two queries."""
    counted_region = Case(
        When(Q(role=LeadershipRole.VICE_CHAIR) & ~Q(region=""), then=F("region")),
        default=Coalesce(F("organisation__country__region"), Value("")),
        output_field=CharField(),
    )
    from_developing = Q(person__country__is_developing=True) | Q(
        person__country__isnull=True, organisation__country__is_developing=True
    )
    posts = current(LeadershipPost.objects.all(), on)
    if within is not None:
        posts = posts.filter(Q(group=within) | Q(group__parent=within))
    rows = (
        posts.annotate(counted_region=counted_region)
        .values("group_id", "counted_region")
        .annotate(posts=Count("pk"), from_developing=Count("pk", filter=from_developing))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    developing: dict[int, int] = {}
    for row in rows:
        counts.setdefault(row["group_id"], {})[row["counted_region"] or ""] = row["posts"]
        developing[row["group_id"]] = developing.get(row["group_id"], 0) + row["from_developing"]
    ordered = Group.objects.filter(pk__in=list(counts)).select_related("sector").order_by(*_PARENT_BEFORE_SUBGROUPS)
    return [_balance(group, counts[group.pk], developing[group.pk]) for group in ordered]


def combined(balances: Sequence[RegionalBalance]) -> RegionalBalance:
    """The balances of several groups added up (the "all groups" row)."""
    counts: dict[str, int] = {}
    for balance in balances:
        for row in balance.by_region:
            counts[row.region] = counts.get(row.region, 0) + row.posts
        counts[""] = counts.get("", 0) + balance.without_region
    return _balance(None, counts, sum(balance.from_developing for balance in balances))
