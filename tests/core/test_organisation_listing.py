"""An organisation recorded by its own people is listed publicly only once someone accountable vouched for it:
the secretariat, its country's focal point, or the approval of its application. Until then the public, search and
the API know nothing of it; its representative, the focal point and the secretariat see it with a notice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core import services
from ponte.core.models import Organisation, OrganisationCategory, User
from ponte.membership import services as membership
from ponte.search.models import Entry
from tests.conftest import signed_in, with_role_free
from tests.factories import country, group

pytestmark = pytest.mark.django_db

NAME = "Osaka Photonics Startup"


@pytest.fixture
def newcomer() -> User:
    return with_role_free()


@pytest.fixture
def recorded(newcomer: User, django_capture_on_commit_callbacks) -> Organisation:
    with django_capture_on_commit_callbacks(execute=True):
        return services.register_own_organisation(
            actor=newcomer, name=NAME, category=OrganisationCategory.SME, country=country("JPN"), employee_count=12
        )


def _in_search(organisation: Organisation) -> bool:
    return Entry.objects.filter(kind="organisation", object_id=organisation.pk).exists()


def _listed_names(client: Client, query: str = "") -> str:
    return client.get(reverse("core:organisation_list") + query).content.decode()


def test_the_public_knows_nothing_of_it_before_it_is_confirmed(client: Client, recorded: Organisation) -> None:
    assert not recorded.listed
    assert NAME not in _listed_names(client)
    assert client.get(recorded.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/organisations/{recorded.pk}").status_code == 404
    assert NAME not in client.get("/api/v1/organisations?q=Osaka").content.decode()
    assert not _in_search(recorded)
    other = signed_in(with_role_free())
    assert other.get(recorded.get_absolute_url()).status_code == 404
    assert other.post(reverse("core:organisation_confirm", args=[recorded.pk])).status_code == 403


def test_its_representative_sees_it_with_a_notice_but_cannot_confirm_it(newcomer: User, recorded: Organisation) -> None:
    browser = signed_in(newcomer)
    page = browser.get(recorded.get_absolute_url()).content.decode()
    assert "Not listed publicly yet" in page
    assert reverse("core:organisation_confirm", args=[recorded.pk]) not in page
    assert browser.post(reverse("core:organisation_confirm", args=[recorded.pk])).status_code == 403
    recorded.refresh_from_db()
    assert not recorded.listed


def test_the_focal_point_of_its_country_finds_it_and_confirms_it(
    client: Client, recorded: Organisation, japan_focal_point: User, egypt_focal_point: User
) -> None:
    focal_point = signed_in(japan_focal_point)
    assert NAME in _listed_names(focal_point, "?awaiting=1")
    assert NAME not in _listed_names(signed_in(egypt_focal_point), "?awaiting=1")
    assert NAME not in _listed_names(client, "?awaiting=1")  # the public gets the public list
    confirm = reverse("core:organisation_confirm", args=[recorded.pk])
    assert signed_in(egypt_focal_point).post(confirm).status_code == 403

    page = focal_point.get(recorded.get_absolute_url()).content.decode()
    assert reverse("core:organisation_confirm", args=[recorded.pk]) in page
    response = focal_point.post(reverse("core:organisation_confirm", args=[recorded.pk]), follow=True)

    assert "is confirmed and listed publicly" in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.listed
    assert recorded.history.latest().history_change_reason == "core.organisation.confirmed"
    assert recorded.history.latest().history_user == japan_focal_point
    assert NAME in _listed_names(client)
    assert client.get(recorded.get_absolute_url()).status_code == 200
    assert NAME not in _listed_names(focal_point, "?awaiting=1")


def test_the_secretariat_sees_every_organisation_awaiting_confirmation(
    recorded: Organisation, secretariat: User
) -> None:
    browser = signed_in(secretariat)
    assert NAME in _listed_names(browser, "?awaiting=1")
    assert "Not listed publicly yet" in browser.get(recorded.get_absolute_url()).content.decode()


def test_approving_its_application_lists_it(
    client: Client, newcomer: User, recorded: Organisation, japan_focal_point: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = membership.start_application(
            actor=newcomer,
            organisation=recorded,
            groups=[group("ITU-T", "SG16")],
            employee_count=12,
            annual_turnover=Decimal("300000.00"),
        )
        membership.submit_application(actor=newcomer, application=application)
        membership.approve_application(actor=japan_focal_point, application=application)

    recorded.refresh_from_db()
    assert recorded.listed
    assert recorded.history.filter(history_change_reason="core.organisation.approved").exists()
    assert NAME in _listed_names(client)
    assert _in_search(recorded)


def test_organisations_the_secretariat_or_a_focal_point_records_are_listed_at_once(
    client: Client, japan_focal_point: User
) -> None:
    organisation = services.create_organisation(
        actor=japan_focal_point, name="Nagoya Standards Lab", category=OrganisationCategory.ACADEMIA,
        country=country("JPN"),
    )  # fmt: skip
    assert organisation.listed
    assert "Nagoya Standards Lab" in _listed_names(client)
