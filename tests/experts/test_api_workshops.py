"""A workshop through the API, as its public page shows it: when, where, with whom, its description in the reader's
language and how many took part and were trained from each country, for everyone and naming nobody."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.core.models import RoleKind, User
from ponte.experts.models import Workshop
from tests.conftest import signed_in
from tests.experts.factories import trained, workshop
from tests.factories import OrganisationFactory, PersonFactory, country, with_role
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def address(held: Workshop) -> str:
    return f"/api/v1/experts/workshops/{held.pk}"


@pytest.fixture
def ljubljana(db: None) -> Workshop:
    """A workshop with a partner of the directory, another partner, and three participants from two countries."""
    held = workshop(
        "Bridging the digital innovation divide",
        description_en="Two days on national innovation policies.",
        description_fr="Deux jours sur les politiques nationales d'innovation.",
        title_fr="Combler la fracture de l'innovation numérique",
        other_partners="Regional Cooperation Council (RCC)",
    )
    held.partners.add(PartnerFactory(name="Open Sky Foundation"))
    trained(PersonFactory(given_name="Ana", family_name="Stojanovska", country=country("MKD")), held)
    trained(PersonFactory(given_name="Marko", family_name="Petrovski", country=country("MKD")), held, done=False)
    trained(PersonFactory(given_name="Wanjiru", family_name="Kamau", country=country("KEN")), held)
    return held


def test_the_workshop_is_shown_as_on_its_page(client: Client, ljubljana: Workshop) -> None:
    body = client.get(address(ljubljana)).json()
    assert body == {
        "id": ljubljana.pk,
        "kind": "workshop",
        "kind_label": "Capacity-building workshop",
        "title": "Bridging the digital innovation divide",
        "description": "Two days on national innovation policies.",
        "starts_on": "2017-09-12",
        "ends_on": "2017-09-13",
        "city": "Ljubljana",
        "country": "SVN",
        "partners": ["Open Sky Foundation", "Regional Cooperation Council (RCC)"],
        "participants": 3,
        "trained": 2,
        "countries": 2,
        "by_country": [
            {"country": "Kenya", "participants": 1, "trained": 1},
            {"country": "North Macedonia", "participants": 2, "trained": 1},
        ],
        "url": f"/en/experts/workshops/{ljubljana.pk}/",
    }
    assert client.get(body["url"]).status_code == 200


def test_the_texts_are_in_the_language_asked(client: Client, ljubljana: Workshop) -> None:
    body = client.get(address(ljubljana), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["title"] == "Combler la fracture de l'innovation numérique"
    assert body["description"] == "Deux jours sur les politiques nationales d'innovation."
    assert body["kind_label"] == "Atelier de renforcement des capacités"
    in_french = sorted(country(alpha3).name_fr for alpha3 in ("KEN", "MKD"))
    assert [row["country"] for row in body["by_country"]] == in_french
    assert "North Macedonia" not in in_french


def test_a_workshop_without_participants_counts_none(client: Client) -> None:
    body = client.get(address(workshop("Busan forum", alpha3="KOR", kind="forum"))).json()
    assert (body["kind"], body["participants"], body["trained"], body["by_country"]) == ("forum", 0, 0, [])
    assert body["description"] == "" and body["partners"] == []


@pytest.mark.parametrize("reader", ["anonymous", "member", "representative", "focal point", "secretariat"])
def test_nobody_who_took_part_is_named_to_anyone(
    client: Client, ljubljana: Workshop, secretariat: User, member: User, reader: str
) -> None:
    """The page names the participants to the secretariat only; the API, public, names them to nobody."""
    browser = {
        "anonymous": lambda: client,
        "member": lambda: signed_in(member),
        "representative": lambda: signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory())),
        "focal point": lambda: signed_in(with_role(RoleKind.FOCAL_POINT, country=country("MKD"))),
        "secretariat": lambda: signed_in(secretariat),
    }[reader]()
    response = browser.get(address(ljubljana))
    assert response.status_code == 200
    assert response.json() == client.get(address(ljubljana)).json()
    text = response.content.decode()
    assert not any(name in text for name in ("Stojanovska", "Petrovski", "Kamau", "Ana", "Wanjiru", "@"))


def test_the_list_and_the_detail_agree(client: Client, ljubljana: Workshop) -> None:
    [listed] = client.get("/api/v1/experts/workshops").json()["items"]
    detail = client.get(address(ljubljana)).json()
    assert {key: detail[key] for key in listed} == listed


def test_an_unknown_workshop_is_not_found(client: Client, ljubljana: Workshop) -> None:
    response = client.get(f"/api/v1/experts/workshops/{ljubljana.pk + 1000}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("bad", ["ljubljana", "1.5", "-"])
def test_a_workshop_id_that_is_no_number_is_refused(client: Client, bad: str) -> None:
    response = client.get(f"/api/v1/experts/workshops/{bad}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "workshop_id"]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queries_stay_the_same_as_participants_and_partners_grow(client: Client, ljubljana: Workshop) -> None:
    client.get(address(ljubljana))  # per-process caches (content types…) filled first
    few = _queries(client, address(ljubljana))
    for index, alpha3 in enumerate(("KEN", "RWA", "BIH", "SRB", "JPN")):
        trained(PersonFactory(country=country(alpha3)), ljubljana)
        ljubljana.partners.add(PartnerFactory(name=f"Partner {index}"))
    body: dict[str, Any] = client.get(address(ljubljana)).json()
    assert (body["participants"], len(body["by_country"]), len(body["partners"])) == (8, 6, 7)
    assert _queries(client, address(ljubljana)) == few
