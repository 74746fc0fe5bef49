"""Who may write, publish and read assessments: the secretariat anywhere; a certified national expert for its own
country only, as drafts it publishes; nobody with a lapsed or revoked certificate; the public reads published ones.
Who may lead: a national expert whose certificate was valid on the assessment's date and never revoked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ponte.core.models import User
from ponte.innovation import services
from ponte.innovation.models import Assessment, AssessmentState, LeadKind, Pillar
from ponte.innovation.services import ScoreInput
from tests.conftest import signed_in
from tests.experts.factories import certificate, expert_account
from tests.factories import PersonFactory, country
from tests.innovation.factories import assessment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)


def _all_scores(value: int = 50) -> dict[str, ScoreInput]:
    return {code: ScoreInput(Decimal(value)) for code in Pillar.objects.values_list("code", flat=True)}


def _form(**extra: Any) -> dict[str, Any]:
    data = {"country": "MKD", "assessed_on": str(TODAY - datetime.timedelta(days=30)), "led_by": "national_expert"}
    for code in Pillar.objects.values_list("code", flat=True):
        data[f"score_{code}"] = "55.5"
    return data | extra


@pytest.fixture
def people() -> dict[str, User]:
    long_ago = TODAY - datetime.timedelta(days=3000)
    return {
        "expert": expert_account("MKD"),
        "other_expert": expert_account("SRB"),
        "lapsed": expert_account("MKD", issued_on=long_ago, expires_on=long_ago + datetime.timedelta(days=1000)),
        "revoked": expert_account("MKD", issued_on=YEAR_AGO, revoked_on=TODAY - datetime.timedelta(days=2)),
    }


# --- Creating -----------------------------------------------------------------------------------------------------


def test_a_certified_expert_creates_a_draft_for_their_own_country_led_by_themselves(people) -> None:
    expert = people["expert"]
    browser = signed_in(expert)
    assert browser.get("/en/innovation/assessments/new/").status_code == 200
    response = browser.post("/en/innovation/assessments/new/", _form(summary_en="**Strong** talent."))
    made = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/innovation/assessments/{made.pk}/"
    assert made.state == AssessmentState.DRAFT and made.led_by == LeadKind.NATIONAL_EXPERT
    assert made.lead_certificate is not None and made.lead_certificate.person.user == expert
    assert made.created_by == expert
    assert made.scores.count() == Pillar.objects.count()
    assert made.history.first().history_change_reason == "innovation.assessment.created"


def test_an_expert_cannot_assess_another_country(people) -> None:
    response = signed_in(people["other_expert"]).post("/en/innovation/assessments/new/", _form())
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.create_assessment(
            actor=people["other_expert"], country=country("MKD"), assessed_on=YEAR_AGO, led_by="national_expert"
        )
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ["lapsed", "revoked"])
def test_a_lapsed_or_revoked_expert_cannot_create(people, who) -> None:
    browser = signed_in(people[who])
    assert browser.get("/en/innovation/assessments/new/").status_code == 403
    assert browser.post("/en/innovation/assessments/new/", _form()).status_code == 403
    assert not Assessment.objects.exists()


def test_anonymous_and_plain_accounts_cannot_create(client, member, japan_focal_point) -> None:
    assert client.get("/en/innovation/assessments/new/").status_code == 302
    for user in (member, japan_focal_point):
        assert signed_in(user).post("/en/innovation/assessments/new/", _form()).status_code == 403


def test_an_expert_cannot_claim_the_secretariat_leads(people) -> None:
    with pytest.raises(PermissionDenied):
        services.create_assessment(
            actor=people["expert"], country=country("MKD"), assessed_on=YEAR_AGO, led_by=LeadKind.SECRETARIAT
        )


def test_an_expert_cannot_date_an_assessment_outside_their_certificate(people) -> None:
    response = signed_in(people["expert"]).post(
        "/en/innovation/assessments/new/", _form(assessed_on=str(TODAY - datetime.timedelta(days=2000)))
    )
    assert response.status_code == 400
    assert "expired on" not in response.content.decode()  # the current certificate is simply not yet valid then
    assert "is valid only from" in response.content.decode()


# --- Who may lead (the secretariat records any) -------------------------------------------------------------------


def _secretariat_creates(secretariat: User, cert: Any, day: datetime.date, alpha3: str = "MKD") -> Assessment:
    return services.create_assessment(
        actor=secretariat, country=country(alpha3), assessed_on=day, led_by=LeadKind.NATIONAL_EXPERT,
        lead_certificate=cert,
    )  # fmt: skip


def test_an_expired_certificate_cannot_lead(secretariat) -> None:
    old = certificate(PersonFactory(country=country("MKD")), issued_on=datetime.date(2017, 10, 16),
                      expires_on=datetime.date(2020, 10, 15))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        _secretariat_creates(secretariat, old, datetime.date(2021, 3, 1))
    assert refused.value.error_dict["lead_certificate"][0].code == "expired"
    assert "expired on Oct. 15, 2020, before the assessment date" in refused.value.messages[0]
    assert _secretariat_creates(secretariat, old, datetime.date(2018, 3, 1)).lead_certificate == old


def test_a_revoked_certificate_cannot_lead_even_for_a_date_before_the_revocation(secretariat) -> None:
    revoked = certificate(PersonFactory(country=country("MKD")), issued_on=datetime.date(2020, 1, 1),
                          revoked_on=datetime.date(2021, 6, 1))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        _secretariat_creates(secretariat, revoked, datetime.date(2020, 6, 1))
    assert refused.value.error_dict["lead_certificate"][0].code == "revoked"
    assert "a revoked certificate cannot lead an assessment" in refused.value.messages[0]


def test_another_countrys_expert_cannot_lead(secretariat) -> None:
    serbian = certificate(PersonFactory(country=country("SRB")))
    with pytest.raises(ValidationError) as refused:
        _secretariat_creates(secretariat, serbian, YEAR_AGO + datetime.timedelta(days=10))
    assert refused.value.error_dict["lead_certificate"][0].code == "other_country"


def test_the_secretariat_page_names_the_lead_by_certificate_number(secretariat) -> None:
    lead = certificate(PersonFactory(country=country("MKD")))
    browser = signed_in(secretariat)
    day = str(YEAR_AGO + datetime.timedelta(days=5))
    unknown = browser.post("/en/innovation/assessments/new/", _form(assessed_on=day, lead_certificate="ITU-INN-1"))
    assert unknown.status_code == 400 and "No certificate has this number." in unknown.content.decode()
    made = browser.post("/en/innovation/assessments/new/", _form(assessed_on=day, lead_certificate=lead.number.lower()))
    assert made.status_code == 302 and Assessment.objects.get().lead_certificate == lead
    twice = browser.post("/en/innovation/assessments/new/", _form(assessed_on=day, led_by="secretariat"))
    assert (
        twice.status_code == 400 and "North Macedonia already has an assessment on this date." in twice.content.decode()
    )


def test_bad_scores_are_refused_at_their_field_and_nothing_is_saved(secretariat) -> None:
    response = signed_in(secretariat).post(
        "/en/innovation/assessments/new/",
        _form(led_by="secretariat", **{"score_vision-strategy": "100.5", "score_talent-champions": "12.25"}),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in html
    assert "Ensure that there are no more than 1 decimal place." in html
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.create_assessment(
            actor=secretariat, country=country("KEN"), assessed_on=YEAR_AGO, led_by="secretariat",
            scores={"vision-strategy": ScoreInput(Decimal("-1"))},
        )  # fmt: skip
    assert refused.value.error_dict["score_vision-strategy"][0].code == "range"
    assert not Assessment.objects.exists()


# --- Editing, publishing, reading ---------------------------------------------------------------------------------


@pytest.fixture
def draft(people) -> Assessment:
    lead = people["expert"].person.innovation_certificates.get()
    return assessment("MKD", 50, day=YEAR_AGO + datetime.timedelta(days=20), state="draft", lead=lead)


def test_the_expert_edits_and_publishes_their_countrys_draft(people, draft) -> None:
    browser = signed_in(people["expert"])
    url = f"/en/innovation/assessments/{draft.pk}/"
    form = _form(assessed_on=str(draft.assessed_on), **{"score_vision-strategy": "61.5"})
    assert browser.post(f"{url}edit/", form).status_code == 302
    assert draft.scores.get(pillar__code="vision-strategy").score == Decimal("61.5")
    assert browser.post(f"{url}publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.state == AssessmentState.PUBLISHED and draft.published_at is not None
    assert browser.get(f"{url}edit/").status_code == 403  # published: the secretariat's from now on
    assert browser.post(f"{url}unpublish/", {"reason": "Oops"}).status_code == 403


def test_a_draft_missing_a_pillar_cannot_be_published(people) -> None:
    lead = people["expert"].person.innovation_certificates.get()
    partial = assessment("MKD", (50, 50, None, 50, 50, 50, 50), day=YEAR_AGO + datetime.timedelta(days=3),
                         state="draft", lead=lead)  # fmt: skip
    response = signed_in(people["expert"]).post(f"/en/innovation/assessments/{partial.pk}/publish/")
    assert response.status_code == 400
    assert "Score every pillar before publishing; missing: Talent and champions." in response.content.decode()
    partial.refresh_from_db()
    assert partial.state == AssessmentState.DRAFT


def test_a_draft_whose_lead_was_revoked_meanwhile_cannot_be_published(secretariat, people, draft) -> None:
    from ponte.experts.services import revoke_certificate

    revoke_certificate(actor=secretariat, certificate=draft.lead_certificate, reason="Left.")
    with pytest.raises(ValidationError) as refused:
        services.publish_assessment(actor=secretariat, assessment=draft)
    assert refused.value.error_dict["lead_certificate"][0].code == "revoked"


@pytest.mark.parametrize(
    ("who", "sees_draft", "may_edit"),
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("other_expert", False, False),
        ("lapsed", False, False),
        ("revoked", False, False),
        ("expert", True, True),
        ("secretariat", True, True),
    ],
)
def test_who_sees_and_edits_a_draft_on_pages_and_api(client, people, secretariat, member, draft, who, sees_draft,
                                                     may_edit) -> None:  # fmt: skip
    browser = {"anonymous": client, "member": signed_in(member), "secretariat": signed_in(secretariat)}.get(who) or (
        signed_in(people[who])
    )
    url = f"/en/innovation/assessments/{draft.pk}/"
    assert browser.get(url).status_code == (200 if sees_draft else 404)
    assert browser.get(f"/api/v1/innovation/assessments/{draft.pk}").status_code == (200 if sees_draft else 404)
    edit = browser.get(f"{url}edit/")
    assert edit.status_code == (200 if may_edit else (302 if who == "anonymous" else 404))
    assert draft.pk not in [a["id"] for a in browser.get("/api/v1/innovation/assessments").json()["items"]]
    index = browser.get("/en/innovation/").content.decode()
    assert (f"/en/innovation/assessments/{draft.pk}/" in index) == sees_draft


def test_a_published_assessment_is_public_and_only_the_secretariat_withdraws_it(client, secretariat, people) -> None:
    published = assessment("KEN", 60)
    assert client.get(f"/en/innovation/assessments/{published.pk}/").status_code == 200
    assert client.get(f"/api/v1/innovation/assessments/{published.pk}").json()["country"] == "KEN"
    browser = signed_in(secretariat)
    url = f"/en/innovation/assessments/{published.pk}/unpublish/"
    assert browser.post(url, {"reason": ""}).status_code == 400
    assert browser.post(url, {"reason": "Scores under review."}).status_code == 302
    published.refresh_from_db()
    assert published.state == AssessmentState.DRAFT and published.withdrawal_reason == "Scores under review."
    assert client.get(f"/en/innovation/assessments/{published.pk}/").status_code == 404


def test_the_secretariat_edits_a_published_assessment_but_the_expert_never_edits_a_secretariat_one(
    secretariat, people
) -> None:
    led_by_secretariat = assessment("MKD", 50, day=YEAR_AGO, state="draft")
    assert (
        signed_in(people["expert"]).get(f"/en/innovation/assessments/{led_by_secretariat.pk}/edit/").status_code == 403
    )
    published = assessment("KEN", 50)
    form = _form(country="KEN", led_by="secretariat", assessed_on=str(published.assessed_on))
    assert signed_in(secretariat).post(f"/en/innovation/assessments/{published.pk}/edit/", form).status_code == 302
    assert published.scores.get(pillar__code="vision-strategy").score == Decimal("55.5")


def test_stored_script_in_evidence_and_summary_is_not_run(client) -> None:
    published = assessment("KEN", 60, summary="<script>alert(1)</script>Good **hubs**")
    score = published.scores.get(pillar__code="vision-strategy")
    score.evidence = "<img src=x onerror=alert(2)>[link](javascript:alert(3))"
    score.save()
    for url in (f"/en/innovation/assessments/{published.pk}/", "/en/innovation/KEN/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "onerror" not in html and "javascript:alert" not in html
    assert "<strong>hubs</strong>" in client.get("/en/innovation/KEN/").content.decode()


def test_the_api_lists_published_assessments_paginated_and_filtered(client, django_assert_max_num_queries) -> None:
    assessment("KEN", 60)
    assessment("RWA", 40)
    assessment("RWA", 30, day=datetime.date(2019, 1, 1), state="draft")
    data = client.get("/api/v1/innovation/assessments", {"country": "rwa"}).json()
    assert data["count"] == 1 and data["items"][0]["country"] == "RWA" and len(data["items"][0]["scores"]) == 7
    assert client.get("/api/v1/innovation/assessments", {"country": "RW1"}).status_code == 422
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/innovation/assessments")
    for alpha3 in ("UGA", "TZA", "NGA", "GHA"):
        assessment(alpha3, 45)
    with django_assert_max_num_queries(len(few)):
        assert client.get("/api/v1/innovation/assessments").json()["count"] == 6
    assert len(client.get("/api/v1/innovation/pillars").json()) == 7
