"""Stored XSS (issue 9): an attack written into every text a person can write, in every record, never comes back as
live markup on any page, feed, email or export, for the public, a representative, a focal point or the secretariat.

The world is the demo (every kind of record, loaded once for the module) plus a row of each list of
``tests/test_query_counts.py``; every CharField and TextField of every Ponte model (translations included) then
holds the longest attack its validators and length accept. The pages are found by walking the URL patterns and
following the links of every page shown, a few addresses per view.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from openpyxl import load_workbook

from ponte.core.models import Role, RoleKind, User
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

# Each starts with "=" so that the same text also tries formula injection in the exports.
LONG_ATTACK = '=1+1"><script>alert("x")</script><img src=x onerror=alert(1)> [a](javascript:alert(1))'
ATTACKS = (
    LONG_ATTACK,
    '<script>alert("x")</script><img src=x onerror=alert(1)> [a](javascript:alert(1))',
    '="><svg onload=alert(1)>',
    '"><svg onload=alert(1)>',
    "<svg onload=1>",
)
SUFFIX_ROOM = 8  # each row gets its primary key appended, so unique fields stay unique
LIVE = (
    re.compile(r"<svg[\s/]+onload", re.IGNORECASE),
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<img[\s/]+src=x[\s/]+onerror", re.IGNORECASE),
    re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
)
ESCAPED = ("&lt;script&gt;alert(", "&lt;svg onload=", "&lt;img src=x onerror=")

# Fields that are not text a person writes: identifiers of the reference data loaded from data files (the code
# reads them as keys), secrets and derived columns.
NOT_WRITTEN_BY_PEOPLE = {
    "core.Country": {"code", "alpha3", "region"},
    "core.Sector": {"code"},
    "core.User": {"password"},
    "tokens.ApiToken": {"prefix", "digest", "secret_hash"},
    "search.Term": {"*"},
}
# Views that change the session when fetched, or offer nothing to read.
NOT_FETCHED = {"account_logout", "admin:logout", "set_language", "admin:jsi18n", "admin:autocomplete"}
VISITS_PER_VIEW = 2
VIEWERS = ("anonymous", "representative", "focal_point", "secretariat")


@dataclass
class World:
    accounts: dict[str, User]
    poisoned: dict[str, list[str]]  # model label: poisoned fields
    skipped: dict[str, list[str]]  # model label: text fields no attack fits


@dataclass
class Walk:
    visited: dict[str, int] = field(default_factory=dict)  # address: status
    problems: list[str] = field(default_factory=list)
    per_view: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    echoed: int = 0  # HTML answers that show the attack, escaped


# --- the poisoned world ------------------------------------------------------------------------------------------


def _ponte_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("ponte.")]


def _attack_for(text_field: models.Field[Any, Any]) -> str | None:
    """The longest attack the field accepts (its validators and its length, leaving room for the row's key)."""
    limit = getattr(text_field, "max_length", None)
    for attack in ATTACKS:
        if limit is not None and len(attack) + SUFFIX_ROOM > limit:
            continue
        try:
            text_field.run_validators(attack)
        except ValidationError:
            continue
        return attack
    return None


def _text_fields(model: type[models.Model]) -> Iterator[models.Field[Any, Any]]:
    excluded = NOT_WRITTEN_BY_PEOPLE.get(model._meta.label, set())
    if "*" in excluded:
        return
    for each in model._meta.concrete_fields:
        if not isinstance(each, models.CharField | models.TextField) or each.choices or each.primary_key:
            continue
        if each.name in excluded or each.name.startswith("history_"):
            continue
        yield each


def poison() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every text field of every row holds an attack followed by the row's key."""
    poisoned: dict[str, list[str]] = defaultdict(list)
    skipped: dict[str, list[str]] = defaultdict(list)
    for model in _ponte_models():
        changes: dict[str, Any] = {}
        for text_field in _text_fields(model):
            attack = _attack_for(text_field)
            if attack is None:
                skipped[model._meta.label].append(text_field.name)
                continue
            changes[text_field.attname] = Concat(
                models.Value(attack + " "), Cast("pk", output_field=models.CharField()), output_field=models.TextField()
            )
            poisoned[model._meta.label].append(text_field.name)
        if changes:
            # The plain queryset: some managers refuse updates (ledger entries never change), the data is the same.
            models.QuerySet(model).update(**changes)
    cache.clear()
    return dict(poisoned), dict(skipped)


def _rows_of_every_list(accounts: dict[str, User]) -> None:
    """One more row of each list the query-count test knows (interests, flags, deletion requests…), which the demo
    does not make."""
    from tests import test_query_counts as lists

    representative = accounts["representative"]
    sme = Role.objects.get(user=representative, kind=RoleKind.REPRESENTATIVE).organisation
    assert sme is not None
    world = lists.World(accounts["secretariat"], representative, sme, accounts["focal_point"])
    for case in lists.CASES.values():
        try:
            with transaction.atomic():
                case.build(world)
        except Exception:  # noqa: S112 - a builder that clashes with the demo's rows adds nothing new
            continue
    from ponte.tokens.services import create_token

    create_token(
        organisation=sme, created_by=representative, name="ERP connector", scopes=["core:read"], expires_at=None
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The demo, a row of every list, then the attack everywhere; rolled back after the module."""
    from allauth.mfa.models import Authenticator

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            email_backend = settings.EMAIL_BACKEND
            call_command("load_demo", stdout=io.StringIO())
            settings.EMAIL_BACKEND = email_backend  # the command turns email off for the whole process
            accounts = {
                "representative": User.objects.get(email="sme@astem.example"),
                "focal_point": User.objects.get(email="focal.japan@ponte.example"),
                "secretariat": User.objects.get(email="staff@ponte.example"),
            }
            assert Authenticator.objects.filter(user=accounts["secretariat"]).exists()
            _rows_of_every_list(accounts)
            poisoned, skipped = poison()
            yield World(accounts, poisoned, skipped)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- walking the site --------------------------------------------------------------------------------------------


def _patterns(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _start_addresses(world: World) -> list[str]:
    """Every address without a parameter, the admin's index, and each record's own page (two per model)."""
    found = ["/admin/"]
    for name, _pattern in _patterns(get_resolver().url_patterns):
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    for model in _ponte_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        for record in model._default_manager.all()[:VISITS_PER_VIEW]:
            try:
                found.append(record.get_absolute_url())
            except (NoReverseMatch, AttributeError, TypeError, ValueError):
                continue
    return list(dict.fromkeys(found))


def _view_name(address: str) -> str | None:
    path = address.split("?", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


HREF = re.compile(r"""href="(/[^"#]*)""")


def _links(html: str) -> list[str]:
    import html as html_module

    return [html_module.unescape(link) for link in HREF.findall(html) if not link.startswith(("/static/", "/media/"))]


def _live(text: str) -> list[str]:
    return [pattern.pattern for pattern in LIVE if pattern.search(text)]


def _formula(cell: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula (a signed number is a number)."""
    if cell.startswith(("=", "@")):
        return True
    return cell.startswith(("+", "-")) and not re.fullmatch(r"[+-][\d.,\s%]*", cell)


def _check(address: str, response: Any, walk: Walk) -> str:
    """The problems of one answer; returns its HTML (or "") for the links to follow."""
    content_type = response.get("Content-Type", "")
    body: bytes = response.content if not response.streaming else b"".join(response.streaming_content)
    if response.status_code >= 500:
        walk.problems.append(f"{address}: server error {response.status_code}")
        return ""
    if address.startswith("/api/") and not content_type.startswith("text/html"):
        if response.status_code == 200 and not content_type.startswith("application/json"):  # (docs: HTML, below)
            walk.problems.append(f"{address}: an API answer as {content_type}")
        return ""
    if content_type.startswith("text/html"):
        html = body.decode()
        walk.problems += [f"{address}: live {found}" for found in _live(html)]
        walk.echoed += any(escaped in html for escaped in ESCAPED)
        return html
    if "spreadsheetml" in content_type:
        try:
            workbook = load_workbook(io.BytesIO(body))
        except (zipfile.BadZipFile, OSError) as error:
            walk.problems.append(f"{address}: not a workbook ({error})")
            return ""
        formulas = [
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        if formulas:
            walk.problems.append(f"{address}: {len(formulas)} formula cells, e.g. {formulas[0][:30]!r}")
    elif content_type.startswith("text/csv"):
        rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
        formulas = [cell for row in rows for cell in row if _formula(cell)]
        if formulas:
            walk.problems.append(f"{address}: {len(formulas)} formula cells, e.g. {formulas[0][:30]!r}")
    elif "xml" in content_type:
        try:
            tree = ElementTree.fromstring(body)  # noqa: S314 - our own feed
        except ElementTree.ParseError as error:
            walk.problems.append(f"{address}: a feed that is not XML ({error})")
            return ""
        if any(element.tag.lower() in {"script", "svg", "img"} for element in tree.iter()):
            walk.problems.append(f"{address}: markup of the attack as XML elements")
    return ""


def walk_site(browser: Client, start: list[str]) -> Walk:
    """Fetch the addresses and follow the links of each HTML page, at most a few addresses per view."""
    walk = Walk()
    queue = list(start)
    while queue:
        address = queue.pop(0)
        if address in walk.visited:
            continue
        view = _view_name(address)
        if view is None or view in NOT_FETCHED or view.endswith(("_delete", "_add")):
            continue
        if walk.per_view[view] >= VISITS_PER_VIEW and address not in start:
            continue
        walk.per_view[view] += 1
        response = browser.get(address)
        walk.visited[address] = response.status_code
        html = _check(address, response, walk)
        queue += [link for link in _links(html) if link not in walk.visited]
    return walk


class _CapturedPdf:
    """Stands for WeasyPrint: keeps the HTML a PDF would be made of, so the walk can read it (and stays fast)."""

    made: list[str] = []

    def __init__(self, *, string: str = "", **_: Any) -> None:
        self.made.append(string)

    def write_pdf(self, *_: Any, **__: Any) -> bytes:
        return b"%PDF-1.7\n"


@pytest.fixture
def pdf_sources(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import weasyprint

    _CapturedPdf.made = []
    monkeypatch.setattr(weasyprint, "HTML", _CapturedPdf)
    return _CapturedPdf.made


def _browser(world: World, viewer: str) -> Client:
    return Client() if viewer == "anonymous" else signed_in(world.accounts[viewer])


# --- the tests ---------------------------------------------------------------------------------------------------


def test_the_attack_is_in_every_kind_of_text(world: World) -> None:
    from ponte.core.models import Organisation
    from ponte.qa.models import Question

    assert {"name"} <= set(world.poisoned["core.Organisation"])
    assert {"title", "body"} <= set(world.poisoned["qa.Question"])
    assert {"title_ar", "title_en", "title_fr", "title_zh_hans"} <= set(world.poisoned["meetings.Meeting"])
    assert Organisation.objects.filter(name__startswith=LONG_ATTACK[:20]).exists()
    assert Question.objects.exclude(body__startswith=LONG_ATTACK).count() == 0
    assert sum(map(len, world.poisoned.values())) > 200


@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_page_feed_or_export_gives_the_attack_back_live(world: World, viewer: str, pdf_sources: list[str]) -> None:
    walk = walk_site(_browser(world, viewer), _start_addresses(world))
    for source in pdf_sources:
        walk.problems += [f"a PDF's HTML: live {found}" for found in _live(source)]
    shown = sum(1 for status in walk.visited.values() if status == 200)
    assert shown > (40 if viewer == "anonymous" else 60), sorted(walk.visited.items())
    assert walk.echoed > 20, "the attack should be on the pages, escaped"
    if viewer == "secretariat":
        assert {"admin:core_organisation_changelist", "admin:core_organisation_change"} <= set(walk.per_view)
    assert walk.problems == []


def test_the_campaign_email_escapes_the_attack(world: World) -> None:
    from ponte.outreach.models import Campaign
    from ponte.outreach.services import campaign_message

    campaign = Campaign.objects.order_by("pk").first()
    assert campaign is not None
    message = campaign_message(campaign, world.accounts["representative"], "en")
    message.send()
    sent = mail.outbox[-1]
    assert isinstance(sent, EmailMultiAlternatives)
    html, _type = sent.alternatives[0]
    assert LONG_ATTACK[5:] not in str(html)
    assert "&lt;script&gt;" in str(html) or "&quot;&gt;" in str(html)
    assert _live(str(html)) == []


# Where markup is let through unescaped, and why that is safe; anything new here needs the same review.
UNESCAPED_ALLOWED = {
    "core/text.py": "render_user_text: Markdown sanitised by nh3 just before mark_safe",
    "qa/templatetags/qa_tags.py": "post_field: a blank form rendered (escaped) by Django, its ids set to a kind and pk",
}
UNESCAPED = re.compile(r"mark_safe\(|\|\s*safe\b|\{%\s*autoescape\s+off|innerHTML|outerHTML|insertAdjacentHTML")


def test_markup_is_let_through_unescaped_only_where_it_was_reviewed() -> None:
    """A grep of the code, templates and scripts: ``mark_safe``, ``|safe``, ``autoescape off`` (in HTML), and
    scripts writing HTML appear only in the reviewed places (plain-text email templates may turn escaping off)."""
    from pathlib import Path

    import ponte

    source = Path(ponte.__file__).parent
    found = []
    for path in sorted(source.rglob("*")):
        if path.suffix not in {".py", ".html", ".js"} or "/migrations/" in path.as_posix():
            continue
        relative = path.relative_to(source).as_posix()
        if relative in UNESCAPED_ALLOWED:
            continue
        found += [f"{relative}: {match.group(0)}" for match in UNESCAPED.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
