"""Confirmed sponsorship revenue per event and per year of the event, in each currency, for the secretariat."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ponte.core.models import Organisation, User
from ponte.sponsorship.models import Activity, RequestState, SponsoredEvent, SponsorshipRequest
from ponte.sponsorship.selectors import revenue
from tests.conftest import signed_in
from tests.factories import OrganisationFactory
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = pytest.mark.django_db


def _sponsorship(activity: Activity, organisation: Organisation, user: User, price: str, state: str) -> None:
    SponsorshipRequest.objects.create(
        reference=f"SP-R-{SponsorshipRequest.objects.count() + 1}", activity=activity, organisation=organisation,
        requested_by=user, list_price=Decimal(price), price=Decimal(price), currency=activity.event.currency,
        state=state, note="n",
    )  # fmt: skip


@pytest.fixture
def sponsored(secretariat: User) -> dict[str, SponsoredEvent]:
    """2017: WTDC-17 (USD) 50,000 + 21,690 confirmed, 9,000 declined; 2018: a forum in CHF 12,000.50 and a
    symposium in USD 15,000 confirmed, 7,000 waiting."""
    wtdc = SponsoredEventFactory(code="WTDC-17", title_en="WTDC 2017", starts_on=datetime.date(2017, 10, 9))
    forum = SponsoredEventFactory(code="FORUM-18", currency="CHF", starts_on=datetime.date(2018, 3, 19))
    symposium = SponsoredEventFactory(code="GSR-18", starts_on=datetime.date(2018, 7, 9))
    sponsor = OrganisationFactory(name="Pampa Networks")
    reception, side = ActivityFactory(event=wtdc, slots=5), ActivityFactory(event=wtdc, slots=5)
    _sponsorship(reception, sponsor, secretariat, "50000.00", RequestState.CONFIRMED)
    _sponsorship(side, sponsor, secretariat, "21690.00", RequestState.CONFIRMED)
    _sponsorship(side, sponsor, secretariat, "9000.00", RequestState.DECLINED)
    _sponsorship(ActivityFactory(event=forum), sponsor, secretariat, "12000.50", RequestState.CONFIRMED)
    gsr = ActivityFactory(event=symposium)
    _sponsorship(gsr, sponsor, secretariat, "15000.00", RequestState.CONFIRMED)
    _sponsorship(gsr, sponsor, secretariat, "7000.00", RequestState.REQUESTED)
    return {"wtdc": wtdc, "forum": forum, "symposium": symposium}


def test_revenue_counts_confirmed_sponsorships_per_year_and_event_in_each_currency(sponsored) -> None:
    result = revenue()
    chf, usd = result.currencies
    assert (chf.currency, chf.total, chf.sponsorships) == ("CHF", Decimal("12000.50"), 1)
    assert (usd.currency, usd.total, usd.sponsorships) == ("USD", Decimal("86690.00"), 3)
    assert [(line.year, line.sponsorships, line.amount) for line in usd.by_year] == [
        (2017, 2, Decimal("71690.00")),
        (2018, 1, Decimal("15000.00")),
    ]
    assert [line.label for line in usd.by_event] == ["WTDC-17 — WTDC 2017", f"GSR-18 — {sponsored['symposium'].title}"]


def test_revenue_of_a_period(sponsored) -> None:
    [usd] = revenue(year_from=2017, year_to=2017).currencies
    assert usd.total == Decimal("71690.00")
    assert revenue(year_from=2019).currencies == ()


def test_the_revenue_page_shows_chart_and_table(sponsored, secretariat) -> None:
    page = signed_in(secretariat).get("/en/sponsorship/staff/revenue/").content.decode()
    assert "Revenue in USD" in page and "Revenue in CHF" in page
    assert '<th scope="row">2017</th><td><bdi>2</bdi></td><td><bdi>71,690.00</bdi></td>' in page
    assert '<th scope="row">All years</th><td><bdi>3</bdi></td><td><bdi>86,690.00</bdi></td>' in page
    assert 'role="img" aria-labelledby="years-USD-title"' in page and 'id="years-USD-title"' in page
    assert "Sponsorships were confirmed for events from 2017 to 2018." in page


def test_the_revenue_page_refuses_a_reversed_period(sponsored, secretariat) -> None:
    client = signed_in(secretariat)
    page = client.get("/en/sponsorship/staff/revenue/", {"year_from": "2018", "year_to": "2017"}).content.decode()
    assert "The period starts (2018) after it ends (2017)." in page and "Revenue in USD" not in page
    assert client.get("/en/sponsorship/staff/revenue.csv", {"year_from": "2018", "year_to": "2017"}).status_code == 400


def test_the_revenue_downloads_as_csv_and_xlsx(sponsored, secretariat) -> None:
    client = signed_in(secretariat)
    response = client.get("/en/sponsorship/staff/revenue.csv", {"year_from": "2017", "year_to": "2018"})
    assert 'filename="sponsorship-revenue-en.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Sponsorship revenue", "Events from 2017 to 2018"]
    assert ["2017", "2", "71690.00"] in rows and ["WTDC-17 — WTDC 2017 (2017)", "2", "71690.00"] in rows
    book = load_workbook(io.BytesIO(client.get("/ar/sponsorship/staff/revenue.xlsx").content))
    assert len(book.worksheets) == 4 and book.worksheets[0].sheet_view.rightToLeft
    english = load_workbook(io.BytesIO(client.get("/en/sponsorship/staff/revenue.xlsx").content))
    assert english.sheetnames == ["CHF revenue per year", "CHF revenue per event", "USD revenue per year",
                                  "USD revenue per event"]  # fmt: skip
    assert [cell.value for cell in english["USD revenue per year"][2]] == ["2017", 2, 71690]


def test_the_revenue_files_are_the_secretariats(sponsored, member, representative) -> None:
    for user in (member, representative):
        assert signed_in(user).get("/en/sponsorship/staff/revenue.csv").status_code == 403


def test_an_empty_revenue_says_so(secretariat) -> None:
    page = signed_in(secretariat).get("/en/sponsorship/staff/revenue/").content.decode()
    assert "No sponsorship was confirmed for events of this period." in page


def test_the_revenue_page_needs_the_same_queries_for_more_events(
    sponsored, secretariat, django_assert_max_num_queries
) -> None:
    client = signed_in(secretariat)
    with django_assert_max_num_queries(30) as few:
        client.get("/en/sponsorship/staff/revenue/")
    sponsor = OrganisationFactory(name="Another")
    for n in range(10):
        event = SponsoredEventFactory(code=f"EXTRA-{n}", starts_on=datetime.date(2019 + n % 3, 5, 1))
        _sponsorship(ActivityFactory(event=event), sponsor, secretariat, "1000.00", RequestState.CONFIRMED)
    with django_assert_max_num_queries(len(few)):
        assert "EXTRA-9" in client.get("/en/sponsorship/staff/revenue/").content.decode()
