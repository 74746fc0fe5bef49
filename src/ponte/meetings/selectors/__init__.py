"""Reads of the meetings app, one module per feature; registrations' reads are re-exported here."""

from ponte.meetings.selectors.registrations import (
    ACTIVE,
    InterpretationRequest,
    RegistrationChoices,
    check_in_list,
    interpretation_requests,
    meeting_detail,
    meetings,
    registration_choices,
    registrations_of,
)

__all__ = [
    "ACTIVE",
    "InterpretationRequest",
    "RegistrationChoices",
    "check_in_list",
    "interpretation_requests",
    "meeting_detail",
    "meetings",
    "registration_choices",
    "registrations_of",
]
