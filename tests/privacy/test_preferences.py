"""One place where a person chooses the email they get: the page and the API, saved through a service with
history; account and security email is always sent, and the page says so."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ponte.core.models import EmailKind, EmailPreference
from ponte.core.notifications import wants
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_page_shows_every_kind_ticked_until_the_person_changes_something(member) -> None:
    page = signed_in(member).get("/en/privacy/").content.decode()
    for kind in EmailKind:
        assert (
            f'value="{kind.value}" id="id_wanted_{kind.value}" aria-describedby="explain_{kind.value}" checked' in page
        )
    assert "always sent" in page
    assert "Download my data (JSON)" in page and "Ask for the deletion of my data" in page


def test_unticking_a_kind_turns_it_off_and_keeps_history(member) -> None:
    client = signed_in(member)
    response = client.post("/en/privacy/", {"wanted": ["decisions", "answers"]}, follow=True)
    assert response.status_code == 200 and "Your email preferences are saved." in response.content.decode()
    assert wants(member, EmailKind.DECISIONS) and wants(member, EmailKind.ANSWERS)
    assert not wants(member, EmailKind.MATCHES) and not wants(member, EmailKind.NEWS)
    client.post("/en/privacy/", {"wanted": ["decisions", "answers", "news"]})
    preference = EmailPreference.objects.get(user=member)
    history = list(preference.history.order_by("history_date"))
    assert [row.news for row in history] == [False, True]
    assert {row.history_change_reason for row in history} == {"privacy.email_preferences.changed"}
    assert {row.history_user for row in history} == {member}
    page = client.get("/en/privacy/").content.decode()
    assert 'id="id_wanted_matches" aria-describedby="explain_matches">' in page


def test_an_unknown_kind_is_refused_and_nothing_is_saved(member) -> None:
    response = signed_in(member).post("/en/privacy/", {"wanted": ["decisions", "spam"]})
    assert response.status_code == 400
    assert not EmailPreference.objects.exists()


def test_the_page_speaks_arabic(member) -> None:
    response = signed_in(member).get("/ar/privacy/")
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()


def test_visitors_are_sent_to_sign_in() -> None:
    response = Client().get("/en/privacy/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert Client().post("/en/privacy/", {"wanted": []}).status_code == 302
    assert not EmailPreference.objects.exists()


def test_the_api_reads_and_sets_ones_own_preferences(member) -> None:
    client = signed_in(member)
    assert client.get("/api/v1/privacy/email-preferences").json() == {"wanted": list(EmailKind.values)}
    response = client.put(
        "/api/v1/privacy/email-preferences", json.dumps({"wanted": ["answers"]}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == {"wanted": ["answers"]}
    assert not wants(member, EmailKind.DECISIONS)
    refused = client.put(
        "/api/v1/privacy/email-preferences", json.dumps({"wanted": ["spam"]}), content_type="application/json"
    )
    assert refused.status_code == 422 and "wanted" in json.dumps(refused.json())
    assert Client().get("/api/v1/privacy/email-preferences").status_code == 401


@pytest.mark.parametrize("role", ["member", "representative", "japan_focal_point", "secretariat"])
def test_every_signed_in_role_manages_only_its_own_privacy(request, role, member) -> None:
    user = request.getfixturevalue(role)
    client = signed_in(user)
    assert client.get("/en/privacy/").status_code == 200
    client.post("/en/privacy/", {"wanted": ["decisions"]})
    assert not wants(user, EmailKind.NEWS)
    assert wants(member, EmailKind.NEWS) or user == member
    assert client.get("/en/privacy/export.json").json()["account"]["email"] == user.email
    staff_link = "Deletion requests to decide" in client.get("/en/privacy/").content.decode()
    assert staff_link is (role == "secretariat")
