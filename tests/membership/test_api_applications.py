"""Applications in the API: each reader lists and reads exactly the applications the pages show them (the
secretariat all, a focal point its country's, a representative its own, an endorsing association the ones it
vouched for), filtered by state, in pages from a cursor, with what the application's page shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation, RoleKind, User
from ponte.membership import services
from ponte.membership.models import Application, ApplicationDocument, NationalSmeDefinition
from ponte.tokens import services as tokens
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role
from tests.reads import queries as _queries

pytestmark = pytest.mark.django_db

LIST = "/api/v1/membership/applications"


def detail(application: Application) -> str:
    return f"{LIST}/{application.pk}"


def submitted_application(organisation: Organisation, **fields: Any) -> Application:
    """A draft by the organisation's representative, sent to its administration."""
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    draft = services.start_application(
        actor=representative,
        organisation=organisation,
        groups=fields.pop("groups", [group("ITU-T", "SG16")]),
        employee_count=fields.pop("employee_count", 40),
        **fields,
    )
    return services.submit_application(actor=representative, application=draft)


@pytest.fixture
def japanese_application(japanese_sme: Organisation) -> Application:
    return submitted_application(
        japanese_sme,
        groups=[group("ITU-T", "SG16"), group("ITU-D", "SG2")],
        annual_turnover=Decimal("1200000.50"),
    )


@pytest.fixture
def egyptian_application(egyptian_sme: Organisation) -> Application:
    return submitted_application(egyptian_sme)


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- who sees which applications


def test_the_anonymous_are_asked_to_sign_in(client: Client, japanese_application: Application) -> None:
    assert client.get(LIST).status_code == 401
    assert client.get(detail(japanese_application)).status_code == 401


def test_an_account_without_a_role_sees_no_application(
    member: User, japanese_application: Application, egyptian_application: Application
) -> None:
    browser = signed_in(member)
    assert _ids(browser.get(LIST)) == []
    assert browser.get(detail(japanese_application)).status_code == 404


def test_a_representative_sees_its_own_organisations_applications_only(
    representative: User, japanese_application: Application, egyptian_application: Application
) -> None:
    browser = signed_in(representative)
    assert _ids(browser.get(LIST)) == [japanese_application.pk]
    assert browser.get(detail(japanese_application)).status_code == 200
    response = browser.get(detail(egyptian_application))
    assert response.status_code == 404
    assert "Nile IoT" not in response.content.decode()


def test_a_focal_point_sees_its_own_countrys_applicants_only(
    japan_focal_point: User,
    egypt_focal_point: User,
    japanese_application: Application,
    egyptian_application: Application,
) -> None:
    japan, egypt = signed_in(japan_focal_point), signed_in(egypt_focal_point)
    assert _ids(japan.get(LIST)) == [japanese_application.pk]
    assert _ids(egypt.get(LIST)) == [egyptian_application.pk]
    assert japan.get(detail(japanese_application)).status_code == 200
    assert japan.get(detail(egyptian_application)).status_code == 404
    assert egypt.get(detail(japanese_application)).status_code == 404


def test_the_secretariat_sees_every_application_newest_first(
    secretariat: User, japanese_application: Application, egyptian_application: Application
) -> None:
    browser = signed_in(secretariat)
    assert _ids(browser.get(LIST)) == [egyptian_application.pk, japanese_application.pk]
    assert browser.get(detail(egyptian_application)).status_code == 200


def test_an_sme_association_reads_the_application_it_endorsed(
    japanese_application: Application, egyptian_application: Application
) -> None:
    association = OrganisationFactory(name="Japan SME Federation", category="sme_association")
    association_rep = with_role(RoleKind.REPRESENTATIVE, organisation=association)
    services.endorse_application(actor=association_rep, application=japanese_application, association=association)
    browser = signed_in(association_rep)

    shown = browser.get(detail(japanese_application))

    assert shown.status_code == 200
    assert [item["association"] for item in shown.json()["endorsements"]] == ["Japan SME Federation"]
    assert browser.get(detail(egyptian_application)).status_code == 404


@pytest.mark.parametrize(
    "reader", ["secretariat", "japan_focal_point", "egypt_focal_point", "representative", "member"]
)
def test_each_reader_lists_what_the_applications_page_lists(
    reader: str, request: Any, japanese_application: Application, egyptian_application: Application
) -> None:
    browser = signed_in(request.getfixturevalue(reader))
    page = browser.get(reverse("membership:application_list"))
    assert page.status_code == 200
    assert _ids(browser.get(LIST)) == [application.pk for application in page.context["page"].object_list]


def test_an_unknown_application_is_not_found(secretariat: User) -> None:
    assert signed_in(secretariat).get(f"{LIST}/987654").status_code == 404


def test_a_token_reads_its_organisations_applications_with_the_membership_scope(
    representative: User, japanese_sme: Organisation, japanese_application: Application
) -> None:
    def bearer(scopes: list[str]) -> dict[str, str]:
        new = tokens.create_token(
            organisation=japanese_sme, created_by=representative, name="ERP", scopes=scopes, expires_at=None
        )
        return {"Authorization": f"Bearer {new.plain}"}

    client = Client()
    assert _ids(client.get(LIST, headers=bearer(["membership:read"]))) == [japanese_application.pk]
    assert client.get(detail(japanese_application), headers=bearer(["core:read"])).status_code == 403


# --- what an application shows


def test_the_detail_shows_what_the_applications_page_shows(
    representative: User, japanese_application: Application, secretariat: User
) -> None:
    NationalSmeDefinition.objects.create(
        country=country("JPN"),
        max_employees=300,
        max_turnover=Decimal("1000000.00"),
        turnover_currency="CHF",
        legal_basis="SME Basic Act",
    )
    ApplicationDocument.objects.create(
        application=japanese_application,
        title="Company register extract",
        file="applications/register.pdf",
        size=2048,
        uploaded_by=representative,
    )
    ApplicationDocument.objects.create(
        application=japanese_application,
        title="Withdrawn scan",
        file="applications/old.pdf",
        size=10,
        uploaded_by=representative,
        is_withdrawn=True,
    )

    shown = signed_in(representative).get(detail(japanese_application)).json()

    assert shown["organisation"] == "Kyoto Sensors KK"
    assert shown["organisation_id"] == japanese_application.organisation_id
    assert shown["country"] == "JP"
    assert (shown["kind"], shown["state"]) == ("participation", "submitted")
    assert shown["state_label"] == "Submitted, awaiting national approval"
    assert sorted(shown["groups"]) == ["ITU-D SG2", "ITU-T SG16"]
    assert sorted(shown["sectors"]) == ["ITU-D", "ITU-T"]
    assert shown["employee_count"] == 40
    assert (shown["annual_turnover"], shown["turnover_currency"]) == ("1200000.50", "CHF")
    assert shown["submitted_at"] is not None and shown["decided_at"] is None
    assert shown["rejection_reason"] == ""
    assert shown["sme_check"] == {
        "country": "JP",
        "legal_basis": "SME Basic Act",
        "max_employees": 300,
        "max_turnover": "1000000.00",
        "turnover_currency": "CHF",
        "employees_within": True,
        "turnover_within": False,
        "qualifies": False,
    }
    assert [right["code"] for right in shown["rights"]] == ["attend_meetings", "submit_contributions"]
    assert [document["title"] for document in shown["documents"]] == ["Company register extract"]
    document = shown["documents"][0]
    assert document["size"] == 2048
    assert document["url"] == reverse("membership:document_download", args=[document["id"]])
    assert shown["url"] == japanese_application.get_absolute_url()
    assert shown["endorsements"] == []
    assert shown["history"] is None  # the history of changes is the secretariat's


def test_a_country_without_a_national_definition_has_no_check(
    representative: User, japanese_application: Application
) -> None:
    assert signed_in(representative).get(detail(japanese_application)).json()["sme_check"] is None


def test_the_applicant_reads_the_decision_and_the_reason_for_a_rejection(
    representative: User, japan_focal_point: User, japanese_application: Application
) -> None:
    services.reject_application(
        actor=japan_focal_point, application=japanese_application, reason="More than 300 employees."
    )

    shown = signed_in(representative).get(detail(japanese_application)).json()

    assert shown["state"] == "rejected"
    assert shown["rejection_reason"] == "More than 300 employees."
    assert shown["decided_at"] is not None


def test_the_secretariat_reads_the_history_of_states(
    secretariat: User, japan_focal_point: User, japanese_application: Application
) -> None:
    services.approve_application(actor=japan_focal_point, application=japanese_application)

    history = signed_in(secretariat).get(detail(japanese_application)).json()["history"]

    assert [(change["state"], change["reason"]) for change in history] == [
        ("draft", "membership.application.drafted"),
        ("submitted", "membership.application.submitted"),
        ("approved", "membership.application.approved"),
    ]
    assert history[-1]["by"] == str(japan_focal_point)
    assert signed_in(japan_focal_point).get(detail(japanese_application)).json()["history"] is None


def test_labels_come_in_the_language_of_the_request(representative: User, japanese_application: Application) -> None:
    english = signed_in(representative).get(detail(japanese_application)).json()
    french = signed_in(representative).get(detail(japanese_application), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert english["state"] == french["state"] == "submitted"
    assert english["state_label"] == "Submitted, awaiting national approval"
    assert french["state_label"] == "Soumise, en attente d'approbation nationale"


# --- filters and pages


def test_the_state_filter_is_the_pages(secretariat: User, japan_focal_point: User, japanese_sme: Organisation) -> None:
    decided = submitted_application(japanese_sme)
    services.approve_application(actor=japan_focal_point, application=decided)
    waiting = submitted_application(OrganisationFactory(name="Osaka Optics KK"))
    browser = signed_in(secretariat)

    assert _ids(browser.get(LIST, {"state": "submitted"})) == [waiting.pk]
    assert _ids(browser.get(LIST, {"state": "approved"})) == [decided.pk]
    assert _ids(browser.get(LIST, {"state": "draft"})) == []
    assert _ids(browser.get(LIST)) == [waiting.pk, decided.pk]


def test_an_unknown_state_is_refused_at_the_field(secretariat: User) -> None:
    response = signed_in(secretariat).get(LIST, {"state": "bogus"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "state"]


def test_following_next_reads_every_application_once_with_the_filter_kept(secretariat: User) -> None:
    made = [submitted_application(OrganisationFactory(name=f"SME {index}")) for index in range(5)]
    still_drafting = OrganisationFactory(name="Draft Only KK")
    services.start_application(
        actor=with_role(RoleKind.REPRESENTATIVE, organisation=still_drafting),
        organisation=still_drafting,
        groups=[group("ITU-T", "SG16")],
        employee_count=12,
    )
    browser = signed_in(secretariat)
    walked: list[int] = []
    response = browser.get(LIST, {"state": "submitted", "limit": "2"})
    while True:
        walked += _ids(response)
        following = response.json()["next"]
        if following is None:
            break
        assert "state=submitted" in following
        response = browser.get(following)
    assert walked == [application.pk for application in reversed(made)]


def test_a_page_of_more_than_100_is_refused(secretariat: User) -> None:
    response = signed_in(secretariat).get(LIST, {"limit": 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


# --- planned reads


@pytest.mark.parametrize("reader", ["secretariat", "egypt_focal_point"])
def test_the_list_reads_the_same_queries_as_applications_grow(reader: str, request: Any) -> None:
    browser = signed_in(request.getfixturevalue(reader))

    def more(count: int) -> None:
        for _ in range(count):
            organisation = OrganisationFactory(country=country("EGY"))
            submitted_application(organisation, groups=[group("ITU-T", "SG16"), group("ITU-D", "SG2")])

    more(1)
    few = _queries(lambda: browser.get(LIST))
    more(6)
    assert _queries(lambda: browser.get(LIST)) == few
    assert len(_ids(browser.get(LIST))) == 7


def test_the_detail_reads_the_same_queries_as_its_records_grow(
    secretariat: User, representative: User, japanese_application: Application
) -> None:
    browser = signed_in(secretariat)

    def more(index: int) -> None:
        association = OrganisationFactory(name=f"Association {index}", category="sme_association")
        services.endorse_application(
            actor=with_role(RoleKind.REPRESENTATIVE, organisation=association),
            application=japanese_application,
            association=association,
        )
        ApplicationDocument.objects.create(
            application=japanese_application,
            title=f"Annex {index}",
            file=f"applications/annex-{index}.pdf",
            size=10,
            uploaded_by=representative,
        )

    more(0)
    few = _queries(lambda: browser.get(detail(japanese_application)))
    for index in range(1, 5):
        more(index)
    japanese_application.groups.add(group("ITU-T", "SG17"))
    assert _queries(lambda: browser.get(detail(japanese_application))) == few
    shown = browser.get(detail(japanese_application)).json()
    assert len(shown["endorsements"]) == len(shown["documents"]) == 5
