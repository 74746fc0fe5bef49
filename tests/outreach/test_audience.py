"""Who receives a campaign: targeting by country, region, sector, group and category; preferences honoured."""

from __future__ import annotations

import datetime

import pytest

from ponte.core.models import EmailPreference, Organisation, OrganisationCategory, Person, User
from ponte.outreach.selectors import audience
from ponte.outreach.services import Targeting
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory, country, group
from tests.outreach.conftest import draft

pytestmark = pytest.mark.django_db


def account(*, lives_in: str = "JPN", works_for: Organisation | None = None, ended: bool = False) -> User:
    """An account whose person lives in ``lives_in`` and, if given, works for ``works_for``."""
    user: User = UserFactory()
    person = PersonFactory(user=user, email=user.email, country=country(lives_in))
    if works_for is not None:
        AffiliationFactory(person=person, organisation=works_for, ended_on=datetime.date(2020, 1, 1) if ended else None)
    return user


def receivers(secretariat: User, **targeting: object) -> set[User]:
    campaign = draft(secretariat, targeting=Targeting.of(**targeting))  # type: ignore[arg-type]
    return set(audience(campaign))


def test_an_untargeted_campaign_reaches_every_active_account_with_an_email(secretariat: User) -> None:
    japanese, egyptian = account(lives_in="JPN"), account(lives_in="EGY")
    no_email = account()
    no_email.email = ""
    no_email.save()
    inactive = account()
    inactive.is_active = False
    inactive.save()
    found = receivers(secretariat)
    assert {japanese, egyptian} <= found
    assert no_email not in found and inactive not in found


def test_country_matches_the_person_or_a_current_employer(secretariat: User) -> None:
    lives_in_egypt = account(lives_in="EGY")
    works_in_egypt = account(lives_in="FRA", works_for=OrganisationFactory(country=country("EGY")))
    worked_in_egypt = account(lives_in="FRA", works_for=OrganisationFactory(country=country("EGY")), ended=True)
    japanese = account(lives_in="JPN")
    found = receivers(secretariat, countries=[country("EGY")])
    assert found == {lives_in_egypt, works_in_egypt}
    assert worked_in_egypt not in found and japanese not in found


def test_values_of_one_criterion_combine_with_or(secretariat: User) -> None:
    egyptian, japanese, french = account(lives_in="EGY"), account(lives_in="JPN"), account(lives_in="FRA")
    found = receivers(secretariat, countries=[country("EGY"), country("JPN")])
    assert egyptian in found and japanese in found and french not in found


def test_region_is_the_itu_d_region_of_the_country(secretariat: User) -> None:
    egyptian, japanese = account(lives_in="EGY"), account(lives_in="JPN")
    assert country("EGY").region == "ARB"
    found = receivers(secretariat, regions=["ARB"])
    assert egyptian in found and japanese not in found


def test_sector_and_group_come_from_the_organisation_groups(secretariat: User) -> None:
    sg16 = OrganisationFactory()
    sg16.groups.set([group("ITU-T", "SG16")])
    sg1_d = OrganisationFactory()
    sg1_d.groups.set([group("ITU-D", "SG1")])
    in_sg16, in_sg1_d, nowhere = account(works_for=sg16), account(works_for=sg1_d), account()
    t_sector = receivers(secretariat, sectors=[group("ITU-T", "SG16").sector])
    assert in_sg16 in t_sector and in_sg1_d not in t_sector and nowhere not in t_sector
    by_group = receivers(secretariat, groups=[group("ITU-D", "SG1")])
    assert by_group == {in_sg1_d}


def test_category_matches_employers_and_represented_organisations(
    secretariat: User, representative: User, japanese_sme: Organisation
) -> None:
    at_sme = account(works_for=OrganisationFactory(category=OrganisationCategory.SME))
    at_academia = account(works_for=OrganisationFactory(category=OrganisationCategory.ACADEMIA))
    found = receivers(secretariat, categories=[OrganisationCategory.SME])
    assert at_sme in found and representative in found and at_academia not in found


def test_criteria_of_different_kinds_combine_with_and(secretariat: User) -> None:
    egyptian_sme = OrganisationFactory(country=country("EGY"), category=OrganisationCategory.SME)
    japanese_sme = OrganisationFactory(country=country("JPN"), category=OrganisationCategory.SME)
    egyptian_academia = OrganisationFactory(country=country("EGY"), category=OrganisationCategory.ACADEMIA)
    wanted = account(lives_in="EGY", works_for=egyptian_sme)
    wrong_country = account(lives_in="JPN", works_for=japanese_sme)
    wrong_category = account(lives_in="EGY", works_for=egyptian_academia)
    found = receivers(secretariat, countries=[country("EGY")], categories=[OrganisationCategory.SME])
    assert wanted in found
    assert wrong_country not in found and wrong_category not in found


def test_an_account_that_turned_news_off_is_left_out(secretariat: User) -> None:
    keen, tired = account(), account()
    EmailPreference.objects.create(user=tired, news=False)
    EmailPreference.objects.create(user=keen, news=True, matches=False)
    found = receivers(secretariat)
    assert keen in found and tired not in found


def test_each_account_is_counted_once_however_many_matches(secretariat: User) -> None:
    first, second = OrganisationFactory(country=country("EGY")), OrganisationFactory(country=country("EGY"))
    user = account(lives_in="EGY", works_for=first)
    AffiliationFactory(person=Person.objects.get(user=user), organisation=second)
    campaign = draft(secretariat, targeting=Targeting.of(countries=[country("EGY")]))
    assert list(audience(campaign)).count(user) == 1
