"""Browser tests: real headless Chromium, driven by Playwright's sync API, against the live server.

One browser for the whole run; each test gets a fresh browser context (no
cookies shared between tests) and a page. The reference data the migrations
load (countries, sectors, groups) is restored for every test (serialized
rollback): the live server needs transactional tests, which empty the database
afterwards.

Without /usr/bin/chromium these tests are skipped, unless PONTE_REQUIRE_SERVICES
is set (CI), where a missing browser is a failure.

Playwright's sync API keeps an asyncio event loop "running" in the main thread
for as long as it is started. So Playwright and the browser live as long as
this package's tests (scope="package": one launch per run, as all browser tests
are here) and not the whole session: the rest of the suite must not run next to
a running event loop, nor with DJANGO_ALLOW_ASYNC_UNSAFE set (``check --deploy``
rejects it), which is put back as it was once the browser tests are done.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from ponte.core.models import User

# Playwright's event loop runs in the main thread; Django would otherwise
# refuse the ORM calls the tests make to set up their data. Set only while
# the browser tests run (see the fixture below).
_ASYNC_UNSAFE_BEFORE = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 360, "height": 740}

PageFactory = Callable[..., Page]


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe_while_browsing() -> Iterator[None]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if _ASYNC_UNSAFE_BEFORE is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = _ASYNC_UNSAFE_BEFORE


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Chromium at {CHROMIUM} (scripts/system-deps.sh installs it)"
    if os.environ.get("PONTE_REQUIRE_SERVICES"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    _require_chromium()
    # With Playwright's event loop running, Django (asgiref) looks database
    # connections up in a separate per-context store and would open new ones,
    # without the test database's saved state (serialized rollback). Keep
    # using the connections the test database was set up with.
    sync_connections = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    for alias, connection in sync_connections.items():
        connections[alias] = connection
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Open pages, each in a fresh browser context (own cookies), all closed after the test."""
    contexts = []

    def open_page(viewport: ViewportSize | None = None, **options: Any) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A desktop-sized page (1280x900) in its own browser context."""
    return new_page()


@pytest.fixture
def site(live_server: Any, django_db_serialized_rollback: None) -> str:
    """The live server's address, with the reference data in place."""
    return str(live_server.url)


def sign_in_quickly(page: Page, site: str, user: User) -> None:
    """Give the page's browser context a signed-in session, without the form (tested on its own)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def audit_at_both_widths(page: Page, shot: str) -> list[dict[str, Any]]:
    """Screenshots at desktop and phone widths (var/screenshots/<shot>-desktop.png, -phone.png, for a person to
    look at) and the axe violations that block (serious, critical) at either; the page is left at desktop width."""
    from tests.browser.test_pages import AXE, BLOCKING_IMPACTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for size, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{size}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    page.set_viewport_size(DESKTOP)
    return blocking
