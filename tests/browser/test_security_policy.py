"""In a real browser, the Content-Security-Policy blocks nothing Ponte needs: the public pages, the API
documentation and the secretariat's admin run without a single policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.browser.conftest import sign_in_quickly
from tests.browser.test_pages import secretariat_with_second_factor

pytestmark = pytest.mark.browser

PAGES = ["/en/", "/ar/", "/en/account/login/", "/en/meetings/", "/en/stats/", "/api/v1/docs"]
STAFF_PAGES = ["/en/admin/", "/en/admin/core/organisation/add/", "/en/account/2fa/"]


def _violations(page: Page, site: str, paths: list[str]) -> list[str]:
    seen: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", record)
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
    return seen


def test_public_pages_and_the_api_documentation_break_no_rule(site: str, page: Page) -> None:
    assert _violations(page, site, PAGES) == []
    # The API documentation (Swagger UI, from our own static files) really ran.
    assert page.locator("#swagger-ui .info").count() == 1


def test_the_admin_breaks_no_rule(site: str, page: Page) -> None:
    sign_in_quickly(page, site, secretariat_with_second_factor())
    assert _violations(page, site, STAFF_PAGES) == []
