"""Who may open which page, role by role: the public reads what is published, representatives act for their own
organisation, the secretariat writes and follows opportunities. Checked on the server for every page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ponte.opportunities import services
from ponte.opportunities.models import Opportunity
from tests.conftest import signed_in
from tests.opportunities.factories import PDF, opportunity

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "representative", "other_representative", "secretariat"]
LOGIN = 302  # anonymous visitors are sent to sign in


@pytest.fixture
def browsers(client, member, representative, other_representative, secretariat) -> dict[str, Client]:
    return {
        "anonymous": client,
        "member": signed_in(member),
        "representative": signed_in(representative),
        "other_representative": signed_in(other_representative),
        "secretariat": signed_in(secretariat),
    }


@pytest.fixture
def records(secretariat) -> dict[str, object]:
    published = opportunity("Published one")
    draft = opportunity("Draft one", state="draft")
    documents = {
        name: services.add_pitch_document(
            actor=secretariat, opportunity=found, title=name, upload=SimpleUploadedFile("p.pdf", PDF)
        )
        for name, found in (("published", published), ("draft", draft))
    }
    return {"published": published, "draft": draft, "documents": documents}


EXPECTED_GETS = {
    # page: status for anonymous, member, representative, other representative, secretariat
    "/en/opportunities/": (200, 200, 200, 200, 200),
    "/en/opportunities/{published}/": (200, 200, 200, 200, 200),
    "/en/opportunities/{draft}/": (404, 404, 404, 404, 200),
    "/en/opportunities/mine/": (LOGIN, 200, 200, 200, 200),
    "/en/opportunities/manage/": (LOGIN, 403, 403, 403, 200),
    "/en/opportunities/manage/new/": (LOGIN, 403, 403, 403, 200),
    "/en/opportunities/manage/{draft}/": (LOGIN, 403, 403, 403, 200),
    "/en/opportunities/manage/{draft}/edit/": (LOGIN, 403, 403, 403, 200),
    "/en/opportunities/manage/{published}/interests.csv": (LOGIN, 403, 403, 403, 200),
    "/en/opportunities/documents/{published_document}/": (LOGIN, 200, 200, 200, 200),
    "/en/opportunities/documents/{draft_document}/": (LOGIN, 403, 403, 403, 200),
}


@pytest.mark.parametrize("page", list(EXPECTED_GETS))
def test_who_may_open_each_page(browsers, records, page) -> None:
    url = page.format(
        published=records["published"].pk,
        draft=records["draft"].pk,
        published_document=records["documents"]["published"].pk,
        draft_document=records["documents"]["draft"].pk,
    )
    for role, expected in zip(ROLES, EXPECTED_GETS[page], strict=True):
        answer = browsers[role].get(url)
        assert answer.status_code == expected, f"{role} on {url}: {answer.status_code}, expected {expected}"
        if answer.streaming:  # read to the end: the test client then closes the file
            b"".join(answer.streaming_content)


@pytest.mark.parametrize("action", ["publish", "close"])
def test_only_the_secretariat_publishes_and_closes(browsers, records, action) -> None:
    target = records["draft"] if action == "publish" else records["published"]
    before = target.state
    for role in ROLES[:-1]:
        answer = browsers[role].post(f"/en/opportunities/manage/{target.pk}/{action}/")
        assert answer.status_code == (LOGIN if role == "anonymous" else 403)
        target.refresh_from_db()
        assert target.state == before
    assert browsers["secretariat"].post(f"/en/opportunities/manage/{target.pk}/{action}/").status_code == 302
    target.refresh_from_db()
    assert target.state == ("published" if action == "publish" else "closed")


def test_only_the_secretariat_writes_uploads_and_removes(browsers, records) -> None:
    document = records["documents"]["published"]
    for role in ROLES[:-1]:
        expected = LOGIN if role == "anonymous" else 403
        assert browsers[role].post("/en/opportunities/manage/new/", {"kind": "initiative"}).status_code == expected
        upload = {"title": "x", "language": "en", "file": SimpleUploadedFile("p.pdf", PDF)}
        url = f"/en/opportunities/manage/{records['published'].pk}/documents/"
        assert browsers[role].post(url, upload).status_code == expected
        url = f"/en/opportunities/manage/documents/{document.pk}/remove/"
        assert browsers[role].post(url).status_code == expected
    assert Opportunity.objects.count() == 2 and records["published"].documents.count() == 1


def test_the_public_list_never_shows_a_draft_even_to_the_secretariat(browsers, records) -> None:
    for browser in browsers.values():
        html = browser.get("/en/opportunities/").content.decode()
        assert "Published one" in html and "Draft one" not in html


def test_the_list_page_reads_in_a_constant_number_of_queries(client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opportunity("First")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/opportunities/").status_code == 200
        return len(queries)

    few = count()
    for number in range(12):
        opportunity(f"More {number}", areas=("cybersecurity", "innovation"), regions=("AFR", "GLO"))
    assert count() == few


def test_the_list_filters_by_area_region_kind_and_title(client) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    opportunity("Global innovation", areas=("innovation",), regions=("GLO",), kind="initiative")
    opportunity("Schools in Asia", areas=("infrastructure",), regions=("ASP",))

    def shown(**query: str) -> set[str]:
        html = client.get("/en/opportunities/", query).content.decode()
        return {title for title in ("CIRTs in West Africa", "Global innovation", "Schools in Asia") if title in html}

    assert shown(area="cybersecurity") == {"CIRTs in West Africa"}
    assert shown(region="AFR") == {"CIRTs in West Africa", "Global innovation"}
    assert shown(kind="initiative") == {"Global innovation"}
    assert shown(q="schools") == {"Schools in Asia"}
    assert shown(area="not-an-area") == {"CIRTs in West Africa", "Global innovation", "Schools in Asia"}


def test_staff_without_a_second_factor_are_sent_to_set_it_up(db) -> None:
    from ponte.core.models import RoleKind
    from tests.factories import with_role

    staff = with_role(RoleKind.SECRETARIAT)  # no TOTP yet
    answer = signed_in(staff).get("/en/opportunities/manage/")
    assert answer.status_code == 302 and answer["Location"] == "/en/account/2fa/totp/activate/"
