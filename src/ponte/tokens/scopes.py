"""The scopes a token may hold: ``<domain>:read`` and ``<domain>:write`` for each part of the API.

A domain is the path segment of an API router under /api/v1/ ("core" for the routers mounted at the root).
Read covers GET and HEAD; write covers every other method. Write scopes are offered only for the domains whose
API has something to write (``WRITABLE``; a test keeps it equal to the OpenAPI schema).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DOMAINS: dict[str, Promise] = {
    "core": _("Organisations, people and reference lists"),
    "membership": _("Membership"),
    "meetings": _("Meetings"),
    "partnerships": _("Partnerships"),
    "sponsorship": _("Sponsorship"),
    "opportunities": _("Partner opportunities"),
    "standards": _("Standards"),
    "qa": _("Standards Q&A"),
    "conformity": _("Conformity"),
    "experts": _("Experts"),
    "innovation": _("Innovation"),
    "stats": _("Statistics"),
    "funds": _("BSG fund"),
    "outreach": _("Outreach"),
    "search": _("Search"),
    "my": _("My portal"),
    "privacy": _("Privacy"),
}
READ_METHODS = frozenset({"GET", "HEAD"})
# The domains with at least one operation other than GET (tests/tokens/test_scopes.py checks the schema).
WRITABLE = frozenset({"conformity", "core", "my", "opportunities", "privacy", "qa"})

SCOPE_CHOICES: list[tuple[str, str | Promise]] = [
    choice
    for domain, label in DOMAINS.items()
    for choice in (
        (f"{domain}:read", format_lazy(_("{domain}: read"), domain=label)),
        *([(f"{domain}:write", format_lazy(_("{domain}: write"), domain=label))] if domain in WRITABLE else []),
    )
]
SCOPES = frozenset(value for value, _label in SCOPE_CHOICES)


def domain_of(path: str, api_root: str) -> str:
    """The API domain a request path belongs to: its first segment under the API root, else "core"."""
    rest = path[len(api_root) :] if path.startswith(api_root) else path
    segment = rest.strip("/").split("/", 1)[0]
    return segment if segment in DOMAINS else "core"


def scope_needed(*, path: str, method: str, api_root: str) -> str:
    """The scope a request needs, e.g. ``membership:read`` for ``GET /api/v1/membership/invoices``."""
    action = "read" if method.upper() in READ_METHODS else "write"
    return f"{domain_of(path, api_root)}:{action}"
