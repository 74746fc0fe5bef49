"""The pages where a representative creates, lists and revokes its organisation's tokens."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ponte.core.models import Organisation, RoleKind, User
from ponte.tokens import services
from ponte.tokens.models import ApiToken
from tests.conftest import signed_in
from tests.factories import with_role
from tests.tokens.factories import bearer, token

pytestmark = pytest.mark.django_db


def _list(organisation: Organisation) -> str:
    return f"/en/api-tokens/organisations/{organisation.pk}/"


def test_a_representative_creates_a_token_shown_once_that_works(
    representative: User, japanese_sme: Organisation
) -> None:
    client = signed_in(representative)
    answer = client.post(
        f"{_list(japanese_sme)}new/", {"name": "ERP connector", "scopes": ["core:read", "membership:read"]}
    )
    assert answer.status_code == 200
    plain = answer.context["new"].plain
    assert plain.startswith("ponte_") and plain in answer.content.decode()
    made = ApiToken.objects.get()
    assert (made.name, made.scopes, made.created_by) == (
        "ERP connector",
        ["core:read", "membership:read"],
        representative,
    )
    assert Client().get("/api/v1/me", headers=bearer(plain)).status_code == 200
    listing = client.get(_list(japanese_sme)).content.decode()
    assert "ERP connector" in listing and made.prefix in listing and plain not in listing


def test_an_unknown_scope_is_refused_at_the_form_and_nothing_is_saved(
    representative: User, japanese_sme: Organisation
) -> None:
    answer = signed_in(representative).post(f"{_list(japanese_sme)}new/", {"name": "X", "scopes": ["admin:all"]})
    assert answer.status_code == 400
    assert "Unknown scope: admin:all." in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_the_service_refuses_unknown_or_no_scopes(representative: User, japanese_sme: Organisation) -> None:
    with pytest.raises(ValidationError, match="Unknown scope: everything"):
        token(representative, japanese_sme, "everything")
    with pytest.raises(ValidationError, match="at least one scope"):
        services.create_token(
            organisation=japanese_sme, created_by=representative, name="X", scopes=[], expires_at=None
        )
    assert not ApiToken.objects.exists()


def test_a_representative_revokes_after_confirming(representative: User, japanese_sme: Organisation) -> None:
    new = token(representative, japanese_sme, "core:read")
    client = signed_in(representative)
    confirm = client.get(f"/en/api-tokens/{new.token.pk}/revoke/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Client().get("/api/v1/me", headers=bearer(new)).status_code == 200
    assert client.post(f"/en/api-tokens/{new.token.pk}/revoke/").status_code == 302
    assert Client().get("/api/v1/me", headers=bearer(new)).status_code == 401
    assert "Revoked" in client.get(_list(japanese_sme)).content.decode()
    assert ApiToken.history.filter(id=new.token.pk, history_user=representative).count() == 2


def test_another_organisations_representative_sees_nothing(
    representative: User, japanese_sme: Organisation, egyptian_sme: Organisation
) -> None:
    new = token(representative, japanese_sme, "core:read")
    other = signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=egyptian_sme))
    assert other.get(_list(japanese_sme)).status_code == 403
    assert other.post(f"{_list(japanese_sme)}new/", {"name": "X", "scopes": ["core:read"]}).status_code == 403
    assert other.post(f"/en/api-tokens/{new.token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("who", ["member", "japan_focal_point"])
def test_people_without_the_role_are_refused(
    who: str, request: pytest.FixtureRequest, japanese_sme: Organisation
) -> None:
    client = signed_in(request.getfixturevalue(who))
    assert client.get(_list(japanese_sme)).status_code == 403
    assert client.get(f"{_list(japanese_sme)}new/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(japanese_sme: Organisation) -> None:
    answer = Client().get(_list(japanese_sme))
    assert answer.status_code == 302 and "/account/login/" in answer["Location"]


def test_the_secretariat_sees_and_revokes_but_creates_no_token(
    secretariat: User, representative: User, japanese_sme: Organisation
) -> None:
    new = token(representative, japanese_sme, "core:read")
    client = signed_in(secretariat)
    listing = client.get(_list(japanese_sme))
    assert listing.status_code == 200 and new.token.prefix in listing.content.decode()
    assert client.get(f"{_list(japanese_sme)}new/").status_code == 403
    with pytest.raises(PermissionDenied):
        token(secretariat, japanese_sme, "core:read")
    assert client.post(f"/en/api-tokens/{new.token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


def test_the_organisation_page_links_to_the_tokens_for_those_who_may_see_them(
    representative: User, member: User, japanese_sme: Organisation
) -> None:
    page = f"/en/organisations/{japanese_sme.pk}/"
    assert _list(japanese_sme) in signed_in(representative).get(page).content.decode()
    assert _list(japanese_sme) not in signed_in(member).get(page).content.decode()
