"""The fund holds under concurrent writes (PostgreSQL, real threads): two disbursements that together overdraw a
source give one; two reversals of one entry give one; numbers stay gapless."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from ponte.core.models import RoleKind
from ponte.funds import selectors, services
from ponte.funds.models import LedgerEntry
from tests.factories import fund_bsg, with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (the CI's second pass)")


def _at_once(actions: list[Callable[[], Any]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            action()
            outcomes.append("recorded")
        except ValidationError as error:
            codes = (
                [e.code for errors in error.error_dict.values() for e in errors]
                if hasattr(error, "error_dict")
                else [error.code]
            )
            outcomes.append(str(codes[0]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_disbursements_at_once_cannot_overdraw_a_source() -> None:
    fund_bsg("10000.00")
    staff = [with_role(RoleKind.SECRETARIAT), with_role(RoleKind.SECRETARIAT)]
    year = timezone.localdate().year

    def pay(actor: Any) -> Callable[[], Any]:
        return lambda: services.record_disbursement(
            actor=actor, source="partner_contribution", purpose="training", amount=Decimal("6000.00"),
            booked_on=timezone.localdate(), description="Workshop",
        )  # fmt: skip

    assert _at_once([pay(actor) for actor in staff]) == ["overdraw", "recorded"]
    assert selectors.available(source="partner_contribution", currency="CHF", year=year) == Decimal("4000.00")
    assert sorted(LedgerEntry.objects.values_list("number", flat=True)) == [
        f"BSG-{year}-00001",
        f"BSG-{year}-00002",
    ]


def test_entries_of_different_sources_at_once_are_all_numbered_without_gaps() -> None:
    staff = [with_role(RoleKind.SECRETARIAT) for _ in range(4)]
    sources = ["partner_contribution", "additional_budget", "voluntary_private", "voluntary_other"]
    today = timezone.localdate()

    def give(actor: Any, source: str) -> Callable[[], Any]:
        return lambda: services.record_receipt(
            actor=actor, source=source, amount=Decimal("100.00"), booked_on=today, description="Gift"
        )

    assert _at_once([give(actor, source) for actor, source in zip(staff, sources, strict=True)]) == ["recorded"] * 4
    numbers = sorted(LedgerEntry.objects.values_list("number", flat=True))
    assert numbers == [f"BSG-{today.year}-{n:05d}" for n in range(1, 5)]


def test_two_reversals_of_one_entry_at_once_give_one() -> None:
    entry = fund_bsg("500.00", year=timezone.localdate().year - 1)
    staff = [with_role(RoleKind.SECRETARIAT), with_role(RoleKind.SECRETARIAT)]

    def undo(actor: Any) -> Callable[[], Any]:
        return lambda: services.reverse_entry(actor=actor, entry=entry, reason="Entered in error")

    assert _at_once([undo(actor) for actor in staff]) == ["already_reversed", "recorded"]
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert (reversal.amount, reversal.year) == (Decimal("-500.00"), entry.year)
    assert reversal.booked_on == timezone.localdate() != datetime.date(entry.year, 1, 1)
