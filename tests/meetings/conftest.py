"""Fixtures of the contribution tests (pages and API); a test module with a meeting of its own overrides it."""

from __future__ import annotations

import datetime

import pytest

from ponte.core.models import Organisation
from ponte.meetings.models import Meeting
from tests.factories import OrganisationFactory, country, group


@pytest.fixture
def meeting() -> Meeting:
    return Meeting.objects.create(
        code="T25-SG16-260615",
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19),
        country=country("CHE"),
        city="Geneva",
    )


@pytest.fixture
def university() -> Organisation:
    return OrganisationFactory(name="Cairo University", category="academia", country=country("EGY"))
