from __future__ import annotations

from typing import Any

import pytest

from ponte.core.models import Organisation, OrganisationCategory, RoleKind, User
from ponte.outreach import services
from ponte.outreach.models import Campaign, CampaignKind
from tests.factories import OrganisationFactory, country, with_role

ENGLISH = {"title_en": "SME programme news", "body_en": "Apply **now** for the SME programme."}


@pytest.fixture
def association(db: None) -> Organisation:
    """CABASE, the SME association of Argentina."""
    return OrganisationFactory(
        name="CABASE", category=OrganisationCategory.SME_ASSOCIATION, country=country("ARG"), employee_count=None
    )


@pytest.fixture
def association_rep(association: Organisation) -> User:
    return with_role(RoleKind.REPRESENTATIVE, organisation=association)


def draft(actor: User, *, texts: dict[str, str] | None = None, **arguments: Any) -> Campaign:
    """A draft announcement in English (plus ``texts``) by ``actor``."""
    return services.create_campaign(
        actor=actor,
        kind=arguments.pop("kind", CampaignKind.ANNOUNCEMENT),
        texts=ENGLISH | (texts or {}),
        **arguments,
    )
