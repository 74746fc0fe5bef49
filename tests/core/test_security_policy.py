"""The Content-Security-Policy: every page says scripts come from Ponte's own files only, never inline, and no
template of Ponte's has an inline script (only JSON data blocks, which browsers don't run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import ponte

pytestmark = pytest.mark.django_db

TEMPLATES = Path(ponte.__file__).parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/en/", "/ar/account/login/", "/en/no-such-page/", "/api/v1/docs"])
def test_every_answer_forbids_inline_and_foreign_scripts(client: Client, path: str) -> None:
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = [
        f"{template.relative_to(TEMPLATES)}: {match.group(0)}"
        for template in TEMPLATES.rglob("*.html")
        for match in [*INLINE_SCRIPT.finditer(template.read_text()), *INLINE_HANDLER.finditer(template.read_text())]
    ]
    assert not offenders, "\n".join(offenders)
