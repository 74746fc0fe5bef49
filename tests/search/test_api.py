"""The search API: the same records and rules as the page, paged, in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.opportunities.models import OpportunityState
from tests.search.records import meeting, opportunity, question

pytestmark = pytest.mark.django_db


def test_api_lists_what_the_page_finds_with_links(indexed: None, client: Client) -> None:
    meeting("T26-SG16-9", titles={"en": "Cable networks meeting", "fr": "Réunion sur les réseaux câblés"})
    opportunity("Cable networks for islands", summary="Submarine cables.")

    response = client.get("/api/v1/search/", {"q": "cable networks"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    kinds = {item["kind"]: item for item in body["items"]}
    assert set(kinds) == {"meeting", "opportunity"}
    assert kinds["meeting"] == {
        "kind": "meeting",
        "id": kinds["meeting"]["id"],
        "label": "T26-SG16-9",
        "title": "Cable networks meeting",
        "title_language": "en",
        "snippet": kinds["meeting"]["snippet"],
        "url": "/en/meetings/T26-SG16-9/",
        "date": "2026-07-01",
    }
    assert kinds["opportunity"]["snippet"] == "Submarine cables."


def test_api_answers_in_the_readers_language(indexed: None, client: Client) -> None:
    meeting("T26-SG16-10", titles={"en": "Cable networks meeting", "fr": "Réunion sur les réseaux câblés"})

    body = client.get("/api/v1/search/", {"q": "reseaux cables"}, headers={"accept-language": "fr"}).json()

    assert [(item["title"], item["title_language"]) for item in body["items"]] == [
        ("Réunion sur les réseaux câblés", "fr")
    ]


def test_api_keeps_one_kind_and_pages(indexed: None, client: Client) -> None:
    meeting("T26-SG16-11", titles={"en": "Fibre meeting"})
    for number in range(3):
        opportunity(f"Fibre project {number}")

    body = client.get("/api/v1/search/", {"q": "fibre", "kind": "opportunity", "limit": "2", "offset": "2"}).json()

    assert body["count"] == 3
    assert [item["kind"] for item in body["items"]] == ["opportunity"]


def test_api_never_lists_drafts_or_hidden_questions(indexed: None, client: Client) -> None:
    opportunity("Hidden fibre draft", state=OpportunityState.DRAFT)
    question("Fibre spam", is_hidden=True, hidden_cause="moderator")

    assert client.get("/api/v1/search/", {"q": "fibre"}).json() == {"items": [], "count": 0}


def test_api_refuses_an_unknown_kind(client: Client) -> None:
    response = client.get("/api/v1/search/", {"q": "fibre", "kind": "people"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "kind"]


def test_api_with_an_empty_query_finds_nothing(client: Client) -> None:
    assert client.get("/api/v1/search/").json() == {"items": [], "count": 0}


def test_api_refuses_a_limit_out_of_range(client: Client) -> None:
    assert client.get("/api/v1/search/", {"q": "fibre", "limit": "1000"}).status_code == 422
