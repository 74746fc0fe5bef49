"""The public pages: search and filter the products, a product's page with its declarations, the lab registry; all
planned (a constant number of queries) and safe with whatever people wrote."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import User
from tests.conformity.conftest import World
from tests.conformity.factories import DeclarationFactory, LabFactory, ProductFactory, days, recommendation
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

LIST = reverse("conformity:product_list")


def names(client: Client, **filters: Any) -> list[str]:
    response = client.get(LIST, filters)
    assert response.status_code == 200
    return [row.product.name for row in response.context["rows"]]


def test_the_public_list_shows_valid_and_expired_products_but_not_withdrawn_ones(client: Client, world: World) -> None:
    response = client.get(LIST)
    content = response.content.decode()
    assert names(client) == ["Set-top box", "Accessible set-top box"]
    assert "Valid until" in content and "Expired on" in content
    assert "Universal charger" not in content
    assert 'href="/en/standards/ITU-T/H.702/"' in content


def test_the_secretariat_sees_withdrawn_products_marked(world: World, secretariat: User) -> None:
    client = signed_in(secretariat)
    assert names(client) == ["Set-top box", "Accessible set-top box", "Universal charger"]
    assert names(client, validity="withdrawn") == ["Universal charger"]
    assert "status-withdrawn" in client.get(LIST).content.decode()


def test_a_labs_representative_sees_its_own_withdrawn_declarations_only(world: World) -> None:
    assert "Universal charger" in names(signed_in(world.nairobi_rep))
    assert "Universal charger" not in names(signed_in(world.seoul_rep))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "hanbit"}, ["Set-top box", "Accessible set-top box"]),
        ({"q": "HM-700"}, ["Accessible set-top box"]),
        ({"q": "accessible"}, ["Accessible set-top box"]),
        ({"q": "SITC-0098"}, ["Set-top box"]),
        ({"recommendation": "H.702"}, ["Set-top box", "Accessible set-top box"]),
        ({"recommendation": "itu-t h702"}, ["Set-top box", "Accessible set-top box"]),
        ({"recommendation": "HSTP-CONF-H702"}, ["Accessible set-top box"]),
        ({"validity": "valid"}, ["Accessible set-top box"]),
        ({"validity": "expired"}, ["Set-top box"]),
        ({"country": "KOR"}, ["Set-top box", "Accessible set-top box"]),
        ({"country": "KEN"}, []),
        ({"category": "charger"}, []),
        ({"category": "iptv_terminal", "validity": "valid"}, ["Accessible set-top box"]),
    ],
)
def test_every_filter_narrows_the_list(
    client: Client, world: World, filters: dict[str, str], expected: list[str]
) -> None:
    assert names(client, **filters) == expected


def test_the_lab_filter_and_an_unknown_recommendation(client: Client, world: World) -> None:
    assert names(client, lab=world.seoul.pk) == ["Set-top box", "Accessible set-top box"]
    assert names(client, lab=world.nairobi.pk) == []  # its only declaration is withdrawn
    response = client.get(LIST, {"recommendation": "Z.999"})
    assert response.context["rows"] == []
    assert "No Recommendation is known as Z.999." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_row_shows_only_the_declarations_that_match(client: Client, world: World) -> None:
    DeclarationFactory(
        product=world.set_top_box, lab=world.seoul, report_date=days(-600), valid_until=days(-3),
        recommendations=[world.f921],
    )  # fmt: skip
    [row] = client.get(LIST, {"recommendation": "F.921"}).context["rows"]
    assert [str(r) for r in row.recommendations] == ["ITU-T F.921"]
    assert row.status == "expired"
    [_old, row] = client.get(LIST, {"q": "hanbit"}).context["rows"]
    assert row.status == "valid" and len(row.declarations) == 2


def test_the_list_is_paged_in_a_constant_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for _n in range(30):
        lab = LabFactory(scope=[world.h702, world.l1000])
        DeclarationFactory(product=ProductFactory(), lab=lab, recommendations=[world.h702, world.l1000])
        DeclarationFactory(product=ProductFactory(category="charger"), lab=lab, recommendations=[world.l1000])
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 62
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("conformity:lab_list"))


def test_a_signed_in_list_stays_planned_too(
    world: World, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(secretariat)
    client.get(LIST)
    with django_assert_max_num_queries(14) as few:
        client.get(LIST)
    for _n in range(30):
        DeclarationFactory(lab=world.seoul, recommendations=[world.h702])
    with django_assert_max_num_queries(len(few)):
        client.get(LIST)


def test_a_products_page_lists_its_declarations(client: Client, world: World) -> None:
    world.set_top_box.description = "Captions and **audio description**."
    world.set_top_box.save()
    response = client.get(world.set_top_box.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hanbit Media" in content and "HM-700" in content and "SITC-0117" in content
    assert "<strong>audio description</strong>" in content
    assert "Seoul IPTV Test Centre" in content
    assert "Correct" not in content  # the public has nothing to do here


def test_a_product_with_only_withdrawn_declarations_is_not_found_by_the_public(
    client: Client, world: World, secretariat: User
) -> None:
    url = world.withdrawn.product.get_absolute_url()
    assert client.get(url).status_code == 404
    assert signed_in(world.seoul_rep).get(url).status_code == 404
    assert "Firmware changed" in signed_in(world.nairobi_rep).get(url).content.decode()
    assert signed_in(secretariat).get(url).status_code == 200
    assert client.get(reverse("conformity:product_detail", args=[999999])).status_code == 404


def test_the_lab_registry_shows_each_accreditation(client: Client, world: World) -> None:
    content = client.get(reverse("conformity:lab_list")).content.decode()
    assert "Seoul IPTV Test Centre" in content and "Recognised by ITU" in content
    assert "Accreditation lapsed on" in content
    assert f"?lab={world.seoul.pk}" in content
    assert "2 declarations by Seoul IPTV Test Centre" in content


def test_stored_scripts_are_shown_as_text(client: Client, world: World) -> None:
    script = '<script>alert("x")</script>'
    world.set_top_box.name = f"Box {script}"
    world.set_top_box.description = f"Nice {script} <img src=x onerror=alert(1)>"
    world.set_top_box.save()
    manufacturer = world.set_top_box.manufacturer
    manufacturer.name = f"Hanbit {script}"
    manufacturer.save()
    for url in (LIST, world.set_top_box.get_absolute_url(), reverse("conformity:lab_list")):
        content = client.get(url).content.decode()
        assert script not in content
        assert "onerror" not in content
    assert "&lt;script&gt;" in client.get(LIST).content.decode()


def test_the_list_reads_in_arabic(client: Client, world: World) -> None:
    response = client.get("/ar/conformity/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_a_recommendations_page_can_list_the_products_conforming_to_it(client: Client, world: World) -> None:
    from django.template import Context, Template

    html = Template("{% load conformity %}{% conforming_products recommendation %}").render(
        Context({"recommendation": world.h702})
    )
    assert "Accessible set-top box" in html and "Set-top box</a>" not in html  # the expired one is not listed
    assert "?recommendation=ITU-T%20H.702&amp;validity=valid" in html
    empty = Template("{% load conformity %}{% conforming_products recommendation %}").render(
        Context({"recommendation": recommendation("Y.4000")})
    )
    assert "No product has a valid declaration" in empty


def test_a_products_page_is_planned_whatever_its_number_of_declarations(
    world: World, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(secretariat)
    url = world.set_top_box.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _n in range(15):
        DeclarationFactory(product=world.set_top_box, lab=LabFactory(scope=[world.h702]), recommendations=[world.h702])
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["declarations"]) == 16


def test_the_withdraw_page_asks_why(world: World) -> None:
    client = signed_in(world.seoul_rep)
    url = reverse("conformity:declaration_withdraw", args=[world.valid.pk])
    assert "will no longer be public" in client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    done = client.post(url, {"reason": "Firmware changed"}, follow=True)
    assert "The declaration is withdrawn." in done.content.decode()
    assert "Put" in done.content.decode()  # the lab may put it in force again
    restored = client.post(reverse("conformity:declaration_restore", args=[world.valid.pk]), follow=True)
    assert "The declaration is in force again." in restored.content.decode()


def test_the_edit_page_shows_a_services_refusal_at_the_field(world: World) -> None:
    client = signed_in(world.seoul_rep)
    url = reverse("conformity:declaration_edit", args=[world.valid.pk])
    form = client.get(url).context["form"]
    assert form.initial["report_reference"] == "SITC-0117"
    data = {
        "product": "Accessible set-top box",
        "category": "iptv_terminal",
        "recommendations": [world.h702.pk],
        "report_reference": "SITC-0098",  # the lab's other report
        "report_date": world.valid.report_date.isoformat(),
        "valid_until": world.valid.valid_until.isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["report_reference"] == [
        "Seoul IPTV Test Centre has another declaration with this report reference."
    ]


def test_another_labs_declaration_of_a_product_starts_from_its_record(world: World) -> None:
    client = signed_in(world.seoul_rep)
    page = client.get(world.set_top_box.get_absolute_url()).content.decode()
    url = f"{reverse('conformity:declaration_add')}?product={world.set_top_box.pk}"
    assert url in page
    form = client.get(url).context["form"]
    assert form.initial["model"] == "HM-700" and form.initial["manufacturer_country"] == "KOR"
    assert 'value="Hanbit Media"' in client.get(url).content.decode()
