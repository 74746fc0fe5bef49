"""Leadership: who may chair, vice-chair, report or mentor (the rights rule), terms, and the regional balance."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.core.models import Affiliation, Group, Organisation, Person, User
from ponte.meetings.models import LeadershipPost
from ponte.meetings.selectors import leadership as selectors
from ponte.meetings.services import leadership as services
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, PersonFactory, country, group

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _in_may_2026() -> Any:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def sg16() -> Group:
    return group("ITU-T", "SG16")


@pytest.fixture
def deutsche_telekom() -> Organisation:
    return OrganisationFactory(name="Deutsche Telekom", category="sector_member", country=country("DEU"))


@pytest.fixture
def kyoto_sensors() -> Organisation:
    return OrganisationFactory(name="Kyoto Sensors KK", category="sme", country=country("JPN"))


def _employee(organisation: Organisation, nationality: str = "JPN", **person: Any) -> Person:
    someone: Person = PersonFactory(country=country(nationality), **person)
    Affiliation.objects.create(person=someone, organisation=organisation, started_on=datetime.date(2020, 1, 1))
    return someone


def _appoint(actor: User, group: Group, organisation: Organisation, role: str, **options: Any) -> LeadershipPost:
    person = options.pop("person", None) or _employee(organisation)
    return services.appoint(
        actor=actor,
        group=group,
        person=person,
        organisation=organisation,
        role=role,
        starts_on=options.pop("starts_on", datetime.date(2026, 1, 1)),
        **options,
    )


# --- Who may hold a post ------------------------------------------------------------------


def test_an_smes_employee_cannot_be_appointed_vice_chair_and_is_told_why(secretariat, sg16, kyoto_sensors) -> None:
    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, kyoto_sensors, "vice_chair", region="ASP")

    [reason] = refused.value.error_dict["organisation"]
    assert reason.code == "no_right_hold_leadership"
    assert "Kyoto Sensors KK" in reason.messages[0]
    assert "may not: Hold leadership posts" in reason.messages[0]
    assert not LeadershipPost.objects.exists()


def test_a_sector_members_employee_is_appointed_vice_chair_for_a_region(secretariat, sg16, deutsche_telekom) -> None:
    post = _appoint(
        secretariat, sg16, deutsche_telekom, "vice_chair", region="EUR", regional_duties="Liaise with CEPT."
    )

    assert (post.role, post.region, post.regional_duties) == ("vice_chair", "EUR", "Liaise with CEPT.")
    record = post.history.get()
    assert (record.history_change_reason, record.history_user) == ("meetings.leadership.appointed", secretariat)


def test_an_smes_expert_may_mentor_newcomers(secretariat, sg16, kyoto_sensors) -> None:
    post = _appoint(secretariat, sg16, kyoto_sensors, "mentor")

    assert post.role == "mentor"
    assert list(selectors.current_leadership(group=sg16)) == [post]


def test_an_archived_organisation_provides_no_leader(secretariat, sg16, deutsche_telekom) -> None:
    person = _employee(deutsche_telekom)
    deutsche_telekom.is_active = False
    deutsche_telekom.save()

    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, deutsche_telekom, "chair", person=person)
    assert refused.value.error_dict["organisation"][0].code == "no_right_hold_leadership"


def test_the_person_must_work_for_the_organisation(secretariat, sg16, deutsche_telekom) -> None:
    stranger = PersonFactory()

    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, deutsche_telekom, "chair", person=stranger)
    assert refused.value.error_dict["person"][0].code == "not_affiliated"


def test_a_vice_chair_must_say_which_region_they_represent(secretariat, sg16, deutsche_telekom) -> None:
    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, deutsche_telekom, "vice_chair")

    assert "region" in refused.value.error_dict
    assert not LeadershipPost.objects.exists()


def test_only_a_vice_chair_represents_a_region(secretariat, sg16, deutsche_telekom) -> None:
    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, deutsche_telekom, "chair", region="EUR")
    assert refused.value.error_dict["region"][0].code == "region_not_vice_chair"


def test_a_rapporteur_leads_a_question(secretariat, sg16, deutsche_telekom) -> None:
    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, deutsche_telekom, "rapporteur")
    assert refused.value.error_dict["question"][0].code == "question"

    post = _appoint(secretariat, sg16, deutsche_telekom, "rapporteur", question="Q5/16")
    assert post.question == "Q5/16"


def test_a_group_has_one_chair_at_a_time(secretariat, sg16, deutsche_telekom) -> None:
    chair = _appoint(secretariat, sg16, deutsche_telekom, "chair", starts_on=datetime.date(2025, 1, 1))
    other = OrganisationFactory(category="administration", country=country("KEN"))

    with pytest.raises(ValidationError) as refused:
        _appoint(secretariat, sg16, other, "chair", starts_on=datetime.date(2026, 6, 1))
    assert refused.value.error_dict["starts_on"][0].code == "one_chair"

    services.end_term(actor=secretariat, post=chair, ends_on=datetime.date(2026, 5, 31))
    successor = _appoint(secretariat, sg16, other, "chair", starts_on=datetime.date(2026, 6, 1))
    # Another group's chair is another matter.
    _appoint(secretariat, group("ITU-T", "SG20"), other, "chair", starts_on=datetime.date(2026, 6, 1))
    assert successor.pk is not None


def test_only_the_secretariat_appoints_and_ends_terms(
    secretariat, representative, member, sg16, deutsche_telekom
) -> None:
    post = _appoint(secretariat, sg16, deutsche_telekom, "chair")
    for someone in (representative, member):
        with pytest.raises(PermissionDenied):
            _appoint(someone, sg16, deutsche_telekom, "mentor")
        with pytest.raises(PermissionDenied):
            services.end_term(actor=someone, post=post, ends_on=TODAY)


# --- Terms --------------------------------------------------------------------------------


def test_ending_a_term_takes_the_post_out_of_the_current_leadership(secretariat, sg16, deutsche_telekom) -> None:
    post = _appoint(secretariat, sg16, deutsche_telekom, "chair", starts_on=datetime.date(2024, 1, 1))

    services.end_term(actor=secretariat, post=post, ends_on=datetime.date(2026, 5, 3))

    post.refresh_from_db()
    assert post.ends_on == datetime.date(2026, 5, 3)
    assert post.history.first().history_change_reason == "meetings.leadership.term_ended"
    assert not selectors.current_leadership(group=sg16).exists()
    assert selectors.current_leadership(group=sg16, on=datetime.date(2026, 5, 3)).get() == post
    with pytest.raises(ValidationError) as again:
        services.end_term(actor=secretariat, post=post, ends_on=datetime.date(2026, 5, 10))
    assert again.value.code == "already_ended"


def test_a_term_cannot_end_before_it_starts_nor_be_extended(secretariat, sg16, deutsche_telekom) -> None:
    post = _appoint(
        secretariat,
        sg16,
        deutsche_telekom,
        "chair",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as too_early:
        services.end_term(actor=secretariat, post=post, ends_on=datetime.date(2025, 12, 31))
    assert "ends_on" in too_early.value.error_dict
    with pytest.raises(ValidationError) as longer:
        services.end_term(actor=secretariat, post=post, ends_on=datetime.date(2027, 6, 30))
    assert longer.value.error_dict["ends_on"][0].code == "not_extension"
    post.refresh_from_db()
    assert post.ends_on == datetime.date(2026, 12, 31)


# --- Regional balance ---------------------------------------------------------------------


def _post(group: Group, organisation: Organisation, role: str, nationality: str, **fields: Any) -> LeadershipPost:
    """A post recorded as it stands (the service's rules are tested above)."""
    return LeadershipPost.objects.create(
        group=group,
        person=PersonFactory(country=country(nationality)),
        organisation=organisation,
        role=role,
        starts_on=fields.pop("starts_on", datetime.date(2025, 1, 1)),
        **fields,
    )


@pytest.fixture
def known_leadership(deutsche_telekom, kyoto_sensors) -> dict[str, Group]:
    """SG16: a German chair (EUR), a Kenyan vice-chair of a German member representing Africa (AFR, developing),
    a rapporteur of a Kenyan university (AFR, developing), a Japanese mentor (ASP), a former chair (not counted).
    SG20: an Egyptian vice-chair (ARB, developing); its regional group for Africa: a mentor of the ITU (no region).
    """
    sg16, sg20, sg20_africa = group("ITU-T", "SG16"), group("ITU-T", "SG20"), group("ITU-T", "SG20RG-AFR")
    nairobi = OrganisationFactory(name="University of Nairobi", category="academia", country=country("KEN"))
    egypt = OrganisationFactory(name="NTRA", category="administration", country=country("EGY"))
    agency = OrganisationFactory(name="Agency", category="international_organisation", country=None)
    _post(sg16, deutsche_telekom, "chair", "DEU")
    _post(sg16, deutsche_telekom, "vice_chair", "KEN", region="AFR", regional_duties="Africa")
    _post(sg16, nairobi, "rapporteur", "KEN", question="Q5/16")
    _post(sg16, kyoto_sensors, "mentor", "JPN")
    _post(
        sg16, deutsche_telekom, "chair", "DEU", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )
    _post(sg20, egypt, "vice_chair", "EGY", region="ARB")
    _post(sg20_africa, agency, "mentor", "CHE")
    return {"sg16": sg16, "sg20": sg20, "sg20_africa": sg20_africa}


def _counts(balance: selectors.RegionalBalance) -> dict[str, int]:
    return {row.region: row.posts for row in balance.by_region if row.posts}


def test_regional_balance_counts_current_posts_per_region_and_from_developing_countries(known_leadership) -> None:
    balances = {balance.group.code: balance for balance in selectors.regional_balance() if balance.group}

    assert set(balances) == {"SG16", "SG20", "SG20RG-AFR"}
    sg16 = balances["SG16"]
    assert _counts(sg16) == {"AFR": 2, "EUR": 1, "ASP": 1}
    assert (sg16.posts, sg16.without_region, sg16.from_developing, sg16.developing_share) == (4, 0, 2, 50.0)
    assert (_counts(balances["SG20"]), balances["SG20"].from_developing) == ({"ARB": 1}, 1)
    assert (balances["SG20RG-AFR"].without_region, balances["SG20RG-AFR"].posts) == (1, 1)

    total = selectors.combined(list(balances.values()))
    assert (_counts(total), total.without_region, total.posts, total.from_developing) == (
        {"AFR": 2, "ARB": 1, "ASP": 1, "EUR": 1},
        1,
        6,
        3,
    )


def test_a_study_groups_page_counts_its_regional_groups(known_leadership) -> None:
    balances = selectors.regional_balance(within=known_leadership["sg20"])

    assert [balance.group.code for balance in balances if balance.group] == ["SG20", "SG20RG-AFR"]
    posts = selectors.current_leadership(group=known_leadership["sg20"])
    assert [(post.group.code, post.role) for post in posts] == [("SG20", "vice_chair"), ("SG20RG-AFR", "mentor")]


def test_the_overview_reads_in_constant_queries(known_leadership, deutsche_telekom) -> None:
    client = Client()
    url = reverse("meetings:leadership_overview")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for code in ("SG5", "SG11", "SG12", "SG13", "SG17"):
        _post(group("ITU-T", code), deutsche_telekom, "vice_chair", "DEU", region="EUR")
        _post(group("ITU-T", code), deutsche_telekom, "mentor", "KEN")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert response.content.decode().count("<tr>") > 8


def test_the_balance_itself_is_two_queries(known_leadership, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        selectors.regional_balance()


# --- Pages --------------------------------------------------------------------------------


def test_pages_are_public_and_never_show_an_email(known_leadership) -> None:
    client = Client()
    emails = list(Person.objects.values_list("email", flat=True))
    for url in (
        reverse("meetings:leadership_overview"),
        reverse("meetings:leadership_group", kwargs={"sector": "ITU-T", "code": "SG16"}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert not any(email in page for email in emails)
    group_page = client.get(reverse("meetings:leadership_group", kwargs={"sector": "ITU-T", "code": "SG16"}))
    assert "Q5/16" in group_page.content.decode()
    assert "Appoint to a post" not in group_page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("member", 403), ("representative", 403), ("secretariat", 200)]
)
def test_only_the_secretariat_opens_the_appointment_form(request, who: str, status: int) -> None:
    client = Client() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    url = reverse("meetings:leadership_appoint", kwargs={"sector": "ITU-T", "code": "SG16"})

    assert client.get(url).status_code == status


def _form(person: Person, organisation: Organisation, **fields: str) -> dict[str, Any]:
    return {
        "person_email": person.email,
        "organisation": organisation.pk,
        "role": "vice_chair",
        "region": "EUR",
        "regional_duties": "",
        "question": "",
        "starts_on": "2026-06-01",
        "ends_on": "",
        **fields,
    }


def test_secretariat_appoints_through_the_form(secretariat, deutsche_telekom) -> None:
    person = _employee(deutsche_telekom, "DEU")
    url = reverse("meetings:leadership_appoint", kwargs={"sector": "ITU-T", "code": "SG16"})

    response = signed_in(secretariat).post(url, _form(person, deutsche_telekom))

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:leadership_group", kwargs={"sector": "ITU-T", "code": "SG16"})
    post = LeadershipPost.objects.get()
    assert (post.person, post.organisation, post.region) == (person, deutsche_telekom, "EUR")


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"starts_on": "not a date"}, "starts_on", "valid date"),
        ({"region": ""}, "region", "region"),
        ({"role": "rapporteur", "region": ""}, "question", "Question"),
        ({"person_email": "nobody@example.org"}, "person_email", "Nobody"),
        ({"ends_on": "2026-01-01"}, "ends_on", "cannot end before"),
        ({"sme": "yes"}, "organisation", "may not"),
    ],
)
def test_bad_appointment_input_is_answered_400_with_field_errors_and_nothing_saved(
    secretariat, deutsche_telekom, kyoto_sensors, fields: dict[str, str], field: str, words: str
) -> None:
    organisation = kyoto_sensors if fields.pop("sme", "") else deutsche_telekom
    person = _employee(organisation, "DEU")
    url = reverse("meetings:leadership_appoint", kwargs={"sector": "ITU-T", "code": "SG16"})

    response = signed_in(secretariat).post(url, _form(person, organisation, **fields))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert "Please correct the errors below." in response.content.decode()
    assert not LeadershipPost.objects.exists()


def test_secretariat_ends_a_term_from_the_group_page(secretariat, representative, sg16, deutsche_telekom) -> None:
    post = _appoint(secretariat, sg16, deutsche_telekom, "chair")
    url = reverse("meetings:leadership_end_term", kwargs={"pk": post.pk})

    assert signed_in(representative).post(url, {"ends_on": "2026-05-04"}).status_code == 403
    page = signed_in(secretariat).get(reverse("meetings:leadership_group", kwargs={"sector": "ITU-T", "code": "SG16"}))
    assert url in page.content.decode()
    response = signed_in(secretariat).post(url, {"ends_on": "2026-05-04"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.ends_on == TODAY
