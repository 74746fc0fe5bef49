"""National approval: only the focal point of the applicant's own country decides, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ponte.core.models import Organisation, RoleKind, User
from ponte.membership import services
from ponte.membership.models import Application, ApplicationState
from ponte.membership.selectors import sme_check
from tests.conftest import signed_in
from tests.factories import country, group, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(representative: User, japanese_sme: Organisation, django_capture_on_commit_callbacks) -> Application:
    application = services.start_application(
        actor=representative,
        organisation=japanese_sme,
        groups=[group("ITU-T", "SG16"), group("ITU-D", "SG2")],
        employee_count=40,
        annual_turnover=Decimal("1200000.00"),
    )
    return services.submit_application(actor=representative, application=application)


def test_representative_drafts_and_submits_and_focal_point_is_told(
    representative, japanese_sme, japan_focal_point, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = services.start_application(
            actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=40
        )
        assert application.state == ApplicationState.DRAFT
        services.submit_application(actor=representative, application=application)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert {s.code for s in application.sectors.all()} == {"ITU-T"}
    assert [m.to for m in mail.outbox] == [[japan_focal_point.email]]


def test_focal_point_of_own_country_approves_and_sme_joins_the_groups(
    submitted, japan_focal_point, representative, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(actor=japan_focal_point, application=submitted)
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.APPROVED
    assert submitted.decided_by == japan_focal_point
    assert {str(g) for g in submitted.organisation.groups.all()} == {"ITU-T SG16", "ITU-D SG2"}
    assert mail.outbox[-1].to == [representative.email]
    assert "Approved" in mail.outbox[-1].subject
    reasons = [h.history_change_reason for h in submitted.history.order_by("history_date")]
    assert reasons[-2:] == ["membership.application.submitted", "membership.application.approved"]


def test_focal_point_cannot_approve_other_countrys_sme(submitted, egypt_focal_point) -> None:
    with pytest.raises(PermissionDenied):
        services.approve_application(actor=egypt_focal_point, application=submitted)
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED


def test_secretariat_does_not_decide_for_the_member_state(submitted, secretariat) -> None:
    with pytest.raises(PermissionDenied):
        services.approve_application(actor=secretariat, application=submitted)


def test_rejection_needs_a_reason(submitted, japan_focal_point) -> None:
    with pytest.raises(ValidationError) as error:
        services.reject_application(actor=japan_focal_point, application=submitted, reason="  ")
    assert "rejection_reason" in error.value.message_dict
    services.reject_application(actor=japan_focal_point, application=submitted, reason="More than 300 employees.")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.rejection_reason) == (ApplicationState.REJECTED, "More than 300 employees.")


def test_a_second_decision_is_refused(submitted, japan_focal_point) -> None:
    second_focal_point = with_role(RoleKind.FOCAL_POINT, country=country("JPN"))
    services.approve_application(actor=japan_focal_point, application=submitted)
    with pytest.raises(ValidationError) as error:
        services.reject_application(actor=second_focal_point, application=submitted, reason="No")
    assert error.value.code == "already_decided"
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.APPROVED


def test_only_drafts_with_groups_are_submitted(representative, japanese_sme) -> None:
    application = services.start_application(
        actor=representative, organisation=japanese_sme, groups=[], employee_count=40
    )
    with pytest.raises(ValidationError):
        services.submit_application(actor=representative, application=application)
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_interest_recorded_by_secretariat_becomes_the_application(secretariat, representative, japanese_sme) -> None:
    interest = services.record_interest(actor=secretariat, organisation=japanese_sme, groups=[group("ITU-T", "SG5")])
    assert interest.state == ApplicationState.INTERESTED
    application = services.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG5")], employee_count=41
    )
    assert application.pk == interest.pk
    assert application.state == ApplicationState.DRAFT
    with pytest.raises(PermissionDenied):
        services.record_interest(actor=representative, organisation=japanese_sme)


def test_applicant_is_shown_against_the_national_sme_definition(submitted, japan_focal_point) -> None:
    services.set_sme_definition(
        actor=japan_focal_point,
        country=country("JPN"),
        max_employees=30,
        max_turnover=Decimal("5000000"),
        turnover_currency="CHF",
    )
    check = sme_check(submitted)
    assert check.employees_within is False
    assert check.turnover_within is True
    assert check.qualifies is False


def test_focal_point_keeps_only_its_own_countrys_definition(egypt_focal_point) -> None:
    with pytest.raises(PermissionDenied):
        services.set_sme_definition(
            actor=egypt_focal_point,
            country=country("JPN"),
            max_employees=10,
            max_turnover=None,
            turnover_currency="JPY",
        )


def test_decision_page_for_the_focal_point_only(
    submitted, japan_focal_point, egypt_focal_point, representative
) -> None:
    url = reverse("membership:application_detail", args=[submitted.pk])
    assert signed_in(egypt_focal_point).get(url).status_code == 403
    page = signed_in(japan_focal_point).get(url)
    assert page.status_code == 200
    assert page.context["can_decide"] is True
    assert signed_in(representative).get(url).context["can_decide"] is False
    decide = reverse("membership:application_decide", args=[submitted.pk])
    assert signed_in(egypt_focal_point).post(decide, {"decision": "approve"}).status_code == 403
    response = signed_in(japan_focal_point).post(decide, {"decision": "reject", "rejection_reason": ""})
    assert response.status_code == 400
    assert "rejection_reason" in response.context["rejection_form"].errors
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED
    assert signed_in(japan_focal_point).post(decide, {"decision": "approve"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.APPROVED


def test_application_list_is_scoped(submitted, japan_focal_point, egypt_focal_point, secretariat) -> None:
    url = reverse("membership:application_list")
    assert list(signed_in(japan_focal_point).get(url).context["page"].object_list) == [submitted]
    assert list(signed_in(egypt_focal_point).get(url).context["page"].object_list) == []
    assert submitted in signed_in(secretariat).get(url).context["page"].object_list


def test_apply_form_shows_errors_at_fields_and_saves_nothing(representative, japanese_sme) -> None:
    client = signed_in(representative)
    url = reverse("membership:application_start", args=[japanese_sme.pk])
    response = client.post(url.replace("/en/", "/es/"), {"employee_count": -1, "turnover_currency": "12"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"employee_count", "turnover_currency", "groups", "kind"}
    assert not Application.objects.exists()
    sg16 = group("ITU-T", "SG16")
    ok = client.post(
        url, {"kind": "participation", "employee_count": 40, "turnover_currency": "chf", "groups": [sg16.pk]}
    )
    assert ok.status_code == 302
    assert Application.objects.get().turnover_currency == "CHF"


def test_others_cannot_apply_for_an_organisation(egypt_focal_point, member, japanese_sme) -> None:
    url = reverse("membership:application_start", args=[japanese_sme.pk])
    for user in (egypt_focal_point, member):
        assert signed_in(user).get(url).status_code == 403
