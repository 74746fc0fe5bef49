"""A group through the API, as its public page shows it: sector, code, kind, parent and title in the reader's
language, and its organisations taking part in pages, for everyone alike (listed and active ones only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.core.models import Group, GroupKind, Organisation, RoleKind, User
from tests.conftest import signed_in, with_role_free
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db

SG16 = "/api/v1/groups/ITU-T/SG16"


def taking_part(name: str, *among: Group, **fields: Any) -> Organisation:
    organisation: Organisation = OrganisationFactory(name=name, **fields)
    organisation.groups.add(*(among or (group("ITU-T", "SG16"),)))
    return organisation


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def working_party(db: None) -> Group:
    """A working party of SG16: its code holds a slash, as on the pages."""
    sg16 = group("ITU-T", "SG16")
    return Group.objects.create(
        sector=sg16.sector,
        code="WP1/16",
        kind=GroupKind.WORKING_PARTY,
        number=1,
        parent=sg16,
        title_en="Multimedia coding",
        title_fr="Codage multimédia",
    )


def test_the_group_is_shown_as_on_its_page(client: Client) -> None:
    sg16 = group("ITU-T", "SG16")
    body = client.get(SG16).json()
    assert body == {
        "sector": "ITU-T",
        "sector_name": "Telecommunication Standardization Sector",
        "code": "SG16",
        "kind": "study_group",
        "kind_label": "Study group",
        "number": 16,
        "title": sg16.title_en,
        "parent": None,
        "is_active": True,
        "url": "/en/groups/ITU-T/SG16/",
        "organisations": "/api/v1/groups/ITU-T/SG16/organisations",
    }
    assert client.get(body["url"]).status_code == 200


def test_the_title_sector_and_kind_are_in_the_language_asked(client: Client) -> None:
    sg16 = group("ITU-T", "SG16")
    body = client.get(SG16, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["title"] == sg16.title_fr and body["title"] != sg16.title_en
    assert body["sector_name"] == "Secteur de la normalisation des télécommunications"
    assert body["kind_label"] == "Commission d'études"


def test_a_working_party_is_found_by_its_code_with_a_slash(client: Client, working_party: Group) -> None:
    body = client.get("/api/v1/groups/ITU-T/WP1/16").json()
    assert (body["code"], body["kind"], body["parent"], body["title"]) == (
        "WP1/16",
        "working_party",
        "SG16",
        "Multimedia coding",
    )
    assert body["organisations"] == "/api/v1/groups/ITU-T/WP1/16/organisations"
    taking_part("Coding Lab KK", working_party)
    taking_part("Only in SG16 KK")
    assert names(client.get(body["organisations"])) == ["Coding Lab KK"]


def test_an_inactive_group_keeps_its_page(client: Client, working_party: Group) -> None:
    working_party.is_active = False
    working_party.save()
    assert client.get("/api/v1/groups/ITU-T/WP1/16").json()["is_active"] is False


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/groups/ITU-T/SG99",
        "/api/v1/groups/ITU-X/SG16",
        "/api/v1/groups/ITU-T/SG99/organisations",
        "/api/v1/groups/ITU-D/SG16/organisations",
    ],
)
def test_an_unknown_group_is_not_found(client: Client, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_organisations_are_the_pages_listed_and_active_ones_by_name(client: Client) -> None:
    taking_part("Zenith Optics KK")
    taking_part("Aurora Codecs SA", country=country("FRA"))
    taking_part("Archived Media KK", is_active=False)
    taking_part("Self Recorded KK", listed=False)  # awaiting confirmation by the secretariat or a focal point
    taking_part("Elsewhere KK", group("ITU-T", "SG17"))
    response = client.get(f"{SG16}/organisations")
    assert names(response) == ["Aurora Codecs SA", "Zenith Optics KK"]
    assert response.json()["items"][0] == {
        "id": Organisation.objects.get(name="Aurora Codecs SA").pk,
        "name": "Aurora Codecs SA",
        "category": "sme",
        "country": "FR",
        "website": "",
        "is_active": True,
    }
    page = client.get("/en/groups/ITU-T/SG16/").content.decode()
    assert "Aurora Codecs SA" in page and "Self Recorded KK" not in page and "Archived Media KK" not in page


@pytest.mark.parametrize("reader", ["member", "its representative", "stranger", "focal point", "secretariat"])
def test_every_reader_gets_what_the_page_shows_everyone(client: Client, secretariat: User, reader: str) -> None:
    own = taking_part("Self Recorded KK", listed=False, country=country("JPN"))
    taking_part("Zenith Optics KK")
    accounts: dict[str, Callable[[], User]] = {
        "member": with_role_free,
        # An unlisted organisation's own representative: not in the list either, as on the page.
        "its representative": lambda: with_role(RoleKind.REPRESENTATIVE, organisation=own),
        "stranger": lambda: with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory()),
        "focal point": lambda: with_role(RoleKind.FOCAL_POINT, country=country("JPN")),
        "secretariat": lambda: secretariat,
    }
    account = accounts[reader]()
    browser = signed_in(account)
    assert names(browser.get(f"{SG16}/organisations")) == names(client.get(f"{SG16}/organisations"))
    assert names(browser.get(f"{SG16}/organisations")) == ["Zenith Optics KK"]
    assert browser.get(SG16).json() == client.get(SG16).json()


def test_the_organisations_come_in_pages_from_a_cursor(client: Client) -> None:
    for name in ("Alpha KK", "Bravo KK", "Charlie KK", "Delta KK", "Echo KK"):
        taking_part(name)
    first = client.get(f"{SG16}/organisations", {"limit": 2}).json()
    assert [item["name"] for item in first["items"]] == ["Alpha KK", "Bravo KK"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [item["name"] for item in second["items"]] == ["Charlie KK", "Delta KK"]
    last = client.get(second["next"]).json()
    assert [item["name"] for item in last["items"]] == ["Echo KK"]
    assert last["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [({"limit": 101}, "limit"), ({"limit": 0}, "limit"), ({"cursor": "forged"}, "cursor"), ({"offset": 2}, "offset")],
)
def test_a_bad_page_is_refused_with_its_field(client: Client, query: dict[str, Any], field: str) -> None:
    response = client.get(f"{SG16}/organisations", query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def _queries(client: Client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_queries_stay_the_same_as_organisations_grow(client: Client) -> None:
    for index in range(2):
        taking_part(f"Early {index} KK")
    address = f"{SG16}/organisations"
    for url in (address, SG16):
        client.get(url)  # per-process caches (content types…) filled first
    few, detail = _queries(client, address), _queries(client, SG16)
    for index in range(8):
        taking_part(f"Late {index} KK")
    assert _queries(client, address) == few
    assert _queries(client, SG16) == detail
