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


@pytest.mark.django_db
def test_a_member_six_months_behind_with_its_dues_is_suspended_until_it_pays(secretariat) -> None:
    import datetime
    from decimal import Decimal

    import time_machine

    from ponte.core.models import Sector
    from ponte.membership import services
    from ponte.membership.demo import DEMO_SCHEDULE
    from ponte.membership.models import FeeSchedule, Membership
    from tests.factories import OrganisationFactory

    FeeSchedule.objects.create(year=2026, **DEMO_SCHEDULE)
    member = OrganisationFactory(category=OrganisationCategory.SECTOR_MEMBER)
    Membership.objects.create(
        organisation=member, sector=Sector.objects.get(code="ITU-T"), category="sector_member", start_year=2020
    )
    with time_machine.travel(datetime.datetime(2026, 1, 15, 9, tzinfo=datetime.UTC), tick=False):
        [invoice] = services.issue_annual_invoices(actor=secretariat, year=2026)  # due 14 February
    with time_machine.travel(datetime.datetime(2026, 8, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert organisation_may(member, Right.TAKE_DECISIONS)  # under six months late
    with time_machine.travel(datetime.datetime(2026, 8, 20, 9, tzinfo=datetime.UTC), tick=False):
        assert rights_of(member) == frozenset()
        with pytest.raises(ValidationError) as suspended:
            require_right(member, Right.ATTEND_MEETINGS)
        assert suspended.value.code == "rights_suspended"
        services.record_payment(
            actor=secretariat, invoice=invoice, amount=Decimal("31800.00"), received_on=datetime.date(2026, 8, 20)
        )
        assert rights_of(member) == frozenset(Right)
