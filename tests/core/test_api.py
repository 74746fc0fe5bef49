"""The core API: same permissions as the pages, 422 with field errors on bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_countries_carry_region_and_classification(client: Client) -> None:
    response = client.get("/api/v1/countries", {"classification": "LDC"})
    assert response.status_code == 200
    codes = {c["alpha3"] for c in response.json()}
    assert {"NPL", "ETH", "HTI"} <= codes
    assert "JPN" not in codes
    egypt = client.get("/api/v1/countries/EGY").json()
    assert egypt["region"] == "ARB"
    assert egypt["is_developing"] is True


def test_unknown_country_is_404(client: Client) -> None:
    assert client.get("/api/v1/countries/XXX").status_code == 404


def test_organisation_list_is_paginated_and_filtered(client: Client, japanese_sme, egyptian_sme) -> None:
    body = client.get("/api/v1/organisations", {"country": "EG", "limit": "10"}).json()
    assert [item["name"] for item in body["items"]] == ["Nile IoT"]
    assert body["next"] is None


def test_public_does_not_get_employee_count_but_focal_point_does(client, japanese_sme, japan_focal_point) -> None:
    url = f"/api/v1/organisations/{japanese_sme.pk}"
    assert client.get(url).json()["employee_count"] is None
    assert signed_in(japan_focal_point).get(url).json()["employee_count"] == 40


def test_patch_needs_sign_in_and_right_scope(client, japanese_sme, egypt_focal_point, japan_focal_point) -> None:
    url = f"/api/v1/organisations/{japanese_sme.pk}"
    payload = json.dumps({"employee_count": 41})
    assert client.patch(url, payload, content_type="application/json").status_code == 401
    denied = signed_in(egypt_focal_point).patch(url, payload, content_type="application/json")
    assert denied.status_code == 403
    allowed = signed_in(japan_focal_point).patch(url, payload, content_type="application/json")
    assert allowed.status_code == 200
    assert allowed.json()["employee_count"] == 41


def test_patch_with_bad_input_is_422_with_field_errors(japanese_sme, japan_focal_point) -> None:
    url = f"/api/v1/organisations/{japanese_sme.pk}"
    client = signed_in(japan_focal_point)
    response = client.patch(url, json.dumps({"employee_count": -1, "website": "nope"}), content_type="application/json")
    assert response.status_code == 422
    fields = {tuple(error["loc"])[-1] for error in response.json()["detail"]}
    assert {"employee_count", "website"} <= fields
    japanese_sme.refresh_from_db()
    assert japanese_sme.employee_count == 40


def test_me_describes_the_signed_in_account(representative) -> None:
    body = signed_in(representative).get("/api/v1/me").json()
    assert body["email"] == representative.email
    assert any("Kyoto Sensors KK" in role for role in body["roles"])


def test_openapi_schema_lists_the_endpoints(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations" in schema["paths"]
    assert "/api/v1/countries" in schema["paths"]
