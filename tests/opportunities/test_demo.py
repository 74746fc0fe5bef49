"""The demo: eight published opportunities in six languages and ASTEM's focus, loaded once however often run."""

from __future__ import annotations

import pytest
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from ponte.core.demo import load_demo
from ponte.opportunities.demo import load_opportunities_demo
from ponte.opportunities.models import Opportunity, OrganisationFocus
from ponte.opportunities.selectors import recommended_for

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_opportunities_in_six_languages_once() -> None:
    load_demo()
    assert load_opportunities_demo() == 8
    assert load_opportunities_demo() == 0
    assert Opportunity.objects.filter(state="published").count() == 8
    for found in Opportunity.objects.all():
        for code, _name in settings.LANGUAGES:
            for field in ("title", "summary", "description"):
                assert getattr(found, build_localized_fieldname(field, code)), (found.title_en, code, field)
        assert found.action_areas.exists() and found.regions.exists()
    focus = OrganisationFocus.objects.select_related("organisation").get()
    assert focus.organisation.name == "ASTEM Co. Ltd." and focus.wants_digest
    recommended = recommended_for(focus.organisation)
    assert len(recommended) >= 2 and all(found.reason for found in recommended)


def test_without_a_secretariat_account_the_demo_makes_nothing() -> None:
    assert load_opportunities_demo() == 0
    assert not Opportunity.objects.exists()
