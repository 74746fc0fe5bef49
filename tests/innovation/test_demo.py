"""The demo: the seed's assessments (three by the secretariat, three led by certified national experts) and their
peers, published, so that every seed country's profile compares with its region and income group; and the API's
schema documents the innovation and experts lists."""

from __future__ import annotations

import pytest

from ponte.core.demo import load_demo
from ponte.innovation.demo import load_innovation_demo
from ponte.innovation.models import Assessment, AssessmentState, LeadKind

pytestmark = pytest.mark.django_db


def test_the_demo_assessments_match_the_seed_and_compare(client) -> None:
    load_demo()
    assert load_innovation_demo() == 15  # 14 published and the expert's draft; the experts' demo comes first
    assert load_innovation_demo() == 0
    published = Assessment.objects.filter(state=AssessmentState.PUBLISHED)
    secretariat = set(published.filter(led_by=LeadKind.SECRETARIAT, assessed_on__year=2017)
                      .values_list("country__alpha3", flat=True))  # fmt: skip
    experts = set(published.filter(led_by=LeadKind.NATIONAL_EXPERT).values_list("country__alpha3", flat=True))
    assert secretariat == {"RWA", "KEN", "MDA"}
    assert experts == {"MKD", "SRB", "BIH"}
    for alpha3 in ("RWA", "KEN", "MDA", "MKD", "SRB", "BIH"):
        data = client.get(f"/api/v1/innovation/profiles/{alpha3}").json()
        assert data["region_peers"] and data["income_peers"], alpha3
        assert all(row["region_average"]["value"] is not None for row in data["pillars"])
    html = client.get("/en/innovation/MKD/").content.decode()
    assert "Ana Stojanovska, certified national expert" in html
    draft = Assessment.objects.get(state=AssessmentState.DRAFT)
    assert draft.country.alpha3 == "MKD" and draft.created_by.email == "innovation.expert@ponte.example"


def test_the_api_schema_documents_the_lists(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/experts/workshops", "/api/v1/experts/headline", "/api/v1/experts/registry",
        "/api/v1/experts/certificates/{number}", "/api/v1/innovation/assessments", "/api/v1/innovation/pillars",
        "/api/v1/innovation/profiles/{alpha3}", "/api/v1/innovation/countries",
    ):  # fmt: skip
        assert path in paths, path
