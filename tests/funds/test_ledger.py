"""The BSG fund's ledger: receipts by source, disbursements by purpose charged to a source that can pay, balances
carried over from year to year, entries that never change (a mistake is reversed), numbers without gaps."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from ponte.core.models import RoleKind
from ponte.funds import selectors, services
from ponte.funds.models import ImmutableEntryError, LedgerEntry
from tests.factories import country, group, with_role
from tests.funds.conftest import disbursement, receipt

pytestmark = pytest.mark.django_db


def _errors(refused: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    """Each field's first error code."""
    return {field: errors[0].code or "" for field, errors in refused.value.error_dict.items()}


# --- Recording -------------------------------------------------------------------------------------------------


def test_entries_are_numbered_without_gaps_in_each_financial_year(in_may_2026, secretariat) -> None:
    first = receipt(secretariat, "partner_contribution", "1000.00", 2026)
    second = disbursement(secretariat, "partner_contribution", "training", "400.00", 2026)
    earlier = receipt(secretariat, "voluntary_private", "250.50", 2025)
    assert [first.number, second.number, earlier.number] == ["BSG-2026-00001", "BSG-2026-00002", "BSG-2025-00001"]
    assert (second.kind, second.amount, second.currency, second.recorded_by) == (
        "disbursement",
        Decimal("400.00"),
        "CHF",
        secretariat,
    )


def test_history_says_who_recorded_what_and_why(in_may_2026, secretariat) -> None:
    entry = receipt(secretariat, "partner_contribution", "1000.00", 2026)
    record = entry.history.get()
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        secretariat,
        "funds.receipt.recorded",
        "+",
    )


def test_a_refused_entry_takes_no_number(in_may_2026, secretariat) -> None:
    receipt(secretariat, "partner_contribution", "1000.00", 2026)
    with pytest.raises(ValidationError):
        disbursement(secretariat, "partner_contribution", "training", "1000.01", 2026)
    assert disbursement(secretariat, "partner_contribution", "training", "1000.00", 2026).number == "BSG-2026-00002"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"amount": "0"}, "amount", "amount"),
        ({"amount": "-5"}, "amount", "amount"),
        ({"amount": "10.005"}, "amount", "decimals"),
        ({"currency": "chf"}, "currency", "currency"),
        ({"currency": "FRANCS"}, "currency", "currency"),
        ({"source": "lottery"}, "source", "source"),
        ({"booked_on": datetime.date(2026, 5, 5)}, "booked_on", "future"),
        ({"year": 1999}, "year", "year"),
        ({"year": 2029}, "year", "year"),
        ({"description": "  "}, "description", "description"),
    ],
)
def test_bad_receipts_are_refused_at_their_field(in_may_2026, secretariat, change, field, code) -> None:
    values = {
        "source": "partner_contribution",
        "amount": Decimal(change.pop("amount", "100.00")),
        "booked_on": datetime.date(2026, 5, 4),
        "description": "A contribution",
        **change,
    }
    with pytest.raises(ValidationError) as refused:
        services.record_receipt(actor=secretariat, **values)
    assert _errors(refused)[field] == code
    assert not LedgerEntry.objects.exists()


def test_a_voluntary_contribution_of_a_developing_country_names_a_developing_country(in_may_2026, secretariat) -> None:
    with pytest.raises(ValidationError) as nameless:
        receipt(secretariat, "voluntary_developing", "100.00", 2026)
    assert _errors(nameless) == {"country": "country"}
    with pytest.raises(ValidationError, match="Japan is not a developing country") as developed:
        receipt(secretariat, "voluntary_developing", "100.00", 2026, country=country("JPN"))
    assert _errors(developed) == {"country": "not_developing"}
    entry = receipt(secretariat, "voluntary_developing", "100.00", 2026, country=country("SEN"))
    assert entry.country == country("SEN")


def test_a_disbursement_says_what_it_pays_for(in_may_2026, secretariat) -> None:
    receipt(secretariat, "partner_contribution", "1000.00", 2026)
    with pytest.raises(ValidationError) as refused:
        disbursement(secretariat, "partner_contribution", "party", "100.00", 2026)
    assert _errors(refused) == {"purpose": "purpose"}


def test_only_the_secretariat_records_and_reverses(in_may_2026, secretariat, egypt_focal_point, representative) -> None:
    entry = receipt(secretariat, "partner_contribution", "1000.00", 2026)
    for user in (egypt_focal_point, representative):
        with pytest.raises(PermissionDenied):
            receipt(user, "partner_contribution", "1000.00", 2026)
        with pytest.raises(PermissionDenied):
            disbursement(user, "partner_contribution", "training", "10.00", 2026)
        with pytest.raises(PermissionDenied):
            services.reverse_entry(actor=user, entry=entry, reason="No")
    assert LedgerEntry.objects.count() == 1


# --- Never overdrawn -------------------------------------------------------------------------------------------


def test_a_disbursement_the_source_cannot_cover_is_refused(in_may_2026, secretariat) -> None:
    receipt(secretariat, "partner_contribution", "1000.00", 2026)
    receipt(secretariat, "additional_budget", "5000.00", 2026)
    with pytest.raises(ValidationError) as refused:
        disbursement(secretariat, "partner_contribution", "training", "1200.00", 2026)
    assert _errors(refused) == {"source": "overdraw"}
    assert refused.value.message_dict["source"] == [
        "The fund cannot pay CHF 1200.00 from “Partner contribution”: it has CHF 1000.00 available in 2026."
    ]
    # The other source can; and the first can pay exactly what it has.
    disbursement(secretariat, "additional_budget", "training", "1200.00", 2026)
    disbursement(secretariat, "partner_contribution", "training", "1000.00", 2026)
    assert selectors.available(source="partner_contribution", currency="CHF", year=2026) == Decimal("0.00")


def test_each_currency_has_its_own_balance(in_may_2026, secretariat) -> None:
    receipt(secretariat, "voluntary_private", "8000.00", 2026, currency="USD")
    with pytest.raises(ValidationError) as refused:
        disbursement(secretariat, "voluntary_private", "consultancy", "10.00", 2026)
    assert _errors(refused) == {"source": "overdraw"}
    entry = disbursement(secretariat, "voluntary_private", "consultancy", "7999.99", 2026, currency="USD")
    assert entry.currency == "USD"
    assert selectors.available(source="voluntary_private", currency="USD", year=2026) == Decimal("0.01")


def test_money_spent_in_a_later_year_cannot_be_spent_again(in_may_2026, secretariat) -> None:
    receipt(secretariat, "partner_contribution", "10000.00", 2025)
    disbursement(secretariat, "partner_contribution", "training", "8000.00", 2026)
    # 2025 closes at 10,000, but 8,000 of it is spent in 2026: only 2,000 is left for 2025.
    assert selectors.available(source="partner_contribution", currency="CHF", year=2025) == Decimal("2000.00")
    with pytest.raises(ValidationError, match=r"CHF 2000\.00 available in 2025"):
        disbursement(secretariat, "partner_contribution", "consultancy", "2000.01", 2025)
    disbursement(secretariat, "partner_contribution", "consultancy", "2000.00", 2025)


def test_a_receipt_that_was_spent_cannot_be_reversed(in_may_2026, secretariat) -> None:
    money = receipt(secretariat, "partner_contribution", "1000.00", 2026)
    disbursement(secretariat, "partner_contribution", "training", "600.00", 2026)
    with pytest.raises(ValidationError) as refused:
        services.reverse_entry(actor=secretariat, entry=money, reason="The partner withdrew")
    assert _errors(refused) == {"source": "overdraw"}


# --- Never changed, reversed once ------------------------------------------------------------------------------


def test_an_entry_is_never_changed_nor_deleted(in_may_2026, secretariat) -> None:
    entry = receipt(secretariat, "partner_contribution", "1000.00", 2026)
    entry.amount = Decimal("10.00")
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        entry.delete()
    with pytest.raises(ImmutableEntryError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("10.00"))
    with pytest.raises(ImmutableEntryError):
        LedgerEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("1000.00") and entry.history.count() == 1


def test_the_admin_only_shows_entries(secretariat) -> None:
    model_admin = admin.site._registry[LedgerEntry]
    request = RequestFactory().get("/")
    request.user = secretariat
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_reversal_is_the_exact_opposite_and_restores_the_balance(ledger, secretariat) -> None:
    mistake, reversal = ledger["mistake"], ledger["reversal"]
    assert (reversal.kind, reversal.year, reversal.source, reversal.purpose, reversal.currency) == (
        mistake.kind,
        mistake.year,
        mistake.source,
        mistake.purpose,
        mistake.currency,
    )
    assert (reversal.amount, reversal.booked_on, reversal.reverses, reversal.description) == (
        Decimal("-1000.00"),
        datetime.date(2026, 5, 4),
        mistake,
        "Recorded twice",
    )
    assert reversal.history.get().history_change_reason == "funds.entry.reversed"
    assert selectors.available(source="additional_budget", currency="CHF", year=2026) == Decimal("50000.00")


def test_an_entry_is_reversed_once_and_a_reversal_is_not_reversed(ledger, secretariat) -> None:
    with pytest.raises(ValidationError) as again:
        services.reverse_entry(actor=secretariat, entry=ledger["mistake"], reason="Again")
    assert again.value.code == "already_reversed"
    with pytest.raises(ValidationError) as back:
        services.reverse_entry(actor=secretariat, entry=ledger["reversal"], reason="Undo")
    assert back.value.code == "reversal_of_reversal"
    with pytest.raises(ValidationError) as silent:
        services.reverse_entry(actor=secretariat, entry=ledger["studies"], reason=" ")
    assert _errors(silent) == {"reason": "reason"}
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"kind": "receipt", "purpose": "training"}, "ledger_entry_purpose_iff_disbursement"),
        ({"kind": "disbursement", "purpose": ""}, "ledger_entry_purpose_iff_disbursement"),
        ({"amount": Decimal(0)}, "ledger_entry_original_positive_reversal_negative"),
        ({"amount": Decimal(-5)}, "ledger_entry_original_positive_reversal_negative"),
        ({"source": "lottery"}, "ledger_entry_source_known"),
    ],
)
def test_the_database_refuses_what_the_rules_refuse(secretariat, fields, constraint) -> None:
    values = {
        "number": "BSG-2026-99999",
        "kind": "receipt",
        "year": 2026,
        "booked_on": datetime.date(2026, 1, 5),
        "source": "partner_contribution",
        "amount": Decimal(10),
        "description": "Bypassing the services",
        "recorded_by": secretariat,
        **fields,
    }
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        LedgerEntry.objects.create(**values)


# --- The report ------------------------------------------------------------------------------------------------


def test_balances_per_source_carry_over_from_year_to_year(ledger, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        report = selectors.fund_report(year=2026)
    (chf,) = report.currencies
    balances = {b.source: (b.opening, b.receipts, b.disbursements, b.closing) for b in chf.by_source}
    assert balances == {
        "partner_contribution": (Decimal("70000.00"), Decimal(0), Decimal("40000.00"), Decimal("30000.00")),
        "additional_budget": (Decimal(0), Decimal("50000.00"), Decimal(0), Decimal("50000.00")),
        "voluntary_developing": (Decimal("15000.00"), Decimal(0), Decimal(0), Decimal("15000.00")),
        "voluntary_private": (Decimal(0), Decimal(0), Decimal(0), Decimal(0)),
        "voluntary_other": (Decimal(0), Decimal(0), Decimal(0), Decimal(0)),
    }
    assert (chf.total.opening, chf.total.receipts, chf.total.disbursements, chf.total.closing) == (
        Decimal("85000.00"),
        Decimal("50000.00"),
        Decimal("40000.00"),  # the mistaken 1,000 and its reversal cancel out
        Decimal("95000.00"),
    )
    assert dict(chf.by_purpose) == {
        "delegate_assistance": Decimal(0),
        "consultancy": Decimal(0),
        "training": Decimal(0),
        "conformity_studies": Decimal("40000.00"),
    }
    years = [(b.year, b.opening, b.receipts, b.disbursements, b.closing) for b in chf.by_year]
    assert years == [
        (2025, Decimal(0), Decimal("120000.00"), Decimal("35000.00"), Decimal("85000.00")),
        (2026, Decimal("85000.00"), Decimal("50000.00"), Decimal("40000.00"), Decimal("95000.00")),
    ]
    assert report.years == (2026, 2025)


def test_the_report_of_all_years_and_of_a_year_with_nothing(ledger) -> None:
    (every,) = selectors.fund_report(year=None).currencies
    assert (every.total.opening, every.total.receipts, every.total.disbursements) == (
        Decimal(0),
        Decimal("170000.00"),
        Decimal("75000.00"),
    )
    assert dict(every.by_purpose)["training"] == Decimal("5000.00")
    assert selectors.fund_report(year=2020).currencies == ()
    (later,) = selectors.fund_report(year=2027).currencies  # nothing moved, but the money is still there
    assert (later.total.opening, later.total.closing) == (Decimal("95000.00"), Decimal("95000.00"))


def test_the_richest_source_pays_by_default(ledger) -> None:
    available = selectors.available_by_source(currency="CHF", year=2026)
    assert available["additional_budget"] == Decimal("50000.00")
    assert selectors.richest_source(available) == "additional_budget"


def test_the_entries_list_reads_in_one_query(ledger, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        rows = [(e.number, e.reverses, getattr(e, "reversal", None)) for e in selectors.entries(year=2026)]
    assert [number for number, _r, _s in rows] == [
        "BSG-2026-00004",
        "BSG-2026-00003",
        "BSG-2026-00002",
        "BSG-2026-00001",
    ]
    assert [e.number for e in selectors.entries(kind="disbursement", source="partner_contribution")] == [
        "BSG-2026-00002",
        "BSG-2025-00003",
    ]
    assert [e.number for e in selectors.entries(purpose="training")] == [
        "BSG-2026-00004",
        "BSG-2026-00003",
        "BSG-2025-00004",
    ]


def test_the_report_is_everyones_the_entries_the_secretariats(egypt_focal_point, representative, secretariat) -> None:
    expert = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    for user in (egypt_focal_point, representative, expert):
        assert user.has_perm("funds.view_report")
        assert not any(user.has_perm(f"funds.{perm}") for perm in ("view_entries", "record_entry", "reverse_entry"))
    assert all(secretariat.has_perm(f"funds.{perm}") for perm in ("view_entries", "record_entry", "reverse_entry"))
