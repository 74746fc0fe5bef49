"""A declaration, the declarations and a lab through the API, with the pages' permissions: everyone reads valid and
expired declarations and the lab registry; a withdrawn declaration (and why) is the secretariat's and its lab's
representatives', "not found" for everyone else; the filters are the list page's, with 422 at the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.core.models import RoleKind, User
from tests.conformity.conftest import World
from tests.conformity.factories import DeclarationFactory, ProductFactory, days
from tests.conftest import signed_in
from tests.factories import country, with_role

pytestmark = pytest.mark.django_db

DECLARATIONS = "/api/v1/conformity/declarations"
LABS = "/api/v1/conformity/labs"


def references(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["report_reference"] for item in response.json()["items"]]


def browsers(world: World, client: Client, secretariat: User, member: User) -> dict[str, Client]:
    """Every kind of reader the pages know."""
    return {
        "anonymous": client,
        "member": signed_in(member),
        "another lab's representative": signed_in(world.seoul_rep),
        "a focal point": signed_in(with_role(RoleKind.FOCAL_POINT, country=country("KEN"))),
        "its lab's representative": signed_in(world.nairobi_rep),
        "the secretariat": signed_in(secretariat),
    }


SEES_WITHDRAWN = {"its lab's representative", "the secretariat"}
READERS = ["anonymous", "member", "another lab's representative", "a focal point", *sorted(SEES_WITHDRAWN)]


def test_a_declaration_is_shown_with_its_product(client: Client, world: World) -> None:
    body = client.get(f"{DECLARATIONS}/{world.valid.pk}").json()
    assert body == {
        "id": world.valid.pk,
        "product": world.set_top_box.pk,
        "lab": {"id": world.seoul.pk, "name": "Seoul IPTV Test Centre"},
        "recommendations": [
            {
                "sector": "ITU-T",
                "identifier": "H.702",
                "label": "ITU-T H.702",
                "url": "/en/standards/ITU-T/H.702/",
            },
            {
                "sector": "ITU-T",
                "identifier": "HSTP-CONF-H702",
                "label": "ITU-T HSTP-CONF-H702",
                "url": "/en/standards/ITU-T/HSTP-CONF-H702/",
            },
        ],
        "report_reference": "SITC-0117",
        "report_date": world.valid.report_date.isoformat(),
        "valid_until": world.valid.valid_until.isoformat(),
        "status": "valid",
        "withdrawn_on": None,
        "manufacturer": {"name": "Hanbit Media", "country": "KOR", "country_name": "Korea (the Republic of)"},
        "model": "HM-700",
        "product_name": "Accessible set-top box",
        "category": "iptv_terminal",
        "withdrawal_reason": "",
        "url": world.set_top_box.get_absolute_url(),
    }
    assert client.get(f"{DECLARATIONS}/{world.expired.pk}").json()["status"] == "expired"


@pytest.mark.parametrize("reader", READERS)
def test_a_withdrawn_declaration_is_its_labs_and_the_secretariats(
    client: Client, world: World, secretariat: User, member: User, reader: str
) -> None:
    browser = browsers(world, client, secretariat, member)[reader]
    response = browser.get(f"{DECLARATIONS}/{world.withdrawn.pk}")
    if reader in SEES_WITHDRAWN:
        body = response.json()
        assert (body["status"], body["withdrawal_reason"]) == ("withdrawn", "Firmware changed")
        assert body["withdrawn_on"] == days(-5).isoformat()
    else:
        assert response.status_code == 404
        assert "Firmware changed" not in response.content.decode()
    # Its product's page answers alike.
    assert browser.get(world.withdrawn.product.get_absolute_url()).status_code == (
        200 if reader in SEES_WITHDRAWN else 404
    )


def test_a_lapsed_labs_representative_still_reads_its_withdrawn_declarations(world: World) -> None:
    old = DeclarationFactory(lab=world.lapsed, withdrawn_on=days(-20), withdrawal_reason="Lab closed")
    assert signed_in(world.lapsed_rep).get(f"{DECLARATIONS}/{old.pk}").json()["withdrawal_reason"] == "Lab closed"


def test_an_unknown_declaration_is_not_found_and_a_bad_id_refused(client: Client, world: World) -> None:
    assert client.get(f"{DECLARATIONS}/999999").status_code == 404
    response = client.get(f"{DECLARATIONS}/SITC-0117")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "declaration_id"]


@pytest.mark.parametrize(
    ("reader", "shown"),
    [
        ("anonymous", ["SITC-0098", "SITC-0117"]),
        ("member", ["SITC-0098", "SITC-0117"]),
        ("another lab's representative", ["SITC-0098", "SITC-0117"]),
        ("a focal point", ["SITC-0098", "SITC-0117"]),
        ("its lab's representative", ["NICL-031", "SITC-0098", "SITC-0117"]),
        ("the secretariat", ["NICL-031", "SITC-0098", "SITC-0117"]),
    ],
)
def test_the_declarations_are_those_the_reader_may_see_by_lab_and_report(
    client: Client, world: World, secretariat: User, member: User, reader: str, shown: list[str]
) -> None:
    browser = browsers(world, client, secretariat, member)[reader]
    response = browser.get(DECLARATIONS)
    assert references(response) == shown  # Nairobi ICT Lab, then Seoul IPTV Test Centre
    assert response.json()["count"] == len(shown)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"q": "HM-700"}, ["SITC-0117"]),
        ({"q": "sitc-0098"}, ["SITC-0098"]),
        ({"recommendation": "hstp-conf-h 702"}, ["SITC-0117"]),
        ({"validity": "expired"}, ["SITC-0098"]),
        ({"validity": "valid"}, ["SITC-0117"]),
        ({"validity": "withdrawn"}, []),
        ({"country": "kor"}, ["SITC-0098", "SITC-0117"]),
        ({"category": "charger"}, []),
    ],
)
def test_the_filters_are_the_list_pages(client: Client, world: World, query: dict[str, str], shown: list[str]) -> None:
    assert references(client.get(DECLARATIONS, query)) == shown


def test_a_labs_representative_lists_its_own_withdrawn_declarations(world: World) -> None:
    query: dict[str, str | int] = {"lab": world.nairobi.pk, "validity": "withdrawn"}
    own = signed_in(world.nairobi_rep).get(DECLARATIONS, query)
    assert references(own) == ["NICL-031"]
    assert own.json()["items"][0]["withdrawal_reason"] == "Firmware changed"
    other = signed_in(world.seoul_rep).get(DECLARATIONS, query)
    assert references(other) == []


@pytest.mark.parametrize(
    "query",
    [
        {"recommendation": "Z.999"},
        {"category": "toaster"},
        {"validity": "soon"},
        {"country": "XYZ"},
        {"lab": 999999},
        {"lab": "seoul"},
        {"limit": 101},
        {"offset": -1},
    ],
)
def test_bad_filters_and_pages_answer_422_at_the_field(client: Client, world: World, query: dict[str, Any]) -> None:
    response = client.get(DECLARATIONS, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(query))


def test_the_declarations_come_in_pages(client: Client, world: World) -> None:
    for number in range(3):
        DeclarationFactory(lab=world.nairobi, report_reference=f"NICL-10{number}")
    first = client.get(DECLARATIONS, {"limit": 2}).json()
    assert first["count"] == 5
    assert [item["report_reference"] for item in first["items"]] == ["NICL-100", "NICL-101"]
    rest = client.get(DECLARATIONS, {"limit": 2, "offset": 2}).json()
    assert [item["report_reference"] for item in rest["items"]] == ["NICL-102", "SITC-0098"]


def test_a_lab_is_shown_as_in_the_registry(client: Client, world: World, secretariat: User, member: User) -> None:
    [entry] = [lab for lab in client.get(LABS).json()["items"] if lab["id"] == world.nairobi.pk]
    body = client.get(f"{LABS}/{world.nairobi.pk}").json()
    assert body == entry
    assert (body["name"], body["country"], body["accredited_now"]) == ("Nairobi ICT Lab", "KEN", True)
    assert body["declarations"] == 0  # its only declaration is withdrawn
    assert body["url"] == f"/en/conformity/labs/#lab-{world.nairobi.pk}"
    for browser in browsers(world, client, secretariat, member).values():
        assert browser.get(f"{LABS}/{world.nairobi.pk}").json() == body
    lapsed = client.get(f"{LABS}/{world.lapsed.pk}").json()
    assert lapsed["accredited_now"] is False
    assert client.get(f"{LABS}/{world.seoul.pk}").json()["declarations"] == 2


def test_an_unknown_lab_is_not_found(client: Client, world: World) -> None:
    assert client.get(f"{LABS}/999999").status_code == 404
    assert client.get(f"{LABS}/seoul").status_code == 422


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queries_stay_the_same_as_declarations_grow(client: Client, world: World) -> None:
    detail = f"{DECLARATIONS}/{world.valid.pk}"
    lab = f"{LABS}/{world.seoul.pk}"
    for url in (DECLARATIONS, detail, lab):
        client.get(url)  # per-process caches (content types…) filled first
    few = {url: _queries(client, url) for url in (DECLARATIONS, detail, lab)}
    for _n in range(8):
        DeclarationFactory(product=ProductFactory(), lab=world.seoul, recommendations=[world.h702, world.hstp])
    world.valid.recommendations.add(world.f921)
    assert len(client.get(DECLARATIONS).json()["items"]) == 10
    assert {url: _queries(client, url) for url in (DECLARATIONS, detail, lab)} == few
