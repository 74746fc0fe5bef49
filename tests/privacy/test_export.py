"""The data download: everything Ponte holds about the signed-in person, as a JSON file; only their own data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import signed_in
from tests.privacy.conftest import BIRTH_YEAR, EMAIL, GENDER, Participant, make_participant

pytestmark = pytest.mark.django_db


def _download(client: Client, url: str = "/en/privacy/export.json") -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="ponte-personal-data-')
    return json.loads(response.content)


def test_the_download_holds_everything_about_the_person(participant: Participant) -> None:
    data = _download(signed_in(participant.user))
    assert data["account"]["email"] == EMAIL and "password" not in data["account"]
    assert data["account"]["email_addresses"][0]["email"] == EMAIL
    person = data["person"]
    assert (person["gender"], person["birth_year"], person["email"]) == (GENDER, BIRTH_YEAR, EMAIL)
    assert person["country_label"] == "Senegal"
    assert data["affiliations"][0]["position"] == "CTO"
    assert data["roles"][0]["kind"] == "representative"
    assert data["email_preferences"] == dict.fromkeys(("decisions", "deadlines", "matches", "answers", "news"), True)
    meetings = data["meetings"]
    assert [row["id"] for row in meetings["registrations"]] == [participant.registration.pk]
    assert meetings["attendance"][0]["day"] == participant.attendance.day.isoformat()  # dates in ISO 8601
    assert meetings["fellowships"][0]["ticket"] == "1200.50"  # decimals as strings
    assert [row["number"] for row in meetings["contributions"]] == [participant.contribution.number]
    assert meetings["leadership_posts"][0]["question"] == "Q5/16"
    qa = data["questions_and_answers"]
    assert [row["title"] for row in qa["questions"]] == ["Which profile fits a braille display?"]
    assert [row["id"] for row in qa["answers"]] == [participant.answer.pk]
    assert data["opportunity_interests"][0]["message"] == "We build rural IoT."
    assert data["sponsorship_requests"][0]["reference"] == participant.sponsorship.reference
    assert data["certificates"]["certificates"][0]["number"] == participant.certificate_number
    assert len(data["certificates"]["workshops"]) == 1
    assert "follows" in data and "deletion_requests" in data
    assert data["exported_at"].endswith("+00:00")


def test_the_download_follows_what_the_person_follows(participant: Participant) -> None:
    pytest.importorskip("ponte.portal.models").Follow  # noqa: B018 - the follow model is there
    data = _download(signed_in(participant.user))
    assert len(data["follows"]) == 1


def test_no_one_elses_data_is_in_it(participant: Participant, member) -> None:
    data = _download(signed_in(member))
    text = json.dumps(data)
    assert EMAIL not in text and "braille" not in text and "rural IoT" not in text
    assert data["meetings"]["registrations"] == [] and data["questions_and_answers"]["questions"] == []


def test_the_api_gives_the_same_file(participant: Participant) -> None:
    data = _download(signed_in(participant.user), "/api/v1/privacy/export")
    assert data["person"]["email"] == EMAIL


def test_visitors_download_nothing() -> None:
    assert Client().get("/en/privacy/export.json").status_code == 302
    assert Client().get("/api/v1/privacy/export").status_code == 401


def test_the_download_reads_a_constant_number_of_queries(member, django_assert_max_num_queries) -> None:
    """However much a person did, the download is one query per part (not one per row)."""
    someone = make_participant()
    client = signed_in(someone.user)
    with django_assert_max_num_queries(60):
        client.get("/en/privacy/export.json")
