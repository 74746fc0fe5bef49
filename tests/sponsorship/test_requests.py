"""Requesting a sponsorship, and the secretariat's decision: at the quoted price, never beyond the slots, each
step allowed only to whom it belongs, kept in history and told by email."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ponte.core.models import Person, RoleKind, User
from ponte.sponsorship import services
from ponte.sponsorship.models import RequestState, SponsorshipRequest
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, with_role
from tests.sponsorship.conftest import World
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = pytest.mark.django_db


def _request(world: World, activity: Any = None, *, by: str = "member") -> SponsorshipRequest:
    return services.request_sponsorship(
        activity=activity or world.coffee,
        organisation=getattr(world, by),
        requested_by=getattr(world, f"{by}_rep"),
    )


# --- Requesting ---------------------------------------------------------------------------------------------------


def test_a_member_requests_at_the_discounted_price_and_gets_a_reference(world: World) -> None:
    request = services.request_sponsorship(
        activity=world.side_event, organisation=world.member, requested_by=world.member_rep, message=" Our CEO. "
    )
    year = timezone.localdate().year
    assert request.reference == f"SP-{year}-0001"
    assert (request.list_price, request.discount_percent, request.price) == (
        Decimal("12345.67"), Decimal("15"), Decimal("10493.82"),
    )  # fmt: skip
    assert request.currency == "USD" and request.state == RequestState.REQUESTED and request.message == "Our CEO."
    assert request.history.get().history_change_reason == "sponsorship.request.requested"
    assert _request(world, by="non_member").reference == f"SP-{year}-0002"


def test_the_request_page_form_requests_and_leads_to_my_sponsorships(world: World) -> None:
    client = signed_in(world.member_rep)
    response = client.post(
        f"/en/sponsorship/GSR-27/{world.side_event.pk}/request/",
        {"organisation": world.member.pk, "message": "Contact: Ana"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/en/sponsorship/mine/"
    assert "was requested for USD 10,493.82" in page
    assert "Andes Telecom" in page and "Requested, awaiting confirmation" in page and "Withdraw" in page
    assert SponsorshipRequest.objects.get().message == "Contact: Ana"


def test_the_last_slot_is_not_sold_twice(world: World) -> None:
    _request(world, world.dinner)
    with pytest.raises(ValidationError) as sold_out:
        _request(world, world.dinner, by="non_member")
    assert sold_out.value.code == "sold_out"
    assert SponsorshipRequest.objects.filter(activity=world.dinner).count() == 1


def test_the_page_says_sold_out_at_the_form_and_saves_nothing(world: World) -> None:
    _request(world, world.dinner)
    response = signed_in(world.non_member_rep).post(
        f"/en/sponsorship/GSR-27/{world.dinner.pk}/request/", {"organisation": world.non_member.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Regulators&#x27; dinner is sold out: every slot is taken." in page
    assert SponsorshipRequest.objects.count() == 1


def test_a_withdrawn_or_declined_request_frees_its_slot(world: World, secretariat: User) -> None:
    first = _request(world, world.dinner)
    services.withdraw_request(request=first, actor=world.member_rep)
    second = _request(world, world.dinner, by="non_member")
    services.decline_request(request=second, decided_by=secretariat, note="Reserved for a host-country sponsor.")
    assert _request(world, world.dinner, by="suspended").state == RequestState.REQUESTED


def test_a_second_waiting_request_for_the_same_activity_is_refused(world: World) -> None:
    _request(world)
    with pytest.raises(ValidationError) as twice:
        _request(world)
    assert twice.value.code == "already_requested"


def test_no_request_once_the_event_starts(world: World) -> None:
    past = SponsoredEventFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as closed:
        _request(world, ActivityFactory(event=past))
    assert closed.value.code == "closed"


def test_nobody_requests_for_an_organisation_they_do_not_represent(world: World, secretariat: User) -> None:
    for user in (world.non_member_rep, secretariat, with_role(RoleKind.FOCAL_POINT, country=world.member.country)):
        with pytest.raises(PermissionDenied):
            services.request_sponsorship(activity=world.coffee, organisation=world.member, requested_by=user)
    assert not SponsorshipRequest.objects.exists()


def test_the_request_page_refuses_an_organisation_one_does_not_represent(world: World) -> None:
    response = signed_in(world.non_member_rep).post(
        f"/en/sponsorship/GSR-27/{world.coffee.pk}/request/", {"organisation": world.member.pk}
    )
    assert response.status_code == 400
    assert "Choose one of the organisations you represent." in response.content.decode()
    assert not SponsorshipRequest.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "no_role", "secretariat"])
def test_only_representatives_may_post_a_request(world: World, secretariat: User, member: User, who: str) -> None:
    client = {"anonymous": Client(), "no_role": signed_in(member), "secretariat": signed_in(secretariat)}[who]
    response = client.post(f"/en/sponsorship/GSR-27/{world.coffee.pk}/request/", {"organisation": world.member.pk})
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert not SponsorshipRequest.objects.exists()


def test_a_too_long_message_is_refused_at_its_field(world: World) -> None:
    response = signed_in(world.member_rep).post(
        f"/en/sponsorship/GSR-27/{world.coffee.pk}/request/", {"organisation": world.member.pk, "message": "x" * 2001}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters" in response.content.decode()


def test_form_errors_come_in_the_language_of_the_page(world: World) -> None:
    _request(world, world.dinner)
    response = signed_in(world.non_member_rep).post(
        f"/fr/sponsorship/GSR-27/{world.dinner.pk}/request/", {"organisation": world.non_member.pk}
    )
    page = response.content.decode()
    assert response.status_code == 400 and '<html lang="fr"' in page
    assert "toutes les places sont prises" in page and "every slot is taken" not in page


# --- Deciding -----------------------------------------------------------------------------------------------------


def test_the_secretariat_confirms_and_the_requester_is_emailed(
    world: World, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    request = _request(world, world.side_event)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_request(request=request, decided_by=secretariat, note="Welcome aboard.")
    assert confirmed.state == RequestState.CONFIRMED and confirmed.decided_by == secretariat
    assert confirmed.decided_at is not None
    assert confirmed.history.first().history_change_reason == "sponsorship.request.confirmed"
    [email] = mail.outbox
    assert email.to == [world.member_rep.email]
    assert email.subject == f"Sponsorship {request.reference} confirmed"
    assert "USD 10,493.82" in email.body and "Side event, half day" in email.body and "Welcome aboard." in email.body


def test_the_requester_is_emailed_in_their_language(
    world: World, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    Person.objects.create(user=world.member_rep, given_name="Ana", language="ar")
    request = _request(world, world.dinner)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_request(request=request, decided_by=secretariat)
    assert "عشاء المنظمين" in mail.outbox[0].body


def test_declining_needs_a_reason_that_the_sponsor_reads(
    world: World, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    request = _request(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as no_reason:
        services.decline_request(request=request, decided_by=secretariat, note=" ")
    assert "note" in no_reason.value.message_dict
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=request, decided_by=secretariat, note="The slots go to local SMEs.")
    [email] = mail.outbox
    assert email.subject.endswith("declined") and "The slots go to local SMEs." in email.body


def test_no_email_when_the_decision_is_rolled_back(
    world: World, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    request = _request(world)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.confirm_request(request=request, decided_by=secretariat)
        raise RuntimeError("the page failed after the decision")
    assert callbacks == [] and mail.outbox == []
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED


def test_confirming_rechecks_the_slots(world: World, secretariat: User) -> None:
    first, second = _request(world, world.side_event), _request(world, world.side_event, by="non_member")
    services.confirm_request(request=first, decided_by=secretariat)
    world.side_event.slots = 1  # staff lowered the slots after both had asked (bypassing the admin's check)
    world.side_event.save()
    with pytest.raises(ValidationError) as full:
        services.confirm_request(request=second, decided_by=secretariat)
    assert full.value.code == "sold_out"


def test_only_a_waiting_request_is_decided_or_withdrawn(world: World, secretariat: User) -> None:
    request = _request(world)
    services.confirm_request(request=request, decided_by=secretariat)
    calls: list[Callable[[], object]] = [
        lambda: services.confirm_request(request=request, decided_by=secretariat),
        lambda: services.decline_request(request=request, decided_by=secretariat, note="No."),
        lambda: services.withdraw_request(request=request, actor=world.member_rep),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as done:
            call()
        assert done.value.code == "not_waiting"


def test_only_the_secretariat_decides(world: World, member: User) -> None:
    request = _request(world)
    for user in (world.member_rep, world.non_member_rep, member):
        with pytest.raises(PermissionDenied):
            services.confirm_request(request=request, decided_by=user)
        with pytest.raises(PermissionDenied):
            services.decline_request(request=request, decided_by=user, note="No.")


def test_only_the_sponsors_representatives_withdraw(world: World, secretariat: User) -> None:
    request = _request(world)
    for user in (world.non_member_rep, secretariat):
        with pytest.raises(PermissionDenied):
            services.withdraw_request(request=request, actor=user)
    colleague = with_role(RoleKind.REPRESENTATIVE, organisation=world.member)
    assert services.withdraw_request(request=request, actor=colleague).state == RequestState.WITHDRAWN


# --- The pages of requests ----------------------------------------------------------------------------------------


def test_my_sponsorships_lists_my_organisations_requests_only(world: World) -> None:
    mine = _request(world)
    theirs = _request(world, by="non_member")
    page = signed_in(world.member_rep).get("/en/sponsorship/mine/").content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_my_sponsorships_tells_someone_without_an_organisation(world: World, member: User) -> None:
    page = signed_in(member).get("/en/sponsorship/mine/").content.decode()
    assert "You do not represent an organisation" in page
    assert Client().get("/en/sponsorship/mine/").status_code == 302


def test_withdrawing_from_the_page(world: World) -> None:
    request = _request(world)
    assert (
        signed_in(world.non_member_rep).post(f"/en/sponsorship/mine/{request.reference}/withdraw/").status_code == 403
    )
    assert Client().post(f"/en/sponsorship/mine/{request.reference}/withdraw/").status_code == 302
    response = signed_in(world.member_rep).post(f"/en/sponsorship/mine/{request.reference}/withdraw/", follow=True)
    assert f"{request.reference} was withdrawn." in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN


@pytest.mark.parametrize("who", ["anonymous", "no_role", "representative", "other_representative"])
def test_the_secretariats_pages_are_refused_to_others(world: World, member: User, who: str) -> None:
    request = _request(world)
    client = {
        "anonymous": Client(),
        "no_role": signed_in(member),
        "representative": signed_in(world.member_rep),
        "other_representative": signed_in(world.non_member_rep),
    }[who]
    expected = 302 if who == "anonymous" else 403
    for url in ("/en/sponsorship/staff/", "/en/sponsorship/staff/GSR-27/", "/en/sponsorship/staff/revenue/"):
        assert client.get(url).status_code == expected, url
    for action in ("confirm", "decline"):
        response = client.post(f"/en/sponsorship/staff/requests/{request.reference}/{action}/", {})
        assert response.status_code == expected
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED


def test_the_secretariat_confirms_and_declines_from_the_events_page(world: World, secretariat: User) -> None:
    first, second = _request(world), _request(world, world.dinner, by="non_member")
    client = signed_in(secretariat)
    overview = client.get("/en/sponsorship/staff/").content.decode()
    assert "GSR-27" in overview and "<strong>2</strong>" in overview
    page = client.get("/en/sponsorship/staff/GSR-27/").content.decode()
    assert first.reference in page and second.reference in page and "Abe Devices KK" in page
    response = client.post(
        f"/en/sponsorship/staff/requests/{first.reference}/confirm/",
        {f"confirm-{first.pk}-note": "Thanks"},
        follow=True,
    )
    assert f"{first.reference} was confirmed." in response.content.decode()
    refused = client.post(f"/en/sponsorship/staff/requests/{second.reference}/decline/", {})
    assert refused.status_code == 400
    assert "Say why the request is declined: the sponsor reads it." in refused.content.decode()
    client.post(
        f"/en/sponsorship/staff/requests/{second.reference}/decline/", {f"decline-{second.pk}-note": "Taken by host."}
    )
    states = dict(SponsorshipRequest.objects.values_list("reference", "state"))
    assert states == {first.reference: "confirmed", second.reference: "declined"}
    waiting = client.get("/en/sponsorship/staff/GSR-27/", {"state": "requested"}).content.decode()
    assert "No request matches." in waiting


def test_the_requests_page_needs_the_same_queries_for_more_requests(
    world: World, secretariat: User, django_assert_max_num_queries
) -> None:
    client = signed_in(secretariat)
    _request(world)
    with django_assert_max_num_queries(30) as few:
        client.get("/en/sponsorship/staff/GSR-27/")
    for n in range(8):
        organisation = OrganisationFactory(name=f"Sponsor {n}")
        user = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
        services.request_sponsorship(
            activity=ActivityFactory(event=world.event), organisation=organisation, requested_by=user
        )
    with django_assert_max_num_queries(len(few)):
        assert "Sponsor 7" in client.get("/en/sponsorship/staff/GSR-27/").content.decode()


def test_my_sponsorships_needs_the_same_queries_for_more_requests(world: World, django_assert_max_num_queries) -> None:
    client = signed_in(world.member_rep)
    _request(world)
    with django_assert_max_num_queries(20) as few:
        client.get("/en/sponsorship/mine/")
    for n in range(8):
        _request(world, ActivityFactory(event=world.event, name_en=f"Extra {n}"))
    with django_assert_max_num_queries(len(few)):
        assert "Extra 7" in client.get("/en/sponsorship/mine/").content.decode()


def test_the_events_overview_needs_the_same_queries_for_more_events(
    world: World, secretariat: User, django_assert_max_num_queries
) -> None:
    client = signed_in(secretariat)
    _request(world)
    with django_assert_max_num_queries(25) as few:
        client.get("/en/sponsorship/staff/")
    for n in range(10):
        _request(world, ActivityFactory(event=SponsoredEventFactory(code=f"MORE-{n}")))
    with django_assert_max_num_queries(len(few)):
        assert "MORE-9" in client.get("/en/sponsorship/staff/").content.decode()
