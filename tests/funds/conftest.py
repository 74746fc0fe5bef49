"""A small BSG fund over two years, in May 2026, recorded through the services as the secretariat does."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from ponte.core.models import User
from ponte.funds import services
from ponte.funds.models import LedgerEntry
from tests.factories import OrganisationFactory, country


@pytest.fixture
def in_may_2026() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def receipt(actor: User, source: str, amount: str, year: int, **fields: Any) -> LedgerEntry:
    return services.record_receipt(
        actor=actor,
        source=source,
        amount=Decimal(amount),
        year=year,
        booked_on=fields.pop("booked_on", datetime.date(year, 2, 1)),
        description=fields.pop("description", f"{source} {year}"),
        **fields,
    )


def disbursement(actor: User, source: str, purpose: str, amount: str, year: int, **fields: Any) -> LedgerEntry:
    return services.record_disbursement(
        actor=actor,
        source=source,
        purpose=purpose,
        amount=Decimal(amount),
        year=year,
        booked_on=fields.pop("booked_on", datetime.date(year, 3, 1)),
        description=fields.pop("description", f"{purpose} {year}"),
        **fields,
    )


@pytest.fixture
def ledger(in_may_2026: None, secretariat: User) -> dict[str, LedgerEntry]:
    """2025: a partner gives 100,000 and Kenya 20,000; consultancy 30,000 (partner), training 5,000 (Kenya's).
    2026: 50,000 of additional budget; studies 40,000 (partner); a training of 1,000 recorded by mistake, reversed.
    Closing 2025: partner 70,000, Kenya's 15,000; closing 2026: partner 30,000, Kenya's 15,000, budget 50,000."""
    partner = OrganisationFactory(name="Global Connectivity Foundation", category="foundation", country=None)
    entries = {
        "partner": receipt(secretariat, "partner_contribution", "100000.00", 2025, organisation=partner),
        "kenya": receipt(secretariat, "voluntary_developing", "20000.00", 2025, country=country("KEN")),
        "consultancy": disbursement(secretariat, "partner_contribution", "consultancy", "30000.00", 2025),
        "training": disbursement(secretariat, "voluntary_developing", "training", "5000.00", 2025),
        "budget": receipt(secretariat, "additional_budget", "50000.00", 2026),
        "studies": disbursement(secretariat, "partner_contribution", "conformity_studies", "40000.00", 2026),
        "mistake": disbursement(secretariat, "additional_budget", "training", "1000.00", 2026),
    }
    entries["reversal"] = services.reverse_entry(actor=secretariat, entry=entries["mistake"], reason="Recorded twice")
    return entries
