"""Every API operation, found from the OpenAPI schema, refuses the anonymous, a token without its domain's scope and a
read-only token's writes, and shows a stranger nothing private (issue 9). A new operation fails here until it is
given a decision in ``access_operations.OPERATIONS``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.core.models import RoleKind
from ponte.tokens import services as tokens
from ponte.tokens.scopes import DOMAINS, READ_METHODS, SCOPES, domain_of
from tests.factories import OrganisationFactory, country, with_role
from tests.security import access_fixtures
from tests.security.access_operations import API_PAGES, OPERATIONS, url
from tests.security.access_routes import url_patterns
from tests.security.access_world import World

pytestmark = pytest.mark.django_db

# The fixtures, by name, for pytest: tests/security has no conftest of ours.
world = access_fixtures.world
access_browsers = access_fixtures.access_browsers
visitor = access_fixtures.visitor
stranger = access_fixtures.stranger

API_ROOT = "/api/v1/"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = Client().get(f"{API_ROOT}openapi.json").json()
    return schema


def _operations_in_schema() -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, operations in _schema()["paths"].items()
        for method, operation in operations.items()
    }


def _call(client: Client, key: str, world: World, values: Any = None, **headers: str) -> Any:
    method, path, query = url(key, world, values)
    address = f"{path}?{urlencode(query)}" if query else path
    body = "" if method in READ_METHODS else "{}"
    return client.generic(method, address, body, content_type="application/json", headers=headers)


def _shown(world: World, response: Any) -> list[str]:
    return world.leaks(response.content.decode("utf-8", "replace"))


def _keys(public: bool | None = None) -> list[str]:
    return sorted(key for key, operation in OPERATIONS.items() if public is None or operation.public == public)


def _domain(key: str) -> str:
    return domain_of(key.split(" ", 1)[1], API_ROOT)


def test_every_operation_has_a_decision(db: None) -> None:
    """An operation added without saying who may call it fails here; so does one the schema does not show."""
    in_schema = _operations_in_schema()
    assert sorted(in_schema.keys() - OPERATIONS.keys()) == [], "decide these in tests/security/access_operations.py"
    assert sorted(OPERATIONS.keys() - in_schema.keys()) == [], "these are gone: remove them from access_operations.py"
    paths = {re.sub(r"{\w+}", "<>", key.split(" ", 1)[1]) for key in in_schema}
    outside = [
        pattern.name
        for pattern in url_patterns()
        if pattern.route.startswith("api/")
        and pattern.name not in API_PAGES
        and "/" + re.sub(r"<(?:\w+:)?\w+>", "<>", pattern.route) not in paths
    ]
    assert outside == [], "API addresses missing from the schema"


def test_every_write_needs_an_account(db: None) -> None:
    """Writes go through the session-or-token authentication (CSRF for sessions, scopes for tokens)."""
    unguarded = [
        key
        for key, operation in _operations_in_schema().items()
        if key.split()[0] not in READ_METHODS
        if not operation.get("security")
    ]
    assert unguarded == []


@pytest.mark.parametrize("key", _keys(public=True))
def test_a_public_operation_shows_the_anonymous_no_private_record(world: World, visitor: Client, key: str) -> None:
    response = _call(visitor, key, world)
    assert response.status_code == 200, f"{key} is meant for everyone but answers {response.status_code}"
    assert _shown(world, response) == [], key


@pytest.mark.parametrize("key", sorted(key for key, operation in OPERATIONS.items() if operation.hidden))
def test_a_public_operation_refuses_a_private_record(world: World, visitor: Client, stranger: Client, key: str) -> None:
    for client in (visitor, stranger):
        response = _call(client, key, world, OPERATIONS[key].hidden)
        assert response.status_code in {403, 404, 422}, f"{key} answers {response.status_code}"
        assert _shown(world, response) == [], key


@pytest.mark.parametrize("key", _keys(public=False))
def test_a_protected_operation_refuses_the_anonymous(world: World, visitor: Client, key: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = _call(visitor, key, world)
    assert response.status_code in {401, 403}, f"{key} answers {response.status_code}"
    assert _shown(world, response) == [], key
    assert [query["sql"] for query in captured if WRITES.match(query["sql"])] == []


@pytest.fixture(scope="module")
def bearers(world: World, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Tokens of the Egyptian SME's representative: one lacking each domain, one read-only; and a stranger's
    token (another SME's) with every scope."""
    with django_db_blocker.unblock():

        def made(user: Any, organisation: Any, scopes: AbstractSet[str], name: str) -> str:
            new = tokens.create_token(
                organisation=organisation, created_by=user, name=name, scopes=sorted(scopes), expires_at=None
            )
            return f"Bearer {new.plain}"

        rep, sme = world.representative, world.sme
        found = {
            f"without {domain}": made(rep, sme, SCOPES - {f"{domain}:read", f"{domain}:write"}, f"No {domain}")
            for domain in DOMAINS
        }
        found["read-only"] = made(rep, sme, {scope for scope in SCOPES if scope.endswith(":read")}, "Reader")
        stranger_sme = OrganisationFactory(name="Andean Modems SA", country=country("PER"))
        stranger = with_role(RoleKind.REPRESENTATIVE, organisation=stranger_sme)
        found["stranger"] = made(stranger, stranger_sme, set(SCOPES), "Stranger")
        yield found


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_a_token_without_the_domains_scope_is_refused_everywhere_in_it(
    world: World, visitor: Client, bearers: dict[str, str], domain: str
) -> None:
    """Reads and writes that take a token answer 403; the public ones ignore it and answer as to the anonymous."""
    keys = [key for key in OPERATIONS if _domain(key) == domain]
    guarded = {key for key, operation in _operations_in_schema().items() if operation.get("security")}
    answers = {}
    for key in keys:
        response = _call(visitor, key, world, Authorization=bearers[f"without {domain}"])
        if key in guarded:
            answers[key] = response.status_code
            assert response.status_code == 403, f"{key} answers {response.status_code}"
        elif not OPERATIONS[key].public:
            assert response.status_code in {401, 403}, f"{key} answers {response.status_code}"
        assert _shown(world, response) == [], key
    assert keys, f"no operation in {domain}"


@pytest.mark.parametrize("key", sorted(key for key in OPERATIONS if key.split()[0] not in READ_METHODS))
def test_a_read_only_token_cannot_write(world: World, visitor: Client, bearers: dict[str, str], key: str) -> None:
    response = _call(visitor, key, world, Authorization=bearers["read-only"])
    assert response.status_code == 403, f"{key} answers {response.status_code}"
    assert _domain(key) in response.json()["detail"]


@pytest.mark.parametrize("key", sorted(key for key in OPERATIONS if key.split()[0] in READ_METHODS))
def test_a_stranger_reads_nothing_private_of_others(
    world: World,
    visitor: Client,
    stranger: Client,
    access_browsers: dict[str, Client],
    bearers: dict[str, str],
    key: str,
) -> None:
    """Another SME's token with every scope, and a signed-in account without any role: their own (empty) answer or
    a refusal, never the Egyptian SME's records or the participant's personal data."""
    for client, headers in ((visitor, {"Authorization": bearers["stranger"]}), (stranger, {})):
        response = _call(client, key, world, **headers)
        assert response.status_code < 500
        assert _shown(world, response) == [], key
    # Another country's focal point, and another organisation's representative (the participant: their own data
    # is theirs).
    response = _call(access_browsers["other focal point"], key, world)
    assert _shown(world, response) == [], key
    response = _call(access_browsers["other representative"], key, world)
    assert world.leaks_of_the_sme(response.content.decode("utf-8", "replace")) == [], key
