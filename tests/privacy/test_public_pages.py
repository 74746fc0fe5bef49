"""The public never sees a person's email, gender or birth year: every page and API answer an anonymous visitor
can reach (found from the URL patterns and the API schema, filled with the records of a person who takes part in
everything, then one step further along the links of the pages found) is searched for them."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from ponte.experts.models import Certificate, Participation
from tests.factories import fund_bsg
from tests.privacy.conftest import BIRTH_YEAR, EMAIL, GENDER, GENDER_SHOWN, Participant

pytestmark = pytest.mark.django_db

# Not pages about anyone: signing in and out, the admin, the language switch, the unsubscribe and calendar tokens.
SKIPPED_NAMESPACES = ("admin", "account_", "mfa_", "set_language")
SKIPPED_ARGUMENTS = {"token", "key", "uidb36"}
BINARY_FORMATS = ("application/pdf", "image/")


def _named_patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, set[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _named_patterns(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, set(pattern.pattern.regex.groupindex)


def _candidates(someone: Participant) -> dict[str, list[Any]]:
    certificate = Certificate.objects.get(number=someone.certificate_number)
    participation = Participation.objects.filter(person=someone.person).first()
    pks = [
        someone.person.pk,
        someone.organisation.pk,
        someone.question.pk,
        someone.answer.pk,
        someone.opportunity.pk,
        someone.registration.pk,
        someone.post.pk,
        someone.interest.pk,
        someone.fellowship.pk,
        someone.contribution.pk,
        someone.sponsorship.activity_id,
        certificate.pk,
        certificate.workshop_id,
        participation.pk if participation else 0,
        *someone.person.affiliations.values_list("pk", flat=True),
    ]
    return {
        "pk": sorted(set(pks)),
        "organisation_pk": [someone.organisation.pk],
        "association_pk": [someone.organisation.pk],
        "number": [someone.certificate_number, someone.contribution.number],
        "code": [someone.meeting.code, "SG16", someone.sponsorship.activity.event.code],
        "sector": ["ITU-T"],
        "identifier": ["H.702"],
        "reference": [someone.sponsorship.reference],
        "revision": [someone.contribution.revision],
        "kind": ["question", "answer", "group"],
        "action": ["lock"],
        "file_format": ["csv", "xlsx"],
        "alpha3": ["SEN"],
        "country": ["SEN"],
    }


def _page_urls(someone: Participant) -> set[str]:
    candidates = _candidates(someone)
    urls = set()
    with translation.override("en"):
        for name, arguments in _named_patterns(get_resolver().url_patterns):
            if name.split(":")[-1].startswith(SKIPPED_NAMESPACES) or name.startswith("admin"):
                continue
            if arguments & SKIPPED_ARGUMENTS or not arguments <= candidates.keys():
                continue
            names = sorted(arguments)
            for values in itertools.product(*(candidates[argument] for argument in names)):
                try:
                    urls.add(reverse(name, kwargs=dict(zip(names, values, strict=True))))
                except NoReverseMatch:
                    continue
    return {url for url in urls if not url.startswith("/api/")}


def _api_urls(client: Client, someone: Participant) -> set[str]:
    candidates = _candidates(someone)
    by_parameter = {
        "organisation_id": [someone.organisation.pk],
        "opportunity_id": [someone.opportunity.pk],
        "question_id": [someone.question.pk],
        "code": candidates["code"] + ["SN"],
        "number": candidates["number"],
        "sector": ["ITU-T"],
        "identifier": ["H.702"],
        "alpha3": ["SEN"],
    }
    urls = set()
    for path, operations in client.get("/api/v1/openapi.json").json()["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        if not all(name in by_parameter for name in names):
            continue
        for values in itertools.product(*(by_parameter[name] for name in names)):
            url = path
            for name, value in zip(names, values, strict=True):
                url = url.replace(f"{{{name}}}", str(value))
            urls.add(url)
    return urls


def _text(response: Any) -> str | None:
    content_type = response.get("Content-Type", "")
    if content_type.startswith(BINARY_FORMATS):
        return None
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # a spreadsheet: its cells are XML inside the zip
        with zipfile.ZipFile(io.BytesIO(content)) as sheet:
            return "".join(sheet.read(name).decode("utf-8", "replace") for name in sheet.namelist())
    return content.decode("utf-8", "replace")


def _leaks(text: str) -> list[str]:
    found = []
    if EMAIL.lower() in text.lower():
        found.append("email")
    if GENDER_SHOWN in text or re.search(rf'"gender"\s*:\s*"{GENDER}"', text):
        found.append("gender")
    if re.search(rf"\b{BIRTH_YEAR}\b", text):
        found.append("birth year")
    return found


def _links(html: str) -> set[str]:
    return {
        link.split("#")[0]
        for link in re.findall(r'href="(/(?:en|api)/[^"?#]*)', html)
        if not link.startswith(("/en/account/", "/en/admin/"))
    }


def test_no_public_page_or_api_answer_shows_a_persons_email_gender_or_birth_year(participant: Participant) -> None:
    fund_bsg("5000.00")  # the fund report's spreadsheet has a year to show
    visitor = Client()
    to_visit = _page_urls(participant) | _api_urls(visitor, participant)
    to_visit |= {f"/en/experts/verify/?number={participant.certificate_number}", "/en/search/?q=Quillfeather"}
    seen: set[str] = set()
    shown: dict[str, str] = {}
    for _round in range(2):  # the URLs found, then the links on their pages
        found_links: set[str] = set()
        for url in sorted(to_visit - seen):
            seen.add(url)
            response = visitor.get(url)
            if response.status_code != 200:
                continue
            text = _text(response)
            if text is None:
                continue
            shown[url] = text
            if "text/html" in response.get("Content-Type", ""):
                found_links |= _links(text)
        to_visit = found_links
    leaks = {url: _leaks(text) for url, text in shown.items() if _leaks(text)}
    assert leaks == {}
    # The audit reached the pages that name the person, so it would have seen a leak there.
    naming = {url for url, text in shown.items() if "Zephyrine" in text or "Quillfeather" in text}
    assert f"/en/qa/{participant.question.pk}/" in naming
    assert {"/en/experts/registry/", f"/api/v1/experts/certificates/{participant.certificate_number}"} <= naming
    assert "/en/meetings/leadership/ITU-T/SG16/" in naming
    assert len(shown) > 60
