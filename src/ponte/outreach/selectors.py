"""Reads of the outreach app, each a constant number of queries however many rows.

``audience`` is the one rule of who receives a campaign: the preview on the writer's page, the sending job and
the counts all call it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from ponte.core.models import Affiliation, Organisation, OrganisationCategory, Role, RoleKind, User
from ponte.core.rules import scopes_of
from ponte.outreach.models import Campaign, CampaignState, Delivery, Unsubscribe


def _belongs_to(organisations: Q, today: datetime.date) -> Q:
    """Accounts that belong to an organisation matching ``organisations`` (on ``Organisation``): through a current
    affiliation of their person, or as its active representative."""
    affiliations = Affiliation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person__user=OuterRef("pk"),
        organisation__in=Organisation.objects.filter(organisations, is_active=True),
    )
    roles = Role.objects.filter(
        user=OuterRef("pk"),
        kind=RoleKind.REPRESENTATIVE,
        revoked_at__isnull=True,
        organisation__in=Organisation.objects.filter(organisations, is_active=True),
    )
    return Q(Exists(affiliations)) | Q(Exists(roles))


def audience(campaign: Campaign) -> QuerySet[User]:
    """The accounts a campaign is sent to, each once, with their person (for the language).

    The rule:

    - active accounts with an email address that have not turned newsletters and announcements off
      (``EmailPreference.news``; no preference row means on: the same rule as ``notifications.wants``);
    - every targeting criterion is optional, an empty one takes everyone in; the criteria that are set must all
      match (AND), and within one criterion any of its values will do (OR);
    - countries: the person's country, or the country of an organisation the account belongs to (a current
      affiliation of the person, or an active representative role); ITU-D regions: the region of those countries;
    - sectors and groups: the groups an organisation the account belongs to takes part in (a group's sector);
    - organisation categories: the category of an organisation the account belongs to.
    """
    today = timezone.localdate()
    found = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(email_preference__news=False)
        .select_related("person")
    )
    countries = [country.pk for country in campaign.countries.all()]
    if countries:
        found = found.filter(Q(person__country__in=countries) | _belongs_to(Q(country__in=countries), today))
    if campaign.regions:
        regions = list(campaign.regions)
        found = found.filter(
            Q(person__country__region__in=regions) | _belongs_to(Q(country__region__in=regions), today)
        )
    sectors = [sector.pk for sector in campaign.sectors.all()]
    if sectors:
        found = found.filter(_belongs_to(Q(groups__sector__in=sectors), today))
    groups = [group.pk for group in campaign.groups.all()]
    if groups:
        found = found.filter(_belongs_to(Q(groups__in=groups), today))
    if campaign.categories:
        found = found.filter(_belongs_to(Q(category__in=list(campaign.categories)), today))
    return found.order_by("pk")


def audience_size(campaign: Campaign) -> int:
    return audience(campaign).count()


# --- Campaigns --------------------------------------------------------------------------------------------------


def published_campaigns() -> QuerySet[Campaign]:
    """Published announcements and sent newsletters, newest first, for everyone."""
    return (
        Campaign.objects.filter(published_at__isnull=False)
        .exclude(state=CampaignState.DRAFT)
        .select_related("author_organisation")
        .order_by("-published_at", "-pk")
    )


def campaign_detail(*, pk: int) -> Campaign:
    """One campaign with its targeting lists (any state: the caller checks who may see it)."""
    return (
        Campaign.objects.select_related("author_organisation__country", "created_by")
        .prefetch_related("countries", "sectors", "groups")
        .get(pk=pk)
    )


def managed_campaigns(*, user: Any) -> QuerySet[Campaign]:
    """The campaigns an account may write and follow: all for the secretariat, its associations' for a
    representative; drafts first, then newest first; with their delivery and unsubscribe counts."""
    scopes = scopes_of(user)
    found = Campaign.objects.all()
    if not scopes.secretariat:
        found = found.filter(author_organisation__in=scopes.organisations)
    found = found.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False), distinct=True),
        unsubscribed=Count("unsubscribes", distinct=True),
    )
    drafts_first = Case(When(state=CampaignState.DRAFT, then=Value(0)), default=Value(1))
    return found.select_related("author_organisation").order_by(drafts_first, "-created_at", "-pk")


@dataclass(frozen=True)
class CampaignCounts:
    """What is counted of a campaign: emails queued, sent, failed, and unsubscribes through its link."""

    queued: int
    sent: int
    failed: int
    unsubscribed: int


def campaign_counts(campaign: Campaign) -> CampaignCounts:
    deliveries = Delivery.objects.filter(campaign=campaign).aggregate(
        queued=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        failed=Count("pk", filter=Q(sent_at__isnull=True) & ~Q(error="")),
    )
    return CampaignCounts(
        queued=deliveries["queued"],
        sent=deliveries["sent"],
        failed=deliveries["failed"],
        unsubscribed=Unsubscribe.objects.filter(campaign=campaign).count(),
    )


def writing_organisations(*, user: Any) -> list[Organisation]:
    """The organisations an account may sign campaigns as: the national SME associations it represents (all of
    them for the secretariat, which may also sign as itself)."""
    scopes = scopes_of(user)
    found = Organisation.objects.filter(
        category=OrganisationCategory.SME_ASSOCIATION, is_active=True, country__isnull=False
    )
    if not scopes.secretariat:
        found = found.filter(pk__in=scopes.organisations)
    return list(found.select_related("country").order_by("name"))


def msme_day_campaign(*, year: int) -> Campaign | None:
    return Campaign.objects.filter(msme_day_year=year).first()
