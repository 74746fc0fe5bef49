"""A country's digital-innovation profile: its latest published scores beside the averages of the other assessed
countries of its region and income group (hand-computed here), missing comparisons said in words, the chart with
its table, the PDF, and the same figures in the API."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from ponte.core.models import Country
from ponte.innovation.selectors import profile
from tests.innovation.factories import assessment

pytestmark = pytest.mark.django_db

#           vision policy talent infra capital markets culture
KENYA = (58, 52, 55, 60, 50, 57, 63)
RWANDA = (62, 48, 41, 45, 35, 38, 50)  # AFR, low income
UGANDA_OLD = (10, 10, 10, 10, 10, 10, 10)  # superseded by Uganda's later one
UGANDA = (44, 40, 37, 35, 28, 36, 45)  # AFR, low income
TANZANIA = (42, 41, 39, 37, 31, 40, 44.5)  # AFR, lower-middle income (like Kenya)
INDIA = (70, 65, 75, 60, 55, 66, 61)  # ASP, lower-middle income


@pytest.fixture
def assessed() -> None:
    assessment("KEN", KENYA, day=datetime.date(2017, 6, 20))
    assessment("KEN", (1,) * 7, day=datetime.date(2016, 1, 1))  # older: not the profile's
    assessment("RWA", RWANDA)
    assessment("UGA", UGANDA_OLD, day=datetime.date(2016, 1, 1))
    assessment("UGA", UGANDA, day=datetime.date(2018, 4, 18))
    assessment("TZA", TANZANIA)
    assessment("IND", INDIA)
    assessment("GHA", (99,) * 7, state="draft")  # drafts never count


def test_the_profile_compares_the_latest_scores_with_hand_computed_averages(assessed) -> None:
    kenya = profile(Country.objects.get(alpha3="KEN"))
    assert kenya.region_peers == ("Rwanda", "Tanzania, the United Republic of", "Uganda")
    assert kenya.income_peers == ("India", "Tanzania, the United Republic of")
    culture = kenya.rows[6]
    assert culture.pillar.code == "culture-communities"
    assert culture.score == Decimal("63.0")
    # Africa, without Kenya: Rwanda 50, Uganda 45 (its latest), Tanzania 44.5 -> 139.5 / 3 = 46.5
    assert (culture.region.value, culture.region.countries) == (Decimal("46.5"), 3)
    # lower-middle income, without Kenya: Tanzania 44.5, India 61 -> 52.75 -> 52.8 (half up)
    assert (culture.income.value, culture.income.countries) == (Decimal("52.8"), 2)
    vision = kenya.rows[0]
    assert vision.region.value == Decimal("49.3")  # (62 + 44 + 42) / 3 = 49.33
    assert vision.income.value == Decimal("56.0")  # (42 + 70) / 2


def test_the_profile_page_shows_the_chart_its_table_and_says_when_peers_are_missing(client, assessed) -> None:
    html = client.get("/en/innovation/KEN/").content.decode()
    assert 'role="img" aria-labelledby="profile-chart-title profile-chart-desc"' in html
    assert '<th scope="col">Average of Africa</th>' in html
    assert "<bdi>46.5 (3 countries)</bdi>" in html and "<bdi>52.8 (2 countries)</bdi>" in html
    html = client.get("/en/innovation/IND/").content.decode()
    assert "No other country of Asia and the Pacific has a published assessment yet" in html
    assert "<bdi>no assessed country</bdi>" in html and "no data" in html
    assert 'fill="#4a5360" font-style="italic">no data</text>' in html  # said in words, never a bar at 0


def test_a_country_without_a_published_assessment_says_so(client, assessed) -> None:
    html = client.get("/en/innovation/GHA/").content.decode()
    assert "Ghana has no published innovation-ecosystem assessment yet." in html
    assert client.get("/en/innovation/XYZ/").status_code == 404
    assert client.get("/en/innovation/ken/")["Location"] == "/en/innovation/KEN/"


def test_the_profile_mirrors_in_arabic(client, assessed) -> None:
    html = client.get("/ar/innovation/KEN/").content.decode()
    assert 'direction="rtl"' in html and 'dir="rtl"' in html


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_the_profile_pdf_is_a_pdf_with_the_country_name(client, assessed, language) -> None:
    response = client.get(f"/{language}/innovation/KEN/profile.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    name = {"en": "Kenya", "ar": "كينيا", "zh-hans": "肯尼亚"}[language]
    assert name in text
    if language == "en":
        assert "46.5 (3 countries)" in text


def test_the_profile_api_gives_the_same_figures_and_null_for_no_peer(client, assessed) -> None:
    data = client.get("/api/v1/innovation/profiles/ken").json()
    assert data["country"] == "KEN" and data["region"] == "AFR" and data["income_group"] == "lower_middle"
    culture = data["pillars"][6]
    assert culture["score"] == "63.0"
    assert culture["region_average"] == {"value": "46.5", "countries": 3}
    assert data["assessments"] == ["2017-06-20", "2016-01-01"]
    india = client.get("/api/v1/innovation/profiles/IND").json()
    assert india["pillars"][0]["region_average"] == {"value": None, "countries": 0}
    assert client.get("/api/v1/innovation/profiles/XYZ").status_code == 404


def test_the_index_lists_assessed_countries_with_constant_queries(
    client, assessed, django_assert_max_num_queries
) -> None:
    html = client.get("/en/innovation/").content.decode()
    assert "Kenya" in html and "Lower-middle income" in html and "Ghana" not in html
    with django_assert_max_num_queries(12) as few:
        client.get("/en/innovation/")
    for alpha3 in ("NGA", "SEN", "BEN", "CMR", "CIV"):
        assessment(alpha3, 40)
    with django_assert_max_num_queries(len(few)):
        client.get("/en/innovation/")
    html = client.get("/en/innovation/", {"region": "ASP"}).content.decode()
    assert "India" in html and "Kenya" not in html
    countries = client.get("/api/v1/innovation/countries", {"region": "AFR"}).json()
    assert {row["country"] for row in countries} >= {"KEN", "RWA", "NGA"}


def test_the_profile_needs_the_same_queries_for_more_peers(client, assessed, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(20) as few:
        client.get("/en/innovation/KEN/")
    for alpha3 in ("NGA", "SEN", "BEN", "CMR", "CIV"):
        assessment(alpha3, 40)
    with django_assert_max_num_queries(len(few)):
        client.get("/en/innovation/KEN/")
