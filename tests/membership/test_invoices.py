"""Memberships are billed: invoices on admission and each year, the Academia waiver, pay-as-you-go, payments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ponte.core.models import Organisation, RoleKind, Sector, User
from ponte.membership import services
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import (
    ApplicationKind,
    FeeSchedule,
    FeeWaiver,
    Invoice,
    InvoiceState,
    Membership,
)
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _in_march_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def schedules(db) -> None:
    for year in range(2024, 2031):
        FeeSchedule.objects.create(year=year, **DEMO_SCHEDULE)


def _approved_member(organisation: Organisation, focal_point: User, groups=("SG16",)) -> Invoice | None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    application = services.start_application(
        actor=representative,
        organisation=organisation,
        groups=[group("ITU-T", code) for code in groups],
        employee_count=organisation.employee_count,
        kind=ApplicationKind.MEMBERSHIP,
    )
    services.submit_application(actor=representative, application=application)
    services.approve_application(actor=focal_point, application=application)
    return Invoice.objects.filter(organisation=organisation).order_by("pk").last()


def test_approved_membership_is_admitted_billed_and_emailed_with_its_pdf(
    japan_focal_point, django_capture_on_commit_callbacks
) -> None:
    associate = OrganisationFactory(
        name="Osaka Optics", category="associate", country=country("JPN"), employee_count=900
    )
    with django_capture_on_commit_callbacks(execute=True):
        invoice = _approved_member(associate, japan_focal_point, groups=("SG16", "SG20"))
    assert invoice is not None
    membership = Membership.objects.get(organisation=associate)
    assert (membership.category, membership.study_groups, membership.start_year) == ("associate", 2, 2026)
    assert invoice.number == "PON-2026-00001"
    assert invoice.issued_on == TODAY and invoice.due_on == TODAY + datetime.timedelta(days=30)
    assert (invoice.total, invoice.currency, invoice.state) == (Decimal("21200.00"), "CHF", InvoiceState.ISSUED)
    [line] = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (Decimal(2), Decimal("10600.00"), Decimal("21200.00"))
    assert line.description == "Membership fee 2026: ITU-T, Associate"
    invoice_mail = [m for m in mail.outbox if "PON-2026-00001" in m.subject]
    assert len(invoice_mail) == 1
    [(name, content, mimetype)] = invoice_mail[0].attachments
    assert name == "PON-2026-00001.pdf" and mimetype == "application/pdf" and content[:5] == b"%PDF-"


def test_pilot_participation_is_free(japan_focal_point, japanese_sme) -> None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    application = services.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=40
    )
    services.submit_application(actor=representative, application=application)
    services.approve_application(actor=japan_focal_point, application=application)
    assert not Invoice.objects.exists() and not Membership.objects.exists()


def test_sme_category_is_refused_at_the_threshold_with_a_message_at_the_field(japanese_sme) -> None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    with pytest.raises(ValidationError) as refused:
        services.start_application(
            actor=representative,
            organisation=japanese_sme,
            groups=[group("ITU-T", "SG16")],
            employee_count=50,  # the demo threshold: fewer than 50
            kind=ApplicationKind.MEMBERSHIP,
        )
    assert "fewer than 50 employees" in refused.value.message_dict["employee_count"][0]


def test_a_partner_cannot_become_a_member(japan_focal_point) -> None:
    foundation = OrganisationFactory(category="foundation", country=country("JPN"))
    with pytest.raises(ValidationError, match="cannot become a member"):
        _approved_member(foundation, japan_focal_point)


# --- Resolution 44: fee waiver for new Academia members from developing countries ----------------------------


def test_new_academia_member_from_a_developing_country_pays_nothing_until_the_end_of_the_study_period(
    secretariat,
) -> None:
    kenya_focal_point = with_role(RoleKind.FOCAL_POINT, country=country("KEN"))
    university = OrganisationFactory(name="Strathmore University", category="academia", country=country("KEN"))
    invoice = _approved_member(university, kenya_focal_point)
    assert invoice is not None
    waiver = FeeWaiver.objects.get(membership__organisation=university)
    assert (waiver.first_year, waiver.last_year) == (2026, 2028)  # study period 2025-2028
    assert (invoice.total, invoice.state) == (Decimal("0.00"), InvoiceState.PAID)
    assert [line.amount for line in invoice.lines.all()] == [Decimal("1987.50"), Decimal("-1987.50")]

    for year in (2027, 2028, 2029):
        services.issue_annual_invoices(actor=secretariat, year=year)
    totals = dict(
        Invoice.objects.filter(organisation=university).values_list("issued_on__year", "total").order_by("issued_on")
    )
    assert totals == {2026: Decimal("0.00"), 2027: Decimal("0.00"), 2028: Decimal("0.00"), 2029: Decimal("1987.50")}


def test_no_waiver_for_developed_countries_or_returning_academia(japan_focal_point, secretariat) -> None:
    tokyo = OrganisationFactory(category="academia", country=country("JPN"))
    invoice = _approved_member(tokyo, japan_focal_point)
    assert invoice is not None and invoice.total == Decimal("3975.00")

    nairobi = OrganisationFactory(category="academia", country=country("KEN"))
    Membership.objects.create(
        organisation=nairobi,
        sector=Sector.objects.get(code="ITU-D"),
        category="academia",
        start_year=2019,
        end_year=2022,
    )
    kenya_focal_point = with_role(RoleKind.FOCAL_POINT, country=country("KEN"))
    invoice = _approved_member(nairobi, kenya_focal_point)
    assert invoice is not None and invoice.total == Decimal("1987.50")
    assert not FeeWaiver.objects.filter(membership__organisation=nairobi).exists()


def test_a_waiver_never_runs_past_its_study_period() -> None:
    membership = Membership.objects.create(
        organisation=OrganisationFactory(category="academia", country=country("KEN")),
        sector=Sector.objects.get(code="ITU-T"),
        category="academia",
        start_year=2027,
    )
    with pytest.raises(ValidationError) as refused:
        FeeWaiver(membership=membership, first_year=2027, last_year=2030).full_clean()
    assert "end of its study period (2028)" in str(refused.value)
    with pytest.raises(ValidationError, match="first year"):
        FeeWaiver(membership=membership, first_year=2028, last_year=2028).full_clean()


# --- Yearly invoicing, pay-as-you-go -----------------------------------------------------------------------------


def _sector_member(units: str = "1", start_year: int = 2020) -> Membership:
    organisation = OrganisationFactory(category="sector_member", country=country("DEU"), employee_count=4000)
    return Membership.objects.create(
        organisation=organisation,
        sector=Sector.objects.get(code="ITU-T"),
        category="sector_member",
        contributory_units=Decimal(units),
        start_year=start_year,
    )


def test_each_year_is_billed_once_with_gapless_numbers(secretariat) -> None:
    first, second = _sector_member("0.5"), _sector_member("2")
    _sector_member(start_year=2027)  # not a member yet in 2026
    invoices = services.issue_annual_invoices(actor=secretariat, year=2026)
    assert [invoice.number for invoice in invoices] == ["PON-2026-00001", "PON-2026-00002"]
    assert {invoice.organisation_id: invoice.total for invoice in invoices} == {
        first.organisation_id: Decimal("15900.00"),
        second.organisation_id: Decimal("63600.00"),
    }
    assert services.issue_annual_invoices(actor=secretariat, year=2026) == []
    assert Invoice.objects.count() == 2


def test_a_year_without_fee_schedule_is_not_billed(secretariat) -> None:
    _sector_member()
    with pytest.raises(ValidationError, match="no fee schedule for 2040"):
        services.issue_annual_invoices(actor=secretariat, year=2040)


def test_pay_as_you_go_bills_each_meeting_day(secretariat, japanese_sme) -> None:
    invoice = services.charge_meeting_days(
        actor=secretariat, organisation=japanese_sme, subject="ITU-T SG16, Geneva", days=4, held_on=TODAY
    )
    assert invoice.total == Decimal("1200.00")
    assert invoice.lines.get().description == "Pay-as-you-go participation: ITU-T SG16, Geneva (meeting days)"


def test_only_the_secretariat_bills(representative, japan_focal_point, japanese_sme) -> None:
    for actor in (representative, japan_focal_point):
        with pytest.raises(PermissionDenied):
            services.issue_annual_invoices(actor=actor, year=2026)
        with pytest.raises(PermissionDenied):
            services.charge_meeting_days(actor=actor, organisation=japanese_sme, subject="SG16", days=1, held_on=TODAY)


# --- Payments ----------------------------------------------------------------------------------------------------


@pytest.fixture
def invoice(secretariat) -> Invoice:
    _sector_member("0.5")
    [invoice] = services.issue_annual_invoices(actor=secretariat, year=2026)
    return invoice


def test_payments_settle_the_invoice_when_they_reach_its_total(secretariat, invoice) -> None:
    services.record_payment(actor=secretariat, invoice=invoice, amount=Decimal("9000"), received_on=TODAY)
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.ISSUED
    services.record_payment(actor=secretariat, invoice=invoice, amount=Decimal("6900"), received_on=TODAY)
    invoice.refresh_from_db()
    assert (invoice.state, invoice.paid_on) == (InvoiceState.PAID, TODAY)
    assert invoice.history.first().history_change_reason == "membership.invoice.paid"


def test_a_payment_cannot_be_dated_in_the_future_nor_paid_into_a_cancelled_invoice(secretariat, invoice) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.record_payment(
            actor=secretariat, invoice=invoice, amount=Decimal(1), received_on=TODAY + datetime.timedelta(days=1)
        )
    services.cancel_invoice(actor=secretariat, invoice=invoice, reason="Membership ended in 2025")
    with pytest.raises(ValidationError, match="cancelled"):
        services.record_payment(actor=secretariat, invoice=invoice, amount=Decimal(1), received_on=TODAY)
    # What it charged is not charged again.
    assert services.issue_annual_invoices(actor=secretariat, year=2026) == []


def test_representatives_cannot_record_payments(representative, invoice) -> None:
    with pytest.raises(PermissionDenied):
        services.record_payment(actor=representative, invoice=invoice, amount=Decimal(1), received_on=TODAY)


# --- Pages and API -----------------------------------------------------------------------------------------------


def test_representative_sees_its_own_invoices_and_nobody_elses(invoice, japanese_sme, secretariat) -> None:
    own = services.charge_meeting_days(
        actor=secretariat, organisation=japanese_sme, subject="SG16", days=1, held_on=TODAY
    )
    client = signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme))
    page = client.get(reverse("membership:invoice_list"))
    assert own.number in page.content.decode() and invoice.number not in page.content.decode()
    assert client.get(reverse("membership:invoice_detail", args=[own.number])).status_code == 200
    assert client.get(reverse("membership:invoice_detail", args=[invoice.number])).status_code == 403
    assert client.get(reverse("membership:invoice_pdf", args=[invoice.number])).status_code == 403
    assert client.get(reverse("membership:invoice_detail", args=["PON-1999-00001"])).status_code == 404
    api = client.get("/api/v1/membership/invoices").json()
    assert [item["number"] for item in api["items"]] == [own.number]
    assert client.get(f"/api/v1/membership/invoices/{invoice.number}").status_code == 403


@pytest.mark.parametrize("who", ["representative", "japan_focal_point", "member"])
def test_billing_pages_are_the_secretariats(who, request, invoice) -> None:
    client = signed_in(request.getfixturevalue(who))
    assert client.get(reverse("membership:bank_statement")).status_code == 403
    assert client.get(reverse("membership:meeting_days_charge")).status_code == 403
    assert client.post(reverse("membership:invoices_issue"), {"year": 2026}).status_code == 403
    payment = {"amount": "1", "received_on": "2026-03-01", "method": "bank_transfer"}
    assert client.post(reverse("membership:invoice_payment", args=[invoice.number]), payment).status_code == 403
    assert client.post(reverse("membership:invoice_cancel", args=[invoice.number]), {"reason": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, invoice) -> None:
    response = client.get(reverse("membership:invoice_detail", args=[invoice.number]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(f"/api/v1/membership/invoices/{invoice.number}").status_code == 401


def test_staff_record_a_payment_on_the_page_and_bad_input_is_refused_at_the_field(secretariat, invoice) -> None:
    client = signed_in(secretariat)
    url = reverse("membership:invoice_payment", args=[invoice.number])
    refused = client.post(url, {"amount": "-5", "received_on": "yesterday", "method": "bank_transfer"})
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 0.01" in refused.content.decode()
    assert "Enter a valid date" in refused.content.decode()
    assert not invoice.payments.exists()
    done = client.post(url, {"amount": "15900.00", "received_on": "2026-03-01", "method": "bank_transfer"})
    assert done.status_code == 302
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.PAID


def test_staff_issue_the_years_invoices_from_the_list(secretariat) -> None:
    _sector_member()
    client = signed_in(secretariat)
    response = client.post(reverse("membership:invoices_issue"), {"year": 2026}, follow=True)
    assert "1 invoices were issued for 2026" in response.content.decode() or "1 invoice" in response.content.decode()
    assert Invoice.objects.count() == 1


def test_staff_bill_pay_as_you_go_on_the_page(secretariat, japanese_sme) -> None:
    client = signed_in(secretariat)
    url = reverse("membership:meeting_days_charge")
    refused = client.post(url, {"organisation": japanese_sme.pk, "subject": "SG16", "days": 0, "held_on": "2026-03-10"})
    assert refused.status_code == 400 and not Invoice.objects.exists()
    done = client.post(url, {"organisation": japanese_sme.pk, "subject": "SG16", "days": 2, "held_on": "2026-03-10"})
    assert done.status_code == 302
    assert Invoice.objects.get().total == Decimal("600.00")


def test_invoice_list_reads_in_constant_queries(secretariat, django_assert_max_num_queries) -> None:
    for _ in range(3):
        _sector_member()
    services.issue_annual_invoices(actor=secretariat, year=2026)
    client = signed_in(secretariat)
    client.get(reverse("membership:invoice_list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("membership:invoice_list"))
    for _ in range(20):
        _sector_member()
    services.issue_annual_invoices(actor=secretariat, year=2026)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("membership:invoice_list"))


def test_the_yearly_command_bills_once(secretariat) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    _sector_member()
    out = StringIO()
    call_command("issue_invoices", "--year", "2026", "--by", secretariat.email, stdout=out)
    call_command("issue_invoices", "--year", "2026", "--by", secretariat.email, stdout=out)
    assert out.getvalue().splitlines() == ["1 invoices issued for 2026.", "0 invoices issued for 2026."]
    with pytest.raises(CommandError, match="not an active secretariat account"):
        call_command("issue_invoices", "--year", "2026", "--by", "nobody@example.org")
    with pytest.raises(CommandError, match="no fee schedule for 2041"):
        call_command("issue_invoices", "--year", "2041", "--by", secretariat.email)


def test_the_admin_shows_invoices_but_never_changes_them(secretariat, invoice) -> None:
    client = signed_in(secretariat)
    assert client.get(reverse("admin:membership_invoice_changelist")).status_code == 200
    assert client.get(reverse("admin:membership_invoice_change", args=[invoice.pk])).status_code == 200
    assert client.get(reverse("admin:membership_invoice_add")).status_code == 403
    assert client.post(reverse("admin:membership_invoice_delete", args=[invoice.pk])).status_code == 403


def test_the_api_describes_lines_in_the_callers_language(secretariat, invoice) -> None:
    client = signed_in(secretariat)
    english = client.get(f"/api/v1/membership/invoices/{invoice.number}").json()
    assert english["total"] == "15900.00" and english["state"] == "issued"
    assert english["lines"][0]["description"] == "Membership fee 2026: ITU-T, Sector Member"
    french = client.get(f"/api/v1/membership/invoices/{invoice.number}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["lines"][0]["description"] != english["lines"][0]["description"]
    assert client.get("/api/v1/membership/invoices?state=bogus").status_code == 422
