"""A NUL character (which PostgreSQL cannot store or compare) in a query, a path or a JSON body is refused with a
message, never a server error; found by schemathesis on PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_refuses_a_nul_in_the_query(client: Client) -> None:
    response = client.get("/api/v1/organisations?country=J%00P")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Text may not contain the NUL character (code 0)."


def test_the_api_refuses_a_nul_in_a_json_body(client: Client) -> None:
    response = client.post("/api/v1/qa/questions", '{"title": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 422


def test_a_page_refuses_a_nul_in_the_query_in_the_users_language(client: Client) -> None:
    response = client.get("/en/organisations/?q=Kyoto%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_ordinary_requests_pass(client: Client) -> None:
    assert client.get("/api/v1/organisations?country=JP").status_code == 200
    assert client.get("/en/organisations/?q=Kyoto").status_code == 200
