"""Every change to a domain record is kept: who, when, before and after."""

from __future__ import annotations

import pytest

from ponte.core import services
from ponte.core.selectors import history_of
from tests.factories import group

pytestmark = pytest.mark.django_db


def test_change_records_who_when_before_and_after(secretariat, japanese_sme) -> None:
    services.update_organisation(actor=secretariat, organisation=japanese_sme, employee_count=120)
    entries = history_of(japanese_sme)
    assert len(entries) == 2
    latest = entries[0]
    assert latest.who == str(secretariat)
    assert latest.reason == "core.organisation.updated"
    assert ("employee_count", 40, 120) in latest.changes


def test_saving_without_change_adds_no_history(secretariat, japanese_sme) -> None:
    services.update_organisation(actor=secretariat, organisation=japanese_sme, employee_count=40)
    assert japanese_sme.history.count() == 1


def test_group_participation_changes_are_kept(secretariat, japanese_sme) -> None:
    services.update_organisation(actor=secretariat, organisation=japanese_sme, groups=[group("ITU-T", "SG20")])
    assert japanese_sme.history.count() == 2


def test_archiving_keeps_the_record(secretariat, japanese_sme) -> None:
    services.archive_organisation(actor=secretariat, organisation=japanese_sme)
    japanese_sme.refresh_from_db()
    assert not japanese_sme.is_active
    assert japanese_sme.history.latest().history_change_reason == "core.organisation.archived"
