"""The public partnership pages: the dashboard of agreements for a period, the partner directory and profiles."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from ponte.partnerships.models import PartnerContact
from tests.conftest import signed_in
from tests.partnerships.factories import PartnerFactory, agreement, areas, mechanisms, regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed() -> dict[str, object]:
    itu_friend = PartnerFactory(name="Fondation Numérique", kind="foundation", mandate_en="Digital skills for all.")
    itu_friend.action_areas.set(areas("Digital inclusion"))
    itu_friend.regions.set(regions("AFR"))
    itu_friend.mechanisms.set(mechanisms("grant"))
    PartnerContact.objects.create(partner=itu_friend, name="Aline Martin", email="aline@fondation.example")
    first = agreement(
        "F-2015-01", partners=[itu_friend], signed_on=datetime.date(2015, 5, 1), value_usd="300000",
        region_codes=("AFR", "ARB"), area_names=("Digital inclusion",),
    )  # fmt: skip
    agreement(
        "F-2015-01/A1", partners=[itu_friend], signed_on=datetime.date(2016, 2, 1), value_usd="50000", amends=first
    )
    agreement("B-2016-02", signed_on=datetime.date(2016, 8, 8), value_usd="1200000", region_codes=("GLO",))
    return {"partner": itu_friend}


def test_the_dashboard_shows_the_period_with_its_split_counts(client, signed) -> None:
    html = client.get("/en/partnerships/", {"year_from": "2015", "year_to": "2016"}).content.decode()
    assert "Agreements signed from 2015 to 2016" in html
    assert "1,550,000.00" in html  # both originals and the amendment
    assert '<th scope="row">Africa</th><td><bdi>0.5</bdi></td>' in html
    assert '<th scope="row">Global</th><td><bdi>1</bdi></td>' in html
    assert 'role="img" aria-labelledby="regions-title"' in html


def test_the_dashboard_refuses_a_reversed_period(client, signed) -> None:
    html = client.get("/en/partnerships/", {"year_from": "2017", "year_to": "2015"}).content.decode()
    assert "The period starts (2017) after it ends (2015)." in html
    assert "In figures" not in html
    assert client.get("/en/partnerships/agreements.csv", {"year_from": "2017", "year_to": "2015"}).status_code == 400


def test_the_dashboard_tables_download_as_csv_and_xlsx(client, signed) -> None:
    text = client.get("/fr/partnerships/agreements.csv", {"year_from": "2015", "year_to": "2016"}).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Afrique", "0.5"] in rows and ["2016", "1"] in rows
    book = load_workbook(io.BytesIO(client.get("/ar/partnerships/agreements.xlsx").content))
    assert book.worksheets[0].sheet_view.rightToLeft


def test_the_directory_lists_partners_and_filters_them(client, signed) -> None:
    PartnerFactory(name="Banque régionale", kind="development_bank")
    html = client.get("/en/partnerships/partners/", {"kind": "foundation"}).content.decode()
    assert "Fondation Numérique" in html and "Banque régionale" not in html
    assert "Digital inclusion" in html and "Grant" in html
    html = client.get("/en/partnerships/partners/", {"q": "skills"}).content.decode()
    assert "Fondation Numérique" in html


def test_a_profile_shows_the_track_record_and_contacts_only_to_the_secretariat(
    client, signed, secretariat, member
) -> None:
    url = f"/en/partnerships/partners/{signed['partner'].pk}/"
    html = client.get(url).content.decode()
    assert "Digital skills for all." in html and "350,000.00" in html
    assert "Aline Martin" not in html and "F-2015-01" not in html
    assert "Aline Martin" not in signed_in(member).get(url).content.decode()
    html = signed_in(secretariat).get(url).content.decode()
    assert "Aline Martin" in html and "F-2015-01" in html


def test_the_directory_needs_the_same_queries_for_more_partners(client, signed, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(12) as few:
        client.get("/en/partnerships/partners/")
    for n in range(20):
        PartnerFactory(name=f"Extra {n}").action_areas.set(areas("Innovation"))
    with django_assert_max_num_queries(len(few)):
        client.get("/en/partnerships/partners/")
