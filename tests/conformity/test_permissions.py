"""Who may do what, per role, on the pages and the API: the public reads; the secretariat writes anything; the
representatives of an accredited lab write their lab's own declarations; nobody else writes (a lab whose
accreditation lapsed neither)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.conformity.models import Declaration
from ponte.core.models import User
from tests.conformity.conftest import World
from tests.conformity.factories import days
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "seoul_rep", "nairobi_rep", "lapsed_rep", "secretariat"]


def client_of(role: str, world: World, member: User, secretariat: User) -> Client:
    if role == "anonymous":
        return Client()
    user = {"member": member, "secretariat": secretariat}.get(role) or getattr(world, role)
    return signed_in(user)


def new_seoul_declaration(world: World) -> dict[str, Any]:
    return {
        "lab": world.seoul.pk,
        "manufacturer": "Lumen Vision",
        "manufacturer_country": "CHN",
        "model": "LV-4K2",
        "product": "4K IPTV terminal",
        "category": "iptv_terminal",
        "recommendations": [world.h702.pk],
        "report_reference": "SITC-0300",
        "report_date": days(-3).isoformat(),
        "valid_until": days(900).isoformat(),
    }


def api_payload(world: World) -> dict[str, Any]:
    return {**new_seoul_declaration(world), "recommendations": ["ITU-T H.702"]}


# What each role of ROLES (in that order) gets: the status of the answer (302 after a page's write, and to the
# sign-in page for the anonymous).
EXPECTED: dict[str, tuple[int, ...]] = {
    "add_page": (302, 403, 200, 200, 403, 200),
    "add_for_seoul": (302, 403, 302, 400, 403, 302),
    "edit_page": (302, 403, 200, 403, 403, 200),
    "edit": (302, 403, 302, 403, 403, 302),
    "withdraw": (302, 403, 302, 403, 403, 302),
    "import_page": (302, 403, 200, 200, 403, 200),
    "api_record": (401, 403, 201, 403, 403, 201),
    "api_withdraw": (401, 403, 200, 403, 403, 200),
    "withdrawn_page": (404, 404, 404, 200, 404, 200),
    "withdrawn_api": (404, 404, 404, 200, 404, 200),
}  # fmt: skip


def act(action: str, client: Client, world: World) -> int:
    valid = world.valid
    edit_url = reverse("conformity:declaration_edit", args=[valid.pk])
    if action == "add_page":
        return client.get(reverse("conformity:declaration_add")).status_code
    if action == "add_for_seoul":
        return client.post(reverse("conformity:declaration_add"), new_seoul_declaration(world)).status_code
    if action == "edit_page":
        return client.get(edit_url).status_code
    if action == "edit":
        data = {
            "product": "Accessible set-top box",
            "category": "iptv_terminal",
            "description": "",
            "recommendations": [world.h702.pk],
            "report_reference": "SITC-0117",
            "report_date": valid.report_date.isoformat(),
            "valid_until": days(400).isoformat(),
        }
        return client.post(edit_url, data).status_code
    if action == "withdraw":
        return client.post(
            reverse("conformity:declaration_withdraw", args=[valid.pk]), {"reason": "Recall"}
        ).status_code
    if action == "import_page":
        return client.get(reverse("conformity:import")).status_code
    if action == "api_record":
        body = json.dumps(api_payload(world))
        return client.post("/api/v1/conformity/declarations", body, content_type="application/json").status_code
    if action == "api_withdraw":
        body = json.dumps({"reason": "Recall"})
        url = f"/api/v1/conformity/declarations/{valid.pk}/withdraw"
        return client.post(url, body, content_type="application/json").status_code
    if action == "withdrawn_page":
        return client.get(world.withdrawn.product.get_absolute_url()).status_code
    if action == "withdrawn_api":
        return client.get(f"/api/v1/conformity/products/{world.withdrawn.product_id}").status_code
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_role_gets_what_the_rules_say(
    world: World, member: User, secretariat: User, role: str, action: str
) -> None:
    before = set(Declaration.objects.values_list("pk", "report_reference", "valid_until", "withdrawn_on"))
    status = act(action, client_of(role, world, member, secretariat), world)
    assert status == dict(zip(ROLES, EXPECTED[action], strict=True))[role]
    after = set(Declaration.objects.values_list("pk", "report_reference", "valid_until", "withdrawn_on"))
    if status >= 400 or (role == "anonymous" and status == 302):
        assert after == before, "a refused request changed nothing"
    elif action in ("add_for_seoul", "edit", "withdraw", "api_record", "api_withdraw"):
        assert after != before


def test_the_add_page_offers_a_representative_only_its_own_labs(world: World, secretariat: User) -> None:
    form = signed_in(world.seoul_rep).get(reverse("conformity:declaration_add")).context["form"]
    assert list(form.fields["lab"].queryset) == [world.seoul]
    assert set(form.fields["recommendations"].queryset) == {world.h702, world.hstp, world.f921}
    staff_form = signed_in(secretariat).get(reverse("conformity:declaration_add")).context["form"]
    assert set(staff_form.fields["lab"].queryset) == {world.seoul, world.nairobi, world.lapsed}


def test_only_those_who_may_write_see_the_buttons(client: Client, world: World) -> None:
    public = client.get(reverse("conformity:product_list")).content.decode()
    assert reverse("conformity:declaration_add") not in public
    own = signed_in(world.seoul_rep).get(world.set_top_box.get_absolute_url()).content.decode()
    assert reverse("conformity:declaration_edit", args=[world.valid.pk]) in own
    other = signed_in(world.nairobi_rep).get(world.set_top_box.get_absolute_url()).content.decode()
    assert reverse("conformity:declaration_edit", args=[world.valid.pk]) not in other


def test_exports_hold_withdrawn_declarations_only_for_those_who_see_them(
    client: Client, world: World, secretariat: User
) -> None:
    url = reverse("conformity:export", args=["csv"])

    def references(response: Any) -> set[str]:
        text = b"".join(response.streaming_content).decode()
        return {line.split(",")[7] for line in text.splitlines()[1:]}

    assert references(client.get(url)) == {"SITC-0117", "SITC-0098"}
    assert references(signed_in(world.nairobi_rep).get(url)) == {"SITC-0117", "SITC-0098", "NICL-031"}
    assert references(signed_in(secretariat).get(url, {"validity": "withdrawn"})) == {"NICL-031"}
    assert references(client.get(url, {"validity": "withdrawn"})) == {"SITC-0117", "SITC-0098"}  # not a choice
