"""The demo SME representative follows a few things, so "My portal" shows content in ``make run``."""

from __future__ import annotations

import pytest

from ponte.portal.demo import load_portal_demo
from ponte.portal.models import Follow
from ponte.portal.selectors import portal_for
from tests.factories import UserFactory, group
from tests.opportunities.factories import opportunity
from tests.portal.factories import meeting
from tests.standards.factories import recommendation

pytestmark = pytest.mark.django_db


def test_the_demo_representative_follows_groups_a_recommendation_and_an_opportunity_once() -> None:
    user = UserFactory(username="sme@astem.example", email="sme@astem.example")
    recommendation("ITU-T", "H.702", group_code="SG16")
    opportunity("Smart villages")
    meeting(group("ITU-T", "SG16"), title="SG16 in Geneva")
    assert load_portal_demo() == 4
    assert load_portal_demo() == 4
    assert Follow.objects.filter(user=user).count() == 4
    meetings = next(section for section in portal_for(user=user).sections if section.key == "meetings")
    assert [item.title for item in meetings.items] == ["SG16 in Geneva"]


def test_without_the_demo_account_nothing_is_made() -> None:
    assert load_portal_demo() == 0
    assert not Follow.objects.exists()
