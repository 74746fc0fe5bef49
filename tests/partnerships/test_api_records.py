"""The agreements and partners in the API, as their pages show them: the agreements for the secretariat only (filtered
as on the list page, in pages from a cursor), the partner directory for everyone, a partner's contacts and agreements
for the secretariat only."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation, User
from ponte.partnerships.models import Agreement, AgreementDocument, Partner, PartnerContact
from ponte.tokens import services as tokens
from tests.conftest import signed_in
from tests.factories import country
from tests.partnerships.factories import PartnerFactory, agreement, areas, mechanisms, regions
from tests.reads import queries, walk

pytestmark = pytest.mark.django_db

AGREEMENTS = "/api/v1/partnerships/agreements"
PARTNERS = "/api/v1/partnerships/partners"


@pytest.fixture
def agreements(secretariat: User) -> dict[str, Agreement]:
    """The agreement pages' records (tests/partnerships/test_agreement_pages.py), the amendment's reference with a
    slash as the bench's ITU-D/2015/000001 have, and a document."""
    undp = PartnerFactory(name="United Nations Development Programme", kind="un_agency")
    kestrel = PartnerFactory(name="Kestrel Networks", kind="private_company")
    niger = agreement(
        "BDT-2015-001",
        partners=[undp],
        type="voluntary_contribution",
        title="Smart villages in Niger",
        title_fr="Villages intelligents au Niger",
        signed_on=datetime.date(2015, 3, 2),
        value_usd="490500.00",
        region_codes=("AFR",),
        area_names=("Digital inclusion",),
        country_codes=("NER",),
    )
    Agreement.objects.filter(pk=niger.pk).update(value=Decimal("450000.00"), currency="EUR")
    amendment = agreement(
        "BDT-2015-001/A1",
        partners=[undp],
        title="Smart villages in Niger: second phase",
        signed_on=datetime.date(2016, 9, 12),
        value_usd="50000.00",
        amends=niger,
    )
    pacific = agreement(
        "BDT-2017-004",
        partners=[kestrel, undp],
        type="mou",
        title="Cybersecurity readiness in the Pacific",
        signed_on=datetime.date(2017, 1, 20),
        region_codes=("ASP", "GLO"),
        area_names=("Cybersecurity",),
    )
    AgreementDocument.objects.create(
        agreement=niger,
        title="Signed contribution agreement",
        file="agreements/signed.pdf",
        size=2048,
        content_type="application/pdf",
        uploaded_by=secretariat,
    )
    return {"niger": niger, "amendment": amendment, "pacific": pacific}


def references(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["items"]]


def bearer(user: User, organisation: Organisation, scopes: list[str]) -> dict[str, str]:
    new = tokens.create_token(organisation=organisation, created_by=user, name="ERP", scopes=scopes, expires_at=None)
    return {"Authorization": f"Bearer {new.plain}"}


# --- agreements: who may read them


def test_the_anonymous_must_sign_in_for_agreements(client: Client, agreements) -> None:
    assert client.get(AGREEMENTS).status_code == 401
    assert client.get(f"{AGREEMENTS}/BDT-2015-001").status_code == 401


@pytest.mark.parametrize("who", ["member", "representative", "japan_focal_point"])
def test_accounts_outside_the_secretariat_are_refused_agreements_whatever_the_reference(
    request: pytest.FixtureRequest, agreements, who: str
) -> None:
    browser = signed_in(request.getfixturevalue(who))
    for url in (AGREEMENTS, f"{AGREEMENTS}/BDT-2015-001", f"{AGREEMENTS}/BDT-1999-404"):
        response = browser.get(url)
        assert response.status_code == 403, url
        assert "Smart villages" not in response.content.decode()


def test_a_token_with_the_partnerships_scope_reads_no_agreement(
    agreements, representative: User, japanese_sme: Organisation
) -> None:
    """Tokens belong to organisations' representatives, never to the secretariat (staff hold no tokens)."""
    headers = bearer(representative, japanese_sme, ["partnerships:read"])
    assert Client().get(AGREEMENTS, headers=headers).status_code == 403
    assert Client().get(f"{AGREEMENTS}/BDT-2015-001", headers=headers).status_code == 403


# --- agreements: the list


def test_the_secretariat_lists_agreements_newest_first_with_what_each_shows(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(AGREEMENTS)
    assert references(response) == ["BDT-2017-004", "BDT-2015-001/A1", "BDT-2015-001"]
    pacific, amendment, niger = response.json()["items"]
    assert niger == {
        "reference": "BDT-2015-001",
        "title": "Smart villages in Niger",
        "type": "voluntary_contribution",
        "signed_on": "2015-03-02",
        "value": "450000.00",
        "currency": "EUR",
        "value_usd": "490500.00",
        "amends": None,
        "partners": [
            {
                "id": agreements["niger"].partners.get().pk,
                "name": "United Nations Development Programme",
                "kind": "un_agency",
            }
        ],
        "regions": [{"code": "AFR", "name": "Africa"}],
        "countries": [{"alpha3": "NER", "name": "Niger"}],
        "action_areas": [{"code": "digital-inclusion", "name": "Digital inclusion"}],
        "url": reverse("partnerships:agreement_detail", args=["BDT-2015-001"]),
    }
    assert amendment["amends"] == "BDT-2015-001"
    assert [partner["name"] for partner in pacific["partners"]] == [
        "Kestrel Networks",
        "United Nations Development Programme",
    ]
    assert [region["code"] for region in pacific["regions"]] == ["ASP", "GLO"]
    assert response.json()["next"] is None and response.json()["previous"] is None


def test_titles_come_in_the_language_of_the_request(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(
        AGREEMENTS, {"type": "voluntary_contribution"}, headers={"Accept-Language": "fr"}
    )
    assert response.json()["items"][0]["title"] == "Villages intelligents au Niger"
    assert response.json()["items"][0]["regions"] == [{"code": "AFR", "name": "Afrique"}]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year_from": "2016"}, ["BDT-2017-004", "BDT-2015-001/A1"]),
        ({"year_to": "2016"}, ["BDT-2015-001/A1", "BDT-2015-001"]),
        ({"year_from": "2016", "year_to": "2016"}, ["BDT-2015-001/A1"]),
        ({"year_from": "2017", "year_to": "2015"}, []),
        ({"type": "mou"}, ["BDT-2017-004"]),
        ({"region": "GLO"}, ["BDT-2017-004"]),
        ({"region": "afr"}, ["BDT-2015-001/A1", "BDT-2015-001"]),
        ({"action_area": "cybersecurity"}, ["BDT-2017-004"]),
        ({"partner": "nations development"}, ["BDT-2017-004", "BDT-2015-001/A1", "BDT-2015-001"]),
        ({"partner": "kestrel"}, ["BDT-2017-004"]),
        ({"q": "second phase"}, ["BDT-2015-001/A1"]),
        ({"q": "bdt-2017"}, ["BDT-2017-004"]),
        ({"q": "Niger", "type": "cooperation"}, ["BDT-2015-001/A1"]),
    ],
)
def test_the_list_filters_as_the_page_does(
    secretariat: User, agreements, filters: dict[str, str], expected: list[str]
) -> None:
    browser = signed_in(secretariat)
    assert references(browser.get(AGREEMENTS, filters)) == expected
    page = browser.get(reverse("partnerships:agreement_list"), {**filters, "region": filters.get("region", "").upper()})
    assert [listed.reference for listed in page.context["page"].object_list] == expected


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"type": "treaty"}, "type"),
        ({"region": "XYZ"}, "region"),
        ({"action_area": "astrology"}, "action_area"),
        ({"year_from": "1900"}, "year_from"),
        ({"year_to": "soon"}, "year_to"),
        ({"q": "x" * 101}, "q"),
        ({"partner": "x" * 101}, "partner"),
        ({"limit": "101"}, "limit"),
        ({"cursor": "forged"}, "cursor"),
        ({"offset": "25"}, "offset"),
    ],
)
def test_a_bad_filter_is_a_422_naming_its_field(
    secretariat: User, agreements, filters: dict[str, str], field: str
) -> None:
    response = signed_in(secretariat).get(AGREEMENTS, filters)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_an_unknown_region_is_explained(secretariat: User) -> None:
    response = signed_in(secretariat).get(AGREEMENTS, {"region": "XYZ"})
    assert "No beneficiary region has the code XYZ." in response.json()["detail"][0]["msg"]


def test_following_next_reads_every_agreement_once_in_the_pages_order(secretariat: User, agreements) -> None:
    # Several signed the same day: the reference orders them, and a page may end between them.
    for number in range(7):
        agreement(f"BDT-2016-{number:03}", signed_on=datetime.date(2016, 9, 12))
    browser = signed_in(secretariat)
    expected = [item.reference for item in Agreement.objects.order_by("-signed_on", "reference")]
    assert [item["reference"] for item in walk(browser, AGREEMENTS, limit=3)] == expected
    filtered = walk(browser, AGREEMENTS, limit=2, year_to=2016, partner="nations")
    assert [item["reference"] for item in filtered] == ["BDT-2015-001/A1", "BDT-2015-001"]


def test_the_previous_link_goes_back_a_page(secretariat: User, agreements) -> None:
    browser = signed_in(secretariat)
    first = browser.get(AGREEMENTS, {"limit": 2}).json()
    second = browser.get(first["next"]).json()
    assert [item["reference"] for item in second["items"]] == ["BDT-2015-001"]
    back = browser.get(second["previous"]).json()
    assert [item["reference"] for item in back["items"]] == ["BDT-2017-004", "BDT-2015-001/A1"]


def test_the_list_reads_the_same_queries_as_agreements_grow(secretariat: User, agreements) -> None:
    browser = signed_in(secretariat)
    browser.get(AGREEMENTS)  # the session and the account's roles are read once
    few = queries(lambda: browser.get(AGREEMENTS))
    for number in range(12):
        agreement(
            f"BDT-2019-{number:03}",
            partners=[PartnerFactory.create(), PartnerFactory.create()],
            region_codes=("AFR", "GLO"),
            country_codes=("KEN", "NER"),
            area_names=("Cybersecurity", "Digital inclusion"),
            amends=agreements["niger"] if number % 2 else None,
        )
    assert queries(lambda: browser.get(AGREEMENTS)) == few
    assert len(browser.get(AGREEMENTS).json()["items"]) == 15


# --- agreements: one agreement


def test_an_agreement_by_its_reference_shows_its_amendments_and_documents(secretariat: User, agreements) -> None:
    body = signed_in(secretariat).get(f"{AGREEMENTS}/BDT-2015-001").json()
    assert body["reference"] == "BDT-2015-001"
    assert body["value"] == "450000.00" and body["currency"] == "EUR" and body["value_usd"] == "490500.00"
    assert body["amends"] is None and body["amends_title"] is None
    assert body["amendments"] == [
        {
            "reference": "BDT-2015-001/A1",
            "title": "Smart villages in Niger: second phase",
            "signed_on": "2016-09-12",
            "value_usd": "50000.00",
        }
    ]
    assert [(document["title"], document["size"]) for document in body["documents"]] == [
        ("Signed contribution agreement", 2048)
    ]
    assert body["countries"] == [{"alpha3": "NER", "name": "Niger"}]


def test_an_amendment_with_a_slash_in_its_reference_names_what_it_amends(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(f"{AGREEMENTS}/BDT-2015-001/A1")
    assert response.status_code == 200
    body = response.json()
    assert (body["amends"], body["amends_title"]) == ("BDT-2015-001", "Smart villages in Niger")
    assert body["amendments"] == [] and body["documents"] == []
    assert body["url"] == reverse("partnerships:agreement_detail", args=["BDT-2015-001/A1"])


def test_the_statistics_are_not_taken_for_a_reference(secretariat: User, agreements) -> None:
    body = signed_in(secretariat).get(f"{AGREEMENTS}/stats").json()
    assert body["new"] == 2 and body["amendments"] == 1


def test_an_unknown_reference_is_not_found(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(f"{AGREEMENTS}/BDT-1999-404")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_agreement_reads_the_same_queries_as_its_lists_grow(secretariat: User, agreements) -> None:
    browser = signed_in(secretariat)
    url = f"{AGREEMENTS}/BDT-2015-001"
    browser.get(url)
    few = queries(lambda: browser.get(url))
    niger = agreements["niger"]
    niger.partners.add(*[PartnerFactory() for _ in range(4)])
    niger.regions.set(regions("AFR", "ARB", "GLO"))
    for number in range(4):
        agreement(f"BDT-2015-001/A{number + 2}", amends=niger)
    assert queries(lambda: browser.get(url)) == few


# --- partners


@pytest.fixture
def directory() -> dict[str, Partner]:
    """The partner pages' records (tests/partnerships/test_partner_pages.py), an inactive partner and a contact."""
    friend = PartnerFactory(
        name="Fondation Numérique",
        kind="foundation",
        website="https://fondation.example",
        mandate_en="Digital skills for all.",
        mandate_fr="Des compétences numériques pour tous.",
        strategy_en="Schools first.",
    )
    friend.action_areas.set(areas("Digital inclusion"))
    friend.regions.set(regions("AFR"))
    friend.mechanisms.set(mechanisms("grant"))
    PartnerContact.objects.create(
        partner=friend, name="Aline Martin", position="Director", email="aline@fondation.example", phone="+33 1 00"
    )
    first = agreement(
        "F-2015-01",
        partners=[friend],
        signed_on=datetime.date(2015, 5, 1),
        value_usd="300000",
        region_codes=("AFR", "ARB"),
        area_names=("Digital inclusion",),
    )
    agreement("F-2015-01/A1", partners=[friend], signed_on=datetime.date(2016, 2, 1), value_usd="50000", amends=first)
    bank = PartnerFactory(name="Banque régionale", kind="development_bank")
    retired = PartnerFactory(name="Retired Fund", kind="foundation", is_active=False)
    return {"friend": friend, "bank": bank, "retired": retired}


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_everyone_lists_the_active_partners_by_name(client: Client, directory) -> None:
    response = client.get(PARTNERS)
    assert names(response) == ["Banque régionale", "Fondation Numérique"]
    friend = response.json()["items"][1]
    assert friend == {
        "id": directory["friend"].pk,
        "name": "Fondation Numérique",
        "kind": "foundation",
        "headquarters": None,
        "website": "https://fondation.example",
        "action_areas": [{"code": "digital-inclusion", "name": "Digital inclusion"}],
        "regions": [{"code": "AFR", "name": "Africa"}],
        "mechanisms": [{"code": "grant", "name": "Grant"}],
        "url": reverse("partnerships:partner_detail", args=[directory["friend"].pk]),
    }
    assert "Aline Martin" not in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "foundation"}, ["Fondation Numérique"]),
        ({"kind": "development_bank"}, ["Banque régionale"]),
        ({"q": "skills"}, ["Fondation Numérique"]),
        ({"q": "  banque "}, ["Banque régionale"]),
        ({"q": "retired"}, []),
    ],
)
def test_the_directory_filters_as_the_page_does(
    client: Client, directory, filters: dict[str, str], expected: list[str]
) -> None:
    assert names(client.get(PARTNERS, filters)) == expected
    page = client.get(reverse("partnerships:partner_list"), filters)
    assert [partner.name for partner in page.context["page"].object_list] == expected


@pytest.mark.parametrize(
    ("filters", "field"), [({"kind": "pirate"}, "kind"), ({"q": "x" * 101}, "q"), ({"limit": "0"}, "limit")]
)
def test_a_bad_directory_filter_is_a_422_naming_its_field(
    client: Client, directory, filters: dict[str, str], field: str
) -> None:
    response = client.get(PARTNERS, filters)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_the_directory_pages_from_a_cursor_and_reads_the_same_queries_as_it_grows(client: Client, directory) -> None:
    few = queries(lambda: client.get(PARTNERS))
    for number in range(12):
        partner = PartnerFactory(name=f"Partner {number:02}")
        partner.action_areas.set(areas("Cybersecurity", "Digital inclusion"))
        partner.regions.set(regions("AFR", "GLO"))
        partner.mechanisms.set(mechanisms("grant"))
    assert queries(lambda: client.get(PARTNERS)) == few
    expected = list(Partner.objects.filter(is_active=True).order_by("name").values_list("name", flat=True))
    assert [item["name"] for item in walk(client, PARTNERS, limit=5)] == expected


@pytest.mark.parametrize("who", ["anonymous", "member", "representative", "japan_focal_point"])
def test_a_profile_shows_the_track_record_but_no_contact_nor_agreement_to_the_public(
    request: pytest.FixtureRequest, directory, who: str
) -> None:
    browser = Client() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    response = browser.get(f"{PARTNERS}/{directory['friend'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["mandate"] == "Digital skills for all." and body["strategy"] == "Schools first."
    assert body["track_record"] == {
        "agreements": 1,
        "amendments": 1,
        "value_usd": "350000.00",
        "first_year": 2015,
        "last_year": 2016,
        "by_region": [{"name": "Africa", "share": 0.5}, {"name": "Arab States", "share": 0.5}],
        "by_action_area": [{"name": "Digital inclusion", "share": 1.0}],
    }
    assert body["contacts"] is None and body["agreements"] is None
    assert "Aline Martin" not in response.content.decode() and "F-2015-01" not in response.content.decode()


def test_a_profile_shows_contacts_and_agreements_to_the_secretariat(secretariat: User, directory) -> None:
    body = signed_in(secretariat).get(f"{PARTNERS}/{directory['friend'].pk}").json()
    assert body["contacts"] == [
        {"name": "Aline Martin", "position": "Director", "email": "aline@fondation.example", "phone": "+33 1 00"}
    ]
    assert body["agreements"] == [
        {
            "reference": "F-2015-01/A1",
            "title": "Agreement F-2015-01/A1",
            "signed_on": "2016-02-01",
            "amends": "F-2015-01",
        },
        {"reference": "F-2015-01", "title": "Agreement F-2015-01", "signed_on": "2015-05-01", "amends": None},
    ]


def test_a_profile_comes_in_the_language_of_the_request(client: Client, directory) -> None:
    body = client.get(f"{PARTNERS}/{directory['friend'].pk}", headers={"Accept-Language": "fr"}).json()
    assert body["mandate"] == "Des compétences numériques pour tous."
    assert body["strategy"] == "Schools first."  # not translated: English


def test_an_inactive_or_unknown_partner_is_not_found(client: Client, secretariat: User, directory) -> None:
    for browser in (client, signed_in(secretariat)):
        assert browser.get(f"{PARTNERS}/{directory['retired'].pk}").status_code == 404
        assert browser.get(f"{PARTNERS}/987654").status_code == 404
    assert client.get(f"{PARTNERS}/match", {"region": "AFR"}).status_code == 200  # the search, not a profile


def test_a_profile_names_the_headquarters_and_an_empty_track_record(client: Client, directory) -> None:
    Partner.objects.filter(pk=directory["bank"].pk).update(country=country("CIV"))
    body = client.get(f"{PARTNERS}/{directory['bank'].pk}").json()
    assert body["headquarters"] == {"alpha3": "CIV", "name": country("CIV").name}
    assert body["track_record"]["agreements"] == 0 and body["track_record"]["first_year"] is None
    assert body["track_record"]["by_region"] == []
