"""Membership owns applications and their national approval, national SME definitions, memberships, fees,
invoices and payments. Every write of the app is a function here (see the modules for their rules)."""

from ponte.membership.services.applications import (
    add_document,
    approve_application,
    check_pdf,
    endorse_application,
    record_interest,
    reject_application,
    save_fee_scenario,
    set_sme_definition,
    start_application,
    submit_application,
    submit_endorsed_application,
)
from ponte.membership.services.invoices import (
    admit_member,
    cancel_invoice,
    charge_meeting_days,
    check_member_category,
    fee_schedule,
    issue_annual_invoices,
    match_statement_entry,
    record_payment,
)

__all__ = [
    "add_document",
    "admit_member",
    "approve_application",
    "cancel_invoice",
    "charge_meeting_days",
    "check_member_category",
    "check_pdf",
    "endorse_application",
    "fee_schedule",
    "issue_annual_invoices",
    "match_statement_entry",
    "record_interest",
    "record_payment",
    "reject_application",
    "save_fee_scenario",
    "set_sme_definition",
    "start_application",
    "submit_application",
    "submit_endorsed_application",
]
