"""The BSG fund (Resolution 44) owns its ledger: receipts by source, disbursements by purpose, and reversals.

Every write is a new entry; nothing is changed or deleted (see ``models``). The rules, in one place:

- Receipts come from a source (a partner, an additional budget allocation, a voluntary contribution of a
  developing country, of the private sector or of others); a voluntary contribution of a developing country
  names that country.
- A disbursement pays for a purpose and is charged to a source. It is refused when it would take the source's
  balance in its currency below zero, in its financial year or any later one (money spent in a later year cannot
  be spent again). Every entry locks its source's row (``FundAccount``) first, so two disbursements at the same
  time queue there and the second sees the first.
- A mistake is corrected by ``reverse_entry``: an entry with the opposite amount, in the same year, source,
  purpose and currency, saying why. An entry is reversed at most once; a reversal is not reversed (record a
  new entry instead).
- A fellowship awarded by the secretariat (``meetings``) is paid by the fund: ``charge_fellowship``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require, save_with_history
from ponte.core.models import Country, Organisation
from ponte.funds import selectors
from ponte.funds.models import (
    DisbursementPurpose,
    EntryKind,
    FundAccount,
    FundSource,
    LedgerEntry,
    LedgerSequence,
    currency_code,
)
from ponte.meetings.models import Fellowship

NUMBER_PREFIX = "BSG"
CENT = Decimal("0.01")
FELLOWSHIP_CURRENCY = "CHF"  # fellowships are awarded in CHF (``meetings.Fellowship.amount``)
YEARS_AHEAD = 2  # how far after its booking an entry's financial year may be (a fellowship for a later meeting)


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_input(
    *, source: str, amount: Decimal, currency: str, booked_on: datetime.date, year: int, description: str
) -> None:
    """What can be checked before anything is locked; raises every field's error at once."""
    errors: dict[str, ValidationError] = {}
    if not description.strip():
        errors["description"] = ValidationError(
            _("Describe the entry: who, what, which agreement."), code="description"
        )
    if source not in FundSource.values:
        errors["source"] = ValidationError(_("Choose one of the fund's sources."), code="source")
    if amount <= 0:
        errors["amount"] = ValidationError(_("The amount must be more than zero."), code="amount")
    elif amount != amount.quantize(CENT):
        errors["amount"] = ValidationError(_("Give the amount with at most two decimals."), code="decimals")
    try:
        currency_code(currency)
    except ValidationError as error:
        errors["currency"] = error
    if booked_on > timezone.localdate():
        errors["booked_on"] = ValidationError(_("An entry cannot be booked in the future."), code="future")
    if not 2000 <= year <= booked_on.year + YEARS_AHEAD:
        errors["year"] = ValidationError(
            _("The financial year must be between 2000 and %(last)s.") % {"last": booked_on.year + YEARS_AHEAD},
            code="year",
        )
    if errors:
        raise ValidationError(errors)


def _lock_account(source: str, currency: str) -> None:
    """Hold the source's row in this currency until the transaction ends: entries against it take turns."""
    FundAccount.objects.get_or_create(source=source, currency=currency)
    FundAccount.objects.select_for_update().get(source=source, currency=currency)


def _check_covered(entry: LedgerEntry) -> None:
    """Refuse an entry that would take its source below zero in its year or a later one."""
    available = selectors.available(source=entry.source, currency=entry.currency, year=entry.year)
    if available + entry.effect < 0:
        message = _(
            "The fund cannot pay %(currency)s %(amount)s from “%(source)s”: it has %(currency)s %(available)s "
            "available in %(year)s."
        )
        values = {
            "currency": entry.currency,
            "amount": abs(entry.amount).quantize(CENT),
            "source": FundSource(entry.source).label,
            "available": max(available, Decimal(0)).quantize(CENT),
            "year": entry.year,
        }
        raise _field_error("source", message % values, "overdraw")


def _record(*, actor: Any, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Check, number and save a new entry, its source locked (the caller has checked the actor's right)."""
    entry.recorded_by = actor
    entry.full_clean(exclude=["number"])
    _lock_account(entry.source, entry.currency)
    if entry.effect < 0:
        _check_covered(entry)
    entry.number = f"{NUMBER_PREFIX}-{entry.year}-{LedgerSequence.take_next(entry.year):05d}"
    save_with_history(entry, reason, actor)
    return entry


@transaction.atomic
def record_receipt(
    *,
    actor: Any,
    source: str,
    amount: Decimal,
    booked_on: datetime.date,
    description: str,
    currency: str = "CHF",
    year: int | None = None,
    organisation: Organisation | None = None,
    country: Country | None = None,
) -> LedgerEntry:
    """The secretariat records money received by the fund from a source (the financial year defaults to the
    booking's)."""
    require(actor, "funds.record_entry")
    year = booked_on.year if year is None else year
    _check_input(
        source=source,
        amount=Decimal(amount),
        currency=currency,
        booked_on=booked_on,
        year=year,
        description=description,
    )
    if source == FundSource.VOLUNTARY_DEVELOPING:
        if country is None:
            raise _field_error("country", _("Name the developing country that contributes."), "country")
        if not country.is_developing:
            message = _("%(country)s is not a developing country: choose another source.")
            raise _field_error("country", message % {"country": country.name}, "not_developing")
    entry = LedgerEntry(
        kind=EntryKind.RECEIPT,
        year=year,
        booked_on=booked_on,
        source=source,
        amount=Decimal(amount),
        currency=currency,
        organisation=organisation,
        country=country,
        description=description.strip(),
    )
    return _record(actor=actor, entry=entry, reason="funds.receipt.recorded")


@transaction.atomic
def record_disbursement(
    *,
    actor: Any,
    source: str,
    purpose: str,
    amount: Decimal,
    booked_on: datetime.date,
    description: str,
    currency: str = "CHF",
    year: int | None = None,
    fellowship: Fellowship | None = None,
) -> LedgerEntry:
    """The secretariat records money paid by the fund for a purpose, charged to a source that can cover it."""
    require(actor, "funds.record_entry")
    year = booked_on.year if year is None else year
    _check_input(
        source=source,
        amount=Decimal(amount),
        currency=currency,
        booked_on=booked_on,
        year=year,
        description=description,
    )
    if purpose not in DisbursementPurpose.values:
        raise _field_error("purpose", _("Say what the disbursement pays for."), "purpose")
    entry = LedgerEntry(
        kind=EntryKind.DISBURSEMENT,
        year=year,
        booked_on=booked_on,
        source=source,
        purpose=purpose,
        amount=Decimal(amount),
        currency=currency,
        description=description.strip(),
        fellowship=fellowship,
    )
    return _record(actor=actor, entry=entry, reason="funds.disbursement.recorded")


@transaction.atomic
def reverse_entry(*, actor: Any, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Correct an entry by its exact opposite (same year, source, purpose and currency), booked today, saying why."""
    require(actor, "funds.reverse_entry", entry)
    if not reason.strip():
        raise _field_error("reason", _("Say why the entry is reversed."), "reason")
    if entry.is_reversal:
        raise ValidationError(
            _("%(number)s is itself a reversal: record a new entry instead.") % {"number": entry.number},
            code="reversal_of_reversal",
        )
    # The source's row first, as for every entry: a second reversal of the same entry waits, then finds this one.
    _lock_account(entry.source, entry.currency)
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(
            _("%(number)s has already been reversed.") % {"number": entry.number}, code="already_reversed"
        )
    reversal = LedgerEntry(
        kind=entry.kind,
        year=entry.year,
        booked_on=timezone.localdate(),
        source=entry.source,
        purpose=entry.purpose,
        amount=-entry.amount,
        currency=entry.currency,
        organisation=entry.organisation,
        country=entry.country,
        fellowship=entry.fellowship,
        description=reason.strip(),
        reverses=entry,
    )
    return _record(actor=actor, entry=reversal, reason="funds.entry.reversed")


def charge_fellowship(*, actor: Any, fellowship: Fellowship, source: str | None = None) -> LedgerEntry:
    """Pay an awarded fellowship from the fund: assistance to a developing-country delegate, in CHF, in the
    financial year of the meeting's first day, charged to ``source`` (by default the source with the most money
    available). Called inside ``meetings``' award, so that both happen or neither."""
    year = fellowship.meeting.starts_on.year
    source = source or selectors.richest_source(selectors.available_by_source(currency=FELLOWSHIP_CURRENCY, year=year))
    # Stored as written, in no language: the list shows the fellowship itself in the reader's.
    description = f"{fellowship.meeting.code} · {fellowship.country.alpha3}"
    return record_disbursement(
        actor=actor,
        source=source,
        purpose=DisbursementPurpose.DELEGATE_ASSISTANCE,
        amount=fellowship.amount,
        currency=FELLOWSHIP_CURRENCY,
        booked_on=timezone.localdate(),
        year=year,
        description=description,
        fellowship=fellowship,
    )
