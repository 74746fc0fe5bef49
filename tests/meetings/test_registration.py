"""Registering for meetings: as what the rights decide, pay-as-you-go pending until paid, seats, deadline, emails."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from ponte.core.models import Affiliation, Organisation, Person, RoleKind, Sector, User
from ponte.core.services import ensure_person_for_user
from ponte.meetings import services
from ponte.meetings.models import Meeting, Registration, RegistrationState
from ponte.membership import services as billing
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import FeeSchedule, InvoiceState, Membership
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_may_2026():
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def schedule(db) -> FeeSchedule:
    return FeeSchedule.objects.create(year=2026, **DEMO_SCHEDULE)


@pytest.fixture
def meeting() -> Meeting:
    return Meeting.objects.create(
        code="T25-SG16-260615",
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        title_fr="Réunion de la CE 16 de l'UIT-T",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19),
        country=country("CHE"),
        city="Geneva",
        is_hybrid=True,
        registration_deadline=datetime.date(2026, 6, 1),
        capacity=2,
        interpretation_languages=["ar", "fr"],
    )


def _representative_of(organisation: Organisation) -> tuple[User, Person]:
    user = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    return user, ensure_person_for_user(user=user)


def _register(user: User, person: Person, meeting: Meeting, organisation: Organisation, **options) -> Registration:
    return services.register(
        actor=user,
        meeting=meeting,
        person=person,
        organisation=organisation,
        mode=options.pop("mode", "in_person"),
        **options,
    )


def test_a_member_registers_free_and_gets_a_calendar_invitation(meeting, django_capture_on_commit_callbacks) -> None:
    member = OrganisationFactory(category="sector_member", country=country("DEU"))
    Membership.objects.create(
        organisation=member, sector=Sector.objects.get(code="ITU-T"), category="sector_member", start_year=2020
    )
    user, person = _representative_of(member)
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(user, person, meeting, member, interpretation_language="fr")
    assert (registration.basis, registration.state, registration.invoice) == ("member", "confirmed", None)
    [message] = mail.outbox
    assert message.subject == "Registration confirmed: T25-SG16-260615"
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("T25-SG16-260615.ics", "text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event["uid"] == "T25-SG16-260615@ponte.example"
    assert event.decoded("dtstart") == datetime.date(2026, 6, 15)
    assert event.decoded("dtend") == datetime.date(2026, 6, 20)  # all-day: the day after the last
    assert "Geneva" in str(event["location"])


def test_an_approved_sme_of_the_programme_takes_part_free(meeting, japan_focal_point) -> None:
    from ponte.membership import services as membership

    sme = OrganisationFactory(category="sme", country=country("JPN"), employee_count=20)
    user, person = _representative_of(sme)
    application = membership.start_application(
        actor=user, organisation=sme, groups=[group("ITU-T", "SG16")], employee_count=20
    )
    membership.submit_application(actor=user, application=application)
    membership.approve_application(actor=japan_focal_point, application=application)
    registration = _register(user, person, meeting, sme, mode="remote")
    assert (registration.basis, registration.state) == ("sme_programme", "confirmed")


def test_pay_as_you_go_is_invoiced_and_pending_until_paid(meeting, secretariat) -> None:
    outsider = OrganisationFactory(category="sme", country=country("BRA"))
    user, person = _representative_of(outsider)
    registration = _register(user, person, meeting, outsider, mode="remote")
    assert (registration.basis, registration.state) == ("pay_as_you_go", "pending_payment")
    invoice = registration.invoice
    assert invoice is not None and invoice.total == Decimal("1500.00")  # 5 days x 300
    billing.record_payment(
        actor=secretariat, invoice=invoice, amount=Decimal("1500.00"), received_on=datetime.date(2026, 5, 4)
    )
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CONFIRMED
    assert registration.history.first().history_change_reason == "meetings.registration.confirmed"


def test_partners_may_not_register_and_are_told_why(meeting) -> None:
    bank = OrganisationFactory(category="development_bank", country=country("CIV"))
    user, person = _representative_of(bank)
    with pytest.raises(ValidationError, match="may not: Attend the meetings"):
        _register(user, person, meeting, bank)
    assert not Registration.objects.exists()


def test_the_room_fills_up_and_then_only_remote_places_remain(meeting) -> None:
    people = []
    for _ in range(3):
        organisation = OrganisationFactory(category="administration", country=country("FRA"))
        people.append((*_representative_of(organisation), organisation))
    for user, person, organisation in people[:2]:
        _register(user, person, meeting, organisation)
    user, person, organisation = people[2]
    with pytest.raises(ValidationError) as full:
        _register(user, person, meeting, organisation)
    assert "The room is full. You may still take part remotely." in full.value.message_dict["mode"]
    assert _register(user, person, meeting, organisation, mode="remote").state == "confirmed"


def test_cancelling_frees_the_seat_and_withdraws_an_unpaid_invoice(meeting) -> None:
    outsider = OrganisationFactory(category="academia", country=country("USA"))
    user, person = _representative_of(outsider)
    registration = _register(user, person, meeting, outsider)
    services.cancel_registration(actor=user, registration=registration)
    registration.refresh_from_db()
    assert registration.state == "cancelled"
    assert registration.invoice is not None and registration.invoice.state == InvoiceState.CANCELLED
    again = _register(user, person, meeting, outsider)  # the person may register again, and the seat is free
    assert again.state == "pending_payment"


def test_registration_closes_at_the_deadline(meeting) -> None:
    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, person = _representative_of(organisation)
    closed = time_machine.travel(datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    with closed, pytest.raises(ValidationError, match="closed"):
        _register(user, person, meeting, organisation)


def test_interpretation_only_in_offered_languages_and_requests_are_summed(meeting, secretariat) -> None:
    organisation = OrganisationFactory(category="administration", country=country("EGY"))
    user, person = _representative_of(organisation)
    with pytest.raises(ValidationError) as refused:
        _register(user, person, meeting, organisation, interpretation_language="ru")
    assert "interpretation_language" in refused.value.message_dict
    _register(user, person, meeting, organisation, interpretation_language="ar", mode="remote")
    page = signed_in(secretariat).get(reverse("meetings:meeting_detail", args=[meeting.code]))
    figures = {row.language: (row.offered, row.requested) for row in page.context["figures"]}
    assert figures == {"ar": (True, 1), "fr": (True, 0)}
    assert "interpretation is provided in a language when participants ask for it" in page.content.decode()


def test_a_focal_point_registers_sme_staff_in_the_national_delegation(meeting, japan_focal_point, japanese_sme) -> None:
    _sme_user, sme_person = _representative_of(japanese_sme)
    registration = services.register(
        actor=japan_focal_point, meeting=meeting, person=sme_person, delegation=country("JPN"), mode="in_person"
    )
    assert (registration.basis, registration.state, registration.invoice) == ("delegation", "confirmed", None)
    with pytest.raises(PermissionDenied):
        services.register(
            actor=japan_focal_point, meeting=meeting, person=sme_person, delegation=country("EGY"), mode="remote"
        )


def test_a_representative_registers_only_its_own_people(meeting) -> None:
    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, _person = _representative_of(organisation)
    stranger = Person.objects.create(given_name="Ana", family_name="Silva", email="ana@example.org")
    with pytest.raises(ValidationError, match="is not recorded as working for"):
        _register(user, stranger, meeting, organisation)
    Affiliation.objects.create(person=stranger, organisation=organisation)
    assert _register(user, stranger, meeting, organisation).state == "confirmed"
    other = OrganisationFactory(category="administration", country=country("DEU"))
    with pytest.raises(PermissionDenied):
        _register(user, stranger, meeting, other)


def test_the_page_registers_and_shows_errors_at_the_field(meeting) -> None:
    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, _person = _representative_of(organisation)
    client = signed_in(user)
    url = reverse("meetings:register", args=[meeting.code])
    refused = client.post(url, {"on_behalf": f"org:{organisation.pk}", "mode": "by pigeon"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    unknown = client.post(
        url, {"on_behalf": f"org:{organisation.pk}", "mode": "remote", "participant_email": "x@y.org"}
    )
    assert "Nobody with this email has a Ponte account yet" in unknown.content.decode()
    assert not Registration.objects.exists()
    done = client.post(url, {"on_behalf": f"org:{organisation.pk}", "mode": "remote", "interpretation_language": "fr"})
    assert done.status_code == 302
    mine = client.get(reverse("meetings:my_meetings"))
    assert meeting.title in mine.content.decode()


def test_only_those_concerned_may_cancel(meeting, member) -> None:
    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, person = _representative_of(organisation)
    registration = _register(user, person, meeting, organisation)
    response = signed_in(member).post(reverse("meetings:registration_cancel", args=[registration.pk]))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.state == "confirmed"


def test_people_without_a_role_cannot_register(meeting, member) -> None:
    client = signed_in(member)
    assert client.post(reverse("meetings:register", args=[meeting.code]), {"mode": "remote"}).status_code == 403
    assert (
        "Register" not in client.get(reverse("meetings:meeting_detail", args=[meeting.code])).context["meeting"].title
    )


def test_public_list_and_group_calendar(client, meeting) -> None:
    virtual = Meeting.objects.create(
        code="T25-SG20-E1",
        group=group("ITU-T", "SG20"),
        title_en="SG20 e-meeting",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 7, 1),
        is_virtual=True,
        is_hybrid=False,
    )
    page = client.get(reverse("meetings:meeting_list"))
    assert page.status_code == 200 and "ITU-T SG16 meeting" in page.content.decode()
    assert [m.code for m in page.context["page"].object_list] == [meeting.code, virtual.code]
    french = client.get("/fr/meetings/?group=SG16")
    assert "Réunion de la CE 16" in french.content.decode() and "SG20 e-meeting" not in french.content.decode()
    feed = client.get(reverse("meetings:group_calendar", args=["ITU-T", "SG16"]))
    assert feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(event["uid"]) for event in events] == ["T25-SG16-260615@ponte.example"]
    assert client.get(reverse("meetings:meeting_detail", args=["NOPE"])).status_code == 404


def test_meeting_rules_refuse_impossible_meetings() -> None:
    meeting = Meeting(
        code="X",
        group=group("ITU-T", "SG16"),
        title_en="X",
        starts_on=datetime.date(2026, 6, 5),
        ends_on=datetime.date(2026, 6, 1),
        is_virtual=True,
        city="Geneva",
        capacity=30,
        interpretation_languages=["xx"],
    )
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert set(refused.value.message_dict) >= {"ends_on", "is_virtual", "capacity", "interpretation_languages"}


def test_the_api_lists_meetings_and_the_callers_registrations(client, meeting) -> None:
    listed = client.get("/api/v1/meetings/?group=SG16").json()
    assert [item["code"] for item in listed["items"]] == [meeting.code]
    assert listed["items"][0]["country"] == "CHE" and listed["items"][0]["interpretation_languages"] == ["ar", "fr"]
    french = client.get(f"/api/v1/meetings/{meeting.code}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["title"] == "Réunion de la CE 16 de l'UIT-T" and french["registered_in_person"] == 0
    assert client.get("/api/v1/meetings/NOPE").status_code == 404
    assert client.get("/api/v1/meetings/?year=abc").status_code == 422
    assert client.get("/api/v1/meetings/registrations/mine").status_code == 401

    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, person = _representative_of(organisation)
    _register(user, person, meeting, organisation, mode="remote")
    mine = signed_in(user).get("/api/v1/meetings/registrations/mine").json()
    assert [(item["meeting"], item["basis"], item["state"]) for item in mine["items"]] == [
        (meeting.code, "member", "confirmed")
    ]
    assert (
        signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=organisation))
        .get("/api/v1/meetings/registrations/mine")
        .json()["items"]
        == []
    )


def test_the_meeting_list_reads_in_constant_queries(client, django_assert_max_num_queries) -> None:
    def add(count: int) -> None:
        for n in range(count):
            Meeting.objects.create(
                code=f"Q-{Meeting.objects.count()}-{n}", group=group("ITU-T", "SG16"), title_en="Q",
                starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 9, 2),
                country=country("CHE"), city="Geneva",
            )  # fmt: skip

    add(2)
    client.get(reverse("meetings:meeting_list"))
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("meetings:meeting_list"))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("meetings:meeting_list"))


def test_a_personal_calendar_address_works_until_it_is_replaced(client, meeting) -> None:
    organisation = OrganisationFactory(category="administration", country=country("FRA"))
    user, person = _representative_of(organisation)
    _register(user, person, meeting, organisation, mode="remote")
    browser = signed_in(user)
    assert browser.get(reverse("meetings:my_meetings")).context["feed_url"] == ""
    browser.post(reverse("meetings:my_meetings"))
    first = browser.get(reverse("meetings:my_meetings")).context["feed_url"]
    feed = client.get(first)  # a calendar app: no session
    assert feed.status_code == 200 and feed["Cache-Control"] == "private, no-store"
    assert [str(e["uid"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [f"{meeting.code}@ponte.example"]
    browser.post(reverse("meetings:my_meetings"))
    assert client.get(first).status_code == 404
    assert client.get(reverse("meetings:personal_calendar", args=["guess"])).status_code == 404
