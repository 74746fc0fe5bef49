"""Memberships, invoices and payments.

An approved membership application admits the organisation, grants
Resolution 44's Academia waiver where it has a right to one, and bills the
year; each later year is billed once by ``issue_annual_invoices``;
pay-as-you-go participation is billed per meeting day. Prices come only from
``fees``. Invoice numbers are gapless per year (``PON-2026-00042``); an
invoice's lines never change once issued, only its state (due → paid, or
cancelled). Payments are recorded by staff or read from a bank statement
(see ``importers``); an invoice is paid when its payments reach its total.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Organisation, OrganisationCategory, Role, RoleKind
from ponte.membership import fees
from ponte.membership.models import (
    Application,
    ApplicationKind,
    BankStatementEntry,
    FeeSchedule,
    FeeWaiver,
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceSequence,
    InvoiceState,
    Membership,
    Payment,
    PaymentMethod,
)
from ponte.membership.services._common import _require, _save

# Sent inside the transaction that makes an invoice paid; what waited for the payment (a meeting registration)
# listens, so that membership needs to know nothing of it.
invoice_paid = Signal()

INVOICE_PREFIX = "PON"
PAYMENT_TERM_DAYS = 30
MEMBER_CATEGORIES = (
    OrganisationCategory.SECTOR_MEMBER,
    OrganisationCategory.ASSOCIATE,
    OrganisationCategory.ACADEMIA,
    OrganisationCategory.SME,
)


def fee_schedule(year: int, *, lock: bool = False) -> FeeSchedule:
    """The year's fee schedule, or a clear refusal: nothing is billed at a price nobody set.

    ``lock`` holds the schedule's row until the transaction ends, so that two billing runs of a year take turns.
    """
    schedules = FeeSchedule.objects.select_for_update() if lock else FeeSchedule.objects.all()
    schedule = schedules.filter(year=year).first()
    if schedule is None:
        raise ValidationError(
            _("There is no fee schedule for %(year)s: the secretariat must set the year's fees first.")
            % {"year": year},
            code="no_fee_schedule",
        )
    return schedule


def check_member_category(organisation: Organisation, employee_count: int | None, year: int) -> None:
    """Refuse a membership an organisation's category cannot hold (and the SME category above its threshold)."""
    if organisation.category not in MEMBER_CATEGORIES:
        raise ValidationError(
            _("A %(category)s cannot become a member; it may apply to take part in the SME programme instead.")
            % {"category": organisation.get_category_display()},
            code="not_a_member_category",
        )
    if organisation.category == OrganisationCategory.SME:
        schedule = fee_schedule(year)
        if not fees.sme_category_allows(employee_count, schedule):
            raise ValidationError(
                {
                    "employee_count": _(
                        "The SME category is for organisations with fewer than %(threshold)s employees."
                    )
                    % {"threshold": schedule.sme_employee_threshold}
                },
                code="above_sme_threshold",
            )


def _next_number(year: int) -> str:
    """The next gapless number of the year (``YearSequence``: two invoices never share one)."""
    return f"{INVOICE_PREFIX}-{year}-{InvoiceSequence.take_next(year):05d}"


def _issue(
    *, actor: Any, organisation: Organisation, charges: list[fees.Charge], issued_on: datetime.date, reason: str
) -> Invoice:
    total = sum((charge.amount for charge in charges), Decimal(0))
    settled = total <= 0
    invoice = Invoice(
        number=_next_number(issued_on.year),
        organisation=organisation,
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=PAYMENT_TERM_DAYS),
        currency="CHF",
        total=total,
        state=InvoiceState.PAID if settled else InvoiceState.ISSUED,
        paid_on=issued_on if settled else None,
    )
    _save(invoice, reason, actor)
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            kind=charge.kind,
            membership=charge.membership,
            year=charge.year,
            subject=charge.subject,
            quantity=charge.quantity,
            unit_price=charge.unit_price,
            amount=charge.amount,
        )
        for charge in charges
    )
    _send_invoice(invoice)
    return invoice


def _send_invoice(invoice: Invoice) -> None:
    """Email the invoice (PDF attached, in each reader's language) to the organisation's representatives."""
    from ponte.core.notifications import queue
    from ponte.membership.tasks import send_invoice

    roles = Role.objects.filter(
        kind=RoleKind.REPRESENTATIVE, organisation=invoice.organisation, revoked_at__isnull=True
    ).select_related("user__person")
    for role in roles:
        language = getattr(getattr(role.user, "person", None), "language", "en")
        # A bill is billing email, always sent (kind None), like account email.
        transaction.on_commit(
            partial(
                queue,
                send_invoice,
                recipient=role.user,
                kind=None,
                invoice_id=invoice.pk,
                to=role.user.email,
                language=language,
            )
        )


@transaction.atomic
def admit_member(*, actor: Any, application: Application) -> list[Membership]:
    """Turn an approved membership application into memberships (one per sector) and bill the year.

    Called by ``approve_application``: the focal point's approval is the admission.
    """
    if application.kind != ApplicationKind.MEMBERSHIP:
        return []
    organisation = application.organisation
    year = timezone.localdate().year
    check_member_category(organisation, application.employee_count, year)
    schedule = fee_schedule(year)
    memberships = []
    for sector in application.sectors.order_by("code"):
        membership = Membership(
            organisation=organisation,
            sector=sector,
            category=organisation.category,
            study_groups=max(1, application.groups.filter(sector=sector).count()),
            start_year=year,
            application=application,
        )
        _save(membership, "membership.membership.admitted", actor)
        _grant_waiver_if_due(actor, membership)
        memberships.append(membership)
    charges = [charge for membership in memberships for charge in fees.membership_charges(membership, schedule)]
    if charges:
        _issue(
            actor=actor,
            organisation=organisation,
            charges=charges,
            issued_on=timezone.localdate(),
            reason="membership.invoice.issued",
        )
    return memberships


def _grant_waiver_if_due(actor: Any, membership: Membership) -> FeeWaiver | None:
    years = fees.waiver_years(membership)
    if years is None:
        return None
    waiver = FeeWaiver(membership=membership, first_year=years[0], last_year=years[1])
    if getattr(actor, "is_authenticated", False):
        waiver.granted_by = actor
    _save(waiver, "membership.fee_waiver.granted", actor)
    return waiver


@transaction.atomic
def issue_annual_invoices(*, actor: Any, year: int) -> list[Invoice]:
    """Bill every membership active in ``year`` that has not been billed for it: one invoice per organisation.

    Running it again bills nobody twice.
    """
    _require(actor, "membership.issue_invoices")
    schedule = fee_schedule(year, lock=True)  # a second run at the same time waits, then finds all billed
    billed = InvoiceLine.objects.filter(year=year, kind=InvoiceLineKind.MEMBERSHIP_FEE, membership__isnull=False)
    memberships = (
        fees.active_memberships(year)
        .filter(category__in=MEMBER_CATEGORIES)
        .exclude(pk__in=billed.values("membership_id"))
        .select_related("organisation__country", "sector")
        .order_by("organisation_id", "sector__code")
    )
    by_organisation: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_organisation.setdefault(membership.organisation_id, []).append(membership)
    today = timezone.localdate()
    issued_on = today if today.year == year else datetime.date(year, 1, 1)
    invoices = []
    for members in by_organisation.values():
        charges = [charge for membership in members for charge in fees.membership_charges(membership, schedule)]
        invoices.append(
            _issue(
                actor=actor,
                organisation=members[0].organisation,
                charges=charges,
                issued_on=issued_on,
                reason="membership.invoice.issued",
            )
        )
    return invoices


@transaction.atomic
def charge_meeting_days(
    *, actor: Any, organisation: Organisation, subject: str, days: int, held_on: datetime.date
) -> Invoice:
    """Staff bill pay-as-you-go participation in a meeting: the year's fee for each meeting day."""
    _require(actor, "membership.charge_meeting_days", organisation)
    return bill_meeting_days(actor=actor, organisation=organisation, subject=subject, days=days, held_on=held_on)


def bill_meeting_days(
    *, actor: Any, organisation: Organisation, subject: str, days: int, held_on: datetime.date
) -> Invoice:
    """Bill meeting days for a service that has checked its own rules (a pay-as-you-go registration)."""
    if days < 1:
        raise ValidationError({"days": _("A meeting lasts at least one day.")}, code="days")
    if not subject.strip():
        raise ValidationError({"subject": _("Name the meeting.")}, code="subject")
    schedule = fee_schedule(held_on.year)
    charge = fees.meeting_day_charge(schedule, subject=subject.strip(), days=days)
    return _issue(
        actor=actor,
        organisation=organisation,
        charges=[charge],
        issued_on=timezone.localdate(),
        reason="membership.invoice.issued",
    )


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("organisation").get(pk=invoice.pk)


@transaction.atomic
def record_payment(
    *,
    actor: Any,
    invoice: Invoice,
    amount: Decimal,
    received_on: datetime.date,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str = "",
    statement_entry: BankStatementEntry | None = None,
) -> Payment:
    """Record money received against an invoice; the invoice is paid once its payments reach its total."""
    invoice = _locked(invoice)
    _require(actor, "membership.record_payment", invoice)
    if invoice.state == InvoiceState.CANCELLED:
        raise ValidationError(_("Invoice %(number)s is cancelled.") % {"number": invoice.number}, code="cancelled")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("A payment cannot be received in the future.")}, code="future")
    payment = Payment(
        invoice=invoice,
        amount=amount,
        currency=invoice.currency,
        received_on=received_on,
        method=method,
        reference=reference,
        statement_entry=statement_entry,
        recorded_by=actor,
    )
    _save(payment, "membership.payment.recorded", actor)
    paid = invoice.payments.aggregate(paid=Sum("amount"))["paid"] or Decimal(0)
    if invoice.state == InvoiceState.ISSUED and paid >= invoice.total:
        invoice.state = InvoiceState.PAID
        invoice.paid_on = received_on
        _save(invoice, "membership.invoice.paid", actor)
        invoice_paid.send(sender=Invoice, invoice=invoice, actor=actor)
    return payment


@transaction.atomic
def cancel_invoice(*, actor: Any, invoice: Invoice, reason: str) -> Invoice:
    """Cancel an invoice nobody has paid anything on; what it charged is not charged again."""
    invoice = _locked(invoice)
    _require(actor, "membership.cancel_invoice", invoice)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the invoice is cancelled.")}, code="reason")
    if invoice.state != InvoiceState.ISSUED or invoice.payments.exists():
        raise ValidationError(_("Only a due invoice with no payment can be cancelled."), code="not_cancellable")
    invoice.state = InvoiceState.CANCELLED
    invoice.cancellation_reason = reason.strip()
    _save(invoice, "membership.invoice.cancelled", actor)
    return invoice


@transaction.atomic
def match_statement_entry(*, actor: Any, entry: BankStatementEntry, invoice: Invoice) -> Payment:
    """Staff match a credit the import could not match (no or wrong invoice number) to an invoice."""
    entry = BankStatementEntry.objects.select_for_update().get(pk=entry.pk)
    _require(actor, "membership.import_bank_statement")
    if entry.invoice_id is not None or Payment.objects.filter(statement_entry=entry).exists():
        raise ValidationError(_("This bank entry already paid an invoice."), code="already_matched")
    if entry.currency != invoice.currency:
        raise ValidationError(
            _("The entry is in %(entry)s but the invoice in %(invoice)s.")
            % {"entry": entry.currency, "invoice": invoice.currency},
            code="currency",
        )
    payment = record_payment(
        actor=actor,
        invoice=invoice,
        amount=entry.amount,
        received_on=entry.booked_on,
        reference=entry.reference,
        statement_entry=entry,
    )
    entry.invoice = invoice
    entry.problem = ""
    _save(entry, "membership.bank_statement.matched", actor)
    return payment


@transaction.atomic
def withdraw_invoice(*, actor: Any, invoice: Invoice, reason: str) -> Invoice:
    """Cancel an unpaid invoice because what it billed was called off by its own holder (a registration
    cancelled by the participant): no staff right needed, but never once anything has been paid."""
    invoice = _locked(invoice)
    if invoice.state != InvoiceState.ISSUED or invoice.payments.exists():
        return invoice
    invoice.state = InvoiceState.CANCELLED
    invoice.cancellation_reason = reason
    _save(invoice, "membership.invoice.withdrawn", actor)
    return invoice
