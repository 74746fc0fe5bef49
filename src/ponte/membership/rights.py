"""What an organisation's people may do, decided by its category: the one place that says it.

Seed 000: SMEs take full part in the meetings of study groups and submit
contributions, but hold no leadership post (chair, vice-chair, rapporteur) and
take no decision (adopting resolutions or Recommendations). Meetings, the
admin and the API all ask ``organisation_may`` and ``require_right``.
As in the real organisation, a member whose yearly dues are unpaid six months
after they fell due has its rights suspended until it pays.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group, Organisation, OrganisationCategory


class Right(StrEnum):
    ATTEND_MEETINGS = "attend_meetings"
    SUBMIT_CONTRIBUTIONS = "submit_contributions"
    HOLD_LEADERSHIP = "hold_leadership"
    TAKE_DECISIONS = "take_decisions"


RIGHT_LABELS = {
    Right.ATTEND_MEETINGS: _("Attend the meetings of its groups"),
    Right.SUBMIT_CONTRIBUTIONS: _("Submit contributions"),
    Right.HOLD_LEADERSHIP: _("Hold leadership posts (chair, vice-chair, rapporteur)"),
    Right.TAKE_DECISIONS: _("Take part in decisions (adopting resolutions and Recommendations)"),
}

_FULL = frozenset(Right)
_PARTICIPANT = frozenset({Right.ATTEND_MEETINGS, Right.SUBMIT_CONTRIBUTIONS})

RIGHTS_BY_CATEGORY: dict[str, frozenset[Right]] = {
    OrganisationCategory.ADMINISTRATION: _FULL,
    OrganisationCategory.SECTOR_MEMBER: _FULL,
    OrganisationCategory.ASSOCIATE: _FULL - {Right.TAKE_DECISIONS},
    OrganisationCategory.ACADEMIA: _FULL - {Right.TAKE_DECISIONS},
    OrganisationCategory.SME: _PARTICIPANT,
}


SUSPENSION_AFTER = datetime.timedelta(days=183)  # six months


def overdue_membership_fees() -> models.QuerySet[Any]:
    """The membership fee invoices due for more than six months (of any organisation)."""
    from ponte.membership.models import Invoice, InvoiceLineKind, InvoiceState

    return Invoice.objects.filter(
        state=InvoiceState.ISSUED,
        due_on__lt=timezone.localdate() - SUSPENSION_AFTER,
        lines__kind=InvoiceLineKind.MEMBERSHIP_FEE,
    )


def dues_unpaid_for_six_months(organisation: Organisation) -> bool:
    """Whether a membership fee of the organisation has been due for more than six months."""
    if organisation.pk is None:
        return False
    # A list's selector annotates the answer (``with_dues_unpaid``) so that a list reads it in its one query.
    annotated = getattr(organisation, "dues_unpaid_for_six_months", None)
    if annotated is not None:
        return bool(annotated)
    return overdue_membership_fees().filter(organisation=organisation).exists()


def with_dues_unpaid(organisations: models.QuerySet[Organisation]) -> models.QuerySet[Organisation]:
    """The organisations, each annotated with whether its dues are unpaid for six months."""
    return organisations.annotate(
        dues_unpaid_for_six_months=models.Exists(overdue_membership_fees().filter(organisation=models.OuterRef("pk")))
    )


def rights_of(organisation: Organisation) -> frozenset[Right]:
    """The rights of an active organisation's people; partners and others have none in study groups, and a
    member six months behind with its dues has none until it pays."""
    rights = RIGHTS_BY_CATEGORY.get(organisation.category, frozenset())
    if not organisation.is_active or not rights or dues_unpaid_for_six_months(organisation):
        return frozenset()
    return rights


def organisation_may(organisation: Organisation, right: Right) -> bool:
    return right in rights_of(organisation)


def require_right(organisation: Organisation, right: Right) -> None:
    """Refuse, with the reason in the reader's language, what the organisation's category does not allow."""
    granted = right in RIGHTS_BY_CATEGORY.get(organisation.category, frozenset())
    if organisation.is_active and granted and dues_unpaid_for_six_months(organisation):
        raise ValidationError(
            _("The rights of %(organisation)s are suspended: its membership fee is unpaid for six months.")
            % {"organisation": organisation.name},
            code="rights_suspended",
        )
    if not organisation_may(organisation, right):
        raise ValidationError(
            _("%(organisation)s (%(category)s) may not: %(right)s.")
            % {
                "organisation": organisation.name,
                "category": organisation.get_category_display(),
                "right": RIGHT_LABELS[right],
            },
            code=f"no_right_{right}",
        )


class ParticipationBasis(models.TextChoices):
    """As what a person takes part in a meeting."""

    DELEGATION = "delegation", _("National delegation")
    MEMBER = "member", _("Member")
    SME_PROGRAMME = "sme_programme", _("SME programme")
    PAY_AS_YOU_GO = "pay_as_you_go", _("Pay-as-you-go")


def meeting_basis(organisation: Organisation, group: Group, year: int) -> ParticipationBasis:
    """As what an organisation's people take part in a group's meetings in ``year``; refuses those that may not.

    Member State administrations and members of the group's sector take part as members; an approved SME of
    the programme in its own groups (or their parent study group); any other organisation whose category
    may attend pays per meeting day (seed 000, option 3).
    """
    from ponte.membership.fees import active_memberships

    require_right(organisation, Right.ATTEND_MEETINGS)
    if organisation.category == OrganisationCategory.ADMINISTRATION:
        return ParticipationBasis.MEMBER
    if active_memberships(year).filter(organisation=organisation, sector_id=group.sector_id).exists():
        return ParticipationBasis.MEMBER
    if organisation.category == OrganisationCategory.SME:
        groups = {group.pk, group.parent_id} - {None}
        if organisation.groups.filter(pk__in=groups).exists():
            return ParticipationBasis.SME_PROGRAMME
    return ParticipationBasis.PAY_AS_YOU_GO
