"""``/api/v1/my/``: the portal's sections as JSON, and the account's follows (session authentication)."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.core.models import Organisation, User
from ponte.portal import services
from ponte.portal.models import Follow
from tests.conftest import signed_in
from tests.factories import group
from tests.opportunities.factories import opportunity
from tests.portal.factories import invoice, meeting
from tests.standards.factories import recommendation

pytestmark = pytest.mark.django_db


def test_anonymous_callers_get_401() -> None:
    client = Client()
    assert client.get("/api/v1/my/").status_code == 401
    assert client.get("/api/v1/my/follows").status_code == 401
    assert (
        client.post("/api/v1/my/follows", {"kind": "group", "id": 1}, content_type="application/json").status_code
        == 401
    )
    assert client.delete("/api/v1/my/follows?kind=group&id=1").status_code == 401


def test_the_sections_of_the_page_with_counts_and_addresses(
    representative: User, japanese_sme: Organisation, egyptian_sme: Organisation
) -> None:
    due = invoice(japanese_sme)
    invoice(egyptian_sme)
    body = signed_in(representative).get("/api/v1/my/").json()
    keys = [section["key"] for section in body["sections"]]
    assert keys[:4] == ["invoices", "applications", "questions_to_answer", "meetings"]
    invoices = body["sections"][0]
    assert invoices["count"] == 1
    assert invoices["items"][0]["url"] == f"/en/membership/invoices/{due.number}/"
    assert invoices["items"][0]["needs_action"] is True
    assert body["action_count"] == 1


def test_follow_list_and_stop_following(member: User) -> None:
    client = signed_in(member)
    sg16 = group("ITU-T", "SG16")
    created = client.post("/api/v1/my/follows", {"kind": "group", "id": sg16.pk}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["title"] == "ITU-T SG16" and created.json()["url"] == sg16.get_absolute_url()
    again = client.post("/api/v1/my/follows", {"kind": "group", "id": sg16.pk}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    h702 = recommendation("ITU-T", "H.702")
    client.post("/api/v1/my/follows", {"kind": "recommendation", "id": h702.pk}, content_type="application/json")
    listed = client.get("/api/v1/my/follows").json()
    assert [(row["kind"], row["target_id"]) for row in listed] == [("recommendation", h702.pk), ("group", sg16.pk)]
    assert client.delete(f"/api/v1/my/follows?kind=group&id={sg16.pk}").status_code == 204
    assert client.delete(f"/api/v1/my/follows?kind=group&id={sg16.pk}").status_code == 204
    assert [row["kind"] for row in client.get("/api/v1/my/follows").json()] == ["recommendation"]


def test_a_followed_groups_meeting_appears_in_the_portal(member: User) -> None:
    client = signed_in(member)
    sg5 = group("ITU-T", "SG5")
    meeting(sg5, title="SG5 in Nairobi")
    client.post("/api/v1/my/follows", {"kind": "group", "id": sg5.pk}, content_type="application/json")
    meetings = next(s for s in client.get("/api/v1/my/").json()["sections"] if s["key"] == "meetings")
    assert meetings["count"] == 1 and meetings["items"][0]["title"] == "SG5 in Nairobi"


def test_refusals(member: User) -> None:
    client = signed_in(member)
    draft = opportunity("Draft", state="draft")
    closed = opportunity("Closed", state="closed")

    def post(kind: str, pk: int) -> int:
        payload = {"kind": kind, "id": pk}
        return client.post("/api/v1/my/follows", payload, content_type="application/json").status_code

    assert post("opportunity", draft.pk) == 404
    assert post("opportunity", closed.pk) == 403
    assert post("group", 999999) == 404
    assert post("person", member.pk) == 422
    assert not Follow.objects.exists()


def test_one_account_never_sees_or_removes_anothers_follows(member: User, representative: User) -> None:
    sg16 = group("ITU-T", "SG16")
    services.follow(actor=representative, target=sg16)
    client = signed_in(member)
    assert client.get("/api/v1/my/follows").json() == []
    assert client.delete(f"/api/v1/my/follows?kind=group&id={sg16.pk}").status_code == 204
    assert Follow.objects.filter(user=representative).count() == 1
