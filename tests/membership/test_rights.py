"""Rights in one place: SMEs attend and contribute, but hold no leadership post and take no decision."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ponte.core.models import Organisation, OrganisationCategory
from ponte.membership.rights import Right, organisation_may, require_right, rights_of


def _organisation(category: str, active: bool = True) -> Organisation:
    return Organisation(name="X", category=category, is_active=active)


def test_sme_attends_and_contributes() -> None:
    sme = _organisation(OrganisationCategory.SME)
    assert organisation_may(sme, Right.ATTEND_MEETINGS)
    assert organisation_may(sme, Right.SUBMIT_CONTRIBUTIONS)


@pytest.mark.parametrize("right", [Right.HOLD_LEADERSHIP, Right.TAKE_DECISIONS])
def test_sme_is_refused_leadership_and_decisions_with_a_reason(right: Right) -> None:
    sme = _organisation(OrganisationCategory.SME)
    with pytest.raises(ValidationError) as error:
        require_right(sme, right)
    assert error.value.code == f"no_right_{right}"
    with translation.override("fr"), pytest.raises(ValidationError) as french:
        require_right(sme, right)
    assert "ne peut pas" in french.value.messages[0] or french.value.messages[0] != error.value.messages[0]


def test_sector_member_has_every_right() -> None:
    assert rights_of(_organisation(OrganisationCategory.SECTOR_MEMBER)) == frozenset(Right)


def test_archived_or_partner_organisations_have_no_rights() -> None:
    assert rights_of(_organisation(OrganisationCategory.SME, active=False)) == frozenset()
    assert rights_of(_organisation(OrganisationCategory.DEVELOPMENT_BANK)) == frozenset()
