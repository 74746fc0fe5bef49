"""Deleting a person's data: they ask, the secretariat approves or declines (the person is emailed); approval
anonymises the person, their history and their account in one go and keeps what others count on."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ponte.core.models import Person, Role, RoleKind, User
from ponte.meetings.models import Attendance, Contribution, Registration
from ponte.privacy import services
from ponte.privacy.models import DeletionRequest, DeletionState
from tests.conftest import signed_in
from tests.factories import with_role
from tests.privacy.conftest import BIRTH_YEAR, EMAIL, FAMILY, GIVEN, Participant

pytestmark = pytest.mark.django_db


# --- Asking -------------------------------------------------------------------------------------------------------


def test_a_person_asks_with_a_reason_and_sees_the_request_waiting(member) -> None:
    client = signed_in(member)
    response = client.post("/en/privacy/deletion/", {"reason": "I left the sector.", "confirm": "on"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Your request is with the secretariat." in page
    assert "your request is waiting for the secretariat" in page and "Withdraw my request" in page
    request = DeletionRequest.objects.get()
    assert (request.user, request.reason, request.state) == (member, "I left the sector.", DeletionState.PENDING)
    assert request.history.get().history_change_reason == "privacy.deletion.requested"


def test_asking_needs_the_confirmation_box(member) -> None:
    response = signed_in(member).post("/en/privacy/deletion/", {"reason": "Bye"})
    assert response.status_code == 400 and "Tick the box to confirm the request." in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_one_request_waits_at_a_time(member) -> None:
    services.request_deletion(actor=member)
    with pytest.raises(ValidationError) as refused:
        services.request_deletion(actor=member, reason="Again")
    assert refused.value.error_dict["reason"][0].code == "already_pending"
    response = signed_in(member).post("/en/privacy/deletion/", {"confirm": "on"})
    assert response.status_code == 400 and DeletionRequest.objects.count() == 1


def test_the_person_withdraws_and_may_ask_again(member, representative) -> None:
    request = services.request_deletion(actor=member)
    assert signed_in(representative).post(f"/en/privacy/deletion/{request.pk}/withdraw/").status_code == 404
    signed_in(member).post(f"/en/privacy/deletion/{request.pk}/withdraw/")
    request.refresh_from_db()
    assert request.state == DeletionState.WITHDRAWN
    assert services.request_deletion(actor=member).is_pending


def test_the_api_asks_and_lists_ones_own_requests(member) -> None:
    client = signed_in(member)
    created = client.post("/api/v1/privacy/deletion-requests", json.dumps({"reason": "x"}), "application/json")
    assert created.status_code == 201 and created.json()["state"] == "pending"
    again = client.post("/api/v1/privacy/deletion-requests", json.dumps({}), "application/json")
    assert again.status_code == 422
    assert [row["state"] for row in client.get("/api/v1/privacy/deletion-requests").json()] == ["pending"]
    assert Client().post("/api/v1/privacy/deletion-requests", "{}", "application/json").status_code == 401


# --- Deciding: who may --------------------------------------------------------------------------------------------

ROLES = ["anonymous", "member", "representative", "japan_focal_point", "expert", "secretariat"]


@pytest.fixture
def expert(db: None) -> User:
    from tests.factories import group

    return with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))


def _client(request, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))


def test_only_the_secretariat_sees_the_requests_page(request) -> None:
    asker = with_role(RoleKind.REPRESENTATIVE, organisation=request.getfixturevalue("japanese_sme"))
    services.request_deletion(actor=asker, reason="Private reason")
    got = [_client(request, role).get("/en/privacy/deletion-requests/").status_code for role in ROLES]
    assert got == [302, 403, 403, 403, 403, 200]
    page = signed_in(request.getfixturevalue("secretariat")).get("/en/privacy/deletion-requests/").content.decode()
    assert "Private reason" in page and asker.email in page


@pytest.mark.parametrize("role", ROLES[:-1])
def test_no_one_but_the_secretariat_decides(request, role) -> None:
    asker = with_role(RoleKind.REPRESENTATIVE, organisation=request.getfixturevalue("japanese_sme"))
    deletion = services.request_deletion(actor=asker)
    response = _client(request, role).post(
        f"/en/privacy/deletion-requests/{deletion.pk}/decide/", {"decision": "approve"}
    )
    assert response.status_code in (302, 403)
    if role != "anonymous":
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            services.approve_deletion_request(actor=request.getfixturevalue(role), request=deletion)
    deletion.refresh_from_db()
    assert deletion.is_pending


def test_staff_do_not_decide_their_own_request(secretariat) -> None:
    deletion = services.request_deletion(actor=secretariat)
    with pytest.raises(PermissionDenied):
        services.approve_deletion_request(actor=secretariat, request=deletion)
    page = signed_in(secretariat).get("/en/privacy/deletion-requests/").content.decode()
    assert "another member of the secretariat decides it" in page


# --- Declining ----------------------------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_tells_the_person(member, secretariat, django_capture_on_commit_callbacks) -> None:
    deletion = services.request_deletion(actor=member)
    with pytest.raises(ValidationError):
        services.decline_deletion_request(actor=secretariat, request=deletion, note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(secretariat).post(
            f"/en/privacy/deletion-requests/{deletion.pk}/decide/",
            {"decision": "decline", "note": "Your invoices are still open."},
        )
    assert response.status_code == 302
    deletion.refresh_from_db()
    assert (deletion.state, deletion.decided_by) == (DeletionState.DECLINED, secretariat)
    [message] = mail.outbox
    assert message.to == [member.email] and "declined" in message.subject
    assert "Your invoices are still open." in message.body
    page = signed_in(member).get("/en/privacy/").content.decode()
    assert "Declined" in page and "Your invoices are still open." in page


# --- Approving ----------------------------------------------------------------------------------------------------


def _approve(participant: Participant, secretariat: User, capture) -> DeletionRequest:
    deletion = services.request_deletion(actor=participant.user, reason="Please forget me, Zephyrine.")
    with capture(execute=True):
        response = signed_in(secretariat).post(
            f"/en/privacy/deletion-requests/{deletion.pk}/decide/", {"decision": "approve"}
        )
    assert response.status_code == 302
    deletion.refresh_from_db()
    return deletion


def test_approval_anonymises_the_person_and_their_history(
    participant: Participant, secretariat, django_capture_on_commit_callbacks
) -> None:
    person = participant.person
    Person.objects.filter(pk=person.pk).update(language="fr")
    person.family_name = "Quillfeather-Old"
    person.save()  # a history row with personal data
    deletion = _approve(participant, secretariat, django_capture_on_commit_callbacks)
    assert deletion.state == DeletionState.APPROVED and deletion.reason == ""
    person.refresh_from_db()
    assert person.full_name == f"Deleted person #{person.pk}"
    assert (person.email, person.gender, person.birth_year) == ("", "", None)
    for row in Person.history.filter(id=person.pk):
        values = (row.given_name, row.family_name, row.email, row.gender, row.birth_year)
        assert GIVEN not in values and FAMILY not in str(values) and EMAIL not in values and BIRTH_YEAR not in values
    for row in DeletionRequest.history.filter(id=deletion.pk):
        assert "Zephyrine" not in row.reason
    [message] = mail.outbox  # told at the address they had, before it was erased
    assert message.to == [EMAIL]


def test_approval_closes_the_account(participant: Participant, secretariat, django_capture_on_commit_callbacks) -> None:
    user = participant.user
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    browser = signed_in(user)
    assert browser.get("/en/privacy/").status_code == 200
    _approve(participant, secretariat, django_capture_on_commit_callbacks)
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.username == f"deleted-{user.pk}" and user.email == "" and user.first_name == user.last_name == ""
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert browser.get("/en/privacy/").status_code == 302  # signed out
    assert not Role.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert not Client().login(username=EMAIL, password="correct-horse-battery")


def test_approval_keeps_what_others_count_on(
    participant: Participant, secretariat, django_capture_on_commit_callbacks
) -> None:
    _approve(participant, secretariat, django_capture_on_commit_callbacks)
    assert Registration.objects.filter(pk=participant.registration.pk, person=participant.person).exists()
    assert Attendance.objects.filter(pk=participant.attendance.pk, person=participant.person).exists()
    assert Contribution.objects.filter(pk=participant.contribution.pk, submitted_by=participant.user).exists()
    assert participant.question.__class__.objects.filter(pk=participant.question.pk).exists()
    page = Client().get(f"/en/qa/{participant.question.pk}/").content.decode()
    assert "Zephyrine" not in page and "Quillfeather" not in page


def test_a_request_is_not_approved_twice(
    participant: Participant, secretariat, django_capture_on_commit_callbacks
) -> None:
    deletion = _approve(participant, secretariat, django_capture_on_commit_callbacks)
    other_staff = with_role(RoleKind.SECRETARIAT)
    with pytest.raises(ValidationError) as refused:
        services.approve_deletion_request(actor=other_staff, request=deletion)
    assert refused.value.error_dict["request"][0].code == "already_decided"
    with pytest.raises(ValidationError):
        services.decline_deletion_request(actor=other_staff, request=deletion, note="Too late")
    response = signed_in(secretariat).post(
        f"/en/privacy/deletion-requests/{deletion.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "already decided" in response.content.decode()
    assert len(mail.outbox) == 1


def test_approval_forgets_the_address_on_newsletter_deliveries(
    participant: Participant, secretariat, django_capture_on_commit_callbacks
) -> None:
    outreach = pytest.importorskip("ponte.outreach.models")
    campaign = outreach.Campaign.objects.create(
        kind="newsletter", title_en="MSME Day", body_en="Hello", created_by=secretariat
    )
    delivery = outreach.Delivery.objects.create(
        campaign=campaign, recipient=participant.user, email=EMAIL, language="en"
    )
    _approve(participant, secretariat, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.email == "" and delivery.recipient == participant.user  # still counted as delivered
    assert not outreach.Delivery.history.filter(email=EMAIL).exists()
