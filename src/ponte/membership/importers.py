"""Files read into the app, all rows or none: an SME association's batch of member SMEs, and bank statements.

An SME batch has the columns ``name, country, employee_count, annual_turnover, turnover_currency,
groups, website`` — ``country`` as ISO 3166 alpha-3, ``groups`` as
``SECTOR CODE`` separated by ``;`` (``ITU-T SG20; ITU-D SG2``). Every row is
checked first; if any is wrong, nothing is saved and the report lists every
bad row (line, column, reason).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.core.imports import RowError, read_table
from ponte.core.models import Country, Group, Organisation
from ponte.membership import services
from ponte.membership.models import BankStatementEntry, Invoice, InvoiceState, StatementProblem

COLUMNS = ["name", "country", "employee_count", "annual_turnover", "turnover_currency", "groups", "website"]
REQUIRED_COLUMNS = {"name", "country", "employee_count", "groups"}


@dataclass
class BatchReport:
    """What happened to a file: the applications created, or every error found (then nothing was saved)."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class BatchRowForm(forms.Form):
    name = forms.CharField(max_length=255)
    country = forms.CharField(max_length=3)
    employee_count = forms.IntegerField(min_value=0)
    annual_turnover = forms.DecimalField(min_value=0, max_digits=16, decimal_places=2, required=False)
    turnover_currency = forms.CharField(max_length=3, required=False)
    groups = forms.CharField()
    website = forms.URLField(required=False, assume_scheme="https")

    def __init__(self, *args: Any, countries: dict[str, Country], groups: dict[str, Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._countries = countries
        self._groups = groups

    def clean_country(self) -> Country:
        code = self.cleaned_data["country"].strip().upper()
        country = self._countries.get(code)
        if country is None:
            raise forms.ValidationError(gettext_lazy("Unknown country code: give ISO 3166 alpha-3, e.g. ARG."))
        return country

    def clean_groups(self) -> list[Group]:
        labels = [label.strip() for label in self.cleaned_data["groups"].split(";") if label.strip()]
        unknown = [label for label in labels if " ".join(label.split()).upper() not in self._groups]
        if unknown or not labels:
            raise forms.ValidationError(
                gettext_lazy("Unknown group(s): %(groups)s. Write them like “ITU-T SG20; ITU-D SG2”.")
                % {"groups": ", ".join(unknown) or "—"}
            )
        return [self._groups[" ".join(label.split()).upper()] for label in labels]

    def clean_turnover_currency(self) -> str:
        currency = (self.cleaned_data.get("turnover_currency") or "CHF").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(gettext_lazy("Give the three-letter currency code, e.g. CHF."))
        return currency


def import_sme_batch(*, actor: Any, association: Organisation, file_name: str, content: bytes) -> BatchReport:
    """Check every row, then submit them all in one transaction, or none."""
    if not actor.has_perm("membership.endorse_for", association):
        raise PermissionDenied("membership.endorse_for")
    report = BatchReport()
    rows = read_table(file_name, content, REQUIRED_COLUMNS, report.errors)
    if not report.ok:
        return report
    valid = _validate(rows, report)
    if not report.ok:
        return report
    with transaction.atomic():
        for line, data in valid:
            try:
                with transaction.atomic():
                    services.submit_endorsed_application(actor=actor, association=association, **data)
            except ValidationError as error:
                for column, messages in _messages(error):
                    report.errors.extend(RowError(line, column, message) for message in messages)
        if not report.ok:
            transaction.set_rollback(True)  # one bad row: the whole file is undone
            return report
    report.created = len(valid)
    return report


def _validate(rows: list[dict[str, str]], report: BatchReport) -> list[tuple[int, dict[str, Any]]]:
    countries = {country.alpha3: country for country in Country.objects.all()}
    groups = {f"{g.sector.code} {g.code}".upper(): g for g in Group.objects.select_related("sector")}
    valid: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        form = BatchRowForm({column: row.get(column, "") for column in COLUMNS}, countries=countries, groups=groups)
        if not form.is_valid():
            for column, messages in form.errors.items():
                report.errors.extend(RowError(line, column, str(message)) for message in messages)
            continue
        data = dict(form.cleaned_data)
        key = (data["name"].casefold(), data["country"].alpha3)
        if key in seen:
            reason = _("The same SME is already on line %(line)s.") % {"line": seen[key]}
            report.errors.append(RowError(line, "name", reason))
            continue
        seen[key] = line
        valid.append((line, data))
    return valid


def _messages(error: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return [(column, list(messages)) for column, messages in error.message_dict.items()]
    return [("", list(error.messages))]


# --- Bank statements -------------------------------------------------------------------------------------------
# Columns: ``date, amount, currency, reference`` and optionally ``transaction_id`` (the bank's own id). A credit
# whose reference holds an invoice number (PON-2026-00042) pays that invoice; one that cannot be matched is kept
# for staff to match by hand; debits are skipped. Each entry has a key (the bank's id, or a digest of the row and
# its occurrence in the file), so importing the same statement again changes nothing.

STATEMENT_COLUMNS = ["date", "amount", "currency", "reference", "transaction_id"]
STATEMENT_REQUIRED = {"date", "amount", "currency", "reference"}
INVOICE_NUMBER = re.compile(r"\b[A-Z]{3}-\d{4}-\d{5}\b")


@dataclass
class StatementReport:
    """What a bank statement did: payments recorded, entries seen before, entries left to match by hand."""

    paid: list[tuple[int, str, Decimal]] = field(default_factory=list)  # (line, invoice number, amount)
    already_imported: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    debits_skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class StatementRowForm(forms.Form):
    date = forms.DateField(input_formats=["%Y-%m-%d"])
    amount = forms.DecimalField(max_digits=14, decimal_places=2)
    currency = forms.CharField(max_length=3, min_length=3)
    reference = forms.CharField(max_length=255, required=False)
    transaction_id = forms.CharField(max_length=100, required=False)

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if not currency.isalpha():
            raise forms.ValidationError(gettext_lazy("Give the three-letter currency code, e.g. CHF."))
        return currency


@dataclass(frozen=True)
class _Credit:
    line: int
    key: str
    data: dict[str, Any]


def import_bank_statement(*, actor: Any, file_name: str, content: bytes) -> StatementReport:
    """Read a bank statement; record a payment for each new credit that names a due invoice. All rows or none."""
    if not actor.has_perm("membership.import_bank_statement"):
        raise PermissionDenied("membership.import_bank_statement")
    report = StatementReport()
    rows = read_table(file_name, content, STATEMENT_REQUIRED, report.errors)
    if not report.ok:
        return report
    credits = _statement_credits(rows, report)
    if not report.ok:
        return report
    with transaction.atomic():
        _book_credits(actor, credits, report)
        if not report.ok:
            transaction.set_rollback(True)
            report.paid.clear()
            report.unmatched.clear()
            report.already_imported = 0
    return report


def _statement_credits(rows: list[dict[str, str]], report: StatementReport) -> list[_Credit]:
    credits: list[_Credit] = []
    occurrences: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        values = {column: row.get(column, "") for column in STATEMENT_COLUMNS}
        values["amount"] = values["amount"].replace("'", "").replace(" ", "")
        form = StatementRowForm(values)
        if not form.is_valid():
            for column, messages in form.errors.items():
                report.errors.extend(RowError(line, column, str(message)) for message in messages)
            continue
        data = dict(form.cleaned_data)
        if data["amount"] <= 0:
            report.debits_skipped += 1
            continue
        bank_id = data["transaction_id"].strip()
        if bank_id:
            if bank_id in seen_ids:
                reason = _("The same transaction is already on line %(line)s.") % {"line": seen_ids[bank_id]}
                report.errors.append(RowError(line, "transaction_id", reason))
                continue
            seen_ids[bank_id] = line
            key = hashlib.sha256(f"id|{bank_id}".encode()).hexdigest()
        else:
            content = f"{data['date']}|{data['amount']}|{data['currency']}|{data['reference'].strip()}"
            occurrences[content] = occurrences.get(content, 0) + 1
            key = hashlib.sha256(f"row|{content}|{occurrences[content]}".encode()).hexdigest()
        credits.append(_Credit(line, key, data))
    return credits


def _book_credits(actor: Any, credits: list[_Credit], report: StatementReport) -> None:
    known = set(BankStatementEntry.objects.filter(key__in=[c.key for c in credits]).values_list("key", flat=True))
    numbers = {match.group(0) for c in credits if (match := INVOICE_NUMBER.search(c.data["reference"].upper()))}
    invoices = {invoice.number: invoice for invoice in Invoice.objects.filter(number__in=numbers)}
    for credit in credits:
        if credit.key in known:
            report.already_imported += 1
            continue
        data = credit.data
        match = INVOICE_NUMBER.search(data["reference"].upper())
        invoice = invoices.get(match.group(0)) if match else None
        problem = _problem(match is not None, invoice, data["currency"])
        entry = BankStatementEntry(
            key=credit.key,
            booked_on=data["date"],
            amount=data["amount"],
            currency=data["currency"],
            reference=data["reference"].strip(),
            invoice=None if problem else invoice,
            problem=problem,
            imported_by=actor,
        )
        entry._change_reason = "membership.bank_statement.imported"  # type: ignore[attr-defined]
        entry.save()
        if problem or invoice is None:
            report.unmatched.append((credit.line, str(StatementProblem(problem).label)))
            continue
        try:
            services.record_payment(
                actor=actor,
                invoice=invoice,
                amount=data["amount"],
                received_on=data["date"],
                reference=entry.reference,
                statement_entry=entry,
            )
        except ValidationError as error:
            for column, messages in _messages(error):
                report.errors.extend(RowError(credit.line, column or "reference", message) for message in messages)
            continue
        report.paid.append((credit.line, invoice.number, data["amount"]))


def _problem(names_invoice: bool, invoice: Invoice | None, currency: str) -> str:
    if not names_invoice:
        return StatementProblem.NO_INVOICE_NUMBER
    if invoice is None:
        return StatementProblem.UNKNOWN_INVOICE
    if invoice.state == InvoiceState.CANCELLED:
        return StatementProblem.CANCELLED
    if invoice.currency != currency:
        return StatementProblem.CURRENCY
    return ""
