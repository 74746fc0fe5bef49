"""Anyone browses the catalogue of Recommendations by group, filters it and searches it in their language or by
identifier however written, reads a Recommendation in their language and opens its PDF through its own page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ponte.standards import selectors
from ponte.standards.models import Recommendation, RecommendationKind, RecommendationStatus
from ponte.standards.services import attach_recommendation_file
from tests.factories import with_role
from tests.standards.factories import recommendation, working_party

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def catalogue() -> dict[str, Recommendation]:
    """H.702 and its conformance paper (SG16), F.921 (SG16, its working party), X.1205 (SG17), ITU-R P.370 superseded
    by P.1546 (SG3), and a withdrawn ITU-D report without a group."""
    h702 = recommendation(
        "ITU-T",
        "H.702",
        title="Accessibility profiles for IPTV systems",
        group_code="SG16",
        titles={
            "fr": "Profils d'accessibilité pour les systèmes IPTV",
            "zh_hans": "IPTV系统的无障碍配置文件",
            "ar": "لمحات إمكانية النفاذ لأنظمة تلفزيون بروتوكول الإنترنت (IPTV)",
        },
        summaries={
            "en": "Captions, audio description and sign language on IPTV.",
            "ar": "الترجمة النصية والوصف الصوتي.",
        },
        url="https://www.itu.int/rec/T-REC-H.702",
    )
    paper = recommendation(
        "ITU-T",
        "HSTP-CONF-H702",
        title="Conformance testing specification for H.702",
        group_code="SG16",
        kind=RecommendationKind.TECHNICAL_PAPER,
        approved_on=None,
    )
    wp = working_party("ITU-T", "SG16", "WP2-16")
    f921 = recommendation(
        "ITU-T",
        "F.921",
        title="Audio-based network navigation system for persons with vision impairment",
        titles={
            "fr": "Système de navigation en réseau basé sur l'audio pour les personnes ayant une déficience visuelle"
        },
    )
    f921.group = wp
    f921.save()
    x1205 = recommendation("ITU-T", "X.1205", title="Overview of cybersecurity", group_code="SG17")
    p1546 = recommendation("ITU-R", "P.1546", title="Method for point-to-area predictions", group_code="SG3")
    p370 = recommendation(
        "ITU-R",
        "P.370",
        title="VHF and UHF propagation curves",
        group_code="SG3",
        status=RecommendationStatus.SUPERSEDED,
        superseded_by=p1546,
    )
    report = recommendation(
        "ITU-D",
        "D-STG-SG01.05.1-2021",
        title="Telecommunications/ICTs for rural and remote areas",
        kind=RecommendationKind.TECHNICAL_REPORT,
        status=RecommendationStatus.WITHDRAWN,
    )
    return {
        "h702": h702,
        "paper": paper,
        "f921": f921,
        "x1205": x1205,
        "p1546": p1546,
        "p370": p370,
        "report": report,
    }


def identifiers(found: Any) -> list[str]:
    return [str(item) for item in found]


def listed(response: Any) -> list[str]:
    return identifiers(response.context["page"].object_list)


# --- Browsing by group ---------------------------------------------------------------------------------------------


def test_groups_are_listed_with_their_counts_working_parties_counted_in_their_study_group(catalogue) -> None:
    counts = {str(item.group): item.count for item in selectors.groups_with_recommendations()}
    assert counts == {"ITU-R SG3": 2, "ITU-T SG16": 3, "ITU-T SG17": 1}


def test_the_catalogue_page_offers_each_group_to_browse_by_sector(client: Client, catalogue) -> None:
    response = client.get("/en/standards/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ITU-T — Telecommunication Standardization Sector" in html
    assert "ITU-R — Radiocommunication Sector" in html
    assert "?sector=ITU-T&amp;group=SG16" in html and "3 Recommendations" in html
    assert "?sector=ITU-T&amp;group=SG17" in html and "1 Recommendation<" in html
    assert len(listed(response)) == 7


def test_browsing_a_group_lists_its_recommendations_and_its_working_parties(client: Client, catalogue) -> None:
    response = client.get("/en/standards/", {"sector": "ITU-T", "group": "SG16"})
    assert listed(response) == ["ITU-T F.921", "ITU-T H.702", "ITU-T HSTP-CONF-H702"]
    assert 'aria-current="true"' in response.content.decode()


# --- Filters -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sector": "ITU-R"}, ["ITU-R P.1546", "ITU-R P.370"]),
        ({"sector": "itu-d"}, ["ITU-D D-STG-SG01.05.1-2021"]),
        ({"group": "sg16"}, ["ITU-T F.921", "ITU-T H.702", "ITU-T HSTP-CONF-H702"]),
        ({"group": "WP2-16"}, ["ITU-T F.921"]),
        ({"group": "SG3"}, ["ITU-R P.1546", "ITU-R P.370"]),
        ({"status": "superseded"}, ["ITU-R P.370"]),
        ({"status": "withdrawn"}, ["ITU-D D-STG-SG01.05.1-2021"]),
        ({"kind": "technical_paper"}, ["ITU-T HSTP-CONF-H702"]),
        ({"kind": "technical_report", "sector": "ITU-D"}, ["ITU-D D-STG-SG01.05.1-2021"]),
        (
            {"sector": "ITU-T", "status": "in_force", "kind": "recommendation", "group": "SG16"},
            ["ITU-T F.921", "ITU-T H.702"],
        ),
    ],
)
def test_each_filter_narrows_the_list(catalogue, filters: dict[str, str], expected: list[str]) -> None:
    assert identifiers(selectors.recommendation_list(**filters)) == expected


def test_the_page_filters_by_sector_status_and_kind(client: Client, catalogue) -> None:
    response = client.get("/en/standards/", {"sector": "ITU-R", "status": "superseded"})
    assert listed(response) == ["ITU-R P.370"]
    response = client.get("/en/standards/", {"kind": "technical_paper"})
    assert listed(response) == ["ITU-T HSTP-CONF-H702"]


def test_an_unknown_group_is_said_at_the_field_and_the_other_filters_still_apply(client: Client, catalogue) -> None:
    response = client.get("/en/standards/", {"group": "SG99", "sector": "ITU-R"})
    assert response.status_code == 200
    assert response.context["form"].errors["group"] == ["There is no group with the code SG99."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert listed(response) == ["ITU-R P.1546", "ITU-R P.370"]


def test_a_group_of_another_sector_is_refused(client: Client, catalogue) -> None:
    response = client.get("/en/standards/", {"group": "SG17", "sector": "ITU-R"})
    assert response.context["form"].errors["group"] == ["ITU-R has no group SG17."]


def test_an_unknown_status_is_said_in_the_readers_language(client: Client, catalogue) -> None:
    response = client.get("/fr/standards/", {"status": "lost"})
    assert "status" in response.context["form"].errors
    assert len(listed(response)) == 7


# --- Search ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["H.702", "H702", "h.702", "H 702", "h-702", " h702 "])
def test_an_identifier_is_found_however_it_is_written(catalogue, typed: str) -> None:
    assert identifiers(selectors.recommendation_list(text=typed)) == ["ITU-T H.702", "ITU-T HSTP-CONF-H702"]


def test_a_longer_identifier_is_found_by_its_part(catalogue) -> None:
    assert identifiers(selectors.recommendation_list(text="hstp conf")) == ["ITU-T HSTP-CONF-H702"]
    assert identifiers(selectors.recommendation_list(text="X1205")) == ["ITU-T X.1205"]


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        ("en", "accessibility IPTV", ["ITU-T H.702"]),
        ("en", "CYBERSECURITY", ["ITU-T X.1205"]),
        ("en", "audio description", ["ITU-T H.702"]),  # in the summary
        ("fr", "déficience visuelle", ["ITU-T F.921"]),
        ("fr", "accessibilité", ["ITU-T H.702"]),
        ("zh-hans", "无障碍", ["ITU-T H.702"]),
        ("zh-hans", "配置", ["ITU-T H.702"]),
        ("ar", "النفاذ", ["ITU-T H.702"]),
        ("ar", "بروتوكول الإنترنت", ["ITU-T H.702"]),
        ("ar", "الوصف الصوتي", ["ITU-T H.702"]),  # in the Arabic summary
        ("ar", "cybersecurity", ["ITU-T X.1205"]),  # English is searched too
        ("fr", "nothing like this", []),
    ],
)
def test_words_are_found_in_the_readers_language_and_in_english(
    catalogue, language: str, typed: str, expected: list[str]
) -> None:
    assert identifiers(selectors.recommendation_list(text=typed, language=language)) == expected


def test_another_languages_title_is_not_searched(catalogue) -> None:
    assert identifiers(selectors.recommendation_list(text="无障碍", language="fr")) == []


def test_the_page_searches_in_the_language_of_the_page(client: Client, catalogue) -> None:
    assert listed(client.get("/zh-hans/standards/", {"q": "无障碍"})) == ["ITU-T H.702"]
    assert listed(client.get("/ar/standards/", {"q": "النفاذ"})) == ["ITU-T H.702"]
    assert listed(client.get("/fr/standards/", {"q": "déficience"})) == ["ITU-T F.921"]
    assert listed(client.get("/en/standards/", {"q": "h 702", "kind": "technical_paper"})) == ["ITU-T HSTP-CONF-H702"]


def test_a_title_not_yet_translated_shows_in_english_marked_as_english(client: Client, catalogue) -> None:
    html = client.get("/ar/standards/", {"q": "X.1205"}).content.decode()
    assert '<td lang="en">Overview of cybersecurity</td>' in html
    html = client.get("/ar/standards/", {"q": "H.702", "kind": "recommendation"}).content.decode()
    assert '<td lang="ar">لمحات إمكانية النفاذ' in html


# --- A Recommendation's page ---------------------------------------------------------------------------------------


def test_a_recommendation_reads_in_arabic_with_its_group_status_and_free_text(client: Client, catalogue) -> None:
    response = client.get("/ar/standards/ITU-T/H.702/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="lead" lang="ar">لمحات إمكانية النفاذ لأنظمة تلفزيون بروتوكول الإنترنت (IPTV)</p>' in html
    assert '<html lang="ar" dir="rtl">' in html
    assert reverse("core:group_detail", kwargs={"sector": "ITU-T", "code": "SG16"}) in html
    with translation.override("ar"):
        assert str(RecommendationStatus.IN_FORCE.label) in html
        assert translation.gettext("Read it free online") in html
    assert 'href="https://www.itu.int/rec/T-REC-H.702"' in html
    assert "الترجمة النصية والوصف الصوتي." in html
    assert "standards/_related.html" in [template.name for template in response.templates]


def test_a_superseded_recommendation_points_to_what_replaces_it_and_back(client: Client, catalogue) -> None:
    older = client.get("/en/standards/ITU-R/P.370/").content.decode()
    assert "This text is superseded" in older
    assert 'href="/en/standards/ITU-R/P.1546/"' in older
    newer = client.get("/en/standards/ITU-R/P.1546/").content.decode()
    assert "Supersedes" in newer and 'href="/en/standards/ITU-R/P.370/"' in newer


def test_an_address_typed_as_people_say_it_leads_to_the_recommendation(client: Client, catalogue) -> None:
    response = client.get("/en/standards/ITU-T/h702/")
    assert response.status_code == 302
    assert response["Location"] == "/en/standards/ITU-T/H.702/"


def test_an_unknown_recommendation_is_not_found(client: Client, catalogue) -> None:
    assert client.get("/en/standards/ITU-T/H.999/").status_code == 404
    assert client.get("/en/standards/ITU-X/H.702/").status_code == 404


def test_stored_script_in_a_title_or_summary_is_not_run(client: Client, catalogue) -> None:
    h702 = catalogue["h702"]
    h702.title_en = '<script>alert("title")</script>'
    h702.title_ar = ""
    h702.summary_en = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3))'
    h702.summary_ar = ""
    h702.save()
    for path in ("/ar/standards/ITU-T/H.702/", "/ar/standards/?q=H702"):
        html = client.get(path).content.decode()
        assert "<script>alert" not in html
        assert "onerror" not in html
        assert "javascript:alert" not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in client.get("/en/standards/").content.decode()


# --- The PDF ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def with_pdf(catalogue, settings, tmp_path) -> Recommendation:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("h702.pdf", PDF, content_type="application/pdf")
    return attach_recommendation_file(actor=with_role("secretariat"), recommendation=catalogue["h702"], upload=upload)


def test_the_pdf_is_served_by_its_page_with_its_type_and_name(client: Client, with_pdf: Recommendation) -> None:
    response = client.get("/en/standards/ITU-T/H.702/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ITU-T-H.702.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_the_page_links_the_pdf_through_its_view_never_the_stored_file(
    client: Client, with_pdf: Recommendation
) -> None:
    html = client.get("/en/standards/ITU-T/H.702/").content.decode()
    assert 'href="/en/standards/ITU-T/H.702/pdf/"' in html
    assert with_pdf.file.name not in html and "/media/" not in html
    assert with_pdf.file.name.startswith("standards/") and with_pdf.file.name.endswith(".pdf")
    assert "h702" not in with_pdf.file.name, "the stored name is not guessable"


def test_without_a_pdf_the_file_page_is_not_found(client: Client, catalogue) -> None:
    assert client.get("/en/standards/ITU-T/X.1205/pdf/").status_code == 404


def test_the_pdf_keeps_its_history(with_pdf: Recommendation) -> None:
    record = with_pdf.history.first()
    assert record.history_change_reason == "standards.recommendation.file_attached"


# --- Planned reads -------------------------------------------------------------------------------------------------


def test_the_catalogue_page_needs_the_same_queries_for_more_recommendations(
    client: Client, catalogue, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10) as few:
        client.get("/en/standards/", {"q": "a"})
    for number in range(20):
        recommendation("ITU-T", f"Y.{4100 + number}", title=f"A Recommendation {number}", group_code="SG20")
        recommendation("ITU-R", f"BT.{2100 + number}", title=f"A broadcasting one {number}", group_code="SG6")
    with django_assert_max_num_queries(len(few)):
        response = client.get("/en/standards/", {"q": "a"})
    assert len(listed(response)) == 25


def test_a_recommendations_page_needs_the_same_queries_however_many_it_supersedes(
    client: Client, catalogue, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10) as few:
        client.get("/en/standards/ITU-R/P.1546/")
    for number in range(5):
        recommendation(
            "ITU-R",
            f"P.{300 + number}",
            group_code="SG3",
            status=RecommendationStatus.SUPERSEDED,
            superseded_by=catalogue["p1546"],
        )
    with django_assert_max_num_queries(len(few)):
        client.get("/en/standards/ITU-R/P.1546/")
