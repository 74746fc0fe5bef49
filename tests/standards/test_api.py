"""The catalogue through the API: public like its pages, paginated, filtered like the list, titles in the language
asked (Accept-Language or ?lang=) and all six in the detail; wrong filters answer 422 with the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ponte.standards.models import RecommendationKind, RecommendationStatus
from ponte.standards.services import attach_recommendation_file
from tests.conftest import signed_in
from tests.factories import with_role
from tests.standards.factories import recommendation, working_party
from tests.standards.test_catalogue import PDF

pytestmark = pytest.mark.django_db

LIST = "/api/v1/standards/recommendations"


@pytest.fixture
def catalogue() -> dict[str, Any]:
    h702 = recommendation(
        "ITU-T",
        "H.702",
        title="Accessibility profiles for IPTV systems",
        group_code="SG16",
        titles={"ar": "لمحات إمكانية النفاذ", "zh_hans": "IPTV系统的无障碍配置文件", "fr": "Profils d'accessibilité"},
        summaries={"en": "Captions and sign language.", "ar": "الترجمة النصية."},
        url="https://www.itu.int/rec/T-REC-H.702",
    )
    paper = recommendation(
        "ITU-T",
        "HSTP-CONF-H702",
        title="Conformance testing specification for H.702",
        group_code="SG16",
        kind=RecommendationKind.TECHNICAL_PAPER,
    )
    f921 = recommendation("ITU-T", "F.921", title="Audio-based network navigation")
    f921.group = working_party("ITU-T", "SG16", "WP1-16")
    f921.save()
    p1546 = recommendation("ITU-R", "P.1546", title="Point-to-area predictions", group_code="SG3")
    p370 = recommendation(
        "ITU-R",
        "P.370",
        title="VHF and UHF propagation curves",
        group_code="SG3",
        status=RecommendationStatus.SUPERSEDED,
        superseded_by=p1546,
    )
    return {"h702": h702, "paper": paper, "f921": f921, "p1546": p1546, "p370": p370}


def found(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [f"{item['sector']} {item['identifier']}" for item in response.json()["items"]]


def test_anyone_lists_the_catalogue_page_by_page(client: Client, catalogue) -> None:
    response = client.get(LIST, {"limit": 2, "offset": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert found(response) == ["ITU-R P.370", "ITU-T F.921"]


def test_an_item_has_its_identifiers_title_group_and_addresses(client: Client, catalogue) -> None:
    item = client.get(LIST, {"q": "H.702", "kind": "recommendation"}).json()["items"][0]
    assert item == {
        "sector": "ITU-T",
        "identifier": "H.702",
        "kind": "recommendation",
        "status": "in_force",
        "language": "en",
        "title": "Accessibility profiles for IPTV systems",
        "group": {"sector": "ITU-T", "code": "SG16", "title": "Multimedia coding, systems and applications"},
        "approved_on": "2015-11-01",
        "url": "https://www.itu.int/rec/T-REC-H.702",
        "file": None,
        "page": "/en/standards/ITU-T/H.702/",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sector": "itu-r"}, ["ITU-R P.1546", "ITU-R P.370"]),
        ({"group": "SG16"}, ["ITU-T F.921", "ITU-T H.702", "ITU-T HSTP-CONF-H702"]),
        ({"group": "sg3", "sector": "ITU-R"}, ["ITU-R P.1546", "ITU-R P.370"]),
        ({"status": "superseded"}, ["ITU-R P.370"]),
        ({"kind": "technical_paper"}, ["ITU-T HSTP-CONF-H702"]),
        ({"q": "h 702"}, ["ITU-T H.702", "ITU-T HSTP-CONF-H702"]),
        ({"q": "propagation"}, ["ITU-R P.370"]),
        ({"q": "无障碍", "lang": "zh-hans"}, ["ITU-T H.702"]),
        ({"q": "النفاذ", "lang": "ar"}, ["ITU-T H.702"]),
        ({"q": "accessibilité", "lang": "fr"}, ["ITU-T H.702"]),
    ],
)
def test_the_list_filters_like_the_page(client: Client, catalogue, query: dict[str, str], expected: list[str]) -> None:
    assert found(client.get(LIST, query)) == expected


def test_the_search_uses_the_language_of_the_accept_language_header(client: Client, catalogue) -> None:
    response = client.get(LIST, {"q": "النفاذ"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert found(response) == ["ITU-T H.702"]
    assert response.json()["items"][0]["title"] == "لمحات إمكانية النفاذ"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sector": "ITU-X"}, "sector"),
        ({"status": "lost"}, "status"),
        ({"kind": "novel"}, "kind"),
        ({"lang": "tlh"}, "lang"),
    ],
)
def test_an_unknown_filter_is_refused_with_its_field(
    client: Client, catalogue, query: dict[str, str], field: str
) -> None:
    response = client.get(LIST, query)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


@pytest.mark.parametrize("query", [{"group": "SG99"}, {"group": "SG17", "sector": "ITU-R"}])
def test_an_unknown_group_is_refused(client: Client, catalogue, query: dict[str, str]) -> None:
    response = client.get(LIST, query)
    assert response.status_code == 422
    assert "Unknown group" in response.json()["detail"][0]["msg"]


def test_the_detail_answers_in_the_language_asked_with_all_six_titles(client: Client, catalogue) -> None:
    url = f"{LIST}/ITU-T/H.702"
    by_header = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").json()
    assert (by_header["language"], by_header["title"], by_header["summary"]) == (
        "ar",
        "لمحات إمكانية النفاذ",
        "الترجمة النصية.",
    )
    assert by_header["page"] == "/ar/standards/ITU-T/H.702/"
    by_parameter = client.get(url, {"lang": "zh-hans"}, HTTP_ACCEPT_LANGUAGE="ar").json()
    assert (by_parameter["title"], by_parameter["summary"]) == (
        "IPTV系统的无障碍配置文件",
        "Captions and sign language.",
    )
    assert by_parameter["titles"] == {
        "ar": "لمحات إمكانية النفاذ",
        "zh-hans": "IPTV系统的无障碍配置文件",
        "en": "Accessibility profiles for IPTV systems",
        "fr": "Profils d'accessibilité",
        "ru": "",
        "es": "",
    }
    assert by_parameter["summaries"]["ru"] == ""
    assert client.get(url, {"lang": "es"}).json()["title"] == "Accessibility profiles for IPTV systems"


def test_the_detail_says_what_supersedes_what(client: Client, catalogue) -> None:
    older = client.get(f"{LIST}/ITU-R/P.370").json()
    assert (older["status"], older["superseded_by"], older["supersedes"]) == ("superseded", "ITU-R P.1546", [])
    assert client.get(f"{LIST}/ITU-R/P.1546").json()["supersedes"] == ["ITU-R P.370"]


def test_the_detail_of_an_unknown_recommendation_is_not_found(client: Client, catalogue) -> None:
    assert client.get(f"{LIST}/ITU-T/H.999").status_code == 404
    assert client.get(f"{LIST}/ITU-T/H.702", {"lang": "xx"}).status_code == 422


def test_the_pdf_is_given_as_its_page_on_ponte(client: Client, catalogue, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("h702.pdf", PDF, content_type="application/pdf")
    attach_recommendation_file(actor=with_role("secretariat"), recommendation=catalogue["h702"], upload=upload)
    detail = client.get(f"{LIST}/ITU-T/H.702").json()
    assert detail["file"] == "/en/standards/ITU-T/H.702/pdf/"
    response = client.get(detail["file"])
    response.close()
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ["member", "representative", "secretariat"])
def test_signed_in_people_read_the_same_catalogue(request, catalogue, role: str) -> None:
    response = signed_in(request.getfixturevalue(role)).get(LIST)
    assert response.json()["count"] == 5


def test_the_api_is_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/standards/recommendations" in paths
    assert "/api/v1/standards/recommendations/{sector}/{identifier}" in paths
    parameters = {parameter["name"] for parameter in paths["/api/v1/standards/recommendations"]["get"]["parameters"]}
    assert {"sector", "group", "status", "kind", "q", "lang", "limit", "offset"} <= parameters


def test_the_list_needs_the_same_queries_for_more_recommendations(
    client: Client, catalogue, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6) as few:
        client.get(LIST, {"q": "a"})
    for number in range(15):
        recommendation("ITU-T", f"Y.{4100 + number}", title=f"A Recommendation {number}", group_code="SG20")
    with django_assert_max_num_queries(len(few)):
        assert client.get(LIST, {"q": "a"}).json()["count"] == 20
