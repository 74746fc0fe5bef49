"""The opportunities API: published opportunities (paginated, filtered), one opportunity, a representative's
recommendations (403 for anyone else) and expressing interest (422 with field errors on bad input)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.opportunities import services
from ponte.opportunities.models import Interest
from tests.conftest import signed_in
from tests.opportunities.factories import PDF, focus, opportunity

pytestmark = pytest.mark.django_db

API = "/api/v1/opportunities"


def _post(browser: Any, url: str, payload: dict[str, Any]) -> Any:
    return browser.post(url, json.dumps(payload), content_type="application/json")


def test_the_list_shows_published_opportunities_paginated(client) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",), mechanism_codes=("grant",))
    opportunity("Draft", state="draft")
    opportunity("Closed", state="closed")
    body = client.get(f"{API}/").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["title"] == "CIRTs in West Africa" and item["state"] == "published"
    assert item["action_areas"] == [{"code": "cybersecurity", "name": "Cybersecurity"}]
    assert item["regions"] == [{"code": "AFR", "name": "Africa"}]
    assert item["mechanisms"] == [{"code": "grant", "name": "Grant"}]
    assert item["budget_sought"] == "100000.00" and item["currency"] == "USD"
    assert item["url"] == f"/en/opportunities/{item['id']}/"


def test_the_list_filters_by_area_region_and_title_and_pages(client) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    opportunity("Global innovation", areas=("innovation",), regions=("GLO",))
    opportunity("Schools in Asia", areas=("infrastructure",), regions=("ASP",))

    def titles(**query: str) -> list[str]:
        return sorted(item["title"] for item in client.get(f"{API}/", query).json()["items"])

    assert titles(area="cybersecurity") == ["CIRTs in West Africa"]
    assert titles(region="AFR") == ["CIRTs in West Africa", "Global innovation"]
    assert titles(region="afr", kind="concept_project", q="west") == ["CIRTs in West Africa"]
    page = client.get(f"{API}/", {"limit": 2, "offset": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


@pytest.mark.parametrize("query", [{"area": "gardening"}, {"region": "XYZ"}, {"kind": "bake_sale"}, {"limit": "x"}])
def test_unknown_filters_answer_422(client, query) -> None:
    assert client.get(f"{API}/", query).status_code == 422


def test_the_list_reads_in_a_constant_number_of_queries(client) -> None:
    opportunity("First")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/").status_code == 200
        return len(queries)

    few = count()
    for number in range(10):
        opportunity(f"More {number}", areas=("cybersecurity", "innovation"), regions=("AFR", "ASP"))
    assert count() == few


def test_one_opportunity_with_its_texts_and_documents_for_signed_in_readers(client, member, secretariat) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    found = opportunity("CIRTs", title_fr="CIRT", countries=("BEN", "TGO"), description_en="Long text.")
    services.add_pitch_document(
        actor=secretariat, opportunity=found, title="Deck", upload=SimpleUploadedFile("d.pdf", PDF)
    )
    body = client.get(f"{API}/{found.pk}").json()
    assert body["texts"]["fr"]["title"] == "CIRT" and body["texts"]["ar"]["title"] == ""
    assert body["texts"]["zh-hans"]["summary"] == ""
    assert body["countries"] == ["BEN", "TGO"] and body["description"] == "Long text."
    assert body["documents"] is None
    documents = signed_in(member).get(f"{API}/{found.pk}").json()["documents"]
    assert documents == [
        {
            "title": "Deck",
            "language": "en",
            "content_type": "application/pdf",
            "size": len(PDF),
            "url": f"/en/opportunities/documents/{found.documents.get().pk}/",
        }
    ]
    assert client.get(f"{API}/{found.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()["title"] == "CIRT"


def test_a_draft_is_not_found_except_for_the_secretariat(client, member, representative, secretariat) -> None:
    draft = opportunity("Draft", state="draft")
    for browser in (client, signed_in(member), signed_in(representative)):
        assert browser.get(f"{API}/{draft.pk}").status_code == 404
    assert signed_in(secretariat).get(f"{API}/{draft.pk}").status_code == 200
    assert client.get(f"{API}/999999").status_code == 404


def test_recommendations_are_the_representatives(
    client, representative, japanese_sme, other_representative, secretariat, member
) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",))
    url = f"{API}/recommended?organisation={japanese_sme.pk}"
    [found] = signed_in(representative).get(url).json()
    assert found["opportunity"]["title"] == "CIRTs in West Africa"
    assert found["score"] == 5 and found["reason"] == "Cybersecurity, Africa"
    assert found["action_areas"] == [{"code": "cybersecurity", "name": "Cybersecurity"}]
    assert found["regions"] == [{"code": "AFR", "name": "Africa"}] and found["mechanisms"] == []
    assert client.get(url).status_code == 401
    for browser in (signed_in(other_representative), signed_in(secretariat), signed_in(member)):
        answer = browser.get(url)
        assert answer.status_code == 403 and answer.json() == {"detail": "You are not allowed to do this."}
    assert signed_in(representative).get(f"{API}/recommended?organisation=999999").status_code == 403
    assert signed_in(representative).get(f"{API}/recommended").status_code == 422


def test_expressing_interest_answers_201_then_422_when_repeated(representative, japanese_sme) -> None:
    found = opportunity("CIRTs")
    browser = signed_in(representative)
    answer = _post(browser, f"{API}/{found.pk}/interest", {"organisation": japanese_sme.pk, "message": "Hello"})
    assert answer.status_code == 201
    body = answer.json()
    assert body["opportunity"] == found.pk and body["organisation"] == japanese_sme.pk
    assert body["message"] == "Hello" and body["withdrawn_at"] is None
    again = _post(browser, f"{API}/{found.pk}/interest", {"organisation": japanese_sme.pk})
    assert again.status_code == 422
    [error] = again.json()["detail"]
    assert error["loc"] == ["body", "organisation"] and "already expressed interest" in error["msg"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"organisation": 999999}, "organisation"),
        ({"organisation": "ORG", "message": "x"}, None),
        ({"message": "no organisation"}, None),
        ({"organisation": "__japanese_sme__", "message": "x" * 2001}, "message"),
    ],
)
def test_bad_interest_input_answers_422_with_the_field(representative, japanese_sme, payload, field) -> None:
    found = opportunity("CIRTs")
    if payload.get("organisation") == "__japanese_sme__":
        payload = payload | {"organisation": japanese_sme.pk}
    answer = _post(signed_in(representative), f"{API}/{found.pk}/interest", payload)
    assert answer.status_code == 422
    if field:
        assert answer.json()["detail"][0]["loc"] == ["body", field]
    assert not Interest.objects.exists()


def test_a_closed_opportunity_answers_422(representative, japanese_sme) -> None:
    found = opportunity("Closed", state="closed")
    answer = _post(signed_in(representative), f"{API}/{found.pk}/interest", {"organisation": japanese_sme.pk})
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "opportunity"]


def test_expressing_interest_for_another_organisation_answers_403(
    client, other_representative, secretariat, member, japanese_sme
) -> None:
    found = opportunity("CIRTs")
    url = f"{API}/{found.pk}/interest"
    assert _post(client, url, {"organisation": japanese_sme.pk}).status_code == 401
    for user in (other_representative, secretariat, member):
        assert _post(signed_in(user), url, {"organisation": japanese_sme.pk}).status_code == 403
    draft = opportunity("Draft", state="draft")
    assert _post(signed_in(other_representative), f"{API}/{draft.pk}/interest", {"organisation": 1}).status_code == 404
    assert not Interest.objects.exists()


def test_withdrawing_through_the_api(representative, japanese_sme, other_representative) -> None:
    found = opportunity("CIRTs")
    services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    url = f"{API}/{found.pk}/interest?organisation={japanese_sme.pk}"
    assert signed_in(other_representative).delete(url).status_code == 403
    answer = signed_in(representative).delete(url)
    assert answer.status_code == 200 and answer.json()["withdrawn_at"] is not None
    assert signed_in(representative).delete(url).status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        f"{API}/",
        f"{API}/recommended",
        f"{API}/{{opportunity_id}}",
        f"{API}/{{opportunity_id}}/interest",
    } <= set(paths)
    assert "post" in paths[f"{API}/{{opportunity_id}}/interest"]
