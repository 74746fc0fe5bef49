"""Fees priced in one place, and the SME fee-policy simulator the secretariat uses to weigh seed 000's options."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.fees import annual_fee, simulate
from ponte.membership.models import FeeScenario, FeeSchedule, Membership
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule() -> FeeSchedule:
    return FeeSchedule.objects.create(year=2025, **DEMO_SCHEDULE)


def _member(category: str, employees: int, **fields) -> Membership:
    organisation: Organisation = OrganisationFactory(category=category, employee_count=employees)
    from ponte.core.models import Sector

    return Membership.objects.create(
        organisation=organisation, sector=Sector.objects.get(code="ITU-T"), category=category, start_year=2020, **fields
    )


def test_fees_follow_the_category(schedule) -> None:
    assert annual_fee(_member("sector_member", 5000, contributory_units=Decimal("0.5")), schedule) == Decimal(
        "15900.00"
    )
    assert annual_fee(_member("associate", 80, study_groups=2), schedule) == Decimal("21200.00")
    developing = Membership(
        organisation=OrganisationFactory(category="academia", country=country("KEN")), category="academia"
    )
    developed = Membership(
        organisation=OrganisationFactory(category="academia", country=country("CHE")), category="academia"
    )
    assert annual_fee(developing, schedule) == Decimal("1987.50")
    assert annual_fee(developed, schedule) == Decimal("3975.00")


def test_members_below_the_threshold_switch_and_revenue_falls(schedule) -> None:
    _member("sector_member", 120)  # pays 31,800
    _member("associate", 40)  # pays 10,600
    _member("sector_member", 9000)
    result = simulate(schedule=schedule, threshold=300, sme_fee=Decimal("2000"), existing_may_switch=True)
    assert result.qualifying_members == 2
    assert result.revenue_change == Decimal("-38400.00")
    assert result.break_even_new_smes == 20  # 38,400 / 2,000 = 19.2 → 20


def test_without_switching_revenue_holds(schedule) -> None:
    _member("sector_member", 120)
    result = simulate(schedule=schedule, threshold=300, sme_fee=Decimal("2000"), existing_may_switch=False)
    assert (result.qualifying_members, result.revenue_change, result.break_even_new_smes) == (1, Decimal(0), 0)


def test_free_sme_fee_can_never_break_even(schedule) -> None:
    _member("associate", 10)
    assert (
        simulate(schedule=schedule, threshold=300, sme_fee=Decimal(0), existing_may_switch=True).break_even_new_smes
        is None
    )


def test_demo_data_shows_the_seeds_warning() -> None:
    call_command("load_demo", stdout=StringIO())
    schedule = FeeSchedule.objects.get(year=2025)
    result = simulate(schedule=schedule, threshold=300, sme_fee=Decimal(2000), existing_may_switch=True)
    assert result.qualifying_members >= 60
    assert result.revenue_change < 0


def test_api_for_the_secretariat_only(schedule, secretariat, japan_focal_point, client: Client) -> None:
    _member("sector_member", 120)
    url = "/api/v1/membership/simulate?threshold=300&fee=2000&existing_may_switch=true"
    assert client.get(url).status_code == 401
    assert signed_in(japan_focal_point).get(url).status_code == 403
    body = signed_in(secretariat).get(url).json()
    assert body["qualifying_members"] == 1
    assert body["revenue_change_chf"] == "-29800.00"
    assert body["break_even_new_smes"] == 15
    assert signed_in(secretariat).get("/api/v1/membership/simulate?threshold=0&fee=-1").status_code == 422


def test_staff_saves_and_compares_scenarios(schedule, secretariat, representative) -> None:
    _member("sector_member", 120)
    client = signed_in(secretariat)
    url = reverse("membership:fee_simulator")
    page = client.get(url, {"year": "2025", "threshold": "300", "sme_fee": "2000", "existing_may_switch": "on"})
    assert page.status_code == 200
    assert page.context["result"].qualifying_members == 1
    assert "<svg" in page.content.decode()
    for name, threshold in (("Seed 000: 300 employees", 300), ("Small: 50 employees", 50)):
        data = {"year": 2025, "threshold": threshold, "sme_fee": "2000", "existing_may_switch": "on", "name": name}
        assert client.post(url, data).status_code == 302
    compared = client.get(url).context["compared"]
    assert {scenario.name: sim.qualifying_members for scenario, sim in compared} == {
        "Seed 000: 300 employees": 1,
        "Small: 50 employees": 0,
    }
    assert FeeScenario.objects.count() == 2
    bad = client.get(url, {"year": "2025", "threshold": "0", "sme_fee": "-5"})
    assert set(bad.context["form"].errors) == {"threshold", "sme_fee"}
    assert signed_in(representative).get(url).status_code == 403


def test_chart_numbers_are_never_localised(schedule, secretariat) -> None:
    _member("sector_member", 120)
    client = signed_in(secretariat)
    page = client.get("/fr/membership/fee-simulator/", {"year": "2025", "threshold": "300", "sme_fee": "2000"})
    svg = page.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "," not in svg.split("<title>")[0]


def test_admin_pages_of_the_membership_app_open_for_the_secretariat(schedule, secretariat) -> None:
    client = signed_in(secretariat)
    for model in ("feeschedule", "membership", "feescenario", "application", "nationalsmedefinition"):
        assert client.get(f"/en/admin/membership/{model}/").status_code == 200, model
    assert client.get(f"/en/admin/membership/feeschedule/{schedule.pk}/delete/").status_code == 403
