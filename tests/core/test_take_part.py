"""An SME finds how to take part on the home page, records its organisation itself and applies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.core import services
from ponte.core.models import Affiliation, Organisation, Role, RoleKind, User
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import Application, ApplicationState, FeeSchedule
from tests.conftest import signed_in
from tests.factories import UserFactory, country, group

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer() -> User:
    user: User = UserFactory()
    return user


def test_home_page_shows_the_four_paths_with_where_to_start(client: Client) -> None:
    html = client.get("/en/").content.decode()

    for path in ("path-sme-programme", "path-delegation", "path-pay-as-you-go", "path-events"):
        assert f'id="{path}"' in html
    signup = reverse("account_signup") + "?next=" + reverse("core:organisation_register")
    assert signup in html
    assert reverse("core:take_part") in html


def test_home_page_gives_this_years_fees_only_when_the_secretariat_set_them(client: Client) -> None:
    assert "per meeting day" not in client.get("/en/").content.decode()

    FeeSchedule.objects.create(year=timezone.localdate().year, **DEMO_SCHEDULE)
    html = client.get("/en/").content.decode()

    assert "CHF 300 per meeting day" in html
    assert "CHF 3,975 a year" in html
    assert "fewer than 50 employees" in html


def test_home_page_counts_the_programme_live(client: Client, japanese_sme: Organisation) -> None:
    japanese_sme.groups.add(group("ITU-T", "SG16"))
    Application.objects.create(organisation=japanese_sme, state=ApplicationState.SUBMITTED, employee_count=40)

    numbers = client.get("/en/").context["numbers"]

    assert (numbers.smes, numbers.sme_countries, numbers.smes_waiting) == (1, 1, 1)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_take_part_page_explains_steps_and_questions(client: Client, language: str) -> None:
    response = client.get(f"/{language}/take-part/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<details>") >= 5
    assert reverse("core:organisation_register") in html


def test_anonymous_visitor_is_asked_to_sign_in_before_recording(client: Client) -> None:
    response = client.get(reverse("core:organisation_register"))

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_newcomer_records_their_sme_and_becomes_its_representative(newcomer: User) -> None:
    client = signed_in(newcomer)

    response = client.post(
        reverse("core:organisation_register"),
        {"name": " Osaka  Photonics ", "category": "sme", "country": "JP", "employee_count": "12", "position": "CTO"},
    )

    organisation = Organisation.objects.get(name="Osaka Photonics")
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:application_start", args=[organisation.pk])
    assert (organisation.category, organisation.country_id, organisation.employee_count) == ("sme", "JP", 12)
    assert Role.objects.filter(user=newcomer, kind=RoleKind.REPRESENTATIVE, organisation=organisation).exists()
    assert Affiliation.objects.get(organisation=organisation).person.user == newcomer
    assert organisation.history.get().history_change_reason == "core.organisation.self_registered"


def test_newcomer_then_applies_and_submits(newcomer: User) -> None:
    client = signed_in(newcomer)
    client.post(
        reverse("core:organisation_register"),
        {"name": "Osaka Photonics", "category": "sme", "country": "JP", "employee_count": "12"},
    )
    organisation = Organisation.objects.get(name="Osaka Photonics")

    client.post(
        reverse("membership:application_start", args=[organisation.pk]),
        {
            "kind": "participation",
            "employee_count": "12",
            "turnover_currency": "CHF",
            "groups": [group("ITU-T", "SG16").pk],
        },
    )
    application = Application.objects.get(organisation=organisation)
    client.post(reverse("membership:application_submit", args=[application.pk]))

    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_an_organisation_already_recorded_is_not_recorded_twice(newcomer: User, japanese_sme: Organisation) -> None:
    client = signed_in(newcomer)

    response = client.post(
        reverse("core:organisation_register"),
        {"name": japanese_sme.name.upper(), "category": "sme", "country": "JP", "employee_count": "5"},
    )

    assert response.status_code == 200
    assert "already recorded in this country" in response.content.decode()
    assert Organisation.objects.filter(name__iexact=japanese_sme.name).count() == 1
    assert not Role.objects.filter(user=newcomer).exists()


def test_only_the_offered_categories_may_be_recorded(newcomer: User) -> None:
    with pytest.raises(ValidationError):
        services.register_own_organisation(
            actor=newcomer, name="Friends of SMEs", category="sme_association", country=country("JPN")
        )

    response = signed_in(newcomer).post(
        reverse("core:organisation_register"),
        {"name": "Friends of SMEs", "category": "sme_association", "country": "JP", "employee_count": "5"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Friends of SMEs").exists()


def test_a_representative_cannot_record_a_second_organisation(representative: User) -> None:
    response = signed_in(representative).get(reverse("core:organisation_register"))

    assert response.status_code == 302
    assert response["Location"] == reverse("membership:my_programme")
    with pytest.raises(PermissionDenied):
        services.register_own_organisation(
            actor=representative, name="Second KK", category="sme", country=country("JPN"), employee_count=3
        )


def test_fees_come_from_the_schedule(client: Client) -> None:
    FeeSchedule.objects.create(year=timezone.localdate().year, **{**DEMO_SCHEDULE, "sme_fee": Decimal("1000.00")})

    assert "CHF 1,000 a year" in client.get("/en/take-part/").content.decode()
