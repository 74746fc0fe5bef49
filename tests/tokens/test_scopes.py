"""A token form offers a write scope only where the API has something to write."""

from __future__ import annotations

from ponte.api import api
from ponte.tokens.scopes import DOMAINS, SCOPES, WRITABLE, domain_of


def test_write_scopes_are_offered_exactly_for_the_domains_with_writes() -> None:
    schema = api.get_openapi_schema()
    writes = {
        domain_of(path, "/api/v1/")
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() not in {"GET", "HEAD"}
    }
    assert writes == WRITABLE
    assert {scope for scope in SCOPES if scope.endswith(":write")} == {f"{domain}:write" for domain in WRITABLE}
    assert {scope for scope in SCOPES if scope.endswith(":read")} == {f"{domain}:read" for domain in DOMAINS}
