"""Calling the API with an organisation's token: it acts as its representative, only within its scopes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ponte.api import api
from ponte.core.models import Organisation, Role, RoleKind, User
from ponte.portal.models import Follow
from ponte.tokens.models import ApiToken
from ponte.tokens.scopes import DOMAINS
from tests.conftest import signed_in
from tests.factories import group
from tests.portal.factories import invoice
from tests.tokens.factories import bearer, token

pytestmark = pytest.mark.django_db


def test_a_token_reads_its_organisations_invoices_and_no_others(
    representative: User, japanese_sme: Organisation, egyptian_sme: Organisation
) -> None:
    own = invoice(japanese_sme)
    other = invoice(egyptian_sme)
    new = token(representative, japanese_sme, "membership:read")
    client = Client()
    listed = client.get("/api/v1/membership/invoices", headers=bearer(new))
    assert listed.status_code == 200
    assert [row["number"] for row in listed.json()["items"]] == [own.number]
    assert client.get(f"/api/v1/membership/invoices/{own.number}", headers=bearer(new)).status_code == 200
    assert client.get(f"/api/v1/membership/invoices/{other.number}", headers=bearer(new)).status_code == 403


def test_a_token_acts_as_the_representative_who_created_it(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    answer = Client().get("/api/v1/me", headers=bearer(new))
    assert answer.status_code == 200
    assert answer.json()["email"] == representative.email


def test_a_missing_scope_is_refused_with_its_name(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "membership:read")
    answer = Client().get("/api/v1/me", headers=bearer(new))
    assert answer.status_code == 403
    assert "core:read" in answer.json()["detail"]
    assert Client().get("/api/v1/my/", headers=bearer(new)).json()["detail"] == "This token lacks the scope my:read."


def test_writing_needs_the_write_scope(representative: User, japanese_sme: Organisation) -> None:
    sg16 = group("ITU-T", "SG16")
    payload = {"kind": "group", "id": sg16.pk}
    read_only = token(representative, japanese_sme, "my:read")
    refused = Client().post("/api/v1/my/follows", payload, content_type="application/json", headers=bearer(read_only))
    assert refused.status_code == 403
    assert "my:write" in refused.json()["detail"]
    assert not Follow.objects.exists()
    writer = token(representative, japanese_sme, "my:read", "my:write")
    made = Client().post("/api/v1/my/follows", payload, content_type="application/json", headers=bearer(writer))
    assert made.status_code == 201
    assert Follow.objects.get().user == representative


@pytest.mark.parametrize("spoil", ["revoked", "expired", "tampered", "unknown prefix", "malformed"])
def test_unusable_tokens_are_refused_with_401(spoil: str, representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    plain = new.plain
    if spoil == "revoked":
        ApiToken.objects.filter(pk=new.token.pk).update(revoked_at=timezone.now())
    elif spoil == "expired":
        ApiToken.objects.filter(pk=new.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "tampered":
        plain = plain[:-2] + ("AA" if not plain.endswith("AA") else "BB")
    elif spoil == "unknown prefix":
        plain = f"ponte_zzzzzzzz_{plain.split('_', 2)[2]}"
    else:
        plain = "not-a-ponte-token"
    answer = Client().get("/api/v1/me", headers=bearer(plain))
    assert answer.status_code == 401


def test_a_token_stops_working_when_its_account_loses_the_role(
    representative: User, japanese_sme: Organisation
) -> None:
    new = token(representative, japanese_sme, "core:read")
    Role.objects.filter(user=representative, kind=RoleKind.REPRESENTATIVE).update(revoked_at=timezone.now())
    assert Client().get("/api/v1/me", headers=bearer(new)).status_code == 401


def test_a_token_stops_working_when_its_account_is_deactivated(
    representative: User, japanese_sme: Organisation
) -> None:
    new = token(representative, japanese_sme, "core:read")
    User.objects.filter(pk=representative.pk).update(is_active=False)
    assert Client().get("/api/v1/me", headers=bearer(new)).status_code == 401


def test_a_staff_accounts_token_is_refused(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    User.objects.filter(pk=representative.pk).update(is_staff=True)
    answer = Client().get("/api/v1/me", headers=bearer(new))
    assert answer.status_code == 401


def test_the_secret_is_not_stored(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    secret = new.plain.split("_", 2)[2]
    stored = ApiToken.objects.values().get(pk=new.token.pk)
    assert all(secret not in str(value) for value in stored.values())
    for row in ApiToken.history.values():
        assert all(secret not in str(value) for value in row.values())


def test_the_last_use_is_recorded(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    assert new.token.last_used_at is None
    Client().get("/api/v1/me", headers=bearer(new))
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_the_session_still_works_and_still_checks_csrf(representative: User, japanese_sme: Organisation) -> None:
    assert signed_in(representative).get("/api/v1/me").status_code == 200
    sg16 = group("ITU-T", "SG16")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(representative)
    answer = strict.post("/api/v1/my/follows", {"kind": "group", "id": sg16.pk}, content_type="application/json")
    assert answer.status_code == 403
    assert not Follow.objects.exists()


def test_public_endpoints_stay_public_with_or_without_a_token(representative: User, japanese_sme: Organisation) -> None:
    assert Client().get("/api/v1/countries").status_code == 200
    new = token(representative, japanese_sme, "membership:read")
    assert Client().get("/api/v1/countries", headers=bearer(new)).status_code == 200


def test_every_api_router_has_its_scopes() -> None:
    mounted = {prefix.strip("/") or "core" for prefix, _router in api._routers}
    assert mounted == set(DOMAINS)
