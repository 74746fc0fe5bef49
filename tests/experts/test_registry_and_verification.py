"""The public registry lists who is certified today with nothing personal beyond name and country; the verification
form answers valid, expired, revoked or unknown for an exact number, on the page and in the API."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.experts.factories import certificate
from tests.factories import PersonFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificates() -> dict[str, object]:
    today = timezone.localdate()
    ana = PersonFactory(
        given_name="Ana", family_name="Stojanovska", country=country("MKD"), email="ana.private@example.org",
        gender="female", birth_year=1984,
    )  # fmt: skip
    ben = PersonFactory(given_name="Brian", family_name="Otieno", country=country("KEN"), email="brian@example.org")
    cy = PersonFactory(given_name="Cyrus", family_name="Lapsed", country=country("RWA"))
    dee = PersonFactory(given_name="Dee", family_name="Revoked", country=country("SRB"))
    return {
        "valid": certificate(ana),
        "other": certificate(ben),
        "expired": certificate(
            cy, issued_on=today - datetime.timedelta(days=2000), expires_on=today - datetime.timedelta(days=10)
        ),
        "revoked": certificate(dee, revoked_on=today - datetime.timedelta(days=3)),
    }


def test_the_registry_lists_valid_certificates_with_name_country_number_and_date_only(client, certificates) -> None:
    html = client.get("/en/experts/registry/").content.decode()
    assert "Ana Stojanovska" in html and "North Macedonia" in html and certificates["valid"].number in html
    assert "Brian Otieno" in html
    assert "Cyrus" not in html and "Dee Revoked" not in html
    assert "ana.private@example.org" not in html and "1984" not in html and "female" not in html.lower()
    api = client.get("/api/v1/experts/registry").json()
    assert api["count"] == 2
    assert set(api["items"][1]) == {"name", "country", "number", "valid_until"}
    assert api["items"][1]["name"] == "Ana Stojanovska" and api["items"][1]["country"] == "MKD"


def test_the_registry_filters_by_country_and_name(client, certificates) -> None:
    html = client.get("/en/experts/registry/", {"country": "KEN"}).content.decode()
    assert "Brian Otieno" in html and "Ana Stojanovska" not in html
    html = client.get("/en/experts/registry/", {"q": "stojan"}).content.decode()
    assert "Ana Stojanovska" in html and "Brian Otieno" not in html
    assert client.get("/api/v1/experts/registry", {"country": "MKD"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("which", "answer"),
    [
        ("valid", "is valid."),
        ("expired", "expired on"),
        ("revoked", "was revoked on"),
    ],
)
def test_the_verification_answers_what_the_certificate_is(client, certificates, which, answer) -> None:
    number = certificates[which].number
    response = client.get("/en/experts/verify/", {"number": f"  {number.lower()} "})
    html = response.content.decode()
    assert response.status_code == 200 and answer in html and f"<bdi>{number}</bdi>" in html
    assert response["Cache-Control"] == "no-store"
    api = client.get(f"/api/v1/experts/certificates/{number}").json()
    assert api["status"] == which and api["number"] == number


def test_an_unknown_number_says_so_and_nothing_else(client, certificates) -> None:
    near = certificates["valid"].number[:-4] + "ZZZZ"  # the right sequence, the wrong check characters
    html = client.get("/en/experts/verify/", {"number": near}).content.decode()
    assert "No certificate has the number" in html
    assert "Ana" not in html and "North Macedonia" not in html
    assert client.get(f"/api/v1/experts/certificates/{near}").status_code == 404


def test_the_revocation_reason_is_never_public(client, certificates) -> None:
    number = certificates["revoked"].number
    assert "Withdrawn in a test." not in client.get("/en/experts/verify/", {"number": number}).content.decode()
    assert "Withdrawn in a test." not in client.get(f"/api/v1/experts/certificates/{number}").content.decode()


def test_an_empty_number_is_a_field_error(client) -> None:
    html = client.get("/en/experts/verify/", {"number": ""}).content.decode()
    assert "This field is required." in html


def test_the_registry_needs_the_same_queries_for_more_experts(
    client, certificates, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12) as few:
        client.get("/en/experts/registry/")
    for index in range(15):
        certificate(PersonFactory(given_name=f"Extra{index}", country=country("GHA")))
    with django_assert_max_num_queries(len(few)):
        client.get("/en/experts/registry/")
    with django_assert_max_num_queries(6) as api:
        client.get("/api/v1/experts/registry")
    assert len(api) <= 6
