"""The programme's headline figures are counted from the records, and the demo gives the seed's numbers."""

from __future__ import annotations

import datetime

import pytest

from ponte.experts.selectors import headline
from tests.experts.factories import certificate, trained, workshop
from tests.factories import PersonFactory, country

pytestmark = pytest.mark.django_db


def test_a_person_trained_twice_counts_once_and_countries_are_where_they_came_from() -> None:
    first, second = workshop("Ljubljana"), workshop("Busan", alpha3="KOR")
    ana = PersonFactory(country=country("MKD"))
    trained(ana, first)
    trained(ana, second)
    trained(PersonFactory(country=country("KEN")), second)
    trained(PersonFactory(country=country("KEN")), second, done=False)  # took part, not trained
    trained(PersonFactory(country=country("JPN")), second, alpha3="RWA")  # came for Rwanda
    counted = headline()
    assert (counted.workshops, counted.trained, counted.countries) == (2, 3, 3)


def test_certified_experts_hold_an_unrevoked_certificate_and_valid_ones_are_counted_today() -> None:
    today = datetime.date(2026, 6, 1)
    ana, ben, cy, dee = (PersonFactory() for _ in range(4))
    certificate(ana, issued_on=datetime.date(2017, 10, 1), expires_on=datetime.date(2020, 9, 30))  # expired
    certificate(ana, issued_on=datetime.date(2025, 1, 15), expires_on=datetime.date(2028, 1, 14))  # renewed
    certificate(ben, issued_on=datetime.date(2025, 1, 15), expires_on=datetime.date(2028, 1, 14))
    certificate(cy, issued_on=datetime.date(2025, 1, 15), revoked_on=datetime.date(2025, 8, 1))  # revoked only
    certificate(dee, issued_on=datetime.date(2017, 10, 1), expires_on=datetime.date(2020, 9, 30))
    counted = headline(day=today)
    assert counted.certified == 3  # ana, ben, dee; cy's only certificate was revoked
    assert counted.valid_now == 2


def test_the_demo_gives_the_seeds_numbers(client) -> None:
    from ponte.core.demo import load_demo
    from ponte.experts.demo import load_experts_demo

    load_demo()
    assert load_experts_demo() > 0
    assert load_experts_demo() == 0  # a second run changes nothing
    counted = headline()
    assert (counted.workshops, counted.trained, counted.countries, counted.certified) == (3, 42, 21, 30)
    assert counted.valid_now == 7  # eight renewals last year, one revoked
    html = client.get("/en/experts/").content.decode()
    assert "<dt>Experts trained</dt><dd><bdi>42</bdi></dd>" in html
    assert "<dt>Countries they come from</dt><dd><bdi>21</bdi></dd>" in html
    assert "<dt>Experts certified</dt><dd><bdi>30</bdi></dd>" in html
    assert "Ljubljana" in html and "Busan" in html and "Gaborone" in html
    assert "Regional Cooperation Council (RCC)" in html
    assert client.get("/api/v1/experts/headline").json() == {
        "workshops": 3, "trained": 42, "countries": 21, "certified": 30, "valid_now": 7,
    }  # fmt: skip
    busan = client.get("/api/v1/experts/workshops").json()["items"][1]
    assert busan["city"] == "Busan" and busan["countries"] == 10
