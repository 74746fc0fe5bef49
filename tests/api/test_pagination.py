"""Every API list pages with bounds: at most 100 items, a start within any table; beyond, 422 says which field."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/meetings/", "/api/v1/opportunities/", "/api/v1/organisations"])
def test_a_page_of_more_than_100_items_is_refused(client: Client, path: str) -> None:
    response = client.get(path, {"limit": 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]
    assert client.get(path, {"limit": 100}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/meetings/", "/api/v1/opportunities/", "/api/v1/organisations"])
def test_a_start_beyond_any_table_is_refused_not_a_server_error(client: Client, path: str) -> None:
    response = client.get(path, {"offset": 2**64})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


def test_a_year_out_of_range_is_refused(client: Client) -> None:
    response = client.get("/api/v1/meetings/", {"year": -214025568})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "year"]
