"""Payments read from a bank statement: matched by invoice number, all rows or none, the same file twice is harmless."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ponte.core.models import Sector
from ponte.membership import services
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.importers import import_bank_statement
from ponte.membership.models import BankStatementEntry, FeeSchedule, Invoice, InvoiceState, Membership, Payment
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_march_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def invoices(secretariat) -> list[Invoice]:
    FeeSchedule.objects.create(year=2026, **DEMO_SCHEDULE)
    for name in ("Berlin Photonics", "Lyon Radio"):
        organisation = OrganisationFactory(name=name, category="sector_member", country=country("DEU"))
        Membership.objects.create(
            organisation=organisation,
            sector=Sector.objects.get(code="ITU-T"),
            category="sector_member",
            contributory_units=Decimal("0.5"),
            start_year=2020,
        )
    return services.issue_annual_invoices(actor=secretariat, year=2026)  # 15,900.00 CHF each


STATEMENT = """date,amount,currency,reference,transaction_id
2026-03-05,15900.00,CHF,Payment PON-2026-00001 Berlin Photonics,TX-1
2026-03-06,-120.00,CHF,Bank charges,TX-2
2026-03-07,5000.00,CHF,pon-2026-00002 part 1,TX-3
2026-03-08,250.00,CHF,Donation without reference,TX-4
2026-03-09,100.00,CHF,PON-2026-00999,TX-5
"""


def _import(user, text: str, name: str = "statement.csv"):
    return import_bank_statement(actor=user, file_name=name, content=text.encode())


def test_credits_pay_the_invoices_they_name_and_the_rest_waits_for_staff(secretariat, invoices) -> None:
    report = _import(secretariat, STATEMENT)
    assert report.ok
    assert report.paid == [(2, "PON-2026-00001", Decimal("15900.00")), (4, "PON-2026-00002", Decimal("5000.00"))]
    assert report.debits_skipped == 1
    assert [line for line, _reason in report.unmatched] == [5, 6]
    first, second = (Invoice.objects.get(number=invoice.number) for invoice in invoices)
    assert (first.state, first.paid_on) == (InvoiceState.PAID, datetime.date(2026, 3, 5))
    assert second.state == InvoiceState.ISSUED
    assert BankStatementEntry.objects.filter(invoice__isnull=True).count() == 2


def test_importing_the_same_statement_again_changes_nothing(secretariat, invoices) -> None:
    _import(secretariat, STATEMENT)
    payments, entries = Payment.objects.count(), BankStatementEntry.objects.count()
    again = _import(secretariat, STATEMENT)
    assert again.ok and again.paid == [] and again.unmatched == []
    assert again.already_imported == 4
    assert (Payment.objects.count(), BankStatementEntry.objects.count()) == (payments, entries)


def test_rows_without_bank_ids_are_told_apart_by_their_occurrence(secretariat, invoices) -> None:
    twice = (
        "date,amount,currency,reference\n2026-03-05,100.00,CHF,PON-2026-00002\n2026-03-05,100.00,CHF,PON-2026-00002\n"
    )
    assert len(_import(secretariat, twice).paid) == 2
    assert _import(secretariat, twice).already_imported == 2
    assert Payment.objects.count() == 2


def test_one_unreadable_row_rejects_the_whole_statement_with_a_report(secretariat, invoices) -> None:
    bad = STATEMENT + "05/03/2026,1O0.00,CH,PON-2026-00002,TX-6\n2026-03-10,1.00,CHF,PON-2026-00002,TX-1\n"
    report = _import(secretariat, bad)
    assert not report.ok
    assert {(error.line, error.column) for error in report.errors} == {
        (7, "date"),
        (7, "amount"),
        (7, "currency"),
        (8, "transaction_id"),
    }
    assert not Payment.objects.exists() and not BankStatementEntry.objects.exists()


def test_a_statement_without_the_columns_is_refused(secretariat, invoices) -> None:
    report = _import(secretariat, "when,how much\n2026-03-05,1\n")
    assert not report.ok and "Missing columns: amount, currency, date, reference" in report.errors[0].reason


def test_xlsx_statements_are_read_too(secretariat, invoices) -> None:
    workbook = Workbook()
    sheet = workbook.create_sheet("Statement", 0)
    sheet.append(["Date", "Amount", "Currency", "Reference"])
    sheet.append(["2026-03-05", 15900, "CHF", "PON-2026-00001"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_bank_statement(actor=secretariat, file_name="march.xlsx", content=buffer.getvalue())
    assert report.ok and report.paid == [(2, "PON-2026-00001", Decimal("15900.00"))]


def test_staff_match_an_unmatched_credit_by_hand(secretariat, invoices) -> None:
    _import(secretariat, STATEMENT)
    entry = BankStatementEntry.objects.get(reference="Donation without reference")
    client = signed_in(secretariat)
    url = reverse("membership:statement_entry_match", args=[entry.pk])
    client.post(url, {"invoice": "PON-2026-00002"})
    entry.refresh_from_db()
    assert entry.invoice is not None and entry.invoice.number == "PON-2026-00002"
    assert Payment.objects.filter(statement_entry=entry, amount=Decimal("250.00")).exists()
    response = client.post(url, {"invoice": "PON-2026-00002"}, follow=True)
    assert "already paid an invoice" in response.content.decode()
    assert Payment.objects.filter(statement_entry=entry).count() == 1


def test_the_statement_page_reports_every_bad_row(secretariat, invoices) -> None:
    client = signed_in(secretariat)
    upload = SimpleUploadedFile("s.csv", b"date,amount,currency,reference\nnot-a-date,1,CHF,x\n", "text/csv")
    response = client.post(reverse("membership:bank_statement"), {"file": upload})
    assert response.status_code == 400
    assert "The statement was not imported: 1 problem to fix." in response.content.decode()
    upload = SimpleUploadedFile("s.csv", STATEMENT.encode(), "text/csv")
    response = client.post(reverse("membership:bank_statement"), {"file": upload})
    assert response.status_code == 200
    assert "2 payments recorded." in response.content.decode()


def test_only_the_secretariat_imports_statements(representative, invoices) -> None:
    with pytest.raises(PermissionDenied):
        _import(representative, STATEMENT)
