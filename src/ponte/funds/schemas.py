"""API input and output shapes of the BSG fund: the public report and the secretariat's ledger entries.

Amounts are exact decimal strings with two places ("12500.00"), always next to their currency (ISO 4217).

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from ponte.funds.models import DisbursementPurpose, EntryKind, FundSource, LedgerEntry
from ponte.funds.selectors import Balance, CurrencyReport, FundReport

CENT = Decimal("0.01")
MONEY = "An exact decimal string with two places, in the currency given with it."


def money(amount: Decimal) -> str:
    """An amount as an exact decimal string with two places, e.g. "-1000.00"."""
    return str(amount.quantize(CENT))


# --- The public report ------------------------------------------------------------------------------------------


class ReportQuery(Schema):
    year: str | None = Field(
        None,
        pattern=r"^(all|[0-9]{4})$",
        description="A financial year with entries, or all for every year; by default the latest year with entries "
        "(as on the page).",
    )


class BalanceOut(Schema):
    opening: str = Field(description="Carried over from the earlier years (0.00 for all years). " + MONEY)
    receipts: str = Field(description=MONEY)
    disbursements: str = Field(description=MONEY)
    closing: str = Field(description="Opening plus receipts minus disbursements. " + MONEY)


class SourceBalanceOut(BalanceOut):
    source: FundSource
    label: str = Field(description="The source's name, in the language of the request.")


class YearBalanceOut(BalanceOut):
    year: int


class PurposeOut(Schema):
    purpose: DisbursementPurpose
    label: str = Field(description="The purpose's name, in the language of the request.")
    amount: str = Field(description="Disbursed in the period, net of reversals. " + MONEY)


class CurrencyReportOut(Schema):
    currency: str = Field(description="ISO 4217 code, e.g. CHF.")
    total: BalanceOut = Field(description="All sources together, for the period.")
    by_source: list[SourceBalanceOut] = Field(description="Every source, for the period.")
    by_purpose: list[PurposeOut] = Field(description="Every purpose, for the period.")
    by_year: list[YearBalanceOut] = Field(description="Every year from the first entry to the last, all sources.")


class FundReportOut(Schema):
    year: int | None = Field(description="The financial year shown; null for all years.")
    years: list[int] = Field(description="The financial years with entries, latest first.")
    currencies: list[CurrencyReportOut] = Field(description="The currencies with figures, CHF first.")


def _balance(balance: Balance) -> dict[str, str]:
    return {
        "opening": money(balance.opening),
        "receipts": money(balance.receipts),
        "disbursements": money(balance.disbursements),
        "closing": money(balance.closing),
    }


def _currency(report: CurrencyReport) -> dict[str, Any]:
    return {
        "currency": report.currency,
        "total": _balance(report.total),
        "by_source": [
            {"source": each.source, "label": str(FundSource(each.source).label), **_balance(each)}
            for each in report.by_source
        ],
        "by_purpose": [
            {"purpose": purpose, "label": str(DisbursementPurpose(purpose).label), "amount": money(amount)}
            for purpose, amount in report.by_purpose
        ],
        "by_year": [{"year": each.year, **_balance(each)} for each in report.by_year],
    }


def report_out(report: FundReport) -> dict[str, Any]:
    """The report's figures for ``FundReportOut``."""
    return {
        "year": report.year,
        "years": list(report.years),
        "currencies": [_currency(each) for each in report.currencies],
    }


# --- The secretariat's ledger -----------------------------------------------------------------------------------


class EntryFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="A financial year with entries.")
    kind: EntryKind | None = None
    source: FundSource | None = Field(
        None, description="Where a receipt came from, or what a disbursement is charged to."
    )
    purpose: DisbursementPurpose | None = Field(None, description="What a disbursement pays for.")

    def form_data(self) -> dict[str, str]:
        """The chosen filters as the page's filter form receives them."""
        return {name: str(value) for name, value in self.model_dump(mode="json", exclude_none=True).items()}


class OrganisationRefOut(Schema):
    id: int
    name: str


class CountryRefOut(Schema):
    code: str = Field(description="ISO 3166 alpha-3.")
    name: str


class FellowshipRefOut(Schema):
    id: int
    person: str = Field(description="The fellow's name.")
    meeting: str = Field(description="The meeting's code.")


class LedgerEntryOut(Schema):
    number: str = Field(description="Gapless per financial year, e.g. BSG-2026-00001.")
    kind: EntryKind
    kind_label: str = Field(description="In the language of the request.")
    year: int = Field(description="The financial year.")
    booked_on: datetime.date
    source: FundSource = Field(description="Where a receipt came from, or what a disbursement is charged to.")
    source_label: str = Field(description="In the language of the request.")
    purpose: DisbursementPurpose | None = Field(description="What a disbursement pays for; null for a receipt.")
    purpose_label: str | None = Field(description="In the language of the request; null for a receipt.")
    amount: str = Field(description="Signed: a reversal is the exact opposite of the entry it reverses. " + MONEY)
    currency: str = Field(description="ISO 4217 code, e.g. CHF.")
    description: str
    organisation: OrganisationRefOut | None = Field(description="The partner organisation, if any.")
    country: CountryRefOut | None = Field(description="The contributing country, if any.")
    fellowship: FellowshipRefOut | None = Field(description="The fellowship the entry pays, if any.")
    reverses: str | None = Field(description="The number of the entry this one reverses.")
    reversed_by: str | None = Field(description="The number of the entry that reverses this one.")
    recorded_by: str = Field(description="The name (else the email) of who recorded it.")
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_kind_label(entry: LedgerEntry) -> str:
        return str(entry.get_kind_display())

    @staticmethod
    def resolve_source_label(entry: LedgerEntry) -> str:
        return str(entry.get_source_display())

    @staticmethod
    def resolve_purpose(entry: LedgerEntry) -> str | None:
        return entry.purpose or None

    @staticmethod
    def resolve_purpose_label(entry: LedgerEntry) -> str | None:
        return str(entry.get_purpose_display()) if entry.purpose else None

    @staticmethod
    def resolve_amount(entry: LedgerEntry) -> str:
        return money(entry.amount)

    @staticmethod
    def resolve_organisation(entry: LedgerEntry) -> dict[str, Any] | None:
        organisation = entry.organisation
        return None if organisation is None else {"id": organisation.pk, "name": organisation.name}

    @staticmethod
    def resolve_country(entry: LedgerEntry) -> dict[str, str] | None:
        country = entry.country
        return None if country is None else {"code": country.alpha3, "name": country.name}

    @staticmethod
    def resolve_fellowship(entry: LedgerEntry) -> dict[str, Any] | None:
        fellowship = entry.fellowship
        if fellowship is None:
            return None
        return {"id": fellowship.pk, "person": fellowship.person.full_name, "meeting": fellowship.meeting.code}

    @staticmethod
    def resolve_reverses(entry: LedgerEntry) -> str | None:
        return None if entry.reverses is None else entry.reverses.number

    @staticmethod
    def resolve_reversed_by(entry: LedgerEntry) -> str | None:
        # The reverse one-to-one raises (an AttributeError) when no entry reverses this one; select_related has
        # already read it, so this asks the database nothing.
        reversal: LedgerEntry | None = getattr(entry, "reversal", None)
        return None if reversal is None else reversal.number

    @staticmethod
    def resolve_recorded_by(entry: LedgerEntry) -> str:
        user = entry.recorded_by
        return user.get_full_name() or user.email
