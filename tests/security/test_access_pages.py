"""Every page of the site, found from the URL patterns, refuses the anonymous and the stranger unless it is meant for
everyone, and then shows no private record (issue 9). A new page fails here until it is given a decision in
``access_routes.PAGES``."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.conftest import signed_in
from tests.security import access_fixtures
from tests.security.access_routes import ADMIN_PUBLIC, PAGES, Pattern, Route, url_patterns
from tests.security.access_world import World

pytestmark = pytest.mark.django_db

# The fixtures, by name, for pytest: tests/security has no conftest of ours.
world = access_fixtures.world
access_browsers = access_fixtures.access_browsers
visitor = access_fixtures.visitor
stranger = access_fixtures.stranger

ALL = list(url_patterns())
SITE = [pattern for pattern in ALL if not pattern.route.startswith(("api/", "en/admin/"))]
ADMIN = [pattern for pattern in ALL if pattern.route.startswith("en/admin/") and pattern.name]
REFUSED = {400, 401, 403, 404, 405}
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
SIGN_IN = ("/en/account/login/", "/en/admin/login/")
# Where any signed-in account acts for itself: its person, its calendar address, its follows, its email choices.
OWN_WRITES = {"core:account", "meetings:my_meetings", "portal:follow", "privacy:index"}


def test_every_page_has_a_decision() -> None:
    """A page added without saying who may see it fails here (the API's operations: test_access_api.py)."""
    unnamed = [pattern.route for pattern in SITE if pattern.name is None]
    named = {pattern.name for pattern in SITE if pattern.name}
    assert unnamed == []
    assert sorted(named - PAGES.keys()) == [], "give these pages a decision in tests/security/access_routes.py"
    assert sorted(PAGES.keys() - named) == [], "these pages are gone: remove them from tests/security/access_routes.py"


def test_the_markers_are_shown_to_those_entitled(world: World) -> None:
    """The audit can see a leak: the pages of the Egyptian SME's representative and of the secretariat show them."""
    representative, secretariat = signed_in(world.representative), signed_in(world.secretariat)
    expected = {
        (representative, "/en/membership/invoices/"): "invoice",
        (representative, f"/en/api-tokens/organisations/{world.sme.pk}/"): "api token",
        (representative, f"/en/organisations/{world.sme.pk}/"): "employee count",
        (secretariat, "/en/outreach/manage/"): "draft campaign",
        (secretariat, "/en/opportunities/manage/"): "draft opportunity",
        (secretariat, "/en/qa/flags/"): "flag note",
        (secretariat, f"/en/partnerships/partners/{world.pk('partner')}/"): "contact email",
        (secretariat, "/en/funds/entries/"): "ledger entry",
        (secretariat, f"/en/innovation/assessments/{world.pk('draft_assessment')}/"): "unpublished assessment",
        (secretariat, f"/en/people/{world.staff.pk}/"): "staff email",
        (secretariat, "/en/privacy/deletion-requests/"): "deletion reason",
        (secretariat, "/en/membership/bank-statements/"): "bank reference",
    }
    missing = {
        url: label for (browser, url), label in expected.items() if label not in world.leaks(_text(browser.get(url)))
    }
    assert missing == {}


def _url(name: str, build: Any, world: World) -> str:
    with translation.override("en"):
        try:
            return reverse(name, kwargs=build(world))
        except NoReverseMatch as error:
            pytest.fail(f"{name}: its address cannot be built from the world ({error})")


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # a spreadsheet: its cells are XML inside the zip
        with zipfile.ZipFile(io.BytesIO(content)) as sheet:
            return "".join(sheet.read(name).decode("utf-8", "replace") for name in sheet.namelist())
    text = bytes(content).decode("utf-8", "replace")
    # The address asked for is echoed (the sign-in's "next"): it is not a record shown.
    request = response.wsgi_request
    return text.replace(request.get_full_path(), "").replace(quote(request.get_full_path(), safe=""), "")


def _refused(response: Any) -> bool:
    """A refusal: sent to sign in, 400 (a token that is not one), 401, 403, 404 or 405; never the page."""
    if response.status_code == 302:
        return str(response["Location"]).startswith(SIGN_IN)
    return response.status_code in REFUSED


def _post_writing_nothing(client: Client, url: str) -> tuple[Any, list[str]]:
    """POST an empty form (CSRF checks off, as the test client does) and the SQL writes it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {})
    writes = [query["sql"] for query in captured if WRITES.match(query["sql"]) and "django_session" not in query["sql"]]
    return response, writes


def _page_names(public: bool) -> list[str]:
    return sorted(name for name, route in PAGES.items() if route.public == public)


def _hidden_names() -> list[str]:
    return sorted(name for name, route in PAGES.items() if route.hidden is not None)


@pytest.mark.parametrize("name", _page_names(public=True))
def test_a_public_page_shows_no_private_record(world: World, visitor: Client, name: str) -> None:
    url = _url(name, PAGES[name].kwargs, world) + PAGES[name].query
    response = visitor.get(url)
    assert response.status_code < 400, f"{url} is meant for everyone but answers {response.status_code}"
    assert world.leaks(_text(response)) == [], url
    visitor.cookies.clear()
    response, writes = _post_writing_nothing(visitor, url)
    assert writes == [], f"an anonymous POST to {url} wrote {writes}"
    assert world.leaks(_text(response)) == [], url


@pytest.mark.parametrize("name", _hidden_names())
def test_a_public_page_of_a_private_record_is_refused(
    world: World, visitor: Client, stranger: Client, name: str
) -> None:
    route: Route = PAGES[name]
    assert route.hidden is not None
    url = _url(name, route.hidden, world)
    for client in (visitor, stranger):
        response = client.get(url)
        assert _refused(response), f"{url} answers {response.status_code}"
        assert world.leaks(_text(response)) == [], url


@pytest.mark.parametrize("name", _page_names(public=False))
def test_a_protected_page_refuses_the_anonymous(world: World, visitor: Client, name: str) -> None:
    url = _url(name, PAGES[name].kwargs, world)
    response = visitor.get(url)
    assert _refused(response), f"GET {url} answers {response.status_code} {response.get('Location', '')}"
    assert world.leaks(_text(response)) == [], url
    visitor.cookies.clear()
    response, writes = _post_writing_nothing(visitor, url)
    assert _refused(response), f"POST {url} answers {response.status_code} {response.get('Location', '')}"
    assert writes == [], f"an anonymous POST to {url} wrote {writes}"


@pytest.mark.parametrize("name", _page_names(public=False))
def test_a_protected_page_shows_a_member_without_a_role_nothing_of_others(
    world: World, stranger: Client, name: str
) -> None:
    """Signed in without any role: refused, or their own (empty) page; never another organisation's or person's."""
    url = _url(name, PAGES[name].kwargs, world)
    response = stranger.get(url)
    assert response.status_code < 500
    assert world.leaks(_text(response)) == [], url


def _admin_kwargs(pattern: Pattern) -> dict[str, str]:
    values = {"object_id": "1", "id": "1", "content_type_id": "1", "app_label": "core"}
    return {argument: values[argument] for argument in pattern.arguments}


def _admin_url(pattern: Pattern) -> str:
    assert pattern.name is not None
    with translation.override("en"):
        if pattern.positional:
            return reverse(pattern.name, args=["1"] * pattern.positional)
        return reverse(pattern.name, kwargs=_admin_kwargs(pattern))


ADMIN_FORMS = re.compile(r"(_add|_change|_delete|password_change|_password_change)$")


def test_the_admin_refuses_the_anonymous_and_the_member_and_writes_nothing(
    world: World, visitor: Client, stranger: Client
) -> None:
    """Every admin page but its sign-in sends the anonymous to the admin's sign-in page, and so every form (POST)
    and every list a member without staff rights asks for; nothing is written and no record is shown."""
    problems: dict[str, Any] = {}
    for pattern in ADMIN:
        if pattern.name in ADMIN_PUBLIC:
            continue
        url = _admin_url(pattern)
        answers = {"anonymous GET": visitor.get(url)}
        if ADMIN_FORMS.search(str(pattern.name)):
            answers["anonymous POST"], writes = _post_writing_nothing(visitor, url)
            if writes:
                problems[f"anonymous POST {url} writes"] = writes
        if str(pattern.name).endswith(("_changelist", ":index")):
            answers["member GET"] = stranger.get(url)
        for asked, response in answers.items():
            if not (response.status_code == 302 and response["Location"].startswith("/en/admin/login/")):
                problems[f"{asked} {url}"] = response.status_code
            if world.leaks(_text(response)):
                problems[f"{asked} {url} shows"] = world.leaks(_text(response))
    assert problems == {}
    assert len(ADMIN) > 100  # the walk really found the admin's pages


@pytest.mark.parametrize("name", _page_names(public=False))
def test_a_member_without_a_role_changes_nothing_of_others(world: World, stranger: Client, name: str) -> None:
    """An empty form posted by an account without any role writes nothing, except on the pages where anyone signed
    in acts for themselves."""
    url = _url(name, PAGES[name].kwargs, world)
    response, writes = _post_writing_nothing(stranger, url)
    assert response.status_code < 500
    if name not in OWN_WRITES:
        assert writes == [], f"a member's POST to {url} wrote {writes}"


@pytest.mark.parametrize("who", ["member", "other representative", "other focal point"])
def test_the_wrong_scope_sees_nothing_of_the_sme(world: World, access_browsers: dict[str, Client], who: str) -> None:
    """An account without a role, another organisation's representative and another country's focal point: no
    page, public or protected, shows them the Egyptian SME's records, its people or its drafts (nor, but to the
    participant, the participant's personal data)."""
    browser = access_browsers[who]
    # The other representative is the participant: their own personal data is theirs to see.
    leaks = world.leaks_of_the_sme if who == "other representative" else world.leaks
    shown = {}
    for name in sorted(PAGES):
        url = _url(name, PAGES[name].kwargs, world) + PAGES[name].query
        response = browser.get(url)
        assert response.status_code < 500, url
        if leaks(_text(response)):
            shown[url] = leaks(_text(response))
    assert shown == {}
