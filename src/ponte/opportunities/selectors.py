"""Reads of the partner-opportunity platform, each a constant number of queries however many rows.

``recommended_for`` is the one rule of what fits an organisation: the "My opportunities" page, the API and the
email digest all call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import pgettext
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Organisation, Role, RoleKind, User
from ponte.core.rules import scopes_of
from ponte.opportunities.models import (
    DigestDelivery,
    Interest,
    Opportunity,
    OpportunityState,
    OrganisationFocus,
)
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

GLOBAL = "GLO"
AREA_WEIGHT = 3
REGION_WEIGHT = 2
MECHANISM_WEIGHT = 1


# --- Opportunities ----------------------------------------------------------------------------------------------


def _with_lists(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Each opportunity's action areas, regions and mechanisms in three more queries, whatever the count."""
    return opportunities.prefetch_related(
        Prefetch("action_areas", queryset=ActionArea.objects.order_by("position")),
        Prefetch("regions", queryset=BeneficiaryRegion.objects.order_by("position")),
        Prefetch("mechanisms", queryset=FundingMechanism.objects.order_by("position")),
    )


def published_opportunities(
    *, area: str = "", region: str = "", kind: str = "", text: str = ""
) -> QuerySet[Opportunity]:
    """Opportunities open to partners, newest first, filtered by action area and region codes, kind and title.

    An opportunity for the whole world (GLO) is listed under every region. The title is searched in all six
    languages, so a reader finds it whatever language they type in.
    """
    found = Opportunity.objects.filter(state=OpportunityState.PUBLISHED)
    if area:
        through = Opportunity.action_areas.through
        found = found.filter(Exists(through.objects.filter(opportunity_id=OuterRef("pk"), actionarea__code=area)))
    if region:
        through = Opportunity.regions.through
        codes = {region, GLOBAL}
        found = found.filter(
            Exists(through.objects.filter(opportunity_id=OuterRef("pk"), beneficiaryregion__code__in=codes))
        )
    if kind:
        found = found.filter(kind=kind)
    if text:
        matches = Q()
        for code, _name in settings.LANGUAGES:
            matches |= Q(**{f"{build_localized_fieldname('title', code)}__icontains": text})
        found = found.filter(matches)
    return _with_lists(found).order_by("-published_at", "-pk")


def opportunity_detail(*, pk: int) -> Opportunity:
    """One opportunity with its lists and documents (any state: the caller checks who may see it)."""
    return (
        _with_lists(Opportunity.objects.all())
        .prefetch_related("countries", "documents")
        .select_related("created_by")
        .get(pk=pk)
    )


def managed_opportunities(*, state: str = "") -> QuerySet[Opportunity]:
    """All opportunities for the secretariat, drafts first, then published, then closed, newest first within each,
    with their standing interests counted."""
    found = Opportunity.objects.annotate(
        standing_interests=Count("interests", filter=Q(interests__withdrawn_at__isnull=True))
    )
    if state:
        found = found.filter(state=state)
    stage = Case(
        When(state=OpportunityState.DRAFT, then=Value(0)),
        When(state=OpportunityState.PUBLISHED, then=Value(1)),
        default=Value(2),
    )
    return _with_lists(found).order_by(stage, F("published_at").desc(nulls_last=True), "-created_at", "-pk")


def standing_interests(*, opportunity: Opportunity) -> QuerySet[Interest]:
    """Who is interested in an opportunity now, first come first: for the secretariat's table and its CSV."""
    return (
        Interest.objects.filter(opportunity=opportunity, withdrawn_at__isnull=True)
        .select_related("organisation__country", "expressed_by__person")
        .order_by("created_at", "pk")
    )


def withdrawn_interest_count(*, opportunity: Opportunity) -> int:
    return Interest.objects.filter(opportunity=opportunity, withdrawn_at__isnull=False).count()


# --- Organisations and their focus ------------------------------------------------------------------------------


def represented_organisations(*, user: Any) -> list[Organisation]:
    """The active organisations the account acts for, by name."""
    ids = scopes_of(user).organisations
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def focus_of(*, organisation: Organisation) -> OrganisationFocus | None:
    """The organisation's focus with its three lists, or ``None`` if it declared none yet."""
    return (
        OrganisationFocus.objects.filter(organisation=organisation)
        .prefetch_related("action_areas", "regions", "mechanisms")
        .first()
    )


def interests_of(*, organisations: list[Organisation]) -> dict[int, dict[int, Interest]]:
    """The standing interests of these organisations: ``{organisation id: {opportunity id: interest}}``."""
    found: dict[int, dict[int, Interest]] = {organisation.pk: {} for organisation in organisations}
    interests = Interest.objects.filter(organisation__in=organisations, withdrawn_at__isnull=True).select_related(
        "opportunity"
    )
    for interest in interests:
        found[interest.organisation_id][interest.opportunity_id] = interest
    return found


def standing_interests_of(*, organisation: Organisation) -> QuerySet[Interest]:
    """An organisation's standing interests, newest first, for its representatives."""
    return (
        Interest.objects.filter(organisation=organisation, withdrawn_at__isnull=True)
        .select_related("opportunity", "expressed_by__person")
        .order_by("-created_at", "-pk")
    )


# --- Recommendations --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """An opportunity that fits an organisation's focus, with what it matched (the reason) and how well."""

    opportunity: Opportunity
    score: int
    action_areas: tuple[ActionArea, ...]
    regions: tuple[BeneficiaryRegion, ...]
    mechanisms: tuple[FundingMechanism, ...]

    @property
    def matched_names(self) -> list[str]:
        """The matched areas, regions and mechanisms by name, in the reader's language."""
        return [
            *(str(area.name) for area in self.action_areas),
            *(str(region.name) for region in self.regions),
            *(str(mechanism.name) for mechanism in self.mechanisms),
        ]

    @property
    def reason(self) -> str:
        """``Cybersecurity, Africa``: what the opportunity has in common with the focus."""
        return pgettext("list separator", ", ").join(self.matched_names)


def _matched_regions(
    opportunity_regions: list[BeneficiaryRegion], focus_codes: set[str]
) -> tuple[BeneficiaryRegion, ...]:
    if GLOBAL in focus_codes:
        return tuple(opportunity_regions)
    return tuple(region for region in opportunity_regions if region.code in focus_codes or region.code == GLOBAL)


def recommended_for(organisation: Organisation) -> list[Recommendation]:
    """Published opportunities that fit the organisation's focus, best first, with the reason.

    The rule:

    - nothing is recommended without a focus naming at least one action area or region;
    - if the focus names action areas, an opportunity must share at least one of them;
    - if the focus names regions, the opportunity must match at least one: the same region, or GLO on either
      side (a global opportunity is for every region; a focus on GLO takes every region in);
    - funding mechanisms never exclude an opportunity, they only add to its score;
    - score = 3 per matched action area + 2 per matched region + 1 per matched mechanism (areas weigh most:
      they say what the work is; regions where; mechanisms how it could be paid);
    - best score first; equal scores newest published first.

    Eight queries at most, however many opportunities: the focus and its three lists, then the candidates
    (already filtered by the database) and their three lists.
    """
    focus = focus_of(organisation=organisation)
    if focus is None:
        return []
    areas = {area.pk for area in focus.action_areas.all()}
    region_codes = {region.code for region in focus.regions.all()}
    mechanisms = {mechanism.pk for mechanism in focus.mechanisms.all()}
    if not areas and not region_codes:
        return []
    candidates = Opportunity.objects.filter(state=OpportunityState.PUBLISHED)
    if areas:
        through = Opportunity.action_areas.through
        candidates = candidates.filter(
            Exists(through.objects.filter(opportunity_id=OuterRef("pk"), actionarea_id__in=areas))
        )
    if region_codes and GLOBAL not in region_codes:
        through = Opportunity.regions.through
        candidates = candidates.filter(
            Exists(
                through.objects.filter(
                    opportunity_id=OuterRef("pk"), beneficiaryregion__code__in=region_codes | {GLOBAL}
                )
            )
        )
    recommendations = []
    for opportunity in _with_lists(candidates):
        matched_areas = tuple(area for area in opportunity.action_areas.all() if area.pk in areas)
        matched_regions = _matched_regions(list(opportunity.regions.all()), region_codes) if region_codes else ()
        matched_mechanisms = tuple(item for item in opportunity.mechanisms.all() if item.pk in mechanisms)
        score = (
            AREA_WEIGHT * len(matched_areas)
            + REGION_WEIGHT * len(matched_regions)
            + MECHANISM_WEIGHT * len(matched_mechanisms)
        )
        recommendations.append(Recommendation(opportunity, score, matched_areas, matched_regions, matched_mechanisms))
    recommendations.sort(key=lambda found: (-found.score, -_timestamp(found.opportunity), -found.opportunity.pk))
    return recommendations


def _timestamp(opportunity: Opportunity) -> float:
    return opportunity.published_at.timestamp() if opportunity.published_at else 0.0


# --- Digests ----------------------------------------------------------------------------------------------------


def foci_wanting_digest() -> QuerySet[OrganisationFocus]:
    """The focuses whose organisation, still active, asked for the email digest."""
    return (
        OrganisationFocus.objects.filter(wants_digest=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("pk")
    )


def digest_recipients(*, organisation: Organisation) -> list[User]:
    """The organisation's active representatives with an email address who did not turn matches off, each once,
    with their person (language). One who turned them off gets no digest and none is recorded for them: turning
    matches on again later does not hide what was published meanwhile."""
    roles = (
        Role.objects.filter(
            kind=RoleKind.REPRESENTATIVE,
            organisation=organisation,
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .exclude(user__email_preference__matches=False)
        .select_related("user__person")
        .order_by("user_id")
    )
    recipients: dict[int, User] = {}
    for role in roles:
        recipients.setdefault(role.user_id, role.user)
    return list(recipients.values())


def already_sent(*, recipients: list[User]) -> dict[int, set[int]]:
    """For each recipient, the opportunities any earlier digest already listed to them."""
    sent: dict[int, set[int]] = {user.pk: set() for user in recipients}
    through = DigestDelivery.opportunities.through
    rows = through.objects.filter(digestdelivery__recipient__in=recipients).values_list(
        "digestdelivery__recipient_id", "opportunity_id"
    )
    for recipient_id, opportunity_id in rows:
        sent[recipient_id].add(opportunity_id)
    return sent
