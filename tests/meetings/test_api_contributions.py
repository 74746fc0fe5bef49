"""The contributions in the API: read by the same people as the pages (those taking part in the work), searched and
filtered as on the list page, a number's revisions with the page's download address (never the storage path),
paged from a cursor in a constant number of queries."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.core.models import Group, Organisation, RoleKind, User
from ponte.meetings.models import Contribution, Meeting
from ponte.meetings.selectors import contributions as selectors
from ponte.tokens import services as tokens
from tests.conftest import signed_in
from tests.factories import (
    AffiliationFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    country,
    group,
    with_role,
)
from tests.reads import queries as _queries

pytestmark = pytest.mark.django_db

LIST = "/api/v1/meetings/contributions"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


_clock = iter(range(1, 10_000))


def _contribution(
    number: str,
    sources: list[Organisation],
    *,
    revision: int = 0,
    title: str = "Low-latency video coding for IoT cameras",
    target: Group | None = None,
    **fields: Any,
) -> Contribution:
    """A contribution with a real file, submitted a moment after the one before (the list is newest first)."""
    made = Contribution(
        number=number,
        revision=revision,
        title=title,
        group=target or group("ITU-T", "SG16"),
        size=len(PDF),
        content_type="application/pdf",
        submitted_by=UserFactory(),
        **fields,
    )
    made.file.save("proposal.pdf", ContentFile(PDF), save=False)
    made.save()
    made.sources.set(sources)
    moment = timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(minutes=next(_clock))
    Contribution.objects.filter(pk=made.pk).update(submitted_at=moment)
    made.refresh_from_db()
    return made


def _staff_of(organisation: Organisation) -> User:
    user: User = UserFactory()
    AffiliationFactory(person=PersonFactory(user=user), organisation=organisation)
    return user


def _numbers(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


# --- Who reads them: the same people as the pages ----------------------------------------------------------------


def test_the_anonymous_are_asked_to_sign_in(japanese_sme: Organisation) -> None:
    _contribution("SG16-C1", [japanese_sme])

    assert Client().get(LIST).status_code == 401
    assert Client().get(f"{LIST}/SG16-C1").status_code == 401


def test_an_account_that_takes_no_part_in_the_work_is_refused_as_on_the_page(
    member: User, japanese_sme: Organisation
) -> None:
    _contribution("SG16-C1", [japanese_sme])
    browser = signed_in(member)

    for address in (LIST, f"{LIST}/SG16-C1", f"{LIST}/SG16-C404"):
        response = browser.get(address)
        assert response.status_code == 403
        assert "SG16-C1" not in response.content.decode()
    assert browser.get(reverse("meetings:contribution_list")).status_code == 403


@pytest.mark.parametrize(
    "reader", ["other representative", "other focal point", "administration staff", "delegate", "secretariat"]
)
def test_everyone_taking_part_reads_every_contribution(
    reader: str, japanese_sme: Organisation, university: Organisation, meeting: Meeting, secretariat: User
) -> None:
    _contribution("SG16-C1", [japanese_sme])
    _contribution("SG16-C2", [university])
    user = {
        "other representative": lambda: with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory()),
        "other focal point": lambda: with_role(RoleKind.FOCAL_POINT, country=country("PER")),
        "administration staff": lambda: _staff_of(OrganisationFactory(category="administration")),
        "delegate": lambda: _delegate(meeting),
        "secretariat": lambda: secretariat,
    }[reader]()
    browser = signed_in(user)

    assert _numbers(browser.get(LIST)) == ["SG16-C2", "SG16-C1"]
    assert browser.get(f"{LIST}/SG16-C1").json()["number"] == "SG16-C1"
    assert browser.get(reverse("meetings:contribution_list")).status_code == 200


def _delegate(meeting: Meeting) -> User:
    from tests.portal.factories import registration

    user: User = UserFactory()
    PersonFactory(user=user)
    registration(user, meeting, OrganisationFactory(), state="confirmed")
    return user


def test_a_token_reads_them_with_the_meetings_scope_only(representative: User, japanese_sme: Organisation) -> None:
    _contribution("SG16-C1", [japanese_sme])

    def bearer(scopes: list[str]) -> dict[str, str]:
        made = tokens.create_token(
            organisation=japanese_sme, created_by=representative, name="ERP", scopes=scopes, expires_at=None
        )
        return {"Authorization": f"Bearer {made.plain}"}

    assert _numbers(Client().get(LIST, headers=bearer(["meetings:read"]))) == ["SG16-C1"]
    assert Client().get(LIST, headers=bearer(["core:read"])).status_code == 403


# --- The list: latest revisions, filters of the page, cursor pages ------------------------------------------------


def test_the_list_shows_the_latest_revision_of_each_number_with_its_sources(
    representative: User, japanese_sme: Organisation, university: Organisation, meeting: Meeting
) -> None:
    _contribution("SG16-C1", [japanese_sme], title="First draft")
    _contribution("SG16-C1", [japanese_sme, university], revision=1, title="Revised", meeting=meeting, question="Q5/16")

    [item] = signed_in(representative).get(LIST).json()["items"]

    assert item["number"] == "SG16-C1"
    assert (item["revision"], item["title"], item["meeting"], item["question"]) == (1, "Revised", meeting.code, "Q5/16")
    assert (item["sector"], item["group"]) == ("ITU-T", "SG16")
    assert [(source["name"], source["country"]) for source in item["sources"]] == [
        ("Cairo University", "EGY"),
        ("Kyoto Sensors KK", "JPN"),
    ]
    assert item["url"] == reverse("meetings:contribution_detail", kwargs={"number": "SG16-C1"})


def test_the_filters_are_the_pages(
    representative: User, japanese_sme: Organisation, university: Organisation, meeting: Meeting
) -> None:
    africa = group("ITU-T", "SG20RG-AFR")
    _contribution("SG16-C1", [japanese_sme], title="Video coding", meeting=meeting, question="Q5/16")
    _contribution("SG16-C2", [university], title="Accessible remote controls", question="Q26/16")
    _contribution("SG20-C1", [university], title="Smart villages", target=group("ITU-T", "SG20"))
    _contribution("SG20RGAFR-C1", [japanese_sme], title="Rural sensors", target=africa)
    _contribution("D-C1", [university], title="Broadband in schools", target=group("ITU-D", "SG1"))
    browser = signed_in(representative)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"q": "remote"}, ["SG16-C2"]),
        ({"q": "cairo"}, ["D-C1", "SG20-C1", "SG16-C2"]),
        ({"q": "sg20"}, ["SG20RGAFR-C1", "SG20-C1"]),
        ({"sector": "ITU-D"}, ["D-C1"]),
        ({"group": "sg20"}, ["SG20RGAFR-C1", "SG20-C1"]),
        ({"meeting": meeting.code.lower()}, ["SG16-C1"]),
        ({"question": "Q 26/16"}, ["SG16-C2"]),
        ({"source": japanese_sme.pk}, ["SG20RGAFR-C1", "SG16-C1"]),
        ({"source": university.pk, "sector": "ITU-T"}, ["SG20-C1", "SG16-C2"]),
    ]
    for filters, expected in cases:
        assert _numbers(browser.get(LIST, filters)) == expected, filters
        page = browser.get(reverse("meetings:contribution_list"), filters)
        assert [c.number for c in page.context["page"].object_list] == expected, filters


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"sector": "ITU-X"}, "sector"),
        ({"source": "999999"}, "source"),
        ({"source": "Cairo"}, "source"),
        ({"q": "x" * 101}, "q"),
        ({"question": "Q" * 21}, "question"),
    ],
)
def test_a_filter_the_page_would_refuse_is_a_422_naming_the_field(
    representative: User, japanese_sme: Organisation, filters: dict[str, str], field: str
) -> None:
    _contribution("SG16-C1", [japanese_sme])

    response = signed_in(representative).get(LIST, filters)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_a_source_that_never_sourced_a_contribution_is_refused_with_a_sentence(
    representative: User, japanese_sme: Organisation, university: Organisation
) -> None:
    _contribution("SG16-C1", [japanese_sme])

    response = signed_in(representative).get(LIST, {"source": str(university.pk), "sector": "ITU-Z"})

    messages = [error["msg"] for error in response.json()["detail"]]
    assert messages == ["No sector has the code ITU-Z.", "No contribution has this organisation as its source."]


def test_following_next_reads_every_contribution_once_newest_first(
    representative: User, japanese_sme: Organisation
) -> None:
    for serial in range(1, 8):
        _contribution(f"SG16-C{serial}", [japanese_sme])
    browser = signed_in(representative)
    expected = list(selectors.contributions().values_list("number", flat=True))

    walked: list[str] = []
    response = browser.get(LIST, {"limit": 3})
    while True:
        walked += _numbers(response)
        if response.json()["next"] is None:
            break
        response = browser.get(response.json()["next"])

    assert walked == expected == [f"SG16-C{serial}" for serial in range(7, 0, -1)]
    assert browser.get(LIST, {"limit": 101}).status_code == 422


# --- A contribution and its revisions ----------------------------------------------------------------------------


def test_a_contribution_gives_every_revision_with_the_pages_download_address(
    representative: User, japanese_sme: Organisation, university: Organisation, meeting: Meeting, tmp_path: Path
) -> None:
    original = _contribution("SG16-C7", [japanese_sme], title="First draft")
    _contribution("SG16-C7", [japanese_sme, university], revision=1, title="Revised", meeting=meeting)
    browser = signed_in(representative)

    response = browser.get(f"{LIST}/sg16-c7")

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["revision"], body["title"]) == ("SG16-C7", 1, "Revised")
    assert (body["group_title"], body["meeting"], body["meeting_title"]) == (
        str(group("ITU-T", "SG16").title),
        meeting.code,
        "ITU-T SG16 meeting",
    )
    assert [(item["revision"], item["title"]) for item in body["revisions"]] == [(1, "Revised"), (0, "First draft")]
    first = body["revisions"][1]
    assert first["download"] == reverse("meetings:contribution_download", kwargs={"number": "SG16-C7", "revision": 0})
    assert (first["content_type"], first["size"]) == ("application/pdf", len(PDF))
    assert [source["name"] for source in first["sources"]] == ["Kyoto Sensors KK"]
    # The address is the page's private download; where the file is stored is never said.
    assert original.file.name not in response.content.decode()
    assert f"contributions/{original.group_id}/" not in response.content.decode()
    assert ".pdf" not in response.content.decode()
    download = browser.get(first["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_an_unknown_number_is_not_found(representative: User) -> None:
    response = signed_in(representative).get(f"{LIST}/SG16-C404")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- Planned reads ------------------------------------------------------------------------------------------------


def test_the_list_reads_the_same_queries_as_contributions_grow(
    representative: User, japanese_sme: Organisation, university: Organisation, meeting: Meeting
) -> None:
    browser = signed_in(representative)

    def more(start: int, count: int) -> None:
        for serial in range(start, start + count):
            sources: list[Organisation] = [japanese_sme, university, OrganisationFactory(country=None)]
            _contribution(f"SG16-C{serial}", sources, meeting=meeting, question="Q5/16")
            _contribution(f"SG16-C{serial}", sources, revision=1, meeting=meeting)

    more(1, 1)
    few = _queries(lambda: browser.get(LIST, {"q": "SG16"}))
    more(2, 6)
    assert _queries(lambda: browser.get(LIST, {"q": "SG16"})) == few


def test_a_contribution_reads_the_same_queries_as_revisions_grow(
    representative: User, japanese_sme: Organisation, university: Organisation
) -> None:
    browser = signed_in(representative)
    _contribution("SG16-C1", [japanese_sme])
    few = _queries(lambda: browser.get(f"{LIST}/SG16-C1"))
    for revision in range(1, 6):
        _contribution("SG16-C1", [japanese_sme, university, OrganisationFactory()], revision=revision)
    assert _queries(lambda: browser.get(f"{LIST}/SG16-C1")) == few
