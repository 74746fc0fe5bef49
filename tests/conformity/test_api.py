"""The conformity API: products with the list page's filters, a product, the lab registry, and recording or
withdrawing a declaration with field errors (422)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ponte.conformity.models import Declaration
from ponte.core.models import User
from tests.conformity.conftest import World
from tests.conformity.factories import DeclarationFactory, ProductFactory, days
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/conformity/products"


def payload(world: World, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "lab": world.seoul.pk,
        "manufacturer": "Lumen Vision",
        "manufacturer_country": "chn",
        "model": "LV-4K2",
        "product": "4K IPTV terminal",
        "category": "iptv_terminal",
        "recommendations": ["ITU-T H.702", "HSTP-CONF-H702"],
        "report_reference": "SITC-0300",
        "report_date": days(-3).isoformat(),
        "valid_until": days(900).isoformat(),
    }
    values.update(changes)
    return values


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_products_are_the_pages(client: Client, world: World) -> None:
    body = client.get(PRODUCTS).json()
    assert body["count"] == 2
    first = body["items"][1]
    assert first["name"] == "Accessible set-top box"
    assert first["manufacturer"] == {
        "name": "Hanbit Media",
        "country": "KOR",
        "country_name": "Korea (the Republic of)",
    }
    assert first["status"] == "valid" and first["valid_until"] == world.valid.valid_until.isoformat()
    assert first["category_label"] == "IPTV terminal or set-top box"
    [declaration] = first["declarations"]
    assert declaration["lab"] == {"id": world.seoul.pk, "name": "Seoul IPTV Test Centre"}
    assert [r["label"] for r in declaration["recommendations"]] == ["ITU-T H.702", "ITU-T HSTP-CONF-H702"]
    assert declaration["recommendations"][0]["url"] == "/en/standards/ITU-T/H.702/"
    assert first["url"] == world.set_top_box.get_absolute_url()


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"q": "HM-700"}, 1),
        ({"recommendation": "h 702"}, 2),
        ({"validity": "expired"}, 1),
        ({"country": "kor"}, 2),
        ({"category": "charger"}, 0),
    ],
)
def test_the_filters_are_the_pages(client: Client, world: World, query: dict[str, str], count: int) -> None:
    assert client.get(PRODUCTS, query).json()["count"] == count


def test_the_lab_filter(client: Client, world: World) -> None:
    assert client.get(PRODUCTS, {"lab": world.seoul.pk}).json()["count"] == 2


@pytest.mark.parametrize(
    "query",
    [{"recommendation": "Z.999"}, {"category": "toaster"}, {"validity": "soon"}, {"country": "XYZ"}, {"lab": 999999}],
)
def test_unknown_filters_answer_422(client: Client, world: World, query: dict[str, str]) -> None:
    response = client.get(PRODUCTS, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(query))


def test_withdrawn_declarations_are_the_secretariats_and_the_labs(
    client: Client, world: World, secretariat: User
) -> None:
    assert client.get(PRODUCTS, {"validity": "withdrawn"}).json()["count"] == 0
    staff = signed_in(secretariat).get(PRODUCTS, {"validity": "withdrawn"}).json()
    assert [item["status"] for item in staff["items"]] == ["withdrawn"]
    assert signed_in(world.nairobi_rep).get(PRODUCTS, {"validity": "withdrawn"}).json()["count"] == 1


def test_a_product_and_an_unknown_one(client: Client, world: World) -> None:
    body = client.get(f"{PRODUCTS}/{world.set_top_box.pk}").json()
    assert body["model"] == "HM-700" and len(body["declarations"]) == 1
    assert client.get(f"{PRODUCTS}/999999").status_code == 404


def test_the_lab_registry(client: Client, world: World) -> None:
    body = client.get("/api/v1/conformity/labs").json()
    labs = {lab["name"]: lab for lab in body["items"]}
    assert labs["Seoul IPTV Test Centre"]["accredited_now"] is True
    assert labs["Seoul IPTV Test Centre"]["is_itu_recognised"] is True
    assert labs["Seoul IPTV Test Centre"]["declarations"] == 2
    assert labs["Old Test House"]["accredited_now"] is False
    assert [r["label"] for r in labs["Nairobi ICT Lab"]["scope"]] == ["ITU-T L.1000"]
    assert labs["Nairobi ICT Lab"]["country"] == "KEN"


def test_the_product_list_is_planned(client: Client, world: World, django_assert_max_num_queries: Any) -> None:
    client.get(PRODUCTS)
    with django_assert_max_num_queries(8) as few:
        client.get(PRODUCTS)
    for _n in range(20):
        DeclarationFactory(product=ProductFactory(), lab=world.seoul, recommendations=[world.h702, world.hstp])
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(PRODUCTS).json()["items"]) == 22


def test_a_lab_representative_records_a_declaration(world: World) -> None:
    response = post(signed_in(world.seoul_rep), "/api/v1/conformity/declarations", payload(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "valid" and body["report_reference"] == "SITC-0300"
    declaration = Declaration.objects.get(pk=body["id"])
    assert declaration.product.manufacturer.country.alpha3 == "CHN"
    assert declaration.entered_by == world.seoul_rep


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"report_date": days(-2100).isoformat()}, "report_date"),
        ({"recommendations": ["ITU-T L.1000"]}, "recommendations"),
        ({"recommendations": ["ITU-T Q.999"]}, "recommendations"),
        ({"manufacturer_country": "XYZ"}, "manufacturer_country"),
        ({"lab": 999999}, "lab"),
        ({"report_reference": "SITC-0117"}, "report_reference"),
        ({"valid_until": days(-10).isoformat()}, "valid_until"),
        ({"report_date": "yesterday"}, "report_date"),
    ],
)
def test_bad_declarations_answer_422_at_the_field(
    world: World, secretariat: User, changes: dict[str, Any], field: str
) -> None:
    response = post(signed_in(secretariat), "/api/v1/conformity/declarations", payload(world, **changes))
    assert response.status_code == 422, response.content
    assert field in [error["loc"][-1] for error in response.json()["detail"]]
    assert Declaration.objects.count() == 3


def test_a_withdrawal_through_the_api(world: World) -> None:
    url = f"/api/v1/conformity/declarations/{world.valid.pk}/withdraw"
    assert post(signed_in(world.seoul_rep), url, {"reason": ""}).status_code == 422
    response = post(signed_in(world.seoul_rep), url, {"reason": "Firmware changed"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    hidden = f"/api/v1/conformity/declarations/{world.withdrawn.pk}/withdraw"
    assert post(signed_in(world.seoul_rep), hidden, {"reason": "x"}).status_code == 404


def test_the_api_is_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/conformity/products", "/api/v1/conformity/products/{product_id}", "/api/v1/conformity/labs",
            "/api/v1/conformity/declarations"} <= set(paths)  # fmt: skip
